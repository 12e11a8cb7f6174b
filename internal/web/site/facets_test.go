package site

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// sampledAuthors is the real index with its author counts marked as
// estimates, as the index marks them over very large results, which the
// small test catalogue never is.
type sampledAuthors struct{ library.Searcher }

func (s sampledAuthors) Search(ctx context.Context, q library.SearchQuery) (library.SearchResult, error) {
	res, err := s.Searcher.Search(ctx, q)
	for i := range res.Facets {
		res.Facets[i].Approximate = res.Facets[i].Name == library.FacetAuthor
	}
	return res, err
}

// TestApproximateFacets checks that the page and the API say when a
// facet's counts are estimates, and only for that facet.
func TestApproximateFacets(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := webtest.NewEnv(t, db)
		srv, err := webtest.NewServer(web.Config{Store: db, Search: sampledAuthors{e.Index}, I18n: e.Bundle, Now: e.Srv.Now})
		if err != nil {
			t.Fatal(err)
		}
		e.Srv = srv
		_, body := e.Get(t, "/search?q=&lang=en")
		want := e.Bundle.T("en", "search.facet_approximate", nil)
		if n := strings.Count(body, want); n != 1 {
			t.Errorf("the page says %q %d times, want once (for authors)", want, n)
		}
		var res struct {
			Facets []struct {
				Name        string `json:"name"`
				Approximate bool   `json:"approximate"`
			} `json:"facets"`
		}
		if _, js := e.Get(t, "/api/v1/search?q="); json.Unmarshal([]byte(js), &res) != nil || len(res.Facets) == 0 {
			t.Fatalf("API search: no facets in %.200s", js)
		}
		for _, f := range res.Facets {
			if f.Approximate != (f.Name == library.FacetAuthor) {
				t.Errorf("API facet %s: approximate %v", f.Name, f.Approximate)
			}
		}
	})
}
