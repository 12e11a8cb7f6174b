package search

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
)

// relevanceIndex indexes the hand-built catalogue of testdata/relevance.txt
// among synthetic distractors (IDs from 10,000), whose made-up words share
// no word with it but fill the index's statistics as a real catalogue would.
func relevanceIndex(t testing.TB) *Index { return relevanceIndexWith(t, nil) }

// relevanceIndexWith is relevanceIndex with Finnish analysed by m.
func relevanceIndexWith(t testing.TB, m Morphology) *Index {
	t.Helper()
	f, err := os.Open("testdata/relevance.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ix := New(Config{Branches: testBranches, Finnish: m})
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		p := strings.Split(line, "|")
		if len(p) == 10 {
			p = append(p, "") // no notes
		}
		if len(p) != 11 {
			t.Fatalf("bad line %q", line)
		}
		list := func(s string) []string {
			if s == "" {
				return nil
			}
			return strings.Split(s, ";")
		}
		id, _ := strconv.ParseInt(p[0], 10, 64)
		year, _ := strconv.Atoi(p[3])
		pop, _ := strconv.Atoi(p[4])
		rec := library.Record{
			ID: id, Language: p[1], Material: library.Material(p[2]), Year: year, Popularity: pop,
			Title: p[5], Subtitle: p[6], Subjects: list(p[8]), ISBNs: list(p[9]), Notes: list(p[10]),
		}
		for _, a := range list(p[7]) {
			rec.Authors = append(rec.Authors, library.Contributor{Name: a})
		}
		ix.Put(DocFrom(rec, nil))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	c := newCorpus(7, 2000)
	for i := range 400 {
		rec, items := c.record(int64(10_000 + i))
		ix.Put(DocFrom(rec, items))
	}
	return ix
}

// relevanceCases are queries as patrons type them, with the records that
// must come first: top lists the first hits in any order (those the
// ranking cannot tell apart, such as editions of one work); first, when
// set, must be the very first.
var relevanceCases = []relevanceCase{
	// Finnish.
	{"fi", "seitsemän veljestä", 0, []int64{1, 2, 3}},
	{"fi", "seitseman veljesta", 0, []int64{1, 2, 3}},
	{"fi", "aleksis kivi", 0, []int64{1, 2, 3}},
	{"fi", "tuntematon sotilas", 4, []int64{4, 29}},
	{"fi", "väinö linna", 0, []int64{4, 5, 29, 63}},
	{"fi", "sinuhe", 6, nil},
	{"fi", "muumipeikko", 7, nil},
	{"fi", "jansson kesäkirja", 9, nil},
	{"fi", "sofi oksanen puhdistus", 10, nil},
	{"fi", "oksanen", 0, []int64{10, 11}},
	{"fi", "kalevala", 12, nil},
	{"fi", "kissa", 0, []int64{13, 14, 28, 90}},
	{"fi", "talvisota", 16, nil},
	{"fi", "harry potter viisasten kivi", 19, nil},
	{"fi", "harry potter", 0, []int64{19, 20, 52, 53}},
	{"fi", "hytti nro 6", 21, nil},
	{"fi", "rikos ja rangaistus", 23, nil},
	{"fi", "978-951-31-1234-5", 19, nil},
	{"fi", "9789510029555", 4, nil},
	{"fi", "tuntem*", 0, []int64{4, 29}},
	{"fi", "suomen historia", 17, nil},
	{"fi", "helsingin kaupunginkirjasto", 18, nil},
	{"fi", "hobitti", 95, nil},
	{"fi", "muumit -kesä", 0, []int64{7, 8}},
	{"fi", `"sota ja rauha"`, 24, nil},
	// A classic's editions in other languages, through the original title
	// the translations carry.
	{"fi", "sota ja rauha", 24, []int64{24, 57, 73}},
	{"fi", "anna karenina", 0, []int64{25, 74}},
	{"fi", `"harry potter ja viisasten ki"*`, 19, nil},
	// The user's language ranks first (the English and French books about
	// Helsinki follow), and Finnish inflection with consonant gradation
	// (Helsinki, Helsingin, Helsingissä) is the same word.
	{"fi", "helsinki", 0, []int64{97, 103, 104}},
	// Swedish.
	{"sv", "pippi långstrump", 33, nil},
	{"sv", "pippi langstrump", 33, nil},
	{"sv", "astrid lindgren", 0, []int64{33, 34, 35}},
	{"sv", "bröderna lejonhjärta", 34, nil},
	{"sv", "ronja", 35, nil},
	{"sv", "män som hatar kvinnor", 36, nil},
	{"sv", "katter", 0, []int64{38, 41}},
	{"sv", "katt", 0, []int64{38, 41}},
	{"sv", "trollkarlens hatt", 31, nil},
	{"sv", "utvandrarna moberg", 39, nil},
	{"sv", "strindberg", 40, nil},
	{"sv", "sommarboken", 32, nil},
	{"sv", "finlands historia", 42, nil},
	// English.
	{"en", "pride and prejudice", 50, nil},
	{"en", "jane austen", 0, []int64{50, 51}},
	{"en", "lord of the rings", 54, nil},
	{"en", "hobbit tolkien", 55, nil},
	{"en", "crime and punishment", 56, nil},
	{"en", "war and peace", 57, nil},
	{"en", "the cat in the hat", 59, nil},
	{"en", "cats", 60, nil},
	{"en", "orwell", 0, []int64{61, 62}},
	{"en", "animal farm", 62, nil},
	{"en", "brief history of time", 58, nil},
	{"en", `"chamber of secrets"`, 53, nil},
	{"en", "harry potter -chamber -kammio", 0, []int64{19, 52}},
	{"en", "summer book jansson", 65, nil},
	{"en", "history of finland", 69, nil},
	{"en", "helsinki", 0, []int64{100, 102}},
	// Russian.
	{"ru", "преступление и наказание", 70, nil},
	{"ru", "братья карамазовы", 71, nil},
	{"ru", "война и мир", 73, nil},
	{"ru", "мастер и маргарита", 75, nil},
	{"ru", "пушкин", 76, nil},
	{"ru", "мертвые души", 77, nil},
	{"ru", "чехов", 78, nil},
	{"ru", "кошки", 0, []int64{80, 83}},
	{"ru", "гарри поттер", 81, nil},
	{"ru", "история финляндии", 82, nil},
	// Across scripts.
	{"fi", "dostojevski", 0, []int64{23, 27, 56, 70, 71, 72}},
	{"en", "dostoevsky", 0, []int64{23, 27, 56, 70, 71, 72}},
	{"fr", "Dostoïevski", 0, []int64{23, 27, 56, 70, 71, 72}},
	{"ru", "достоевский", 0, []int64{23, 27, 56, 70, 71, 72}},
	{"en", "tolstoy", 0, []int64{24, 25, 57, 73, 74}},
	// A Finnish biography of Tolstoi (87) is as good a hit as his works
	// in other languages for a Finnish user.
	{"fi", "tolstoi", 0, []int64{24, 25, 57, 73, 74, 87}},
	{"ru", "булгаков", 0, []int64{26, 75}},
	{"en", "bulgakov margarita", 0, []int64{26, 75}},
	{"en", "master i margarita", 75, nil},
	{"fi", "tšehov", 78, nil},
}

type relevanceCase struct {
	lang, query string
	first       int64
	top         []int64
}

// inflectedCases are Finnish queries in other forms than the records'
// words: they need morphology (morph.go), and Snowball alone fails most.
var inflectedCases = []relevanceCase{
	// Consonant gradation and stem changes, in any interface language:
	// the books with the word, or a compound of it, in the title first.
	{"fi", "sodassa", 24, []int64{16, 24, 84, 99, 105}},
	{"en", "sodassa", 24, []int64{16, 24, 84, 99, 105}},
	{"fi", "sodan", 105, nil},
	{"fi", "kädessä", 107, nil},
	{"fi", "käsi", 107, nil},
	{"fi", "tytöt", 110, []int64{110, 106}},
	{"fi", "tyttöjen", 0, []int64{106, 110}},
	{"fi", "hevonen", 111, nil},
	{"fi", "pöytä", 112, nil},
	{"fi", "lintu", 113, nil},
	{"fi", "vesi", 114, nil},
	{"fi", "katu", 115, nil},
	{"fi", "kissoja", 0, []int64{13, 14, 28, 90}},
	{"fi", "helsingissä", 104, nil},
	// The English interface: the Finnish and the English books about
	// the city, whose "Helsinki" is the base form.
	{"en", "helsingissä", 0, []int64{18, 97, 100, 101, 102, 103, 104}},
	// Possessive suffixes and clitics.
	{"fi", "kirjani", 116, nil},
	{"fi", "kirjakin", 116, nil},
	{"fi", "kirjako", 116, nil},
	// Compounds: by a part, below the word itself, and inflected.
	{"fi", "kortti", 109, []int64{109, 108}},
	{"fi", "kirjastokortin", 108, nil},
	{"fi", "talvisodan", 16, nil},
	{"fi", "sotaromaani", 99, nil},
	{"fi", "lemmikkieläin", 0, []int64{14, 15}},
	{"fi", "muumipeikon", 7, nil},
	// Titles typed in another case.
	{"fi", "tuntemattoman sotilaan", 0, []int64{4, 29}},
	{"fi", "seitsemän veljeksen", 0, []int64{1, 2, 3}},
	{"fi", "helsingin kaupunginkirjastossa", 18, nil},
}

// failures returns what is wrong with the first hits of tt in ix.
func (tt relevanceCase) failures(t *testing.T, ix *Index) []string {
	t.Helper()
	res, err := ix.Search(t.Context(), library.SearchQuery{Text: tt.query, Lang: tt.lang, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	var got []int64
	for _, h := range res.Hits {
		got = append(got, h.ID)
	}
	var errs []string
	if tt.first != 0 && (len(got) == 0 || got[0] != tt.first) {
		errs = append(errs, fmt.Sprintf("first hit of %v, want %d", got, tt.first))
	}
	if len(tt.top) > 0 {
		top := sorted(got[:min(len(got), len(tt.top))])
		if diff := cmp.Diff(sorted(tt.top), top); diff != "" {
			errs = append(errs, fmt.Sprintf("top %d of %v: -want +got:\n%s", len(tt.top), got, diff))
		}
	}
	return errs
}

// TestRelevance runs the relevance cases with Snowball alone and with
// Voikko's morphology, and the inflected cases with the morphology; it
// logs how many of those Snowball alone would pass.
func TestRelevance(t *testing.T) {
	plain := relevanceIndex(t)
	run := func(t *testing.T, ix *Index, cases []relevanceCase) {
		for _, tt := range cases {
			t.Run(tt.lang+"/"+tt.query, func(t *testing.T) {
				for _, e := range tt.failures(t, ix) {
					t.Error(e)
				}
			})
		}
	}
	t.Run("snowball", func(t *testing.T) { run(t, plain, relevanceCases) })
	t.Run("voikko", func(t *testing.T) {
		ix := relevanceIndexWith(t, finnishMorphology(t))
		run(t, ix, append(relevanceCases[:len(relevanceCases):len(relevanceCases)], inflectedCases...))
		passed := 0
		for _, tt := range inflectedCases {
			if len(tt.failures(t, plain)) == 0 {
				passed++
			}
		}
		t.Logf("Snowball alone passes %d of the %d inflected cases", passed, len(inflectedCases))
	})
	if n := len(inflectedCases); n < 25 {
		t.Errorf("%d inflected cases, want at least 25", n)
	}
	if n := len(relevanceCases); n < 40 {
		t.Errorf("%d relevance cases, want at least 40", n)
	}
	langs := map[string]int{}
	for _, tt := range relevanceCases {
		langs[tt.lang]++
	}
	for _, l := range []string{"fi", "sv", "en", "ru"} {
		if langs[l] < 8 {
			t.Errorf("%d relevance cases in %s, want at least 8", langs[l], l)
		}
	}
}

// TestDidYouMean runs with Snowball alone and with Voikko's morphology,
// which must not change these corrections.
func TestDidYouMean(t *testing.T) {
	tests := []struct{ lang, query, want string }{
		{"en", "harry poter", "harry potter"},
		{"fi", "tuntematon sotilss", "tuntematon sotilas"},
		{"fi", "kalevla", "kalevala"},
		{"sv", "pipi långstrump", "pippi långstrump"},
		{"sv", "pip långstrump", ""}, // too short to guess
		{"sv", "lindgen", "lindgren"},
		{"ru", "мастер и маргарта", "мастер и маргарита"},
		{"en", `title:"lord of the rigns"`, `title:"lord of the rings"`},
		{"en", "orwell -farm", ""},                               // found: nothing to correct
		{"fi", "xqzzyv", ""},                                     // nothing near
		{"en", "jane austen OR austin", "jane austen OR austen"}, // few hits, and austin none
	}
	check := func(t *testing.T, ix *Index) {
		for _, tt := range tests {
			res, err := ix.Search(t.Context(), library.SearchQuery{Text: tt.query, Lang: tt.lang})
			if err != nil {
				t.Fatal(err)
			}
			if res.DidYouMean != tt.want {
				t.Errorf("%q: DidYouMean %q, want %q (%d hits)", tt.query, res.DidYouMean, tt.want, res.Total)
			}
		}
	}
	t.Run("snowball", func(t *testing.T) { check(t, relevanceIndex(t)) })
	t.Run("voikko", func(t *testing.T) { check(t, relevanceIndexWith(t, finnishMorphology(t))) })
}
