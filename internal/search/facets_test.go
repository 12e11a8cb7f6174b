package search

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
)

// bruteFacets counts the facets of the documents with the given IDs the
// slow way, from the Docs themselves.
func bruteFacets(docs map[int64]Doc, hits []int64, filters map[string][]string) []library.Facet {
	counts := map[string]map[string]int{}
	add := func(facet string, vals ...string) {
		if counts[facet] == nil {
			counts[facet] = map[string]int{}
		}
		seen := map[string]bool{}
		for _, v := range vals {
			if v != "" && !seen[v] {
				seen[v] = true
				counts[facet][v]++
			}
		}
	}
	for _, id := range hits {
		d := docs[id]
		add(library.FacetMaterial, d.Material)
		add(library.FacetLanguage, d.Language)
		add(library.FacetYear, d.year())
		add(library.FacetDecade, d.decade())
		add(library.FacetAudience, d.Audience)
		add(library.FacetFormatKind, d.formatKind())
		add(library.FacetAuthor, d.Authors...)
		add(library.FacetSubject, d.Subjects...)
		add(library.FacetGenre, d.Genres...)
		add(library.FacetAvailableBranch, d.Available...)
		var cities []string
		for _, b := range d.Available {
			cities = append(cities, testBranches[b])
		}
		add(library.FacetAvailableCity, cities...)
	}
	var out []library.Facet
	for _, name := range facetOrder {
		var fvs []library.FacetValue
		for v, n := range counts[name] {
			fvs = append(fvs, library.FacetValue{Value: v, Count: n, Selected: slices.Contains(filters[name], v)})
		}
		for _, v := range filters[name] {
			if counts[name][v] == 0 {
				fvs = append(fvs, library.FacetValue{Value: v, Selected: true})
			}
		}
		slices.SortFunc(fvs, byCount)
		if name == library.FacetAuthor || name == library.FacetSubject || name == library.FacetGenre {
			var top []library.FacetValue
			for i, fv := range fvs {
				if i < topValues || fv.Selected {
					top = append(top, fv)
				}
			}
			fvs = top
		}
		out = append(out, library.Facet{Name: name, Values: fvs})
	}
	return out
}

// matchesFilters reports whether d passes filters, the slow way.
func matchesFilters(d Doc, filters map[string][]string) bool {
	for name, vals := range filters {
		if len(vals) == 0 {
			continue
		}
		var have []string
		switch name {
		case library.FacetMaterial:
			have = []string{d.Material}
		case library.FacetLanguage:
			have = []string{d.Language}
		case library.FacetAuthor:
			have = d.Authors
		case library.FacetAvailableBranch:
			have = d.Available
		case library.FacetAvailableCity:
			for _, b := range d.Available {
				have = append(have, testBranches[b])
			}
		case library.FacetDecade:
			have = []string{d.decade()}
		case library.FacetFormatKind:
			have = []string{d.formatKind()}
		}
		if !slices.ContainsFunc(vals, func(v string) bool { return slices.Contains(have, v) }) {
			return false
		}
	}
	return true
}

