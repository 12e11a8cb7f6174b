package search

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
)

// TestColumnsMatchBruteForce checks the facet columns where they are
// laid out again: facets whose values outgrow their fields as documents
// come, more than 64 branches (two words of branch bits), documents with
// more genres than the column holds, documents changed and removed, and
// an index saved and loaded.
func TestColumnsMatchBruteForce(t *testing.T) {
	c := newCorpus(11, 1000)
	docs := c.docs(2500)
	byID := map[int64]Doc{}
	ix := New(Config{Branches: testBranches, NoResultCache: true})
	for i, d := range docs {
		// New languages, genres and branches keep coming, so the
		// columns are laid out again several times along the way.
		if i%3 == 0 {
			d.Language = fmt.Sprintf("l%02d", i%(1+i/40))
		}
		if i%5 == 0 {
			d.Genres = append(d.Genres, fmt.Sprintf("genre %d", i%(1+i/50)), "extra", fmt.Sprintf("third %d", i%7))
		}
		if i%4 == 0 {
			d.Available = append(d.Available, fmt.Sprintf("mobile-%03d", i%(1+i/30)))
		}
		ix.Put(d)
		byID[d.ID] = d
	}
	for i, d := range docs {
		switch i % 11 {
		case 0:
			ix.Remove(d.ID)
			delete(byID, d.ID)
		case 1: // a circulation event
			d = byID[d.ID]
			d.Available = d.Available[:0:0]
			ix.Put(d)
			byID[d.ID] = d
		case 2: // an edit
			d = byID[d.ID]
			d.Genres, d.Material = []string{"edited"}, "map"
			ix.Put(d)
			byID[d.ID] = d
		}
	}
	if n := ix.x.cols.availWords; n < 2 {
		t.Fatalf("%d word of branch bits, want more: the test does not cover what it says", n)
	}
	check := func(t *testing.T, ix *Index) {
		for _, q := range []library.SearchQuery{
			{},
			{Text: c.words["fin"][0]},
			{Text: c.words["eng"][3]},
			{Filters: map[string][]string{library.FacetGenre: {"extra"}}},
			{Filters: map[string][]string{library.FacetLanguage: {"l07", "fin"}}},
		} {
			res, err := ix.Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			hits := ids(t, ix, q)
			if len(hits) == 0 {
				t.Fatalf("%+v: no hits, the test would prove nothing", q)
			}
			if diff := cmp.Diff(bruteFacets(byID, hits, q.Filters), res.Facets); diff != "" {
				t.Errorf("%+v: facets -brute force +index:\n%s", q, diff)
			}
		}
	}
	check(t, ix)
	t.Run("loaded", func(t *testing.T) {
		var buf bytes.Buffer
		if err := ix.Save(&buf); err != nil {
			t.Fatal(err)
		}
		loaded := New(Config{Branches: testBranches, NoResultCache: true})
		if err := loaded.Load(&buf); err != nil {
			t.Fatal(err)
		}
		check(t, loaded)
	})
}

// TestPackedByBitmapsMatchesBruteForce checks the single-valued facets of
// a result of the whole index, which are counted from their bitmaps
// rather than from the codes: the values have thousands of documents each,
// as at scale.
func TestPackedByBitmapsMatchesBruteForce(t *testing.T) {
	c := newCorpus(13, 1000)
	ix := New(Config{Branches: testBranches, NoResultCache: true})
	byID := map[int64]Doc{}
	for i, d := range c.docs(12_000) {
		d.Year = 1995 + 5*(i%3)
		d.Material, d.Language = []string{"book", "cd"}[i%2], []string{"fin", "swe", "eng"}[i%3]
		ix.Put(d)
		byID[d.ID] = d
	}
	if !ix.x.packedByBitmaps(uint64(len(byID)), 1) {
		t.Fatal("the codes would be counted: the test does not cover what it says")
	}
	q := library.SearchQuery{}
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(bruteFacets(byID, ids(t, ix, q), nil), res.Facets); diff != "" {
		t.Errorf("facets -brute force +index:\n%s", diff)
	}
}
