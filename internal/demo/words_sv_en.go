package demo

// Swedish vocabulary. Nouns are indefinite|definite|plural|definite
// plural|gender (c or n); adjectives are common|neuter|definite.
var swedish = langData{
	code:     "swe",
	genders:  "cn",
	articles: []string{"den", "det"},
	nouns: `bok|boken|böcker|böckerna|c
bibliotek|biblioteket|bibliotek|biblioteken|n
katt|katten|katter|katterna|c
hund|hunden|hundar|hundarna|c
hav|havet|hav|haven|n
hus|huset|hus|husen|n
natt|natten|nätter|nätterna|c
dag|dagen|dagar|dagarna|c
sommar|sommaren|somrar|somrarna|c
vinter|vintern|vintrar|vintrarna|c
skog|skogen|skogar|skogarna|c
sjö|sjön|sjöar|sjöarna|c
ö|ön|öar|öarna|c
vind|vinden|vindar|vindarna|c
snö|snön|snöer|snöerna|c
stjärna|stjärnan|stjärnor|stjärnorna|c
måne|månen|månar|månarna|c
hjärta|hjärtat|hjärtan|hjärtana|n
minne|minnet|minnen|minnena|n
dröm|drömmen|drömmar|drömmarna|c
fågel|fågeln|fåglar|fåglarna|c
räv|räven|rävar|rävarna|c
björn|björnen|björnar|björnarna|c
varg|vargen|vargar|vargarna|c
häst|hästen|hästar|hästarna|c
fisk|fisken|fiskar|fiskarna|c
träd|trädet|träd|träden|n
blomma|blomman|blommor|blommorna|c
ros|rosen|rosor|rosorna|c
sten|stenen|stenar|stenarna|c
berg|berget|berg|bergen|n
väg|vägen|vägar|vägarna|c
stad|staden|städer|städerna|c
by|byn|byar|byarna|c
fönster|fönstret|fönster|fönstren|n
dörr|dörren|dörrar|dörrarna|c
nyckel|nyckeln|nycklar|nycklarna|c
spegel|spegeln|speglar|speglarna|c
skepp|skeppet|skepp|skeppen|n
båt|båten|båtar|båtarna|c
tåg|tåget|tåg|tågen|n
krig|kriget|krig|krigen|n
vän|vännen|vänner|vännerna|c
syster|systern|systrar|systrarna|c
bror|brodern|bröder|bröderna|c
mor|modern|mödrar|mödrarna|c
far|fadern|fäder|fäderna|c
dotter|dottern|döttrar|döttrarna|c
flicka|flickan|flickor|flickorna|c
pojke|pojken|pojkar|pojkarna|c
barn|barnet|barn|barnen|n
kung|kungen|kungar|kungarna|c
drottning|drottningen|drottningar|drottningarna|c
häxa|häxan|häxor|häxorna|c
drake|draken|drakar|drakarna|c
hemlighet|hemligheten|hemligheter|hemligheterna|c
skugga|skuggan|skuggor|skuggorna|c
ljus|ljuset|ljus|ljusen|n
sång|sången|sånger|sångerna|c
saga|sagan|sagor|sagorna|c
brev|brevet|brev|breven|n
karta|kartan|kartor|kartorna|c
trädgård|trädgården|trädgårdar|trädgårdarna|c
strand|stranden|stränder|stränderna|c
våg|vågen|vågor|vågorna|c
fyr|fyren|fyrar|fyrarna|c
stuga|stugan|stugor|stugorna|c
äpple|äpplet|äpplen|äpplena|n
eld|elden|eldar|eldarna|c
is|isen|isar|isarna|c
fjäril|fjärilen|fjärilar|fjärilarna|c
år|året|år|åren|n
land|landet|länder|länderna|n
ängel|ängeln|änglar|änglarna|c
mord|mordet|mord|morden|n
soldat|soldaten|soldater|soldaterna|c
dikt|dikten|dikter|dikterna|c
resa|resan|resor|resorna|c
värld|världen|världar|världarna|c
kvinna|kvinnan|kvinnor|kvinnorna|c
man|mannen|män|männen|c
familj|familjen|familjer|familjerna|c
lärare|läraren|lärare|lärarna|c
präst|prästen|präster|prästerna|c
granne|grannen|grannar|grannarna|c
främling|främlingen|främlingar|främlingarna|c
änka|änkan|änkor|änkorna|c
brud|bruden|brudar|brudarna|c
tjuv|tjuven|tjuvar|tjuvarna|c
kyrka|kyrkan|kyrkor|kyrkorna|c
slott|slottet|slott|slotten|n
torn|tornet|torn|tornen|n
bro|bron|broar|broarna|c
hamn|hamnen|hamnar|hamnarna|c
station|stationen|stationer|stationerna|c
fabrik|fabriken|fabriker|fabrikerna|c
äng|ängen|ängar|ängarna|c
storm|stormen|stormar|stormarna|c
dimma|dimman|dimmor|dimmorna|c
morgon|morgonen|morgnar|morgnarna|c
kväll|kvällen|kvällar|kvällarna|c
löfte|löftet|löften|löftena|n
hopp|hoppet|hopp|hoppen|n
sanning|sanningen|sanningar|sanningarna|c
lögn|lögnen|lögner|lögnerna|c
arv|arvet|arv|arven|n
gåta|gåtan|gåtor|gåtorna|c
skatt|skatten|skatter|skatterna|c
svärd|svärdet|svärd|svärden|n
ring|ringen|ringar|ringarna|c
krona|kronan|kronor|kronorna|c
uggla|ugglan|ugglor|ugglorna|c
svan|svanen|svanar|svanarna|c
igelkott|igelkotten|igelkottar|igelkottarna|c
ekorre|ekorren|ekorrar|ekorrarna|c
orm|ormen|ormar|ormarna|c
docka|dockan|dockor|dockorna|c
låda|lådan|lådor|lådorna|c
fotografi|fotografiet|fotografier|fotografierna|n
dagbok|dagboken|dagböcker|dagböckerna|c
kvarn|kvarnen|kvarnar|kvarnarna|c`,
	adjs: `röd|rött|röda
blå|blått|blåa
vit|vitt|vita
svart|svart|svarta
grön|grönt|gröna
liten|litet|lilla
stor|stort|stora
gammal|gammalt|gamla
ny|nytt|nya
sista|sista|sista
första|första|första
försvunnen|försvunnet|försvunna
tyst|tyst|tysta
mörk|mörkt|mörka
kall|kallt|kalla
varm|varmt|varma
hemlig|hemligt|hemliga
glömd|glömt|glömda
vacker|vackert|vackra
vild|vilt|vilda
ensam|ensamt|ensamma
lång|långt|långa
klok|klokt|kloka
fri|fritt|fria
evig|evigt|eviga`,
	places: `Helsingfors|Helsingfors
Esbo|Esbos
Vanda|Vandas
Grankulla|Grankullas
Åbo|Åbos
Österbotten|Österbottens
Borgå|Borgås
Hangö|Hangös
Sveaborg|Sveaborgs
Stockholm|Stockholms
Göteborg|Göteborgs
Norrland|Norrlands
Skåne|Skånes`,
	titles: []string{
		"{N1}", "{N3} i {M1}", "{D} {A2} {N1}", "{N0} och {M0}", "{N3} och {M3}", "{N1} från {P0}",
		"{P1} {N2}", "{a} {N0}", "Sommaren med {M1}", "{N1} och {M1}", "{N1} i {P0}",
		"{F} och {M1}", "{F} i {P0}", "{D} {A2} {N1} i {P0}", "{N1} utan {M2}", "{N0} från {P0}",
		"{P1} {A2} {N1}", "{F} och {D} {A2} {N1}",
	},
	subtitles: []string{"roman", "roman", "noveller", "dikter", "berättelser från {P0}", "en deckare"},
	summaries: []string{
		"En varm berättelse om {N1} och {M1}.",
		"Handlingen utspelar sig i {P0}, där ingenting är som det verkar.",
		"En gripande roman om {N3} och minnen.",
		"När {N1} försvinner måste byn möta sitt förflutna.",
		"Ett spännande äventyr i {P0}. Fristående fortsättning i serien.",
	},
	lasts: `Andersson Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson
Lindqvist Lindholm Holmberg Nyberg Lundberg Sjöberg Åberg Forsman Ekström Sandström Blomqvist
Backman Wikström Grönlund Strömberg Lindgren Berg Westerlund Söderholm Enckell`,
	firsts: `Astrid Karin Elsa Ingrid Maja Ebba Linnea Sara Kerstin Britt Lars Erik Johan Anders Per Nils
Gustav Olof Henrik Mats Fredrik Björn Stina Frida Tove Ulla Kjell Bo Göran Sven`,
	subjects: []string{"katter", "hundar", "krig", "kärlek", "historia", "matlagning", "familjen", "vänskap",
		"natur", "havet", "resor", "Helsingfors", "Finland", "uppväxt", "ensamhet", "trädgårdsskötsel", "hälsa",
		"idrott", "musik", "konst", "arkitektur", "psykologi", "skolan", "rymden", "dinosaurier", "hästar",
		"djur", "biografier", "politik", "bibliotek"},
	genres: []string{"romaner", "romaner", "deckare", "fantasy", "spänning", "science fiction",
		"historiska romaner", "dikter", "noveller", "tecknade serier", "kärleksromaner", "skräck"},
	childGenres: []string{"bilderböcker", "sagor", "äventyrsböcker", "djurböcker", "tecknade serier"},
	publishers: []string{"Schildts & Söderströms", "Förlaget M", "Bonnier Carlsen", "Norstedts",
		"Albert Bonniers förlag", "Natur & Kultur", "Rabén & Sjögren", "Wahlström & Widstrand", "Ordfront"},
	isbn: []string{"97891", "978951"},
}