func TestFacetsMatchBruteForce(t *testing.T) {
	c := newCorpus(7, 2000)
	docs := c.docs(3000)
	ix := New(Config{Branches: testBranches})
	byID := map[int64]Doc{}
	for _, d := range docs {
		ix.Put(d)
		byID[d.ID] = d
	}
	common, rare := c.words["fin"][0], c.words["fin"][40]
	topAuthor := c.authors[0]
	tests := []struct {
		name    string
		text    string
		filters map[string][]string
	}{
		{"all", "", nil},
		{"common word", common, nil},
		{"rare word", rare, nil},
		{"two materials", "", map[string][]string{library.FacetMaterial: {"book", "cd"}}},
		{"language and city", common, map[string][]string{library.FacetLanguage: {"fin"}, library.FacetAvailableCity: {"espoo"}}},
		{"two branches", "", map[string][]string{library.FacetAvailableBranch: {"hel-03", "esp-01"}}},
		{"author", "", map[string][]string{library.FacetAuthor: {topAuthor}}},
		{"decade and unknown material", "", map[string][]string{library.FacetDecade: {"2010"}, library.FacetMaterial: {"book", "scroll"}}},
		{"nothing", "", map[string][]string{library.FacetMaterial: {"scroll"}}},
		{"electronic", common, map[string][]string{library.FacetFormatKind: {library.FormatElectronic}}},
		{"empty selection", "", map[string][]string{library.FacetMaterial: {}, library.FacetLanguage: {"swe"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := library.SearchQuery{Text: tt.text, Filters: tt.filters}
			hits := ids(t, ix, q)
			res, err := ix.Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(bruteFacets(byID, hits, tt.filters), res.Facets); diff != "" {
				t.Errorf("facets -brute force +index:\n%s", diff)
			}

			// Every document has one material, so the counts add up.
			sum := 0
			for _, f := range res.Facets {
				if f.Name == library.FacetMaterial {
					for _, v := range f.Values {
						sum += v.Count
					}
				}
			}
			if sum != res.Total {
				t.Errorf("material counts add up to %d, total is %d", sum, res.Total)
			}

			// The filters keep exactly the documents that pass them.
			if tt.filters != nil {
				unfiltered := ids(t, ix, library.SearchQuery{Text: tt.text})
				var want []int64
				for _, id := range unfiltered {
					if matchesFilters(byID[id], tt.filters) {
						want = append(want, id)
					}
				}
				if diff := cmp.Diff(sorted(want), sorted(hits)); diff != "" {
					t.Errorf("filtered hits -want +got:\n%s", diff)
				}
			}
		})
	}
}

func TestAvailability(t *testing.T) {
	rec := library.Record{ID: 1, Language: "fin", Title: "Kissa", Material: library.Book}
	items := []library.Item{
		{ID: 1, Branch: "hel-00", Status: library.Available},
		{ID: 2, Branch: "esp-00", Status: library.OnLoan},
	}
	ix := New(Config{Branches: testBranches})
	ix.Put(DocFrom(rec, items))
	ix.Put(DocFrom(library.Record{ID: 2, Language: "fin", Title: "Koira"}, []library.Item{{Branch: "esp-00", Status: library.Available}}))

	check := func(step string, wantBranches, wantCities []string, wantEspoo []int64) {
		t.Helper()
		res, err := ix.Search(context.Background(), library.SearchQuery{Text: "kissa"})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{}
		for _, f := range res.Facets {
			if f.Name == library.FacetAvailableBranch || f.Name == library.FacetAvailableCity {
				for _, v := range f.Values {
					got[f.Name] = append(got[f.Name], v.Value)
				}
			}
		}
		want := map[string][]string{library.FacetAvailableBranch: wantBranches, library.FacetAvailableCity: wantCities}
		for k, v := range want {
			if v == nil {
				delete(want, k)
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: availability facets -want +got:\n%s", step, diff)
		}
		espoo := ids(t, ix, library.SearchQuery{Filters: map[string][]string{library.FacetAvailableCity: {"espoo"}}})
		if diff := cmp.Diff(wantEspoo, sorted(espoo)); diff != "" {
			t.Errorf("%s: available in Espoo -want +got:\n%s", step, diff)
		}
	}
	check("start", []string{"hel-00"}, []string{"helsinki"}, []int64{2})

	items[1].Status = library.Available // returned in Espoo
	ix.Put(DocFrom(rec, items))
	check("returned", []string{"esp-00", "hel-00"}, []string{"espoo", "helsinki"}, []int64{1, 2})

	items[0].Status, items[1].Status = library.OnLoan, library.InTransit
	ix.Put(DocFrom(rec, items))
	check("all out", nil, nil, []int64{2})
}

func TestApproximateFacets(t *testing.T) {
	c := newCorpus(3, 2000) // over smallFacet authors and subjects
	ix := New(Config{Branches: testBranches})
	for _, d := range c.docs(5000) {
		ix.Put(d)
	}
	exact, err := ix.Search(context.Background(), library.SearchQuery{})
	if err != nil {
		t.Fatal(err)
	}
	defer func(n int) { exactFacetHits = n }(exactFacetHits)
	exactFacetHits = 500
	approx, err := ix.Search(context.Background(), library.SearchQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range approx.Facets {
		e := exact.Facets[i]
		wantApprox := f.Name == library.FacetAuthor || f.Name == library.FacetSubject
		if f.Approximate != wantApprox || e.Approximate {
			t.Errorf("%s: Approximate %v (exact search: %v), want %v", f.Name, f.Approximate, e.Approximate, wantApprox)
		}
		if !wantApprox {
			if diff := cmp.Diff(e, f); diff != "" {
				t.Errorf("%s changed by sampling: -exact +approximate:\n%s", f.Name, diff)
			}
			continue
		}
		// The top value is the same and its estimate within a third.
		if f.Values[0].Value != e.Values[0].Value {
			t.Errorf("%s: top value %q, exactly %q", f.Name, f.Values[0].Value, e.Values[0].Value)
		}
		if got, want := float64(f.Values[0].Count), float64(e.Values[0].Count); got < want*2/3 || got > want*4/3 {
			t.Errorf("%s: estimate %v of %q, exactly %v", f.Name, got, f.Values[0].Value, want)
		}
	}
}

// TestEveryFacetOnce checks that a result counts every facet of the
// index, each once.
func TestEveryFacetOnce(t *testing.T) {
	ix := New(Config{Branches: testBranches})
	for _, d := range newCorpus(3, 500).docs(300) {
		ix.Put(d)
	}
	res, err := ix.Search(context.Background(), library.SearchQuery{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, f := range res.Facets {
		seen[f.Name]++
	}
	for _, name := range facetNames {
		if seen[name] != 1 {
			t.Errorf("facet %s is in the result %d times, want once", name, seen[name])
		}
	}
	if len(seen) != len(facetNames) {
		t.Errorf("result has facets %v, want those of %v", seen, facetNames)
	}
}
