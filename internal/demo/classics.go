package demo

// work is a real, well-known work that opens the demo catalogue with its
// true title, author, language and year of first publication, in one
// record per format the libraries hold it in.
type work struct {
	title, subtitle string
	authors         string // "Surname, First" entries separated by "; ", a role after "/" when not "author"
	lang            string
	year            int
	publisher       string
	formats         string // material codes separated by spaces
	audience        string // "" for adult
	genre           string
	subjects        string // separated by ", "
}

var classics = []work{
	// Finnish
	{"Seitsemän veljestä", "", "Kivi, Aleksis", "fin", 1870, "SKS", "book ebook audiobook", "", "romaanit", "veljekset, maaseutu, Suomi"},
	{"Tuntematon sotilas", "", "Linna, Väinö", "fin", 1954, "WSOY", "book audiobook ebook", "", "sotaromaanit", "jatkosota, sotilaat"},
	{"Tuntematon sotilas", "", "Laine, Edvin/director", "fin", 1955, "Suomen Filmiteollisuus", "dvd", "", "draama", "jatkosota"},
	{"Täällä Pohjantähden alla", "", "Linna, Väinö", "fin", 1959, "WSOY", "book audiobook", "", "romaanit", "torpparit, sisällissota"},
	{"Sinuhe egyptiläinen", "viisitoista kirjaa lääkäri Sinuhen elämästä", "Waltari, Mika", "fin", 1945, "WSOY", "book audiobook ebook", "", "historialliset romaanit", "Egypti, muinaisuus"},
	{"Komisario Palmun erehdys", "", "Waltari, Mika", "fin", 1940, "WSOY", "book", "", "dekkarit", "Helsinki, poliisit"},
	{"Puhdistus", "", "Oksanen, Sofi", "fin", 2008, "WSOY", "book audiobook ebook", "", "romaanit", "Viro, miehitys, naiset"},
	{"Stalinin lehmät", "", "Oksanen, Sofi", "fin", 2003, "WSOY", "book", "", "romaanit", "syömishäiriöt, Viro"},
	{"Kun kyyhkyset katosivat", "", "Oksanen, Sofi", "fin", 2012, "Like", "book ebook", "", "romaanit", "Viro, toinen maailmansota"},
	{"Kalevala", "", "Lönnrot, Elias/editor", "fin", 1849, "SKS", "book ebook", "", "runot", "kansanrunous, mytologia"},
	{"Rautatie", "", "Aho, Juhani", "fin", 1884, "", "book", "", "romaanit", "rautatiet, maaseutu"},
	{"Työmiehen vaimo", "", "Canth, Minna", "fin", 1885, "", "book", "", "näytelmät", "naiset, avioliitto"},
	{"Helkavirsiä", "", "Leino, Eino", "fin", 1903, "Otava", "book", "", "runot", ""},
	{"Nuorena nukkunut", "", "Sillanpää, F. E.", "fin", 1931, "Otava", "book", "", "romaanit", "maaseutu, nuoruus"},
	{"Jäniksen vuosi", "", "Paasilinna, Arto", "fin", 1975, "Weilin+Göös", "book audiobook", "", "romaanit", "jänikset, luonto"},
	{"Juoksuhaudantie", "", "Hotakainen, Kari", "fin", 2002, "WSOY", "book", "", "romaanit", "perhe, asunnot"},
	{"Hytti nro 6", "", "Liksom, Rosa", "fin", 2011, "WSOY", "book ebook", "", "romaanit", "junamatkat, Neuvostoliitto"},
	{"Mielensäpahoittaja", "", "Kyrö, Tuomas", "fin", 2010, "WSOY", "book audiobook", "", "romaanit", "vanhukset, huumori"},
	{"Kissani Jugoslavia", "", "Statovci, Pajtim", "fin", 2014, "Otava", "book ebook", "", "romaanit", "kissat, maahanmuuttajat, Kosovo"},
	{"Ennen päivänlaskua ei voi", "", "Sinisalo, Johanna", "fin", 2000, "Tammi", "book", "", "fantasia", "peikot"},
	{"Teemestarin kirja", "", "Itäranta, Emmi", "fin", 2012, "Teos", "book ebook", "", "scifi", "vesi, ilmastonmuutos"},
	{"Kätilö", "", "Kettu, Katja", "fin", 2011, "WSOY", "book", "", "sotaromaanit", "Lappi, jatkosota"},
	{"Oneiron", "", "Lindstedt, Laura", "fin", 2015, "Teos", "book", "", "romaanit", "kuolema, naiset"},
	{"Ensimmäinen murhani", "", "Lehtolainen, Leena", "fin", 1993, "Tammi", "book audiobook", "", "dekkarit", "poliisit, naiset"},
	{"Ella ja kaverit", "", "Parvela, Timo", "fin", 1995, "Tammi", "book audiobook", "children", "lastenkirjat", "koulu, ystävyys"},
	{"Joulupukki", "", "Kunnas, Mauri", "fin", 1981, "Otava", "book", "children", "kuvakirjat", "joulupukki, joulu"},
	{"Muumipeikko ja pyrstötähti", "", "Jansson, Tove; Järvinen, Laila/translator", "fin", 1955, "WSOY", "book audiobook", "children", "satukirjat", "muumit"},
	{"Taikurin hattu", "", "Jansson, Tove", "fin", 1956, "WSOY", "book", "children", "satukirjat", "muumit"},
	{"Harry Potter ja viisasten kivi", "", "Rowling, J. K.; Kapari, Jaana/translator", "fin", 1998, "Tammi", "book audiobook ebook", "youth", "fantasia", "noidat, koulu"},
	{"Harry Potter ja salaisuuksien kammio", "", "Rowling, J. K.; Kapari, Jaana/translator", "fin", 1999, "Tammi", "book audiobook", "youth", "fantasia", "noidat, koulu"},
	{"Miehet jotka vihaavat naisia", "", "Larsson, Stieg", "fin", 2006, "Gummerus", "book audiobook", "", "dekkarit", "toimittajat, Ruotsi"},
	{"Missä kuljimme kerran", "", "Westö, Kjell", "fin", 2006, "Otava", "book", "", "historialliset romaanit", "Helsinki, sisällissota"},
	{"Afrikan tähti", "", "Mannerla, Kari/designer", "fin", 1951, "Peliko", "boardgame", "children", "lautapelit", "Afrikka"},
	{"Mies vailla menneisyyttä", "", "Kaurismäki, Aki/director", "fin", 2002, "Sputnik", "dvd", "", "draama", "Helsinki"},
	{"Kuolleet lehdet", "", "Kaurismäki, Aki/director", "fin", 2023, "Sputnik", "bluray dvd", "", "draama", "rakkaus, Helsinki"},
	{"Finlandia", "", "Sibelius, Jean/composer", "fin", 1900, "", "sheetmusic", "", "klassinen musiikki", ""},
	// Instruments lent home from the branches that lend them
	// (instrumentBranches): items in circulation like any other.
	{"Ukulele", "sopraano, pussin ja virittimen kanssa", "", "und", 2022, "Kala", "instrument", "", "soittimet", "ukulelet, kielisoittimet"},
	{"Akustinen kitara", "teräskielinen, pussin kanssa", "", "und", 2021, "Yamaha", "instrument", "", "soittimet", "kitarat, kielisoittimet"},
	{"Digitaalinen kosketinsoitin", "61 koskettimen keyboard, virtalähde ja nuottiteline", "", "und", 2023, "Casio", "instrument", "", "soittimet", "koskettimet, sähkösoittimet"},
	{"Djembe", "käsirumpu kantohihnalla", "", "und", 2020, "Meinl", "instrument", "", "soittimet", "rummut, lyömäsoittimet"},
	// Translations, with their originals' titles (originals).
	{"Sota ja rauha", "", "Tolstoi, Leo; Konkka, Juhani/translator", "fin", 1869, "Otava", "book audiobook", "", "romaanit", "Napoleonin sodat, Venäjä"},
	{"Anna Karenina", "", "Tolstoi, Leo", "fin", 1878, "WSOY", "book", "", "romaanit", "avioliitto, rakkaus"},
	{"Rikos ja rangaistus", "", "Dostojevski, Fjodor", "fin", 1866, "Otava", "book ebook", "", "romaanit", "Pietari, rikokset"},
	{"Pikku prinssi", "", "Saint-Exupéry, Antoine de", "fin", 1943, "WSOY", "book audiobook", "children", "sadut", "ystävyys"},
	{"Vanhus ja meri", "", "Hemingway, Ernest", "fin", 1952, "Otava", "book", "", "romaanit", "kalastus, meri"},
	{"Once", "", "Nightwish/performer", "eng", 2004, "Spinefarm", "cd vinyl", "", "metalli", ""},
	{"Razorblade Romance", "", "HIM/performer", "eng", 1999, "BMG", "cd", "", "rock", ""},
	// Swedish
	{"Kometjakten", "", "Jansson, Tove", "swe", 1946, "Schildts", "book", "children", "sagor", "mumintrollen"},
	{"Trollkarlens hatt", "", "Jansson, Tove", "swe", 1948, "Schildts", "book", "children", "sagor", "mumintrollen"},
	{"Pappan och havet", "", "Jansson, Tove", "swe", 1965, "Schildts", "book", "", "romaner", "mumintrollen, havet"},
	{"Sommarboken", "", "Jansson, Tove", "swe", 1972, "Schildts", "book audiobook", "", "romaner", "sommar, skärgården"},
	{"Där vi en gång gått", "", "Westö, Kjell", "swe", 2006, "Söderströms", "book", "", "historiska romaner", "Helsingfors"},
	{"Is", "", "Lundberg, Ulla-Lena", "swe", 2012, "Schildts & Söderströms", "book", "", "romaner", "Åland, präster"},
	{"Underbara kvinnor vid vatten", "", "Fagerholm, Monika", "swe", 1994, "Söderströms", "book", "", "romaner", "kvinnor, sommar"},
	{"Dikter", "", "Södergran, Edith", "swe", 1916, "Schildts", "book", "", "dikter", ""},
	{"Fänrik Ståls sägner", "", "Runeberg, Johan Ludvig", "swe", 1848, "", "book", "", "dikter", "Finska kriget"},
	{"Boken om vårt land", "", "Topelius, Zacharias", "swe", 1875, "", "book", "children", "läseböcker", "Finland"},
	{"Nils Holgerssons underbara resa genom Sverige", "", "Lagerlöf, Selma", "swe", 1906, "Bonniers", "book audiobook", "children", "sagor", "Sverige, gäss"},
	{"Gösta Berlings saga", "", "Lagerlöf, Selma", "swe", 1891, "Bonniers", "book", "", "romaner", "Värmland"},
	{"Pippi Långstrump", "", "Lindgren, Astrid", "swe", 1945, "Rabén & Sjögren", "book audiobook ebook", "children", "sagor", "flickor"},
	{"Peppi Pitkätossu", "", "Lindgren, Astrid", "fin", 1946, "WSOY", "book audiobook", "children", "satukirjat", "tytöt"},
	{"Bröderna Lejonhjärta", "", "Lindgren, Astrid", "swe", 1973, "Rabén & Sjögren", "book", "children", "sagor", "bröder"},
	{"Ronja rövardotter", "", "Lindgren, Astrid", "swe", 1981, "Rabén & Sjögren", "book", "children", "sagor", "rövare"},
	{"Emil i Lönneberga", "", "Lindgren, Astrid", "swe", 1963, "Rabén & Sjögren", "book", "children", "sagor", "Småland"},
	{"Röda rummet", "", "Strindberg, August", "swe", 1879, "", "book", "", "romaner", "Stockholm"},
	{"Utvandrarna", "", "Moberg, Vilhelm", "swe", 1949, "Bonniers", "book", "", "historiska romaner", "emigration"},
	{"Män som hatar kvinnor", "", "Larsson, Stieg", "swe", 2005, "Norstedts", "book ebook", "", "deckare", "journalister"},
	{"Mördare utan ansikte", "", "Mankell, Henning", "swe", 1991, "Ordfront", "book", "", "deckare", "Skåne, poliser"},
	{"Krig och fred", "", "Tolstoj, Lev", "swe", 1869, "Wahlström & Widstrand", "book", "", "romaner", "Napoleonkrigen"},
	{"Arrival", "", "ABBA/performer", "eng", 1976, "Polar", "vinyl cd", "", "pop", ""},
	// English
	{"Pride and Prejudice", "", "Austen, Jane", "eng", 1813, "T. Egerton", "book ebook audiobook", "", "novels", "marriage, England"},
	{"Sense and Sensibility", "", "Austen, Jane", "eng", 1811, "T. Egerton", "book", "", "novels", "sisters"},
	{"Emma", "", "Austen, Jane", "eng", 1815, "John Murray", "book", "", "novels", "England"},
	{"Oliver Twist", "", "Dickens, Charles", "eng", 1838, "Richard Bentley", "book", "", "novels", "orphans, London"},
	{"Great Expectations", "", "Dickens, Charles", "eng", 1861, "Chapman & Hall", "book", "", "novels", "coming of age"},
	{"A Christmas Carol", "", "Dickens, Charles", "eng", 1843, "Chapman & Hall", "book audiobook", "", "novels", "Christmas"},
	{"Nineteen Eighty-Four", "", "Orwell, George", "eng", 1949, "Secker & Warburg", "book ebook", "", "science fiction", "totalitarianism"},
	{"Animal Farm", "", "Orwell, George", "eng", 1945, "Secker & Warburg", "book", "", "novels", "animals, politics"},
	{"The Hobbit", "", "Tolkien, J. R. R.", "eng", 1937, "George Allen & Unwin", "book audiobook", "", "fantasy", "dragons"},
	{"The Fellowship of the Ring", "", "Tolkien, J. R. R.", "eng", 1954, "George Allen & Unwin", "book", "", "fantasy", ""},
	{"Harry Potter and the Philosopher's Stone", "", "Rowling, J. K.", "eng", 1997, "Bloomsbury", "book ebook", "youth", "fantasy", "witches, schools"},
	{"The Great Gatsby", "", "Fitzgerald, F. Scott", "eng", 1925, "Scribner", "book", "", "novels", "New York"},
	{"The Old Man and the Sea", "", "Hemingway, Ernest", "eng", 1952, "Scribner", "book", "", "novels", "fishing, the sea"},
	{"To Kill a Mockingbird", "", "Lee, Harper", "eng", 1960, "J. B. Lippincott", "book", "", "novels", "racism"},
	{"The Catcher in the Rye", "", "Salinger, J. D.", "eng", 1951, "Little, Brown", "book", "", "novels", "coming of age"},
	{"Mrs Dalloway", "", "Woolf, Virginia", "eng", 1925, "Hogarth Press", "book", "", "novels", "London"},
	{"To the Lighthouse", "", "Woolf, Virginia", "eng", 1927, "Hogarth Press", "book", "", "novels", "families"},
	{"Frankenstein", "or, the Modern Prometheus", "Shelley, Mary", "eng", 1818, "Lackington", "book", "", "horror", ""},
	{"Jane Eyre", "", "Brontë, Charlotte", "eng", 1847, "Smith, Elder & Co.", "book", "", "novels", "governesses"},
	{"Wuthering Heights", "", "Brontë, Emily", "eng", 1847, "Thomas Cautley Newby", "book", "", "novels", "Yorkshire"},
	{"Moby-Dick", "or, the Whale", "Melville, Herman", "eng", 1851, "Harper & Brothers", "book", "", "novels", "whaling, the sea"},
	{"Adventures of Huckleberry Finn", "", "Twain, Mark", "eng", 1884, "Chatto & Windus", "book", "youth", "novels", "Mississippi"},
	{"Murder on the Orient Express", "", "Christie, Agatha", "eng", 1934, "Collins Crime Club", "book audiobook", "", "crime fiction", "trains"},
	{"The Handmaid's Tale", "", "Atwood, Margaret", "eng", 1985, "McClelland & Stewart", "book ebook", "", "science fiction", "women"},
	{"Beloved", "", "Morrison, Toni", "eng", 1987, "Alfred A. Knopf", "book", "", "novels", "slavery"},
	{"The Remains of the Day", "", "Ishiguro, Kazuo", "eng", 1989, "Faber & Faber", "book", "", "novels", "butlers"},
	{"The Library at Night", "", "Manguel, Alberto", "eng", 2006, "Alfred A. Knopf", "book", "", "", "libraries, reading"},
	{"The Hitchhiker's Guide to the Galaxy", "", "Adams, Douglas", "eng", 1979, "Pan Books", "book audiobook", "", "science fiction", "outer space"},
	{"Alice's Adventures in Wonderland", "", "Carroll, Lewis", "eng", 1865, "Macmillan", "book", "children", "fairy tales", ""},
	{"Winnie-the-Pooh", "", "Milne, A. A.; Shepard, E. H./illustrator", "eng", 1926, "Methuen", "book", "children", "animal stories", "bears"},
	{"Normal People", "", "Rooney, Sally", "eng", 2018, "Faber & Faber", "book ebook", "", "novels", "love, Ireland"},
	{"The Road", "", "McCarthy, Cormac", "eng", 2006, "Alfred A. Knopf", "book", "", "novels", "fathers and sons"},
	{"Maps", "", "Farah, Nuruddin", "eng", 1986, "Pan Books", "book", "", "novels", "Somalia"},
	{"War and Peace", "", "Tolstoy, Leo", "eng", 1869, "Penguin", "book ebook", "", "novels", "Napoleonic Wars"},
	{"Crime and Punishment", "", "Dostoevsky, Fyodor", "eng", 1866, "Penguin", "book", "", "novels", "Saint Petersburg"},
	{"Abbey Road", "", "The Beatles/performer", "eng", 1969, "Apple Records", "vinyl cd", "", "rock", ""},
	// Russian
	{"Война и мир", "", "Толстой, Лев", "rus", 1869, "", "book", "", "романы", "война, Россия"},
	{"Анна Каренина", "", "Толстой, Лев", "rus", 1878, "", "book", "", "романы", "любовь"},
	{"Преступление и наказание", "", "Достоевский, Фёдор", "rus", 1866, "", "book audiobook", "", "романы", "Петербург"},
	{"Братья Карамазовы", "", "Достоевский, Фёдор", "rus", 1880, "", "book", "", "романы", "семья"},
	{"Идиот", "", "Достоевский, Фёдор", "rus", 1869, "", "book", "", "романы", ""},
	{"Мастер и Маргарита", "", "Булгаков, Михаил", "rus", 1967, "", "book ebook", "", "романы", "Москва"},
	{"Евгений Онегин", "", "Пушкин, Александр", "rus", 1833, "", "book", "", "поэзия", ""},
	{"Мёртвые души", "", "Гоголь, Николай", "rus", 1842, "", "book", "", "романы", ""},
	{"Герой нашего времени", "", "Лермонтов, Михаил", "rus", 1840, "", "book", "", "романы", "Кавказ"},
	{"Доктор Живаго", "", "Пастернак, Борис", "rus", 1957, "", "book", "", "романы", "революция"},
	{"Один день Ивана Денисовича", "", "Солженицын, Александр", "rus", 1962, "", "book", "", "рассказы", "лагеря"},
	// Other languages
	{"Tõde ja õigus", "", "Tammsaare, A. H.", "est", 1926, "", "book", "", "romaanit", "Viro"},
	{"Keisri hull", "", "Kross, Jaan", "est", 1978, "Eesti Raamat", "book", "", "historialliset romaanit", "Viro"},
	{"Faust", "eine Tragödie", "Goethe, Johann Wolfgang von", "ger", 1808, "Cotta", "book", "", "näytelmät", ""},
	{"Der Process", "", "Kafka, Franz", "ger", 1925, "Die Schmiede", "book", "", "romaanit", ""},
	{"Die unendliche Geschichte", "", "Ende, Michael", "ger", 1979, "Thienemann", "book", "youth", "fantasia", ""},
	{"Les Misérables", "", "Hugo, Victor", "fre", 1862, "A. Lacroix", "book", "", "romaanit", "Pariisi"},
	{"L'Étranger", "", "Camus, Albert", "fre", 1942, "Gallimard", "book", "", "romaanit", "Algeria"},
	{"Le Petit Prince", "", "Saint-Exupéry, Antoine de", "fre", 1943, "Reynal & Hitchcock", "book", "children", "sadut", ""},
	{"Cien años de soledad", "", "García Márquez, Gabriel", "spa", 1967, "Sudamericana", "book", "", "romaanit", "Kolumbia"},
	{"El ingenioso hidalgo don Quijote de la Mancha", "", "Cervantes Saavedra, Miguel de", "spa", 1605, "Juan de la Cuesta", "book", "", "romaanit", "ritarit"},
	{"زقاق المدق", "", "Mahfouz, Naguib", "ara", 1947, "", "book", "", "romaanit", "Kairo"},
}

