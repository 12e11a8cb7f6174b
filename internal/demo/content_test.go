package demo

import (
	"context"
	"regexp"
	"strconv"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/markdown"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestBuildContent stores the demo's news and pages: a dozen items, one
// scheduled and one a draft, and the consortium's five pages, each with
// Finnish, Swedish or English missing somewhere so that the mark shows.
func TestBuildContent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := db.PutConsortium(ctx, Consortium(testNow.Year())); err != nil {
			t.Fatal(err)
		}
		if err := BuildContent(ctx, db, library.Staff{}, testNow); err != nil {
			t.Fatal(err)
		}
		_, all, err := db.News(ctx, library.NewsFilter{})
		if err != nil {
			t.Fatal(err)
		}
		_, public, err := db.News(ctx, library.NewsFilter{PublicAt: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if all != 12 || public != 10 {
			t.Errorf("%d news items, %d public; want 12 and 10", all, public)
		}
		pages, err := db.Pages(ctx, library.PageFilter{Libraries: []string{""}, PublicAt: testNow})
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]bool{}
		missing := 0
		for _, p := range pages {
			kinds[p.Kind] = true
			if p.Title["sv"] == "" || p.Title["en"] == "" {
				missing++
			}
		}
		for _, k := range library.PageKinds[:5] {
			if !kinds[k] {
				t.Errorf("the consortium has no public %s page", k)
			}
		}
		if missing == 0 {
			t.Errorf("every page is in Swedish and English: nothing shows the mark of a missing language")
		}
	})
}

// TestDemoTextsHeadings: the demo's texts, rendered under a page's h1,
// never skip a heading level, as the browser tests check of every page.
func TestDemoTextsHeadings(t *testing.T) {
	heading := regexp.MustCompile(`<h([1-6])>`)
	var texts []string
	for _, p := range demoPages {
		for _, s := range p.Body {
			texts = append(texts, s)
		}
	}
	for _, n := range demoNewsItems {
		for _, s := range n.body {
			texts = append(texts, s)
		}
	}
	for _, s := range texts {
		prev := 1
		for _, m := range heading.FindAllStringSubmatch(string(markdown.Render(s)), -1) {
			level, _ := strconv.Atoi(m[1])
			if level > prev+1 {
				t.Errorf("h%d after h%d in %.60q", level, prev, s)
			}
			prev = level
		}
	}
}
