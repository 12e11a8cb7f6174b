package demo

import (
	"iter"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Records returns the first n records of the demo catalogue for seed, with
// their items spread over the branches of c, as a stream: memory stays
// small however large n is. Record i depends only on seed and i, so the
// catalogue for a larger n starts with the catalogue for a smaller one.
// Loans fall due around now. The catalogue opens with well-known real works.
func Records(seed uint64, n int, c library.Consortium, now time.Time) iter.Seq[library.RecordWithItems] {
	return func(yield func(library.RecordWithItems) bool) {
		g := newGenerator(seed, c, now)
		for i := range n {
			if !yield(g.record(i)) {
				return
			}
		}
	}
}

// weighted is a lookup table for picking from a discrete distribution
// with one random number: each choice fills as many slots as its weight.
type weighted[T any] []T

func newWeighted[T any](choices []T, weights []int) weighted[T] {
	var w weighted[T]
	for i, c := range choices {
		for range weights[i] {
			w = append(w, c)
		}
	}
	return w
}

func (w weighted[T]) pick(r *rand.Rand) T { return w[r.IntN(len(w))] }

var (
	finLang  = compile(finnish, nil)
	allLangs = func() []*lang {
		ls := []*lang{finLang, compile(swedish, finLang), compile(english, finLang), compile(russian, finLang)}
		for _, d := range minorLanguages {
			ls = append(ls, compile(d, finLang))
		}
		return ls
	}()
	// Per mille: Finnish 60 %, English 18 %, Swedish 12 %, Russian 4 %.
	languages = newWeighted(allLangs, []int{600, 120, 180, 40, 12, 10, 9, 8, 6, 5})
	materials = newWeighted(
		[]library.Material{library.Book, library.EBook, library.AudioBook, library.CD, library.DVD, library.BluRay,
			library.Magazine, library.SheetMusic, library.BoardGame, library.Vinyl, library.OtherMedium},
		[]int{650, 80, 60, 50, 50, 20, 30, 20, 10, 10, 20})
	audiences = newWeighted([]string{library.AudienceAdult, library.AudienceChildren, library.AudienceYouth}, []int{70, 22, 8})
)

// Genres and publishers of media that Finnish libraries describe in
// Finnish whatever the language of the work.
var (
	musicGenres = []string{"pop", "rock", "jazz", "klassinen musiikki", "kansanmusiikki", "iskelmät", "hip hop", "metalli", "elokuvamusiikki"}
	filmGenres  = []string{"draama", "komedia", "dokumenttielokuvat", "animaatiot", "toimintaelokuvat", "kauhuelokuvat", "jännityselokuvat"}
	labels      = []string{"Warner Music Finland", "Universal Music", "Sony Music", "Ondine", "BIS", "Naxos", "Fazer Musiikki", "Love Records", "Spinefarm"}
	distributor = []string{"Nordisk Film", "SF Film", "Future Film", "Warner Bros.", "Sony Pictures", "Scanbox", "Sputnik"}
	gameMakers  = []string{"Tactic", "Lautapelit.fi", "Kosmos", "Asmodee", "Hasbro"}
	// Magazines as title|language, real ones the libraries subscribe to.
	magazines = []string{"Suomen Kuvalehti|fin", "Image|fin", "Tekniikan Maailma|fin", "Kotiliesi|fin", "Aku Ankka|fin",
		"Tieteen Kuvalehti|fin", "Apu|fin", "Gloria|fin", "Meidän Talo|fin", "Opettaja|fin", "Vi|swe", "Astra Nova|swe",
		"National Geographic|eng", "The Economist|eng", "Vogue|eng", "New Scientist|eng"}
)

// generator makes records. It reseeds one PCG per record, so that record i
// comes out the same whatever came before it.
type generator struct {
	seed    uint64
	now     time.Time
	pcg     *rand.PCG
	r       *rand.Rand
	buf     []byte                // reused by text
	authors map[string]*rand.Zipf // by language code: a few authors write many books
	homes   weighted[int]         // branch index, by size
	branch  []library.Branch
}

func newGenerator(seed uint64, c library.Consortium, now time.Time) *generator {
	g := &generator{seed: seed, now: now, pcg: rand.NewPCG(seed, 0), branch: c.Branches, authors: map[string]*rand.Zipf{}}
	g.r = rand.New(g.pcg)
	for _, l := range allLangs {
		g.authors[l.code] = rand.NewZipf(g.r, 1.15, 3, uint64(len(l.lasts)*len(l.firsts)-1))
	}
	sizes := map[string]branchSize{}
	for _, s := range branchSpecs {
		sizes[s.id] = s.size
	}
	var idx, weights []int
	for i, b := range c.Branches {
		w := 1
		switch size, ok := sizes[b.ID]; {
		case !ok || size == medium:
			w = 5
		case size == large:
			w = 12
		case size == small:
			w = 3
		}
		idx = append(idx, i)
		weights = append(weights, w)
	}
	g.homes = newWeighted(idx, weights)
	return g
}

// splitmix64 scrambles a record number into a PCG stream selector, so that
// neighbouring records get unrelated random numbers.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func (g *generator) record(i int) library.RecordWithItems {
	g.pcg.Seed(g.seed, splitmix64(uint64(i)))
	var rec library.Record
	var l *lang
	if i < len(classicRecords) {
		rec, l = g.classic(i)
	} else {
		rec, l = g.random()
	}
	rec.SourceID = padded("KIRJASTO-DEMO ", i+1)
	created := g.now.Add(-time.Duration(g.r.IntN(3650*24)) * time.Hour)
	if first := time.Date(rec.Year, time.January, 1, 0, 0, 0, 0, time.UTC); created.Before(first) {
		created = first
	}
	rec.Created, rec.Updated = created.UTC(), created.UTC()
	return library.RecordWithItems{Record: rec, Items: g.items(i, &rec, l)}
}

