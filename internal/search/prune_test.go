package search

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
)

// TestPruningKeepsTopExact checks that passing over hits that cannot
// reach the top (pruneRanking) returns the same hits with the same scores
// as scoring every hit, for broad and narrow queries and deep pages.
func TestPruningKeepsTopExact(t *testing.T) {
	c := newCorpus(7, 2_000)
	ix := New(Config{Branches: testBranches, NoResultCache: true})
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
	}
	search := func(q library.SearchQuery, prune bool) []library.SearchHit {
		t.Helper()
		pruneRanking = prune
		defer func() { pruneRanking = true }()
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		return res.Hits
	}
	for _, q := range queries {
		t.Run(q.Text, func(t *testing.T) {
			all := search(q, false)
			if len(all) == 0 {
				t.Fatalf("%q: no hits, the test would prove nothing", q.Text)
			}
			if diff := cmp.Diff(all, search(q, true)); diff != "" {
				t.Errorf("pruned hits differ (-all +pruned):\n%s", diff)
			}
		})
	}
}