// originals are the titles in their original language of the classics
// that are translations. A record says it as Finnish libraries do, in a
// note "Alkuteos: …" (MARC 500; the search index reads it as the work's
// uniform title), so that every language's edition is one work and a
// search in one language finds the others.
var originals = map[string]string{
	"Sota ja rauha":                        "Война и мир",
	"War and Peace":                        "Война и мир",
	"Krig och fred":                        "Война и мир",
	"Anna Karenina":                        "Анна Каренина",
	"Rikos ja rangaistus":                  "Преступление и наказание",
	"Crime and Punishment":                 "Преступление и наказание",
	"Pikku prinssi":                        "Le Petit Prince",
	"Vanhus ja meri":                       "The Old Man and the Sea",
	"Muumipeikko ja pyrstötähti":           "Kometjakten",
	"Taikurin hattu":                       "Trollkarlens hatt",
	"Peppi Pitkätossu":                     "Pippi Långstrump",
	"Harry Potter ja viisasten kivi":       "Harry Potter and the Philosopher's Stone",
	"Harry Potter ja salaisuuksien kammio": "Harry Potter and the Chamber of Secrets",
	"Miehet jotka vihaavat naisia":         "Män som hatar kvinnor",
	"Missä kuljimme kerran":                "Där vi en gång gått",
}
