package search

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
)

// TestPruningKeepsTopExact checks that passing over hits that cannot
// reach the top (pruneRanking) and scoring a window of documents at a
// time (scoreWindows) return the same hits with the same scores as
// scoring every hit at once, for broad and narrow queries and deep pages,
// and for words found in other forms and as parts of compounds.
func TestPruningKeepsTopExact(t *testing.T) {
	c := newCorpus(7, 2_000)
	ix := New(Config{Branches: testBranches, NoResultCache: true, Finnish: corpusMorphology{}})
	for _, d := range c.docs(20_000) {
		ix.Put(d)
	}
	fin, eng := c.words["fin"], c.words["eng"]
	queries := []library.SearchQuery{
		{Text: fin[0]},
		{Text: fin[1] + " " + fin[2]},
		{Text: eng[0] + " OR " + eng[5]},
		{Text: fin[3], Offset: 80, Limit: 20},
		{Text: fin[40] + " " + fin[0]},
		{Text: eng[2], Filters: map[string][]string{library.FacetLanguage: {"eng"}}},
		{},
		{Filters: map[string][]string{library.FacetLanguage: {"swe"}}},
		// The user's language lifts its records above others.
		{Text: fin[0], Lang: "sv"},
		{Text: eng[0] + " OR " + fin[1], Lang: "en"},
		{Lang: "fi"},
		{Text: fin[0] + "ssa " + fin[2] + "n"},
	}
	for _, w := range fin[:300] {
		if rs := []rune(w); len(rs) == 8 {
			queries = append(queries, library.SearchQuery{Text: string(rs[:4]) + "n"}) // a part
			break
		}
	}
	type way struct {
		name     string
		prune    bool
		windowed bool
	}
	search := func(q library.SearchQuery, w way) []library.SearchHit {
		t.Helper()
		pruneRanking = w.prune
		windowedFrom, windowBits = 1<<30, 16
		if w.windowed {
			windowedFrom, windowBits = 0, 10 // 20 windows of 1,024 documents
		}
		defer func() { pruneRanking, windowedFrom, windowBits = true, 20_000, 16 }()
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		return res.Hits
	}
	for _, q := range queries {
		t.Run(q.Lang+"/"+q.Text, func(t *testing.T) {
			all := search(q, way{})
			if len(all) == 0 {
				t.Fatalf("%q: no hits, the test would prove nothing", q.Text)
			}
			for _, w := range []way{{"pruned", true, false}, {"windowed", false, true}, {"pruned and windowed", true, true}} {
				if diff := cmp.Diff(all, search(q, w)); diff != "" {
					t.Errorf("%s hits differ (-all +%s):\n%s", w.name, w.name, diff)
				}
			}
		})
	}
}
