package odltest

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// The double's catalogue: N publications drawn from a seeded generator,
// so that the same seed serves the same feed, byte for byte.

// Kinds of publication the double serves.
const (
	KindBook      = "book"
	KindAudiobook = "audiobook"
	KindMagazine  = "magazine"
)

// Kinds of licence terms the double sells.
const (
	TermsOneCopy      = "one-copy-one-user" // concurrency 1, perpetual
	TermsConcurrent   = "concurrent"        // N at once, two years
	TermsMetered      = "metered"           // a number of checkouts, one at a time
	TermsExpiring     = "expiring"          // ends within months
	TermsExpired      = "expired"           // ended before Start
	TermsSimultaneous = "simultaneous"      // no concurrency limit, a year
	TermsCPC          = "cost-per-circulation"
)

type publication struct {
	n           int
	kind        string
	identifier  string
	title       string
	subtitle    string
	authors     []string
	narrator    string
	language    string
	publisher   string
	published   time.Time
	description string
	subjects    []string
	magazine    magazine
	issue       int
	open        bool
	licences    []*licence
}

type magazine struct {
	name, issn, language string
}

type licence struct {
	id          string
	terms       string
	library     string // the member library that bought it; "" the consortium
	pub         *publication
	format      string
	created     time.Time
	concurrency int // 0: no limit
	checkouts   int // bought; 0: not metered
	left        int // checkouts left
	expires     time.Time
	length      time.Duration
	price       float64 // EUR, what the library paid
	cpc         float64 // EUR per circulation (TermsCPC)
	loans       []*loan // every loan made on it; Server.mu guards it and left
}

var (
	firstNames = []string{"Aino", "Eino", "Helmi", "Väinö", "Linnea", "Oskari", "Saara", "Juhani", "Ilona", "Tove",
		"Mika", "Riikka", "Amina", "Hodan", "Olga", "Kadri", "Leena", "Tuomas", "Sofi", "Pirkko"}
	lastNames = []string{"Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Lindqvist", "Heikkilä", "Koskinen",
		"Järvinen", "Salo", "Laine", "Tamm", "Ivanova", "Warsame", "Jansson", "Kallio", "Rantanen"}
	titleA = []string{"Kesä", "Talven", "Meren", "Metsän", "Kaupungin", "Hiljaisuuden", "Valon", "Tuulen",
		"Pohjoisen", "Saaren", "Yön", "Kevään"}
	titleB = []string{"lapset", "muisti", "laulu", "varjot", "portti", "kartta", "talo", "aika", "kirje",
		"vartija", "tarina", "perintö"}
	subtitles = []string{"", "", "romaani", "novelleja", "dekkari", "muistelmat", "", "runoja"}
	subjects  = []string{"romaanit", "jännityskirjallisuus", "historia", "luonto", "perhe", "ystävyys",
		"Helsinki", "meri", "tiede", "matkat", "ruoka", "elämäkerrat"}
	publishers = []string{"Kustannus Kirjava", "Otava-esimerkki", "Förlaget Exempel", "Näyte Publishing", "Audio Demo Oy"}
	languages  = []string{"fi", "fi", "fi", "fi", "sv", "en", "en", "et", "ru"}
	magazines  = []magazine{
		{"Tiede ja Tekniikka", "", "fi"}, {"Koti ja Puutarha", "", "fi"}, {"Lasten Lehti", "", "fi"},
		{"Hufvudstadsbladets Magasin", "", "sv"}, {"Science Monthly", "", "en"}, {"Ruokalehti", "", "fi"},
	}
)

