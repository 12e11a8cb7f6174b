package search

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
)

// analysis is one word's entry in a mapMorphology.
type analysis struct{ bases, parts []string }

// mapMorphology is a Morphology from a table, for the exact cases of the
// index's logic. What it says of Finnish is a small part of what Voikko
// says; the quality tests use Voikko's dictionary itself (voikko_test.go).
type mapMorphology map[string]analysis

func (m mapMorphology) Lemmas(w string) (bases, parts []string, known bool) {
	a, ok := m[w]
	return a.bases, a.parts, ok
}

var testMorph = mapMorphology{
	"sota":           {bases: []string{"sota"}},
	"sodan":          {bases: []string{"sota"}},
	"sodassa":        {bases: []string{"sota"}},
	"ja":             {bases: []string{"ja"}},
	"rauha":          {bases: []string{"rauha"}},
	"jälkeen":        {bases: []string{"jälkeen", "jälki"}},
	"kortti":         {bases: []string{"kortti"}},
	"kortin":         {bases: []string{"kortti"}},
	"tarina":         {bases: []string{"tarina"}},
	"kirjastokortti": {bases: []string{"kirjastokortti"}, parts: []string{"kirjasto", "kortti"}},
	"kesä":           {bases: []string{"kesä"}},
	"helsinki":       {bases: []string{"Helsinki"}},
	"helsingissä":    {bases: []string{"Helsinki"}},
	"on":             {bases: []string{"olla"}},
	"olla":           {bases: []string{"olla"}},
	"tuli":           {bases: []string{"tuli", "tulla"}},
	"tulen":          {bases: []string{"tuli", "tulla"}},
}

// corpusMorphology knows the made-up Finnish words of the synthetic
// corpus (corpus_test.go) that end in one of its case endings, as forms
// of the word without it, and splits long base forms in two as if they
// were compounds: enough to make every build and restart test carry base
// forms and parts.
type corpusMorphology struct{}

func (corpusMorphology) Lemmas(w string) (bases, parts []string, known bool) {
	for _, end := range []string{"ssa", "lla", "sta", "ja", "n", "t"} {
		if base, ok := strings.CutSuffix(w, end); ok && len(base) >= 4 {
			if rs := []rune(base); len(rs) >= 8 {
				parts = []string{string(rs[:len(rs)/2]), string(rs[len(rs)/2:])}
			}
			return []string{base}, parts, true
		}
	}
	return nil, nil, false
}

// analyse analyses d without morphology.
func analyse(d Doc) *analysed { return newAnalyser(nil).analyse(d) }

// morphRecords are Finnish and English records whose words testMorph
// knows, and one whose word it does not.
var morphRecords = []library.Record{
	{ID: 1, Language: "fin", Title: "Sota ja rauha"},
	{ID: 2, Language: "fin", Title: "Sodan jälkeen"},
	{ID: 3, Language: "fin", Title: "Kirjastokortti"},
	{ID: 4, Language: "fin", Title: "Kortti"},
	{ID: 5, Language: "fin", Title: "Kortin tarina"},
	{ID: 6, Language: "eng", Title: "A summer in Helsinki"},
	{ID: 7, Language: "fin", Title: "Kesä Helsingissä"},
	{ID: 8, Language: "eng", Title: "On the road"},
	{ID: 9, Language: "fin", Title: "Kalevalan matkat"},
	{ID: 10, Language: "fin", Title: "Tulen tarina"},
}

func morphIndex(t testing.TB, m Morphology) *Index {
	t.Helper()
	ix := New(Config{Finnish: m, FinnishID: "test", NoResultCache: true})
	for _, r := range morphRecords {
		ix.Put(DocFrom(r, nil))
	}
	return ix
}

