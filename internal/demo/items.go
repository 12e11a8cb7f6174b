package demo

import (
	"math"
	"math/bits"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kirjasto/kirjasto/internal/library"
)

// classicRecords is the classics expanded to one record per format.
var classicRecords = func() []struct {
	work     int
	material library.Material
} {
	var out []struct {
		work     int
		material library.Material
	}
	for i, w := range classics {
		for _, f := range strings.Fields(w.formats) {
			out = append(out, struct {
				work     int
				material library.Material
			}{i, library.Material(f)})
		}
	}
	return out
}()

func langOf(code string) *lang {
	for _, l := range allLangs {
		if l.code == code {
			return l
		}
	}
	return finLang
}

func (g *generator) classic(i int) (library.Record, *lang) {
	c := classicRecords[i]
	w := classics[c.work]
	l := langOf(w.lang)
	rec := library.Record{
		Title: w.title, Subtitle: w.subtitle, Language: w.lang, Year: w.year, Publisher: w.publisher,
		Material: c.material, Audience: w.audience,
		// The first classics are the most borrowed, as classics are.
		Popularity: 20000/(c.work+4) + g.r.IntN(500),
	}
	if rec.Audience == "" {
		rec.Audience = library.AudienceAdult
	}
	for a := range strings.SplitSeq(w.authors, "; ") {
		if a == "" {
			continue // an instrument has no author
		}
		name, role, ok := strings.Cut(a, "/")
		if !ok {
			role = "author"
		}
		rec.Authors = append(rec.Authors, library.Contributor{Name: name, Role: role})
	}
	if c.material == library.AudioBook {
		rec.Authors = append(rec.Authors, library.Contributor{Name: g.name(l), Role: "narrator"})
	}
	if w.genre != "" {
		rec.Genres = []string{w.genre}
	}
	if w.subjects != "" {
		rec.Subjects = strings.Split(w.subjects, ", ")
	}
	if o, ok := originals[w.title]; ok {
		rec.Notes = []string{"Alkuteos: " + o}
	}
	// Editions the libraries hold now are recent reprints with ISBNs; the
	// year stays that of the first edition, as people know the work by it.
	switch c.material {
	case library.Book, library.EBook, library.AudioBook:
		rec.ISBNs = []string{isbn13(g.r, l.isbn[0])}
	}
	return rec, l
}

// nonfiction are YKL classes (Finnish public library classification) for
// non-fiction; the demo does not tie them to the subjects.
var nonfiction = []string{"1.1", "17.3", "29.1", "30.1", "32.1", "37.4", "38.1", "48.1", "50.1", "57.4",
	"59.5", "61.3", "64.1", "65.3", "68.1", "69.1", "71.3", "77.1", "79.1", "90.1", "92.7", "99.1"}

// musicClass is the YKL class of recorded music by genre.
var musicClass = map[string]string{
	"pop": "78.891", "rock": "78.891", "metalli": "78.891", "hip hop": "78.891", "jazz": "78.85",
	"klassinen musiikki": "78.3", "kansanmusiikki": "78.8", "iskelmät": "78.89", "elokuvamusiikki": "78.89",
}

// shelving returns the call number and shelf of a record's items.
func shelving(rec *library.Record) (call, shelf string) {
	entry := mainEntry(rec)
	genre := ""
	if len(rec.Genres) > 0 {
		genre = rec.Genres[0]
	}
	switch rec.Material {
	case library.CD, library.Vinyl:
		return join(musicClass[genre], entry), "Musiikki"
	case library.SheetMusic:
		return join("78.5", entry), "Nuotit"
	case library.DVD, library.BluRay:
		shelf = "Elokuvat"
		if rec.Audience == library.AudienceChildren {
			shelf = "Lasten elokuvat"
		}
		return join(strings.ToUpper(genre), entry), shelf
	case library.Magazine:
		return "LEHTI", "Lehdet"
	case library.BoardGame:
		return "LAUTAPELI", "Pelit"
	case library.Instrument:
		return "SOITIN", "Soittimet"
	case library.OtherMedium:
		return join("99.1", entry), "Muut aineistot"
	}
	class := nonfiction[len(rec.Title)%len(nonfiction)]
	if genre != "" {
		class = "84"
		if rec.Language == "fin" {
			class = "84.2"
		}
	}
	switch {
	case rec.Audience == library.AudienceChildren:
		if genre != "" {
			class = "85"
		}
		shelf = "Lasten kirjat"
	case rec.Audience == library.AudienceYouth:
		class = "N " + class
		shelf = "Nuorten kirjat"
	case rec.Language == "fin":
		shelf = "Aikuisten kirjat"
	case rec.Language == "swe":
		shelf = "Svenska böcker"
	default:
		shelf = "Vieraskieliset kirjat"
	}
	if rec.Material == library.AudioBook {
		shelf = "Äänikirjat"
	}
	return join(class, entry), shelf
}

func join(class, entry string) string {
	if class == "" {
		return entry
	}
	return class + " " + entry
}

