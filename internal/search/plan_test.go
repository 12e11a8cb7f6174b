package search

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
)

// TestPlannedSearchMatchesFresh checks the query plan's kept document
// counts (wordDF): after documents with a common word are added, a search
// that looks for that word only among a rare word's documents must score
// as an index built with all the documents from the start does.
func TestPlannedSearchMatchesFresh(t *testing.T) {
	c := newCorpus(5, 2000)
	docs := c.docs(4000)
	fin := c.words["fin"]
	queries := []library.SearchQuery{
		{Text: fin[300] + " " + fin[0]},
		{Text: fin[0] + " " + fin[1] + " " + fin[250]},
		{Text: fin[0], Filters: map[string][]string{library.FacetAvailableBranch: {"kau-00"}}},
		{Text: `"` + fin[0] + " " + fin[1] + `"`},
	}
	grown := New(Config{Branches: testBranches, NoResultCache: true})
	for _, d := range docs[:2000] {
		grown.Put(d)
	}
	search := func(ix *Index, q library.SearchQuery) library.SearchResult {
		t.Helper()
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	for _, q := range queries {
		search(grown, q) // keeps the counts of the first 2,000
	}
	for _, d := range docs[2000:] {
		grown.Put(d)
	}
	fresh := New(Config{Branches: testBranches, NoResultCache: true})
	for _, d := range docs {
		fresh.Put(d)
	}
	for _, q := range queries {
		want := search(fresh, q)
		if want.Total == 0 {
			t.Fatalf("%q: no hits, the test would prove nothing", q.Text)
		}
		if diff := cmp.Diff(want, search(grown, q)); diff != "" {
			t.Errorf("%q: grown index differs from a fresh one (-fresh +grown):\n%s", q.Text, diff)
		}
	}
}