// generate builds the catalogue of n publications from seed; dates are
// counted from start.
func generate(seed int64, n int, start time.Time) []*publication {
	rng := rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x6b69726a61))
	uuid := func() string { return newUUID(rng) }
	mags := make([]magazine, len(magazines))
	for i, m := range magazines {
		m.issn = issn(1000000 + i*7919 + int(seed%1000))
		mags[i] = m
	}
	issues := map[int]int{}
	pubs := make([]*publication, n)
	for i := range pubs {
		p := &publication{n: i}
		switch r := rng.IntN(100); {
		case r < 60:
			p.kind = KindBook
		case r < 85:
			p.kind = KindAudiobook
		default:
			p.kind = KindMagazine
		}
		p.language = languages[rng.IntN(len(languages))]
		p.publisher = publishers[rng.IntN(len(publishers))]
		p.published = start.AddDate(0, 0, -rng.IntN(3650)).Truncate(24 * time.Hour)
		switch p.kind {
		case KindMagazine:
			mi := rng.IntN(len(mags))
			p.magazine = mags[mi]
			issues[mi]++
			p.issue = issues[mi]
			p.language = p.magazine.language
			p.published = start.AddDate(0, -issues[mi], 0).Truncate(24 * time.Hour)
			p.title = fmt.Sprintf("%s %d/%d", p.magazine.name, int(p.published.Month()), p.published.Year())
			p.identifier = uuid()
			p.subjects = []string{"aikakauslehdet"}
			p.description = "Numero " + fmt.Sprint(p.issue) + " lehdestä " + p.magazine.name + "."
		default:
			p.title = titleA[rng.IntN(len(titleA))] + " " + titleB[rng.IntN(len(titleB))]
			p.subtitle = subtitles[rng.IntN(len(subtitles))]
			p.authors = []string{firstNames[rng.IntN(len(firstNames))] + " " + lastNames[rng.IntN(len(lastNames))]}
			if rng.IntN(5) == 0 {
				p.authors = append(p.authors, firstNames[rng.IntN(len(firstNames))]+" "+lastNames[rng.IntN(len(lastNames))])
			}
			if p.kind == KindAudiobook {
				p.narrator = firstNames[rng.IntN(len(firstNames))] + " " + lastNames[rng.IntN(len(lastNames))]
			}
			p.identifier = "urn:isbn:" + isbn13(9789510000000+int64(seed%1000)*100000+int64(i))
			p.subjects = []string{subjects[rng.IntN(len(subjects))], subjects[rng.IntN(len(subjects))]}
			if p.subjects[0] == p.subjects[1] {
				p.subjects = p.subjects[:1]
			}
			p.description = fmt.Sprintf("%s: kuvitteellinen teos Kirjaston e-kirjaston esittelyyn (%d).", p.title, i+1)
			// Some titles are free to read: open access, no licence.
			p.open = p.kind == KindBook && rng.IntN(12) == 0
		}
		if p.open {
			pubs[i] = p
			continue
		}
		// One licence, or for some titles several bought over time.
		count := 1
		if rng.IntN(4) == 0 {
			count = 2 + rng.IntN(2)
		}
		for range count {
			p.licences = append(p.licences, newLicence(rng, p, uuid(), start))
		}
		pubs[i] = p
	}
	return pubs
}

// newUUID draws a version 4 UUID URN from rng.
func newUUID(rng *rand.Rand) string {
	return fmt.Sprintf("urn:uuid:%08x-%04x-4%03x-8%03x-%012x", rng.Uint32(), rng.Uint32()&0xffff,
		rng.Uint32()&0xfff, rng.Uint32()&0xfff, rng.Uint64()&0xffffffffffff)
}

// termsMix is how often each kind of terms is sold, out of 100.
var termsMix = []struct {
	terms string
	per   int
}{
	{TermsOneCopy, 25}, {TermsConcurrent, 15}, {TermsMetered, 20}, {TermsExpiring, 15},
	{TermsExpired, 5}, {TermsSimultaneous, 10}, {TermsCPC, 10},
}

func newLicence(rng *rand.Rand, p *publication, id string, start time.Time) *licence {
	l := &licence{id: id, pub: p, created: start.AddDate(0, 0, -1-rng.IntN(700)).Truncate(time.Hour),
		length: 21 * 24 * time.Hour, price: float64(500+rng.IntN(4000)) / 100}
	switch p.kind {
	case KindAudiobook:
		l.format = "application/audiobook+json"
	case KindMagazine:
		l.format, l.length = "application/pdf", 14*24*time.Hour
	default:
		l.format = "application/epub+zip"
	}
	r := rng.IntN(100)
	for _, m := range termsMix {
		if r < m.per {
			l.terms = m.terms
			break
		}
		r -= m.per
	}
	switch l.terms {
	case TermsOneCopy:
		l.concurrency = 1
	case TermsConcurrent:
		l.concurrency = 2 + rng.IntN(9)
		l.expires = start.AddDate(2, 0, 0)
	case TermsMetered:
		l.concurrency, l.checkouts = 1, 5+rng.IntN(22)
		l.left = l.checkouts
	case TermsExpiring:
		l.concurrency = 1 + rng.IntN(2)
		l.expires = start.AddDate(0, 0, 30+rng.IntN(150))
	case TermsExpired:
		l.concurrency = 1
		l.expires = start.AddDate(0, 0, -1-rng.IntN(60))
	case TermsSimultaneous:
		l.expires = start.AddDate(1, 0, 0)
	case TermsCPC:
		l.cpc = float64(49+rng.IntN(150)) / 100
		l.price = 0
	}
	return l
}

// isbn13 returns the ISBN-13 whose first twelve digits are n's last
// twelve, with its check digit.
func isbn13(n int64) string {
	s := fmt.Sprintf("%012d", n%1_000_000_000_000)
	sum := 0
	for i, c := range s {
		d := int(c - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return s + fmt.Sprint((10-sum%10)%10)
}

// issn returns the ISSN of seven digits with its check digit.
func issn(n int) string {
	s := fmt.Sprintf("%07d", n%10_000_000)
	sum := 0
	for i, c := range s {
		sum += int(c-'0') * (8 - i)
	}
	check := (11 - sum%11) % 11
	d := fmt.Sprint(check)
	if check == 10 {
		d = "X"
	}
	return s[:4] + "-" + s[4:] + d
}

func itoa(n int) string { return fmt.Sprint(n) }