func (g *generator) random() (library.Record, *lang) {
	r := g.r
	l := languages.pick(r)
	rec := library.Record{Language: l.code, Material: materials.pick(r), Audience: audiences.pick(r)}
	k := l.pick(r)
	rec.Title = g.text(l, l.titles[l.titleKinds.pick(r)], k, titleText)
	rec.Year = g.year()
	rec.Popularity = popularity(r)
	author, authorIdx := g.author(l)
	fiction := r.IntN(10) < 7
	printed := rec.Material == library.Book || rec.Material == library.EBook || rec.Material == library.AudioBook
	switch rec.Material {
	case library.CD, library.Vinyl:
		fiction = false
		rec.Authors = []library.Contributor{{Name: author, Role: "performer"}}
		if r.IntN(3) == 0 {
			rec.Authors = append(rec.Authors, library.Contributor{Name: g.name(l), Role: "composer"})
		}
		rec.Genres = []string{musicGenres[r.IntN(len(musicGenres))]}
		rec.Publisher = labels[r.IntN(len(labels))]
	case library.SheetMusic:
		fiction = false
		rec.Authors = []library.Contributor{{Name: author, Role: "composer"}}
		rec.Genres = []string{musicGenres[r.IntN(len(musicGenres))]}
		rec.Publisher = "Fennica Gehrman"
	case library.DVD, library.BluRay:
		fiction = false
		rec.Authors = []library.Contributor{{Name: author, Role: "director"}}
		rec.Genres = []string{filmGenres[r.IntN(len(filmGenres))]}
		rec.Publisher = distributor[r.IntN(len(distributor))]
	case library.BoardGame:
		fiction = false
		rec.Authors = []library.Contributor{{Name: author, Role: "designer"}}
		rec.Genres = []string{"lautapelit"}
		rec.Publisher = gameMakers[r.IntN(len(gameMakers))]
	case library.Magazine:
		fiction = false
		title, code, _ := strings.Cut(magazines[r.IntN(len(magazines))], "|")
		l, k = langOf(code), langOf(code).pick(r) // the summary speaks the magazine's language
		rec.Title, rec.Language = title, code
		rec.Year = g.now.Year() - r.IntN(3)
		rec.ISSNs = []string{issn(r)}
		rec.Publisher = l.publishers[r.IntN(len(l.publishers))]
	default:
		rec.Authors = []library.Contributor{{Name: author, Role: "author"}}
		rec.Publisher = l.publishers[r.IntN(len(l.publishers))]
		rec.ISBNs = []string{isbn13(r, l.isbn[r.IntN(len(l.isbn))])}
		if rec.Audience == library.AudienceChildren && r.IntN(2) == 0 {
			rec.Authors = append(rec.Authors, library.Contributor{Name: g.name(l), Role: "illustrator"})
		}
		if l == finLang && r.IntN(5) == 0 {
			rec.Authors = append(rec.Authors, library.Contributor{Name: g.name(finLang), Role: "translator"})
		}
		if rec.Material == library.AudioBook {
			rec.Authors = append(rec.Authors, library.Contributor{Name: g.name(l), Role: "narrator"})
		}
		if rec.Material == library.EBook {
			rec.Year = max(rec.Year, 2008)
		}
	}
	if printed && fiction {
		genres := l.genres
		if rec.Audience == library.AudienceChildren {
			genres = l.childGenres
		}
		rec.Genres = []string{genres[r.IntN(len(genres))]}
		if r.IntN(5) == 0 {
			rec.Subtitle = g.text(l, l.subtitles[r.IntN(len(l.subtitles))], k, subtitleText)
		}
		if r.IntN(8) == 0 {
			// A series belongs to its author, so popular authors' series recur.
			rec.Series = g.text(l, l.titles[1], pick{n: authorIdx % len(l.nouns), a: authorIdx % max(len(l.adjs), 1)}, titleText)
		}
	}
	if rec.Material != library.Magazine {
		nsub := r.IntN(2)
		if !fiction {
			nsub = 1 + r.IntN(3)
		}
		rec.Subjects = g.subjects(l, nsub)
	}
	if len(l.summaries) > 0 && (printed && r.IntN(10) < 6 || r.IntN(10) < 2) {
		rec.Summary = g.text(l, l.summaries[r.IntN(len(l.summaries))], k, sentenceText)
	}
	return rec, l
}

