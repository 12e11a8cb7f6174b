package search

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
)

// TestResultCache checks that a cached result is the result the index
// would compute, that callers cannot change it, and that any change to
// the index, a circulation event included, is seen by the next search.
func TestResultCache(t *testing.T) {
	defer func(n int) { cacheMinHits = n }(cacheMinHits)
	cacheMinHits = 100
	c := newCorpus(5, 500)
	docs := c.docs(3000)
	cached := New(Config{Branches: testBranches})
	plain := New(Config{Branches: testBranches, NoResultCache: true})
	for _, d := range docs {
		cached.Put(d)
		plain.Put(d)
	}
	ctx := context.Background()
	queries := map[string]library.SearchQuery{
		"empty":       {},
		"broad word":  {Text: c.words["fin"][0], Lang: "fi"},
		"filtered":    {Filters: map[string][]string{library.FacetAvailableCity: {"espoo"}, library.FacetMaterial: {"book"}}},
		"second page": {Text: c.words["fin"][0], Offset: 20, Limit: 10},
		"works":       {Text: c.words["fin"][1], GroupWorks: true},
		"narrow":      {Text: c.words["fin"][300] + " " + c.words["fin"][20]},
	}
	check := func(when string) {
		t.Helper()
		for name, q := range queries {
			want, err := plain.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for i := range 2 { // the second from the cache, when broad
				got, err := cached.Search(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("%s, %s, search %d: -uncached +cached:\n%s", when, name, i+1, diff)
				}
				// A caller that changes its result must not change the next.
				for j := range got.Facets {
					for k := range got.Facets[j].Values {
						got.Facets[j].Values[k].Count = -1
					}
				}
				for j := range got.Hits {
					got.Hits[j].ID = -1
				}
			}
		}
	}
	check("built")

	// A circulation event: the first copy on the shelf goes on loan.
	i := slices.IndexFunc(docs, func(d Doc) bool { return len(d.Available) > 0 })
	d := docs[i]
	d.Available = d.Available[1:]
	d.Popularity += 50
	before, _ := cached.Search(ctx, queries["empty"])
	cached.Put(d)
	plain.Put(d)
	after, _ := cached.Search(ctx, queries["empty"])
	if cmp.Equal(before.Facets, after.Facets) {
		t.Errorf("facets unchanged by a copy going on loan")
	}
	check("after a checkout")

	cached.Remove(docs[1].ID)
	plain.Remove(docs[1].ID)
	check("after a removal")
}
