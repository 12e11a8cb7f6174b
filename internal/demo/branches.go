package demo

// branchSize says how big a branch is: it decides its hours, its services
// and how much of the collection it holds.
type branchSize int

const (
	small branchSize = iota
	medium
	large
	mobile // a library bus: it has a depot, not a reading room
)

// branchSpec is one real Helmet branch as this package knows it. Streets
// and coordinates are close to the real ones but not authoritative.
type branchSpec struct {
	id, lib string
	place   string // the English name is place + " Library"
	fi, sv  string
	street  string
	postal  string
	lat     float64
	lon     float64
	size    branchSize
	self    bool     // has self-service hours ("omatoimikirjasto")
	extra   []string // services beyond those its size brings
}

// members are the member libraries with their names and web domains.
var members = []struct {
	id, fi, sv, en      string
	cityFi, citySv      string
	cityEn, domain, tel string
}{
	{"espoo", "Espoon kaupunginkirjasto", "Esbo stadsbibliotek", "Espoo City Library", "Espoo", "Esbo", "Espoo", "espoo.fi", "09 8165"},
	{"helsinki", "Helsingin kaupunginkirjasto", "Helsingfors stadsbibliotek", "Helsinki City Library", "Helsinki", "Helsingfors", "Helsinki", "hel.fi", "09 310"},
	{"kauniainen", "Kauniaisten kaupunginkirjasto", "Grankulla stadsbibliotek", "Kauniainen City Library", "Kauniainen", "Grankulla", "Kauniainen", "kauniainen.fi", "09 505"},
	{"vantaa", "Vantaan kaupunginkirjasto", "Vanda stadsbibliotek", "Vantaa City Library", "Vantaa", "Vanda", "Vantaa", "vantaa.fi", "09 8392"},
}