// hits returns the IDs of the hits of query in interface language lang,
// in order.
func hits(t testing.TB, ix *Index, lang, query string) []int64 {
	t.Helper()
	res, err := ix.Search(t.Context(), library.SearchQuery{Text: query, Lang: lang})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func TestMorphologySearch(t *testing.T) {
	ix := morphIndex(t, testMorph)
	tests := []struct {
		lang, query string
		want        []int64 // in order, or in any for anyOrder
		anyOrder    bool
	}{
		// Any form finds the others; the form as typed ranks first.
		{"fi", "sota", []int64{1, 2}, false},
		{"fi", "sodan", []int64{2, 1}, false},
		{"fi", "sodassa", []int64{1, 2}, true},
		{"en", "sodassa", []int64{1, 2}, true}, // the interface language does not matter
		// A title with the word comes before one with another form of
		// it, and that before a compound with it as a part.
		{"fi", "kortti", []int64{4, 5, 3}, false},
		{"fi", "kortin", []int64{5, 4, 3}, false},
		{"fi", "kirjastokortti", []int64{3}, false},
		// A base form found in a record of another language: a name.
		{"fi", "helsingissä", []int64{7, 6}, false},
		{"en", "helsinki", []int64{6, 7}, false},
		// Records in other languages are not analysed: "on" is no form
		// of "olla" in English.
		{"fi", "olla", nil, false},
		// Every base form the analysis allows.
		{"fi", "tuli", []int64{10}, false},
		// A phrase is its words as typed.
		{"fi", `"sodan jälkeen"`, []int64{2}, false},
		{"fi", `"sota jälkeen"`, nil, false},
		// A word the analyser does not know is stemmed by Snowball.
		{"fi", "kalevala", []int64{9}, false},
	}
	for _, tt := range tests {
		got := hits(t, ix, tt.lang, tt.query)
		if tt.anyOrder {
			slices.Sort(got)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s %q: hits %v, want %v", tt.lang, tt.query, got, tt.want)
		}
	}

	// Without morphology, Snowball alone: sota and sodan stay apart.
	plain := morphIndex(t, nil)
	if got := hits(t, plain, "fi", "sota"); !slices.Equal(got, []int64{1}) {
		t.Errorf("without morphology, sota found %v, want [1]", got)
	}
}

// TestMorphologyTerms checks what a Finnish record's words add to the
// index: base forms other than the word and compound parts, and the
// Snowball stem only for words the analyser does not know.
func TestMorphologyTerms(t *testing.T) {
	an := newAnalyser(newMorphology(testMorph))
	tests := []struct {
		rec  library.Record
		want []string
	}{
		{library.Record{Language: "fin", Title: "Sodan jälkeen"}, []string{"fl:jälki", "fl:sota", "jalkeen", "jälkeen", "sodan"}},
		{library.Record{Language: "fin", Title: "Kirjastokortti"}, []string{"fc:kirjasto", "fc:kortti", "kirjastokortti"}},
		{library.Record{Language: "fin", Title: "Helsingissä"}, []string{"fl:helsinki", "helsingissa", "helsingissä"}},
		{library.Record{Language: "fin", Title: "Kalevalan"}, []string{"fi:kaleval", "kalevalan"}},
		{library.Record{Language: "eng", Title: "On Helsingissä"}, []string{"en:helsingissä", "helsingissa", "helsingissä", "on"}},
	}
	for _, tt := range tests {
		a := an.analyse(DocFrom(tt.rec, nil))
		got := slices.Sorted(slices.Values(a.terms[fTitle]))
		if diff := cmp.Diff(tt.want, slices.Compact(got)); diff != "" {
			t.Errorf("%q: title terms -want +got:\n%s", tt.rec.Title, diff)
		}
	}
}

// TestMorphologyCache checks that a word is analysed once, that the cache
// stays within its bound, and that it is safe for concurrent use.
func TestMorphologyCache(t *testing.T) {
	var calls countingMorphology
	mo := newMorphology(&calls)
	for range 3 {
		if l := mo.lookup("sodan"); !l.known || !slices.Equal(l.bases, []string{"soda"}) {
			t.Fatalf("lookup(sodan) = %+v", l)
		}
	}
	if n := calls.count("sodan"); n != 1 {
		t.Errorf("sodan analysed %d times, want once", n)
	}
	for _, w := range []string{"1984", "война", "x"} {
		if mo.lookup(w).known {
			t.Errorf("%q looked up as known", w)
		}
		if calls.count(w) != 0 {
			t.Errorf("%q was asked about", w)
		}
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range maxLemmaWords/2 + 1000 {
				mo.lookup(letters(g*maxLemmaWords + i))
			}
		})
	}
	wg.Wait()
	n := 0
	for i := range mo.shards {
		n += len(mo.shards[i].words)
	}
	if n > maxLemmaWords || n < maxLemmaWords/2 {
		t.Errorf("%d words cached after %d, want at most %d and not far fewer", n, 2*maxLemmaWords, maxLemmaWords)
	}
}

// letters writes n in the letters a to z.
func letters(n int) string {
	b := []byte("sana")
	for ; n > 0; n /= 26 {
		b = append(b, byte('a'+n%26))
	}
	return string(b)
}

// countingMorphology knows every word ending in "n" as a form of the word
// without it, and counts the words it was asked about.
type countingMorphology struct {
	mu    sync.Mutex
	calls map[string]int
}

func (m *countingMorphology) Lemmas(w string) ([]string, []string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.calls == nil {
		m.calls = map[string]int{}
	}
	m.calls[w]++
	if base, ok := strings.CutSuffix(w, "n"); ok {
		return []string{base}, nil, true
	}
	return nil, nil, false
}

func (m *countingMorphology) count(w string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.calls[w]
}

// TestMorphologySaveLoad checks that an index with base forms and parts
// loads as it was saved, and only into an index with the same analyser.
func TestMorphologySaveLoad(t *testing.T) {
	c := newCorpus(3, 1000)
	newIndex := func(m Morphology, id string) *Index {
		return New(Config{Branches: testBranches, Finnish: m, FinnishID: id, NoResultCache: true})
	}
	ix := newIndex(corpusMorphology{}, "corpus")
	for _, d := range c.docs(2000) {
		ix.Put(d)
	}
	var buf bytes.Buffer
	if err := ix.Save(&buf); err != nil {
		t.Fatal(err)
	}
	for _, other := range []*Index{newIndex(nil, ""), newIndex(corpusMorphology{}, "corpus 2")} {
		if err := other.Load(bytes.NewReader(buf.Bytes())); err == nil {
			t.Errorf("an index analysed by %q loaded into one analysed by %q", ix.analyserName(), other.analyserName())
		}
	}
	loaded := newIndex(corpusMorphology{}, "corpus")
	if err := loaded.Load(bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatal(err)
	}
	fin := c.words["fin"]
	qs := append(sampleQueries(c),
		library.SearchQuery{Text: fin[2] + "ssa"}, library.SearchQuery{Text: fin[40] + "n " + fin[7] + "lla"})
	for _, w := range fin[:200] {
		if len([]rune(w)) == 8 {
			qs = append(qs, library.SearchQuery{Text: string([]rune(w)[:4]) + "n"}) // a part
			break
		}
	}
	before := search(t, ix, qs)
	if diff := cmp.Diff(before, search(t, loaded, qs)); diff != "" {
		t.Errorf("results after Load -before +after:\n%s", diff)
	}
	if before[len(qs)-3].Total == 0 || before[len(qs)-1].Total == 0 {
		t.Errorf("the queries of inflected forms and parts found nothing: %+v", before[len(qs)-3:])
	}
}