// English vocabulary. Nouns are singular|plural.
var english = langData{
	code: "eng",
	nouns: `library|libraries
book|books
cat|cats
dog|dogs
sea|seas
house|houses
night|nights
day|days
summer|summers
winter|winters
forest|forests
lake|lakes
island|islands
river|rivers
wind|winds
star|stars
moon|moons
heart|hearts
memory|memories
dream|dreams
bird|birds
fox|foxes
bear|bears
wolf|wolves
horse|horses
tree|trees
rose|roses
stone|stones
mountain|mountains
road|roads
city|cities
village|villages
window|windows
door|doors
key|keys
mirror|mirrors
ship|ships
train|trains
war|wars
friend|friends
sister|sisters
brother|brothers
mother|mothers
daughter|daughters
child|children
king|kings
queen|queens
witch|witches
dragon|dragons
secret|secrets
shadow|shadows
light|lights
song|songs
story|stories
letter|letters
map|maps
garden|gardens
shore|shores
wave|waves
lighthouse|lighthouses
fire|fires
butterfly|butterflies
year|years
angel|angels
murder|murders
soldier|soldiers
poem|poems
orchard|orchards
clock|clocks
archive|archives
journey|journeys
world|worlds
woman|women
man|men
family|families
teacher|teachers
doctor|doctors
priest|priests
fisherman|fishermen
neighbour|neighbours
stranger|strangers
widow|widows
orphan|orphans
bride|brides
spy|spies
detective|detectives
thief|thieves
painter|painters
pilgrim|pilgrims
church|churches
castle|castles
tower|towers
bridge|bridges
harbour|harbours
station|stations
factory|factories
hotel|hotels
park|parks
valley|valleys
meadow|meadows
desert|deserts
storm|storms
fog|fogs
morning|mornings
evening|evenings
hour|hours
promise|promises
hope|hopes
fear|fears
truth|truths
lie|lies
inheritance|inheritances
riddle|riddles
curse|curses
treasure|treasures
sword|swords
ring|rings
crown|crowns
owl|owls
swan|swans
hedgehog|hedgehogs
squirrel|squirrels
snake|snakes
candle|candles
doll|dolls
box|boxes
photograph|photographs
diary|diaries
portrait|portraits
suitcase|suitcases
piano|pianos
mill|mills`,
	adjs: `red
blue
white
black
green
golden
silver
little
great
old
new
last
first
lost
silent
dark
cold
warm
secret
forgotten
beautiful
wild
lonely
strange
long
distant
brave
wise
free
invisible
broken
hidden
happy
poor
rich
young
innocent
cruel
blind
mad
fragile
proud
grey
yellow
enchanted
cursed
holy
tired
gentle
quiet
bright
endless`,
	places: `Helsinki
London
Paris
Venice
Dublin
Edinburgh
New York
Boston
Cornwall
Yorkshire
Oxford
Berlin
Lapland`,
	titles: []string{
		"The {A0} {N0}", "The {N0} at Night", "{N1} and {M1}", "The {N0} of {P0}", "A {N0} in {P0}",
		"The Last {N0}", "{P0} {N1}", "The {N0} and the {M0}", "Of {N1} and {M1}", "The {N0}",
		"The {N0}'s {M0}", "{A0} {N1}", "The {N0} at the End of the {M0}",
		"{F} and the {N0}", "{F} and the {A0} {N0}", "The {A0} {N0} of {P0}", "{F} in {P0}",
		"The {N0} Without {M1}", "A {A0} {N0}", "{N1} of {P0}", "The {N0} and the {A0} {M0}",
		"{F}'s {N0}", "The {P0} {N0}", "{P0}",
	},
	subtitles: []string{"a novel", "a novel", "stories", "poems", "a history of {N1}", "a mystery", "a memoir"},
	summaries: []string{
		"A warm-hearted story about {N1} and {M1}.",
		"Set in {P0}, a tale where nothing is quite what it seems.",
		"A moving novel of {N1}, loss and memory.",
		"When the {N0} disappears, a small town must face its past.",
		"A thrilling adventure in {P0}. The second book in the series.",
		"An illustrated guide to {N1} and their history.",
	},
	lasts: `Smith Jones Williams Brown Taylor Davies Wilson Evans Thomas Johnson Roberts Walker Wright
Robinson Thompson White Hughes Edwards Green Hall Wood Harris Clarke Jackson Turner Hill Moore Cooper
Ward Morgan Baker Miller Davis Garcia Anderson Martin Lee Clark Lewis Young`,
	firsts: `James Mary John Patricia Robert Jennifer Michael Linda William Elizabeth David Barbara Richard
Susan Joseph Jessica Thomas Sarah Charles Karen Emily Oliver Charlotte George Amelia Harry Sophie Jack
Grace Daniel Lucy Samuel Hannah Benjamin Olivia Alice Margaret Peter Ruth Anne`,
	subjects: []string{"cats", "dogs", "war", "love", "history", "cooking", "families", "friendship",
		"nature", "the sea", "travel", "London", "coming of age", "loneliness", "climate change", "gardening",
		"health", "sports", "music", "art", "architecture", "psychology", "education", "outer space",
		"dinosaurs", "horses", "animals", "biographies", "politics", "libraries"},
	genres: []string{"novels", "novels", "crime fiction", "fantasy", "thrillers", "science fiction",
		"historical fiction", "poetry", "short stories", "comics", "romance", "horror"},
	childGenres: []string{"picture books", "fairy tales", "adventure stories", "animal stories", "comics"},
	publishers: []string{"Penguin", "Vintage", "Faber & Faber", "HarperCollins", "Bloomsbury", "Picador",
		"Random House", "Macmillan", "Hodder & Stoughton", "Simon & Schuster", "Oxford University Press", "Scholastic"},
	isbn: []string{"9780", "9781"},
}
