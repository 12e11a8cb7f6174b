package search

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
)

// staleBranches is testBranches as an index started before the
// administration changed them: kau-00 did not exist yet, and esp-00 was
// still counted in Helsinki.
func staleBranches() map[string]string {
	m := maps.Clone(testBranches)
	delete(m, "kau-00")
	m["esp-00"] = "helsinki"
	return m
}

// cityQueries ask for the city facet and filter by every city.
func cityQueries(c *corpus) []library.SearchQuery {
	qs := []library.SearchQuery{{}, {Text: c.words["fin"][0]}}
	for _, city := range []string{"helsinki", "espoo", "vantaa", "kauniainen"} {
		qs = append(qs,
			library.SearchQuery{Filters: map[string][]string{library.FacetAvailableCity: {city}}},
			library.SearchQuery{Text: c.words["fin"][1], Filters: map[string][]string{library.FacetAvailableCity: {city}, library.FacetMaterial: {"book"}}})
	}
	return qs
}

// availableAt returns the documents with a copy on the shelf at branch.
func availableAt(docs []Doc, branch string) []int64 {
	var ids []int64
	for _, d := range docs {
		if slices.Contains(d.Available, branch) {
			ids = append(ids, d.ID)
		}
	}
	return ids
}

// cityCount returns the count of city in res's city facet.
func cityCount(res library.SearchResult, city string) int {
	for _, f := range res.Facets {
		if f.Name == library.FacetAvailableCity {
			for _, v := range f.Values {
				if v.Value == city {
					return v.Count
				}
			}
		}
	}
	return 0
}

// TestSetBranches checks that an index told of a new branch and a moved
// one answers as one built with the new map from the start: the city
// facet counts the copies at the new branch, the city filter finds them,
// and the result cache does not answer from before. Saving afterwards
// and loading, and loading an index saved under the old map, give the
// same.
func TestSetBranches(t *testing.T) {
	c := newCorpus(5, 500)
	docs := c.docs(3000)
	kau := availableAt(docs, "kau-00")
	if len(kau) == 0 {
		t.Fatal("no copies at kau-00 in the corpus")
	}
	ix := New(Config{Branches: staleBranches()})
	want := New(Config{Branches: testBranches, NoResultCache: true})
	for _, d := range docs {
		ix.Put(d)
		want.Put(d)
	}
	var stale bytes.Buffer
	if err := ix.Save(&stale); err != nil {
		t.Fatal(err)
	}
	all := library.SearchQuery{}
	inKau := library.SearchQuery{Filters: map[string][]string{library.FacetAvailableCity: {"kauniainen"}}}
	before := search(t, ix, []library.SearchQuery{all, inKau}) // and in the result cache
	if n, got := cityCount(before[0], "kauniainen"), before[1].Total; n != 0 || got != 0 {
		t.Fatalf("before: Kauniainen counted %d, filter found %d; want none (the test's premise)", n, got)
	}

	ix.SetBranches(testBranches)
	after := search(t, ix, []library.SearchQuery{all, inKau})
	if n := cityCount(after[0], "kauniainen"); n != len(kau) {
		t.Errorf("after SetBranches: Kauniainen counted %d, want %d", n, len(kau))
	}
	if got := sorted(ids(t, ix, inKau)); !slices.Equal(got, kau) {
		t.Errorf("after SetBranches: available in Kauniainen %v, want %v", got, kau)
	}
	qs := cityQueries(c)
	wantRes := search(t, want, qs)
	if diff := cmp.Diff(wantRes, search(t, ix, qs)); diff != "" {
		t.Errorf("after SetBranches -built with the map +set:\n%s", diff)
	}

	v := ix.version
	ix.SetBranches(maps.Clone(testBranches))
	if ix.version != v {
		t.Error("SetBranches with the same map changed the index")
	}

	var saved bytes.Buffer
	if err := ix.Save(&saved); err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"saved after SetBranches": saved.Bytes(), "saved under the old map": stale.Bytes()} {
		loaded := New(Config{Branches: testBranches})
		if err := loaded.Load(bytes.NewReader(b)); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(wantRes, search(t, loaded, qs)); diff != "" {
			t.Errorf("%s, loaded -built with the map +loaded:\n%s", name, diff)
		}
	}

	// Back to the old map: the counts go back too.
	ix.SetBranches(staleBranches())
	if n := cityCount(search(t, ix, []library.SearchQuery{all})[0], "kauniainen"); n != 0 {
		t.Errorf("after the old map again: Kauniainen counted %d, want 0", n)
	}
}

// TestSetBranchesConcurrent switches the map back and forth while
// searches and updates run: every search must see one map or the other,
// never a mix. Run it with -race.
func TestSetBranchesConcurrent(t *testing.T) {
	c := newCorpus(6, 500)
	docs := c.docs(2000)
	qs := cityQueries(c)
	var wants [2][]library.SearchResult
	for i, m := range []map[string]string{staleBranches(), testBranches} {
		ref := New(Config{Branches: m, NoResultCache: true})
		for _, d := range docs {
			ref.Put(d)
		}
		wants[i] = search(t, ref, qs)
	}
	ix := New(Config{Branches: staleBranches()})
	for _, d := range docs {
		ix.Put(d)
	}

	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			for i := 0; ctx.Err() == nil; i++ {
				k := i % len(qs)
				res, err := ix.Search(ctx, qs[k])
				if err != nil {
					if ctx.Err() == nil {
						t.Error(err)
					}
					return
				}
				if !cmp.Equal(res, wants[0][k]) && !cmp.Equal(res, wants[1][k]) {
					t.Errorf("%+v: a result of neither map:\n%s", qs[k], cmp.Diff(wants[1][k], res))
					return
				}
			}
		})
	}
	wg.Go(func() { // the change feed, putting the same documents again
		for i := 0; ctx.Err() == nil; i++ {
			ix.Put(docs[i%len(docs)])
		}
	})
	for i := range 40 {
		if i%2 == 0 {
			ix.SetBranches(testBranches)
		} else {
			ix.SetBranches(staleBranches())
		}
	}
	cancel()
	wg.Wait()
}
