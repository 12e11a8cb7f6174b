package content

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// benchEnv is the test site on SQLite with 500 public news items of 2 KB
// each (a few years of a library's news) and the consortium's pages.
func benchEnv(b *testing.B) *webtest.Env {
	e := webtest.NewEnv(b, storetest.Open(b, "sqlite"))
	ctx := context.Background()
	body := ""
	for range 12 {
		body += "Kirjasto on avoinna **arkisin** ja [viikonloppuisin](/libraries/hki-oodi). Tervetuloa!\n\n- yksi\n- kaksi\n\n"
	}
	for i := range 500 {
		lib := []string{"", "espoo", "helsinki"}[i%3]
		_, err := e.DB.CreateNews(ctx, library.NewsItem{Library: lib, Title: library.Text{"fi": fmt.Sprintf("Uutinen %d", i), "sv": fmt.Sprintf("Nyhet %d", i)},
			Body: library.Text{"fi": body}, Publication: published(webtest.Now.AddDate(0, 0, -i))}, system, webtest.Now)
		if err != nil {
			b.Fatal(err)
		}
	}
	for _, k := range library.PageKinds[:5] {
		_, err := e.DB.CreatePage(ctx, library.Page{Slug: "sivu-" + k, Kind: k, Title: library.Text{"fi": k}, Body: library.Text{"fi": body},
			Publication: published(webtest.Now.AddDate(0, 0, -1))}, system, webtest.Now)
		if err != nil {
			b.Fatal(err)
		}
	}
	return e
}

// BenchmarkPages measures the residents' pages: the first page of /news
// (ten summaries from the bodies' text), an item, a content page, and
// the home page, which has the footer's links.
func BenchmarkPages(b *testing.B) {
	e := benchEnv(b)
	ns, _, err := e.DB.News(context.Background(), library.NewsFilter{Limit: 1})
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range []string{"/news", "/news?page=40", newsPath(ns[0]), "/pages/sivu-privacy", "/"} {
		b.Run(p, func(b *testing.B) {
			for b.Loop() {
				if resp, _ := e.GetRaw(b, p, "Cookie: lang=en"); resp.StatusCode != http.StatusOK {
					b.Fatalf("%s: %d", p, resp.StatusCode)
				}
			}
		})
	}
}
