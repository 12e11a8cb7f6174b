package web_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/search"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

var hrefRE = regexp.MustCompile(`href="(/[^"#]*)"`)

// TestCrawlDemo builds the demo consortium (the real Helmet branches and
// their hours) with a generated catalogue, and follows every link from the
// front page in each language: no page may fail, show a raw message id, or
// lose its language.
func TestCrawlDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("crawl skipped in -short mode")
	}
	ctx := context.Background()
	db := storetest.Open(t, "sqlite")
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	if _, err := demo.Build(ctx, db, demo.Options{Seed: 1, Records: 150, Now: now}); err != nil {
		t.Fatal(err)
	}
	branches, err := db.Branches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ix := search.New(search.Config{Branches: search.BranchCities(branches)})
	if err := ix.Rebuild(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	bundle, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	srv, err := webtest.NewServer(web.Config{Store: db, Search: ix, I18n: bundle, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	e := &webtest.Env{Srv: srv, Bundle: bundle}
	const maxPages = 400 // per language: enough to reach every kind of page
	for _, lang := range webtest.Langs {
		// The search form is no link, so start from a search as well.
		queue := []string{"/", "/search", "/search?q=kirja"}
		seen := map[string]bool{}
		for _, p := range queue {
			seen[p] = true
		}
		for len(queue) > 0 && len(seen) <= maxPages {
			p := queue[0]
			queue = queue[1:]
			resp, body := e.Get(t, p, "Cookie: lang="+lang)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s %s: status %d", lang, p, resp.StatusCode)
				continue
			}
			// Pages keep their language; the API, the app manifest and its
			// icons are no pages.
			isPage := strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html")
			if !strings.HasPrefix(p, "/api/") && isPage && !strings.Contains(body, `<html lang="`+lang+`"`) {
				t.Errorf("%s %s: lost its language", lang, p)
			}
			for _, id := range webtest.RawIDs(bundle, lang, body) {
				t.Errorf("%s %s: shows raw message id %q", lang, p, id)
			}
			for _, m := range hrefRE.FindAllStringSubmatch(body, -1) {
				u := html.UnescapeString(m[1])
				if strings.HasPrefix(u, "/static/") || strings.Contains(u, "lang=") || seen[u] {
					continue
				}
				seen[u] = true
				queue = append(queue, u)
			}
		}
		t.Logf("%s: %d pages", lang, len(seen))
	}
}
