package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// A synthetic catalogue for tests and benchmarks: Zipf-distributed words
// in four languages with inflected forms, authors and subjects with a long
// tail, and 1–10 copies per record over the 60 branches of four cities.

// testBranches are 60 branches in the proportions of Helmet's cities.
var testBranches = func() map[string]string {
	m := make(map[string]string)
	for city, n := range map[string]int{"helsinki": 37, "espoo": 15, "vantaa": 7, "kauniainen": 1} {
		for i := range n {
			m[fmt.Sprintf("%s-%02d", city[:3], i)] = city
		}
	}
	return m
}()

// corpus generates records deterministically from a seed.
type corpus struct {
	r        *rand.Rand
	words    map[string][]string // language → vocabulary, most frequent first
	zipf     map[string]*rand.Zipf
	authors  []string
	subjects []string
	branches []string
	authorZ  *rand.Zipf
	subjectZ *rand.Zipf
}

var (
	syllables = map[string][]string{
		"fin": {"ka", "ki", "ko", "ta", "tu", "la", "li", "sa", "mi", "ne", "pö", "ry", "vä", "ju", "ho"},
		"swe": {"bo", "ka", "st", "ör", "en", "li", "ma", "sk", "vä", "ru", "ål", "gr", "tr", "an"},
		"eng": {"th", "er", "in", "re", "on", "an", "st", "li", "ro", "ca", "ma", "de", "pe"},
		"rus": {"ко", "ни", "ра", "то", "ли", "ма", "де", "ст", "во", "ше", "ка", "ре", "по"},
	}
	suffixes = map[string][]string{
		"fin": {"", "", "n", "t", "ssa", "lla", "sta", "ja"},
		"swe": {"", "", "en", "er", "erna", "ar", "et"},
		"eng": {"", "", "s", "ing", "ed", "es"},
		"rus": {"", "а", "и", "ов", "ой", "ами"},
	}
	langs     = []string{"fin", "fin", "fin", "fin", "fin", "fin", "eng", "eng", "swe", "rus"}
	materials = []library.Material{
		library.Book, library.Book, library.Book, library.Book, library.Book, library.Book,
		library.EBook, library.AudioBook, library.CD, library.DVD, library.Magazine, library.BoardGame,
	}
	audiences = []string{library.AudienceAdult, library.AudienceAdult, library.AudienceYouth, library.AudienceChildren}
	genres    = []string{"romaanit", "dekkarit", "fantasia", "runot", "elämäkerrat", "sarjakuvat", "scifi", "kauhu", "historia", "kokkikirjat"}
)

func newCorpus(seed uint64, vocab int) *corpus {
	r := rand.New(rand.NewPCG(seed, 1))
	c := &corpus{r: r, words: map[string][]string{}, zipf: map[string]*rand.Zipf{}}
	for _, lang := range []string{"fin", "swe", "eng", "rus"} {
		syl := syllables[lang]
		seen := map[string]bool{}
		for len(c.words[lang]) < vocab {
			var b strings.Builder
			for range 2 + r.IntN(4) {
				b.WriteString(syl[r.IntN(len(syl))])
			}
			if w := b.String(); !seen[w] {
				seen[w] = true
				c.words[lang] = append(c.words[lang], w)
			}
		}
		c.zipf[lang] = rand.NewZipf(r, 1.1, 1, uint64(vocab-1))
	}
	for i := range max(vocab/2, 10) {
		c.authors = append(c.authors, fmt.Sprintf("%s, %s", c.words["fin"][(i*7)%vocab], c.words["eng"][(i*13)%vocab]))
	}
	for i := range max(vocab/5, 10) {
		c.subjects = append(c.subjects, c.words["fin"][i%vocab]+" "+c.words["swe"][(i*3)%vocab])
	}
	c.authorZ = rand.NewZipf(r, 1.05, 1, uint64(len(c.authors)-1))
	c.subjectZ = rand.NewZipf(r, 1.05, 1, uint64(len(c.subjects)-1))
	for b := range testBranches {
		c.branches = append(c.branches, b)
	}
	slices.Sort(c.branches)
	return c
}

// text returns n words of lang, inflected at random.
func (c *corpus) text(lang string, n int) string {
	if _, ok := syllables[lang]; !ok {
		lang = "eng"
	}
	ws := make([]string, n)
	for i := range ws {
		suf := suffixes[lang]
		ws[i] = c.words[lang][c.zipf[lang].Uint64()] + suf[c.r.IntN(len(suf))]
	}
	return strings.Join(ws, " ")
}

// record returns record id and its items.
func (c *corpus) record(id int64) (library.Record, []library.Item) {
	r := c.r
	lang := langs[r.IntN(len(langs))]
	rec := library.Record{
		ID:         id,
		Title:      c.text(lang, 1+r.IntN(5)),
		Language:   lang,
		Year:       2026 - int(r.ExpFloat64()*15)%120,
		Material:   materials[r.IntN(len(materials))],
		Audience:   audiences[r.IntN(len(audiences))],
		Popularity: int(r.ExpFloat64() * 50),
		Publisher:  "Kustannus " + c.words["fin"][r.IntN(min(200, len(c.words["fin"])))],
		ISBNs:      []string{fmt.Sprintf("978951%07d", id%10000000)},
	}
	if r.IntN(3) == 0 {
		rec.Subtitle = c.text(lang, 2+r.IntN(4))
	}
	if r.IntN(20) == 0 {
		rec.Year = 0
	}
	for range 1 + r.IntN(3) {
		rec.Authors = append(rec.Authors, library.Contributor{Name: c.authors[c.authorZ.Uint64()], Role: "author"})
	}
	for range r.IntN(5) {
		rec.Subjects = append(rec.Subjects, c.subjects[c.subjectZ.Uint64()])
	}
	for range r.IntN(3) {
		rec.Genres = append(rec.Genres, genres[r.IntN(len(genres))])
	}
	if r.IntN(2) == 0 {
		rec.Summary = c.text(lang, 10+r.IntN(30))
	}
	var items []library.Item
	for i := range 1 + r.IntN(10) {
		st := library.Available
		if r.IntN(5) < 2 {
			st = library.ItemStatuses[1+r.IntN(len(library.ItemStatuses)-1)]
		}
		br := c.branches[r.IntN(len(c.branches))]
		items = append(items, library.Item{
			ID: id*100 + int64(i), RecordID: id, Barcode: fmt.Sprintf("B%d-%d", id, i),
			HomeBranch: br, Branch: br, Status: st,
		})
	}
	return rec, items
}

// docs returns n documents with IDs 1 to n.
func (c *corpus) docs(n int) []Doc {
	ds := make([]Doc, n)
	for i := range ds {
		ds[i] = DocFrom(c.record(int64(i + 1)))
	}
	return ds
}