// mainEntry is the shelf mark: the first three letters of the main
// author's surname, else of the title.
func mainEntry(rec *library.Record) string {
	s := rec.Title
	if len(rec.Authors) > 0 {
		s = rec.Authors[0].Name
	}
	var b strings.Builder
	for _, r := range s {
		if b.Len() >= 3*utf8.UTFMax || utf8.RuneCountInString(b.String()) == 3 {
			break
		}
		if unicode.IsLetter(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// items returns the copies of record i: none for e-books, more for popular
// titles, spread over the branches with the big ones holding more.
func (g *generator) items(i int, rec *library.Record, l *lang) []library.Item {
	if rec.Material.Electronic() || len(g.branch) == 0 {
		return nil
	}
	r := g.r
	var n int
	switch rec.Material {
	case library.Magazine:
		n = 1 + r.IntN(3)
	case library.BoardGame:
		n = 1 + r.IntN(2)
	case library.Instrument:
		return g.instrumentItems(i, rec)
	default:
		n = min(10, 1+r.IntN(2)+bits.Len(uint(rec.Popularity))/2)
	}
	call, shelf := shelving(rec)
	// Popular titles are out more often: 15 % for the least borrowed, up to 50 %.
	pLoan := 0.15 + 0.35*min(1, math.Log1p(float64(rec.Popularity))/math.Log(5000))
	items := make([]library.Item, n)
	for j := range items {
		home := g.branch[g.homes.pick(r)].ID
		it := library.Item{
			Barcode:    barcode(i, j),
			HomeBranch: home,
			Branch:     home,
			CallNumber: call,
			Shelf:      shelf,
			Collection: rec.Audience,
			Status:     library.Available,
			Updated:    g.now.Add(-time.Duration(r.IntN(365*24)) * time.Hour).UTC(),
		}
		if r.IntN(8) == 0 {
			it.Collection = "floating"
		}
		switch u := r.Float64(); {
		case u < pLoan:
			it.Status = library.OnLoan
			// Due dates from a week ago (overdue) to four weeks ahead, at
			// the end of the day in Helsinki as loans fall due.
			due := library.DateOf(g.now.In(library.Helsinki)).AddDays(r.IntN(36) - 7)
			it.DueAt = due.In(library.Helsinki, library.NewClock(23, 59)).UTC()
			it.Updated = it.DueAt.AddDate(0, 0, -28)
		case u < pLoan+0.02:
			it.Status = library.InTransit
			it.Branch = g.branch[g.homes.pick(r)].ID
		case u < pLoan+0.035:
			it.Status = library.OnHoldShelf
			it.Branch = g.branch[g.homes.pick(r)].ID
		case u < pLoan+0.04:
			it.Status = library.Missing
		case u < pLoan+0.045:
			it.Status = library.InRepair
		// A few copies a cataloguer has marked: lost, damaged, or
		// withdrawn and waiting to be deleted.
		case u < pLoan+0.048:
			it.Status = library.Lost
		case u < pLoan+0.05:
			it.Status = library.Damaged
		case u < pLoan+0.052:
			it.Status = library.Withdrawn
		}
		items[j] = it
	}
	return items
}

// instrumentBranches are the demo branches that lend instruments home
// (their service "instrument-lending"): Oodi and Kallio in Helsinki,
// Sello in Espoo.
var instrumentBranches = []string{"hki-oodi", "hki-kallio", "esp-sello"}

// instrumentItems are one copy of an instrument at each branch that lends
// instruments and is in the demo, the first of them on loan.
func (g *generator) instrumentItems(i int, rec *library.Record) []library.Item {
	call, shelf := shelving(rec)
	var items []library.Item
	for _, b := range g.branch {
		for _, id := range instrumentBranches {
			if b.ID != id {
				continue
			}
			it := library.Item{Barcode: barcode(i, len(items)), HomeBranch: id, Branch: id, CallNumber: call, Shelf: shelf,
				Collection: rec.Audience, Status: library.Available, Updated: g.now.Add(-30 * 24 * time.Hour).UTC()}
			if len(items) == 0 && i%2 == 0 {
				it.Status = library.OnLoan
				due := library.DateOf(g.now.In(library.Helsinki)).AddDays(5 + i%7)
				it.DueAt = due.In(library.Helsinki, library.NewClock(23, 59)).UTC()
				it.Updated = it.DueAt.AddDate(0, 0, -14)
			}
			items = append(items, it)
		}
	}
	return items
}

// barcode is "K" and nine digits, unique for record i's copy j as long as
// the catalogue has fewer than 90 million records.
func barcode(i, j int) string {
	return padded("K", 100_000_000+i*10+j)
}

// padded returns prefix and n in nine digits, zero-padded, in one
// allocation: there are millions of these to make.
func padded(prefix string, n int) string {
	var d [9]byte
	for k := len(d) - 1; k >= 0; k-- {
		d[k] = byte('0' + n%10)
		n /= 10
	}
	var b strings.Builder
	b.Grow(len(prefix) + len(d))
	b.WriteString(prefix)
	b.Write(d[:])
	return b.String()
}
