package demo

// Finnish vocabulary. Nouns are nominative|genitive|nominative plural|
// partitive plural|elative, so that titles carry the inflected forms a
// Finnish stemmer must bring together (kissa, kissan, kissat, kissoja).
var finnish = langData{
	code: "fin",
	nouns: `kissa|kissan|kissat|kissoja|kissasta
koira|koiran|koirat|koiria|koirasta
meri|meren|meret|meriä|merestä
talo|talon|talot|taloja|talosta
kirja|kirjan|kirjat|kirjoja|kirjasta
kirjasto|kirjaston|kirjastot|kirjastoja|kirjastosta
yö|yön|yöt|öitä|yöstä
päivä|päivän|päivät|päiviä|päivästä
kesä|kesän|kesät|kesiä|kesästä
talvi|talven|talvet|talvia|talvesta
kevät|kevään|keväät|keväitä|keväästä
syksy|syksyn|syksyt|syksyjä|syksystä
metsä|metsän|metsät|metsiä|metsästä
järvi|järven|järvet|järviä|järvestä
saari|saaren|saaret|saaria|saaresta
joki|joen|joet|jokia|joesta
tuuli|tuulen|tuulet|tuulia|tuulesta
lumi|lumen|lumet|lumia|lumesta
sade|sateen|sateet|sateita|sateesta
tähti|tähden|tähdet|tähtiä|tähdestä
kuu|kuun|kuut|kuita|kuusta
aurinko|auringon|auringot|aurinkoja|auringosta
sydän|sydämen|sydämet|sydämiä|sydämestä
muisti|muistin|muistit|muisteja|muistista
unelma|unelman|unelmat|unelmia|unelmasta
uni|unen|unet|unia|unesta
lintu|linnun|linnut|lintuja|linnusta
kettu|ketun|ketut|kettuja|ketusta
karhu|karhun|karhut|karhuja|karhusta
susi|suden|sudet|susia|sudesta
hevonen|hevosen|hevoset|hevosia|hevosesta
hiiri|hiiren|hiiret|hiiriä|hiirestä
kala|kalan|kalat|kaloja|kalasta
puu|puun|puut|puita|puusta
kukka|kukan|kukat|kukkia|kukasta
ruusu|ruusun|ruusut|ruusuja|ruususta
kivi|kiven|kivet|kiviä|kivestä
vuori|vuoren|vuoret|vuoria|vuoresta
tie|tien|tiet|teitä|tiestä
polku|polun|polut|polkuja|polusta
kaupunki|kaupungin|kaupungit|kaupunkeja|kaupungista
kylä|kylän|kylät|kyliä|kylästä
koti|kodin|kodit|koteja|kodista
ikkuna|ikkunan|ikkunat|ikkunoita|ikkunasta
ovi|oven|ovet|ovia|ovesta
avain|avaimen|avaimet|avaimia|avaimesta
peili|peilin|peilit|peilejä|peilistä
kello|kellon|kellot|kelloja|kellosta
laiva|laivan|laivat|laivoja|laivasta
vene|veneen|veneet|veneitä|veneestä
juna|junan|junat|junia|junasta
sota|sodan|sodat|sotia|sodasta
rakkaus|rakkauden|rakkaudet|rakkauksia|rakkaudesta
ystävä|ystävän|ystävät|ystäviä|ystävästä
sisar|sisaren|sisaret|sisaria|sisaresta
veli|veljen|veljet|veljiä|veljestä
äiti|äidin|äidit|äitejä|äidistä
isä|isän|isät|isiä|isästä
tytär|tyttären|tyttäret|tyttäriä|tyttärestä
poika|pojan|pojat|poikia|pojasta
tyttö|tytön|tytöt|tyttöjä|tytöstä
lapsi|lapsen|lapset|lapsia|lapsesta
kuningas|kuninkaan|kuninkaat|kuninkaita|kuninkaasta
kuningatar|kuningattaren|kuningattaret|kuningattaria|kuningattaresta
noita|noidan|noidat|noitia|noidasta
prinsessa|prinsessan|prinsessat|prinsessoja|prinsessasta
lohikäärme|lohikäärmeen|lohikäärmeet|lohikäärmeitä|lohikäärmeestä
salaisuus|salaisuuden|salaisuudet|salaisuuksia|salaisuudesta
varjo|varjon|varjot|varjoja|varjosta
valo|valon|valot|valoja|valosta
hiljaisuus|hiljaisuuden|hiljaisuudet|hiljaisuuksia|hiljaisuudesta
laulu|laulun|laulut|lauluja|laulusta
tarina|tarinan|tarinat|tarinoita|tarinasta
kirje|kirjeen|kirjeet|kirjeitä|kirjeestä
kartta|kartan|kartat|karttoja|kartasta
puutarha|puutarhan|puutarhat|puutarhoja|puutarhasta
ranta|rannan|rannat|rantoja|rannasta
aalto|aallon|aallot|aaltoja|aallosta
majakka|majakan|majakat|majakoita|majakasta
mökki|mökin|mökit|mökkejä|mökistä
sauna|saunan|saunat|saunoja|saunasta
pelto|pellon|pellot|peltoja|pellosta
sieni|sienen|sienet|sieniä|sienestä
marja|marjan|marjat|marjoja|marjasta
leipä|leivän|leivät|leipiä|leivästä
omena|omenan|omenat|omenoita|omenasta
tuli|tulen|tulet|tulia|tulesta
jää|jään|jäät|jäitä|jäästä
usva|usvan|usvat|usvia|usvasta
perhonen|perhosen|perhoset|perhosia|perhosesta
kuolema|kuoleman|kuolemat|kuolemia|kuolemasta
elämä|elämän|elämät|elämiä|elämästä
aika|ajan|ajat|aikoja|ajasta
vuosi|vuoden|vuodet|vuosia|vuodesta
raja|rajan|rajat|rajoja|rajasta
maa|maan|maat|maita|maasta
taivas|taivaan|taivaat|taivaita|taivaasta
enkeli|enkelin|enkelit|enkeleitä|enkelistä
murha|murhan|murhat|murhia|murhasta
etsivä|etsivän|etsivät|etsiviä|etsivästä
sotilas|sotilaan|sotilaat|sotilaita|sotilaasta
kapteeni|kapteenin|kapteenit|kapteeneja|kapteenista
runo|runon|runot|runoja|runosta
kisa|kisan|kisat|kisoja|kisasta
matka|matkan|matkat|matkoja|matkasta
maailma|maailman|maailmat|maailmoja|maailmasta
nainen|naisen|naiset|naisia|naisesta
mies|miehen|miehet|miehiä|miehestä
perhe|perheen|perheet|perheitä|perheestä
ihminen|ihmisen|ihmiset|ihmisiä|ihmisestä
kirjailija|kirjailijan|kirjailijat|kirjailijoita|kirjailijasta
opettaja|opettajan|opettajat|opettajia|opettajasta
lääkäri|lääkärin|lääkärit|lääkäreitä|lääkäristä
pappi|papin|papit|pappeja|papista
kalastaja|kalastajan|kalastajat|kalastajia|kalastajasta
kauppias|kauppiaan|kauppiaat|kauppiaita|kauppiaasta
merimies|merimiehen|merimiehet|merimiehiä|merimiehestä
isoäiti|isoäidin|isoäidit|isoäitejä|isoäidistä
naapuri|naapurin|naapurit|naapureita|naapurista
vieras|vieraan|vieraat|vieraita|vieraasta
pakolainen|pakolaisen|pakolaiset|pakolaisia|pakolaisesta
morsian|morsiamen|morsiamet|morsiamia|morsiamesta
leski|lesken|lesket|leskiä|leskestä
orpo|orvon|orvot|orpoja|orvosta
vaellus|vaelluksen|vaellukset|vaelluksia|vaelluksesta
juhla|juhlan|juhlat|juhlia|juhlasta
joulu|joulun|joulut|jouluja|joulusta
kirkko|kirkon|kirkot|kirkkoja|kirkosta
linna|linnan|linnat|linnoja|linnasta
torni|tornin|tornit|torneja|tornista
silta|sillan|sillat|siltoja|sillasta
satama|sataman|satamat|satamia|satamasta
asema|aseman|asemat|asemia|asemasta
tehdas|tehtaan|tehtaat|tehtaita|tehtaasta
kartano|kartanon|kartanot|kartanoita|kartanosta
hotelli|hotellin|hotellit|hotelleja|hotellista
puisto|puiston|puistot|puistoja|puistosta
suo|suon|suot|soita|suosta
niitty|niityn|niityt|niittyjä|niitystä
lahti|lahden|lahdet|lahtia|lahdesta
erämaa|erämaan|erämaat|erämaita|erämaasta
salama|salaman|salamat|salamoita|salamasta
myrsky|myrskyn|myrskyt|myrskyjä|myrskystä
sumu|sumun|sumut|sumuja|sumusta
hämärä|hämärän|hämärät|hämäriä|hämärästä
aamu|aamun|aamut|aamuja|aamusta
ilta|illan|illat|iltoja|illasta
hetki|hetken|hetket|hetkiä|hetkestä
lupaus|lupauksen|lupaukset|lupauksia|lupauksesta
toivo|toivon|toivot|toivoja|toivosta
pelko|pelon|pelot|pelkoja|pelosta
onni|onnen|onnet|onnia|onnesta
vapaus|vapauden|vapaudet|vapauksia|vapaudesta
totuus|totuuden|totuudet|totuuksia|totuudesta
valhe|valheen|valheet|valheita|valheesta
perintö|perinnön|perinnöt|perintöjä|perinnöstä
arvoitus|arvoituksen|arvoitukset|arvoituksia|arvoituksesta
kirous|kirouksen|kiroukset|kirouksia|kirouksesta
aarre|aarteen|aarteet|aarteita|aarteesta
miekka|miekan|miekat|miekkoja|miekasta
sormus|sormuksen|sormukset|sormuksia|sormuksesta
kruunu|kruunun|kruunut|kruunuja|kruunusta
pöllö|pöllön|pöllöt|pöllöjä|pöllöstä
joutsen|joutsenen|joutsenet|joutsenia|joutsenesta
hirvi|hirven|hirvet|hirviä|hirvestä
ilves|ilveksen|ilvekset|ilveksiä|ilveksestä
siili|siilin|siilit|siilejä|siilistä
orava|oravan|oravat|oravia|oravasta
lammas|lampaan|lampaat|lampaita|lampaasta
lehmä|lehmän|lehmät|lehmiä|lehmästä
käärme|käärmeen|käärmeet|käärmeitä|käärmeestä
koivu|koivun|koivut|koivuja|koivusta
mänty|männyn|männyt|mäntyjä|männystä
lyhty|lyhdyn|lyhdyt|lyhtyjä|lyhdystä
kynttilä|kynttilän|kynttilät|kynttilöitä|kynttilästä
nukke|nuken|nuket|nukkeja|nukesta
laatikko|laatikon|laatikot|laatikoita|laatikosta
valokuva|valokuvan|valokuvat|valokuvia|valokuvasta
päiväkirja|päiväkirjan|päiväkirjat|päiväkirjoja|päiväkirjasta
muotokuva|muotokuvan|muotokuvat|muotokuvia|muotokuvasta
matkalaukku|matkalaukun|matkalaukut|matkalaukkuja|matkalaukusta`,
	adjs: `punainen|punaiset
sininen|siniset
valkoinen|valkoiset
musta|mustat
vihreä|vihreät
kultainen|kultaiset
hopeinen|hopeiset
pieni|pienet
suuri|suuret
vanha|vanhat
uusi|uudet
viimeinen|viimeiset
ensimmäinen|ensimmäiset
kadonnut|kadonneet
hiljainen|hiljaiset
pimeä|pimeät
kylmä|kylmät
lämmin|lämpimät
salainen|salaiset
unohdettu|unohdetut
kaunis|kauniit
villi|villit
yksinäinen|yksinäiset
outo|oudot
iloinen|iloiset
surullinen|surulliset
pitkä|pitkät
kaukainen|kaukaiset
rohkea|rohkeat
viisas|viisaat
vapaa|vapaat
ikuinen|ikuiset
tumma|tummat
kirkas|kirkkaat
talvinen|talviset
pohjoinen|pohjoiset
hauska|hauskat
rakas|rakkaat
köyhä|köyhät
rikas|rikkaat
nuori|nuoret
onnellinen|onnelliset
viaton|viattomat
julma|julmat
sokea|sokeat
hullu|hullut
hauras|hauraat
ylpeä|ylpeät
harmaa|harmaat
keltainen|keltaiset
ruskea|ruskeat
lumottu|lumotut
kirottu|kirotut
pyhä|pyhät
väsynyt|väsyneet
kiltti|kiltit`,
	places: `Helsinki|Helsingin|Helsingissä
Espoo|Espoon|Espoossa
Vantaa|Vantaan|Vantaalla
Kauniainen|Kauniaisten|Kauniaisissa
Turku|Turun|Turussa
Tampere|Tampereen|Tampereella
Oulu|Oulun|Oulussa
Lappi|Lapin|Lapissa
Karjala|Karjalan|Karjalassa
Pohjanmaa|Pohjanmaan|Pohjanmaalla
Ahvenanmaa|Ahvenanmaan|Ahvenanmaalla
Suomenlinna|Suomenlinnan|Suomenlinnassa
Kallio|Kallion|Kalliossa
Saimaa|Saimaan|Saimaalla
Pariisi|Pariisin|Pariisissa
Tukholma|Tukholman|Tukholmassa
Pietari|Pietarin|Pietarissa
Tallinna|Tallinnan|Tallinnassa
Rooma|Rooman|Roomassa
Berliini|Berliinin|Berliinissä
Jyväskylä|Jyväskylän|Jyväskylässä
Kuopio|Kuopion|Kuopiossa
Porvoo|Porvoon|Porvoossa
Hanko|Hangon|Hangossa
Inari|Inarin|Inarissa
Lahti|Lahden|Lahdessa
Pori|Porin|Porissa
Vaasa|Vaasan|Vaasassa
Rovaniemi|Rovaniemen|Rovaniemellä
Kotka|Kotkan|Kotkassa
Savonlinna|Savonlinnan|Savonlinnassa
Joensuu|Joensuun|Joensuussa
Naantali|Naantalin|Naantalissa
Kajaani|Kajaanin|Kajaanissa
Lontoo|Lontoon|Lontoossa
Moskova|Moskovan|Moskovassa
Töölö|Töölön|Töölössä
Kruununhaka|Kruununhaan|Kruununhaassa
Itäkeskus|Itäkeskuksen|Itäkeskuksessa`,
	titles: []string{
		"{N0}", "{A0} {N0}", "{N1} {M0}", "{N1} {M0}", "{N2} ja {M2}", "{N3} ja {M3}",
		"{P1} {N0}", "{P1} {N2}", "{A1} {N2}", "{N0} {P2}", "Kertomuksia {N4}",
		"{N1} {A0} {M0}", "{N0} ja {M0}", "{N1} aika", "Viimeinen {N0}", "{N0} ja {M0} {P2}",
		"{F} ja {N0}", "{F} ja {A0} {N0}", "{A0} {N0} {P2}", "{N2} {P2}", "{A1} {N2} ja {M2}",
		"{N0} ilman {M3}", "{P1} {A0} {N0}", "{F} {P2}", "{N1} {M2}", "{A0} {N0} ja {F}", "{P0}",
	},
	subtitles: []string{"romaani", "romaani", "novelleja", "runoja", "kertomus {N4}", "{N1} tarina", "dekkari", "muistelmat"},
	summaries: []string{
		"Lämminhenkinen kertomus {N1} ja {M1} ystävyydestä.",
		"Tarina alkaa {P2}, jossa kukaan ei arvaa, mitä {N0} tuo tullessaan.",
		"Koskettava romaani {N4} ja muistamisesta.",
		"Teos kertoo {N4}, {M4} ja elämän pienistä iloista. Se sopii koko perheelle.",
		"Kun {N0} katoaa, {P1} pieni yhteisö joutuu kohtaamaan menneisyytensä.",
		"Jännittävä seikkailu {P2}. Sarjan itsenäinen jatko-osa.",
		"Tietokirja {N4} ja sen historiasta.",
	},
	lasts: `Virtanen Korhonen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen Koskinen Järvinen
Lehtonen Lehtinen Saarinen Salminen Heinonen Niemi Heikkilä Kinnunen Salonen Turunen Salo Laitinen
Tuominen Rantanen Karjalainen Jokinen Mattila Savolainen Lahtinen Ahonen Leinonen Hirvonen Kallio
Ojala Väisänen Lindqvist Hakala Peltonen Kiiskinen Rautio`,
	firsts: `Aino Eino Helmi Väinö Anna Mikko Laura Juha Sari Timo Elina Pekka Kaisa Antti Minna Jukka
Tuula Matti Leena Ville Satu Heikki Riikka Olli Johanna Ilkka Sanna Kari Hanna Tuomas Emilia Lauri
Siiri Onni Venla Aleksi Iida Eeva Pirkko Seppo`,
	subjects: []string{"kissat", "koirat", "sota", "rakkaus", "historia", "ruoanlaitto", "perhe", "ystävyys",
		"luonto", "meri", "matkailu", "Helsinki", "Suomi", "talvisota", "jatkosota", "kasvu", "yksinäisyys",
		"muistisairaudet", "ilmastonmuutos", "puutarhanhoito", "terveys", "liikunta", "urheilu", "musiikki",
		"taide", "arkkitehtuuri", "psykologia", "kasvatus", "koulu", "avaruus", "dinosaurukset", "hevoset",
		"eläimet", "elämäkerrat", "politiikka", "talous", "uskonnot", "filosofia", "kielet", "kirjastot"},
	genres: []string{"romaanit", "romaanit", "romaanit", "dekkarit", "dekkarit", "fantasia", "jännityskirjallisuus",
		"scifi", "historialliset romaanit", "runot", "novellit", "sarjakuvat", "rakkausromaanit", "kauhukirjallisuus"},
	childGenres: []string{"kuvakirjat", "satukirjat", "seikkailukirjat", "eläinkirjat", "sarjakuvat"},
	publishers: []string{"WSOY", "Otava", "Tammi", "Gummerus", "Like", "Teos", "Siltala", "Karisto", "Into",
		"Atena", "Johnny Kniga", "S&S", "Kosmos", "Aula & Co", "Minerva", "Basam Books"},
	isbn: []string{"978951", "978952"},
}