var branchSpecs = []branchSpec{
	// Helsinki
	{"hki-oodi", "helsinki", "Central Library Oodi", "Keskustakirjasto Oodi", "Helsingfors centrumbibliotek Ode", "Töölönlahdenkatu 4", "00100", 60.1738, 24.9381, large, false,
		[]string{"music-studio", "recording-studio", "3d-printer", "sewing-machine", "gaming", "makerspace", "cafe", "instrument-lending"}},
	{"hki-rikhardinkatu", "helsinki", "Rikhardinkatu", "Rikhardinkadun kirjasto", "Richardsgatans bibliotek", "Rikhardinkatu 3", "00130", 60.1652, 24.9468, medium, true, nil},
	{"hki-kallio", "helsinki", "Kallio", "Kallion kirjasto", "Berghälls bibliotek", "Viides linja 11", "00530", 60.1843, 24.9508, medium, true, []string{"instrument-lending"}},
	{"hki-itakeskus", "helsinki", "Itäkeskus", "Itäkeskuksen kirjasto", "Östra centrums bibliotek", "Turunlinnantie 1", "00930", 60.2103, 25.0832, large, false, []string{"music-studio", "3d-printer"}},
	{"hki-pasila", "helsinki", "Pasila", "Pasilan kirjasto", "Böle bibliotek", "Kellosilta 9", "00520", 60.2014, 24.9337, large, false, []string{"music-studio"}},
	{"hki-toolo", "helsinki", "Töölö", "Töölön kirjasto", "Tölö bibliotek", "Topeliuksenkatu 6", "00250", 60.1837, 24.9206, medium, true, nil},
	{"hki-vuosaari", "helsinki", "Vuosaari", "Vuosaaren kirjasto", "Nordsjö bibliotek", "Mosaiikkitori 2", "00980", 60.2094, 25.1437, large, false, []string{"sewing-machine", "3d-printer"}},
	{"hki-malmi", "helsinki", "Malmi", "Malmin kirjasto", "Malms bibliotek", "Ala-Malmin tori 1", "00700", 60.2511, 25.0107, large, false, []string{"3d-printer"}},
	{"hki-kannelmaki", "helsinki", "Kannelmäki", "Kannelmäen kirjasto", "Gamlas bibliotek", "Klaneettitie 5", "00420", 60.2393, 24.8778, medium, true, nil},
	{"hki-maunula", "helsinki", "Maunula", "Maunulan kirjasto", "Månsas bibliotek", "Metsäpurontie 4", "00630", 60.2306, 24.9257, medium, true, []string{"sewing-machine"}},
	{"hki-arabianranta", "helsinki", "Arabianranta", "Arabianrannan kirjasto", "Arabiastrandens bibliotek", "Hämeentie 135 A", "00560", 60.2096, 24.9770, medium, true, nil},
	{"hki-herttoniemi", "helsinki", "Herttoniemi", "Herttoniemen kirjasto", "Hertonäs bibliotek", "Kettutie 8", "00800", 60.1947, 25.0307, medium, true, nil},
	{"hki-kontula", "helsinki", "Kontula", "Kontulan kirjasto", "Gårdsbacka bibliotek", "Ostostie 4", "00940", 60.2358, 25.0824, medium, true, nil},
	{"hki-laajasalo", "helsinki", "Laajasalo", "Laajasalon kirjasto", "Degerö bibliotek", "Koulutanhua 2", "00840", 60.1736, 25.0497, small, true, nil},
	{"hki-lauttasaari", "helsinki", "Lauttasaari", "Lauttasaaren kirjasto", "Drumsö bibliotek", "Pajalahdentie 10 A", "00200", 60.1590, 24.8800, medium, true, nil},
	{"hki-munkkiniemi", "helsinki", "Munkkiniemi", "Munkkiniemen kirjasto", "Munksnäs bibliotek", "Riihitie 22", "00330", 60.1975, 24.8795, small, true, nil},
	{"hki-oulunkyla", "helsinki", "Oulunkylä", "Oulunkylän kirjasto", "Åggelby bibliotek", "Kylänvanhimmantie 27", "00640", 60.2293, 24.9663, medium, true, nil},
	{"hki-paloheina", "helsinki", "Paloheinä", "Paloheinän kirjasto", "Svedängens bibliotek", "Paloheinäntie 22", "00670", 60.2578, 24.9239, small, true, nil},
	{"hki-pitajanmaki", "helsinki", "Pitäjänmäki", "Pitäjänmäen kirjasto", "Sockenbacka bibliotek", "Konalantie 6–8", "00370", 60.2234, 24.8600, small, true, nil},
	{"hki-pohjois-haaga", "helsinki", "Pohjois-Haaga", "Pohjois-Haagan kirjasto", "Norra Haga bibliotek", "Kaupintie 5", "00440", 60.2270, 24.8960, small, true, nil},
	{"hki-puistola", "helsinki", "Puistola", "Puistolan kirjasto", "Parkstads bibliotek", "Nurkkatie 2", "00760", 60.2731, 25.0361, small, true, nil},
	{"hki-pukinmaki", "helsinki", "Pukinmäki", "Pukinmäen kirjasto", "Bocksbacka bibliotek", "Säterinkatu 6", "00720", 60.2453, 24.9934, small, true, nil},
	{"hki-roihuvuori", "helsinki", "Roihuvuori", "Roihuvuoren kirjasto", "Kasbergets bibliotek", "Roihuvuorentie 2", "00820", 60.1960, 25.0500, small, true, nil},
	{"hki-suomenlinna", "helsinki", "Suomenlinna", "Suomenlinnan kirjasto", "Sveaborgs bibliotek", "Suomenlinna C 8", "00190", 60.1455, 24.9880, small, true, nil},
	{"hki-suutarila", "helsinki", "Suutarila", "Suutarilan kirjasto", "Skomakarböle bibliotek", "Seulastentie 11", "00740", 60.2770, 25.0080, small, true, nil},
	{"hki-tapanila", "helsinki", "Tapanila", "Tapanilan kirjasto", "Mosabacka bibliotek", "Päivöläntie 15", "00730", 60.2636, 25.0300, small, true, nil},
	{"hki-tapulikaupunki", "helsinki", "Tapulikaupunki", "Tapulikaupungin kirjasto", "Stapelstadens bibliotek", "Ajurinaukio 1", "00750", 60.2762, 25.0360, medium, true, nil},
	{"hki-viikki", "helsinki", "Viikki", "Viikin kirjasto", "Viks bibliotek", "Viikinkaari 11", "00790", 60.2270, 25.0140, medium, true, nil},
	{"hki-vallila", "helsinki", "Vallila", "Vallilan kirjasto", "Vallgårds bibliotek", "Päijänteentie 5", "00550", 60.1950, 24.9520, small, true, nil},
	{"hki-etela-haaga", "helsinki", "Etelä-Haaga", "Etelä-Haagan kirjasto", "Södra Haga bibliotek", "Isonnevantie 16", "00320", 60.2130, 24.8960, small, true, nil},
	{"hki-jatkasaari", "helsinki", "Jätkäsaari", "Jätkäsaaren kirjasto", "Busholmens bibliotek", "Tyynenmerenkatu 11", "00220", 60.1580, 24.9200, small, true, nil},
	{"hki-kalasatama", "helsinki", "Kalasatama", "Kalasataman kirjasto", "Fiskehamnens bibliotek", "Työpajankatu 8", "00580", 60.1880, 24.9780, small, true, nil},
	{"hki-malminkartano", "helsinki", "Malminkartano", "Malminkartanon kirjasto", "Malmgårds bibliotek", "Puustellinpolku 6", "00410", 60.2490, 24.8610, small, true, nil},
	{"hki-myllypuro", "helsinki", "Myllypuro", "Myllypuron mediakirjasto", "Kvarnbäckens mediebibliotek", "Jauhokuja 3", "00920", 60.2240, 25.0730, medium, true, []string{"gaming", "recording-studio"}},
	{"hki-pihlajamaki", "helsinki", "Pihlajamäki", "Pihlajamäen kirjasto", "Rönnbacka bibliotek", "Liusketie 3", "00710", 60.2400, 25.0130, small, true, nil},
	{"hki-kapyla", "helsinki", "Käpylä", "Käpylän kirjasto", "Kottby bibliotek", "Väinölänkatu 1", "00610", 60.2150, 24.9520, small, true, nil},
	{"hki-jakomaki", "helsinki", "Jakomäki", "Jakomäen kirjasto", "Jakobacka bibliotek", "Jakomäentie 6", "00770", 60.2600, 25.0790, small, true, nil},
	{"hki-auto", "helsinki", "Helsinki Mobile", "Helsingin kirjastoauto", "Helsingfors bokbuss", "Kirjastoautovarikko, Hämeentie 105", "00550", 60.2010, 24.9660, mobile, false, nil},

	// Espoo
	{"esp-sello", "espoo", "Sello", "Sellon kirjasto", "Sellobiblioteket", "Leppävaarankatu 9", "02600", 60.2180, 24.8110, large, false,
		[]string{"music-studio", "recording-studio", "3d-printer", "sewing-machine", "gaming", "makerspace", "cafe", "instrument-lending"}},
	{"esp-entresse", "espoo", "Entresse", "Entressen kirjasto", "Entressebiblioteket", "Siltakatu 11", "02770", 60.2043, 24.6570, large, false, []string{"gaming", "music-studio"}},
	{"esp-iso-omena", "espoo", "Iso Omena", "Iso Omenan kirjasto", "Iso Omena-biblioteket", "Piispansilta 11", "02230", 60.1616, 24.7385, large, false, []string{"3d-printer", "sewing-machine", "makerspace"}},
	{"esp-tapiola", "espoo", "Tapiola", "Tapiolan kirjasto", "Hagalunds bibliotek", "Kulttuuriaukio 2", "02100", 60.1786, 24.8050, large, false, []string{"music-studio"}},
	{"esp-lippulaiva", "espoo", "Lippulaiva", "Lippulaivan kirjasto", "Lippulaivabiblioteket", "Espoonlahdenkatu 4", "02320", 60.1497, 24.6560, large, false, []string{"3d-printer", "gaming", "sewing-machine"}},
	{"esp-kalajarvi", "espoo", "Kalajärvi", "Kalajärven kirjasto", "Kalajärvi bibliotek", "Kalajärventie 1", "02970", 60.2880, 24.6690, small, true, nil},
	{"esp-karhusuo", "espoo", "Karhusuo", "Karhusuon kirjasto", "Björnkärrs bibliotek", "Karhusuontie 1", "02810", 60.2350, 24.6200, small, true, nil},
	{"esp-kauklahti", "espoo", "Kauklahti", "Kauklahden kirjasto", "Köklax bibliotek", "Kauklahdenpuistotie 1", "02780", 60.1918, 24.5970, small, true, nil},
	{"esp-laajalahti", "espoo", "Laajalahti", "Laajalahden kirjasto", "Bredviks bibliotek", "Ruusutorpantie 4", "02620", 60.2150, 24.8290, small, true, nil},
	{"esp-noykkio", "espoo", "Nöykkiö", "Nöykkiön kirjasto", "Nöykis bibliotek", "Lastaajantie 2", "02320", 60.1660, 24.6550, small, true, nil},
	{"esp-pikkulaiva", "espoo", "Pikkulaiva", "Pikkulaiva", "Pikkulaiva", "Espoonlahdenkatu 8", "02320", 60.1490, 24.6580, small, true, []string{"kids-corner"}},
	{"esp-saunalahti", "espoo", "Saunalahti", "Saunalahden kirjasto", "Bastviks bibliotek", "Saunalahdentie 10", "02330", 60.1450, 24.6280, medium, true, []string{"makerspace"}},
	{"esp-suurpelto", "espoo", "Suurpelto", "Suurpellon kirjasto", "Storåkers bibliotek", "Lukutori 1", "02200", 60.1890, 24.7490, small, true, nil},
	{"esp-viherlaakso", "espoo", "Viherlaakso", "Viherlaakson kirjasto", "Gröndals bibliotek", "Ylänkötie 2", "02700", 60.2330, 24.7830, small, true, nil},
	{"esp-haukilahti", "espoo", "Haukilahti", "Haukilahden kirjasto", "Gäddviks bibliotek", "Haukilahdenkatu 4", "02170", 60.1690, 24.7770, small, true, nil},
	{"esp-auto", "espoo", "Espoo Mobile", "Espoon kirjastoauto", "Esbo bokbuss", "Kirjastoautovarikko, Kutojantie 2", "02630", 60.2220, 24.7930, mobile, false, nil},

	// Kauniainen
	{"kau-kauniainen", "kauniainen", "Kauniainen", "Kauniaisten kirjasto", "Grankulla bibliotek", "Thurmaninpuistotie 4", "02700", 60.2110, 24.7290, medium, true, nil},

	// Vantaa
	{"van-tikkurila", "vantaa", "Tikkurila", "Tikkurilan kirjasto", "Dickursby bibliotek", "Lummetie 4", "01300", 60.2935, 25.0400, large, false, []string{"music-studio", "3d-printer", "sewing-machine"}},
	{"van-myyrmaki", "vantaa", "Myyrmäki", "Myyrmäen kirjasto", "Myrbacka bibliotek", "Paalutori 3", "01600", 60.2610, 24.8540, large, false, []string{"gaming", "music-studio"}},
	{"van-martinlaakso", "vantaa", "Martinlaakso", "Martinlaakson kirjasto", "Mårtensdals bibliotek", "Martinlaaksontie 36", "01620", 60.2770, 24.8490, medium, true, nil},
	{"van-hakunila", "vantaa", "Hakunila", "Hakunilan kirjasto", "Håkansböle bibliotek", "Hakunilantie 48", "01200", 60.2770, 25.1100, medium, true, nil},
	{"van-koivukyla", "vantaa", "Koivukylä", "Koivukylän kirjasto", "Björkby bibliotek", "Karsikkokuja 4", "01360", 60.3220, 25.0580, medium, true, nil},
	{"van-kivisto", "vantaa", "Kivistö", "Kivistön kirjasto", "Kivistö bibliotek", "Kivistöntori 1", "01700", 60.3160, 24.8460, small, true, nil},
	{"van-lansimaki", "vantaa", "Länsimäki", "Länsimäen kirjasto", "Västerkulla bibliotek", "Länsimäentie 11", "01280", 60.2630, 25.0900, small, true, nil},
	{"van-pointti", "vantaa", "Pointti", "Kirjasto Pointti", "Biblioteket Pointti", "Urpiaisentie 14", "01450", 60.3500, 25.0920, medium, true, []string{"gaming"}},
	{"van-lumo", "vantaa", "Lumo", "Lumon kirjasto", "Lumo bibliotek", "Leinikkitie 30", "01350", 60.3090, 25.0250, small, true, nil},
	{"van-mosaiikki", "vantaa", "Mosaiikki", "Kirjasto Mosaiikki", "Biblioteket Mosaiikki", "Raappavuorentie 2", "01620", 60.2800, 24.8600, small, true, nil},
	{"van-auto", "vantaa", "Vantaa Mobile", "Vantaan kirjastoauto", "Vanda bokbuss", "Kirjastoautovarikko, Lummetie 4", "01300", 60.2930, 25.0410, mobile, false, nil},
}
