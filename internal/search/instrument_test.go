package search

import (
	"context"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
)

// TestInstrumentFilter: instruments lent home are found by a search
// filtered by their material, with the material among the facets.
func TestInstrumentFilter(t *testing.T) {
	ix := New(Config{Branches: testBranches})
	ix.Put(DocFrom(library.Record{ID: 1, Language: "und", Title: "Ukulele", Material: library.Instrument, Genres: []string{"soittimet"}},
		[]library.Item{{ID: 1, Branch: "hel-00", Status: library.Available}}))
	ix.Put(DocFrom(library.Record{ID: 2, Language: "fin", Title: "Ukulelen alkeet", Material: library.Book},
		[]library.Item{{ID: 2, Branch: "hel-00", Status: library.Available}}))
	ix.Put(DocFrom(library.Record{ID: 3, Language: "und", Title: "Djembe", Material: library.Instrument},
		[]library.Item{{ID: 3, Branch: "esp-00", Status: library.OnLoan}}))

	res, err := ix.Search(context.Background(), library.SearchQuery{Text: "ukulele"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range res.Facets {
		for _, v := range f.Values {
			found = found || f.Name == library.FacetMaterial && v.Value == string(library.Instrument) && v.Count == 1
		}
	}
	if res.Total != 2 || !found {
		t.Errorf("ukulele: %d hits, instrument facet %v: %+v", res.Total, found, res.Facets)
	}
	res, err = ix.Search(context.Background(), library.SearchQuery{Filters: map[string][]string{library.FacetMaterial: {string(library.Instrument)}}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	if res.Total != 2 || len(ids) != 2 || ids[0]+ids[1] != 4 {
		t.Errorf("filtered by instrument: %d hits %v, want records 1 and 3", res.Total, ids)
	}
}
