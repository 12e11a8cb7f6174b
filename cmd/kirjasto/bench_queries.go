package main

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/search"
)

// Kinds of query in the mix, in the order of the tables.
const (
	kindSelective    = "selective"
	kindBroad        = "broad"
	kindPhrase       = "phrase"
	kindFacetHeavy   = "facet_heavy"
	kindAvailable    = "available"
	kindAllFacets    = "all_facets"
	kindAutocomplete = "autocomplete"
)

var benchKinds = []string{kindSelective, kindBroad, kindPhrase, kindFacetHeavy, kindAvailable, kindAllFacets, kindAutocomplete}

// fiveFacets are the facets every search of the mix asks for; all_facets
// asks for allFacets. Kirjasto counts all of its facets in every search,
// so only the Bleve side differs between the two.
var (
	fiveFacets = []string{library.FacetMaterial, library.FacetLanguage, library.FacetDecade, library.FacetAuthor, library.FacetAvailableCity}
	allFacets  = append(slices.Clone(library.Facets), library.FacetYear, library.FacetFormatKind)
)

// benchQuery is one query of the mix, written so that another engine can
// run it without parsing Kirjasto's query language: Words must all match
// (in any field), or, with Phrase, appear adjacent in one field; Prefix is
// an autocomplete prefix instead.
type benchQuery struct {
	Kind    string              `json:"kind"`
	Text    string              `json:"text"` // as typed into Kirjasto
	Words   []string            `json:"words,omitempty"`
	Phrase  bool                `json:"phrase,omitempty"`
	Prefix  string              `json:"prefix,omitempty"`
	Filters map[string][]string `json:"filters,omitempty"`
	Facets  []string            `json:"facets,omitempty"`
}

// vocabulary is what the build learns about the generated corpus to draw
// queries from: how often each title word occurs, and a sample of records.
type vocabulary struct {
	freq    map[string]int
	sample  []sampled
	every   int
	counted int
}

// sampled is one record remembered for query drawing.
type sampled struct {
	words    []string // title words, in order
	material string
	language string
	decade   string
	cities   []string
	branches []string
}

func newVocabulary(records, samples int) *vocabulary {
	return &vocabulary{freq: map[string]int{}, every: max(1, records/samples)}
}

// titleWords splits a title into lower-case words of letters and digits.
func titleWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// add counts the words of one document and samples every n-th.
func (v *vocabulary) add(d search.Doc, cities map[string]string) {
	words := titleWords(d.Title)
	for _, w := range words {
		v.freq[w]++
	}
	v.counted++
	if v.counted%v.every != 0 || len(words) == 0 {
		return
	}
	s := sampled{words: words, material: d.Material, language: d.Language, branches: d.Available}
	if d.Year > 0 {
		s.decade = strconv.Itoa(d.Year / 10 * 10)
	}
	for _, b := range d.Available {
		if c := cities[b]; c != "" && !slices.Contains(s.cities, c) {
			s.cities = append(s.cities, c)
		}
	}
	v.sample = append(v.sample, s)
}

// queries draws perKind queries of every kind, deterministically from
// seed, and interleaves them so that any run of the list is a mix.
func (v *vocabulary) queries(seed uint64, perKind int) []benchQuery {
	r := rand.New(rand.NewPCG(seed, 4))
	var ranked []string
	for w := range v.freq {
		if len([]rune(w)) >= 3 {
			ranked = append(ranked, w)
		}
	}
	slices.SortFunc(ranked, func(a, b string) int {
		return cmp.Or(cmp.Compare(v.freq[b], v.freq[a]), cmp.Compare(a, b))
	})
	rank := make(map[string]int, len(ranked))
	for i, w := range ranked {
		rank[w] = i
	}
	rankOf := func(w string) int {
		if i, ok := rank[w]; ok {
			return i
		}
		return 0 // short words count as common
	}
	broad := ranked[:min(5, len(ranked))]
	pick := func() sampled { return v.sample[r.IntN(len(v.sample))] }
	byKind := map[string][]benchQuery{}
	add := func(q benchQuery) {
		if q.Facets == nil && q.Kind != kindAutocomplete {
			q.Facets = fiveFacets
		}
		byKind[q.Kind] = append(byKind[q.Kind], q)
	}
	words := func(kind string, ws ...string) benchQuery {
		return benchQuery{Kind: kind, Text: strings.Join(ws, " "), Words: ws}
	}
	for i := 0; i < perKind*50 && len(byKind[kindSelective]) < perKind; i++ {
		var rare []string
		for _, w := range pick().words {
			if rankOf(w) >= 100 && !slices.Contains(rare, w) {
				rare = append(rare, w)
			}
		}
		if len(rare) >= 2 {
			add(words(kindSelective, rare[:min(len(rare), 2+r.IntN(2))]...))
		}
	}
	for i := range perKind {
		add(words(kindBroad, broad[i%len(broad)]))
		q := words(kindAllFacets, broad[i%len(broad)])
		q.Facets = allFacets
		add(q)
	}
	for i := 0; i < perKind*50 && len(byKind[kindPhrase]) < perKind; i++ {
		s := pick()
		if len(s.words) < 2 {
			continue
		}
		j := r.IntN(len(s.words) - 1)
		ws := s.words[j : j+2]
		add(benchQuery{Kind: kindPhrase, Text: `"` + strings.Join(ws, " ") + `"`, Words: ws, Phrase: true})
	}
	for i := 0; i < perKind*50 && len(byKind[kindFacetHeavy]) < perKind; i++ {
		s := pick()
		if s.decade == "" {
			continue
		}
		q := words(kindFacetHeavy, broad[i%len(broad)])
		switch i % 3 {
		case 0:
			q.Filters = map[string][]string{library.FacetMaterial: {s.material}, library.FacetLanguage: {s.language}}
		case 1:
			q.Filters = map[string][]string{library.FacetDecade: {s.decade}, library.FacetLanguage: {s.language}}
		default:
			q.Filters = map[string][]string{library.FacetMaterial: {s.material}, library.FacetDecade: {s.decade}}
		}
		add(q)
	}
	for i := 0; i < perKind*50 && len(byKind[kindAvailable]) < perKind; i++ {
		s := pick()
		if len(s.cities) == 0 {
			continue
		}
		// The most common word of the title, so the filter has work to do.
		w := slices.MinFunc(s.words, func(a, b string) int { return cmp.Compare(rankOf(a), rankOf(b)) })
		q := words(kindAvailable, w)
		if i%2 == 0 {
			q.Filters = map[string][]string{library.FacetAvailableCity: {s.cities[r.IntN(len(s.cities))]}}
		} else {
			q.Filters = map[string][]string{library.FacetAvailableBranch: {s.branches[r.IntN(len(s.branches))]}}
		}
		add(q)
	}
	common := ranked[:min(500, len(ranked))]
	for range perKind {
		w := []rune(common[r.IntN(len(common))])
		p := string(w[:min(len(w), 2+r.IntN(3))])
		add(benchQuery{Kind: kindAutocomplete, Text: p, Prefix: p})
	}
	var out []benchQuery
	for i := range perKind {
		for _, k := range benchKinds {
			if qs := byKind[k]; len(qs) > 0 {
				out = append(out, qs[i%len(qs)])
			}
		}
	}
	return out
}