// The kinds of text expanded from templates. Subtitles start in lower
// case as cataloguers write them ("romaani"), except in English.
const (
	titleText = iota
	subtitleText
	sentenceText
)

// text expands t for a record as a title, a subtitle or a sentence.
func (g *generator) text(l *lang, t template, k pick, kind int) string {
	g.buf = l.expand(g.buf, t, k, kind != subtitleText, kind != sentenceText)
	return string(g.buf)
}

// year is a publication year skewed to recent ones: most after 2000, a
// tail back to 1950.
func (g *generator) year() int {
	y := g.now.Year() - int(g.r.ExpFloat64()*13)
	if y < 1950 {
		y = 1950 + g.r.IntN(30)
	}
	return y
}

// popularity is Pareto-distributed loans over the years: a median of a
// few, and a handful of titles with thousands.
func popularity(r *rand.Rand) int {
	p := 10*math.Pow(1-r.Float64(), -1/1.4) - 10
	return min(int(p), 20000)
}

func (g *generator) author(l *lang) (string, int) {
	k := int(g.authors[l.code].Uint64())
	last := l.lasts[k%len(l.lasts)]
	f := (k/len(l.lasts) + 7*k) % len(l.firsts)
	return personName(l, last, f), k
}

func (g *generator) name(l *lang) string {
	return personName(l, l.lasts[g.r.IntN(len(l.lasts))], g.r.IntN(len(l.firsts)))
}

func personName(l *lang, last []string, first int) string {
	surname := last[0]
	if l.femFirst[first] && len(last) > 1 {
		surname = last[1]
	}
	return surname + ", " + l.firsts[first]
}

func (g *generator) subjects(l *lang, n int) []string {
	out := make([]string, 0, n)
	for range n {
		s := l.subjects[g.r.IntN(len(l.subjects))]
		dup := false
		for _, t := range out {
			dup = dup || t == s
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out
}

// isbn13 returns a random ISBN-13 with the given prefix and a valid check digit.
func isbn13(r *rand.Rand, prefix string) string {
	var d [13]byte
	copy(d[:], prefix)
	for i := len(prefix); i < 12; i++ {
		d[i] = byte('0' + r.IntN(10))
	}
	sum := 0
	for i := range 12 {
		w := 1
		if i%2 == 1 {
			w = 3
		}
		sum += int(d[i]-'0') * w
	}
	d[12] = byte('0' + (10-sum%10)%10)
	return string(d[:])
}

// issn returns a random ISSN with a valid check digit.
func issn(r *rand.Rand) string {
	var d [9]byte
	sum := 0
	for i, w := 0, 8; i < 8; i++ {
		if i == 4 {
			d[i] = '-'
			continue
		}
		d[i] = byte('0' + r.IntN(10))
		sum += int(d[i]-'0') * w
		w--
	}
	switch c := (11 - sum%11) % 11; c {
	case 10:
		d[8] = 'X'
	default:
		d[8] = byte('0' + c)
	}
	return string(d[:])
}
