package site

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// storyTime publishes an event at Oodi the day after webtest.Now.
func storyTime(t *testing.T, e *webtest.Env, title string) library.Event {
	t.Helper()
	start := webtest.Now.Add(24 * time.Hour)
	ev, err := e.DB.CreateEvent(context.Background(), library.Staff{Role: library.RoleAdmin}, library.Event{
		Library: "helsinki", Branch: "hki-oodi", Room: "Satuhuone", Title: library.Text{"fi": title, "en": title},
		Start: start, End: start.Add(45 * time.Minute), Category: library.StoryTime, Audiences: []string{"children"},
		Status: library.EventPublished, PublishAt: webtest.Now}, webtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// TestHomePage shows the library chosen on it (remembered in a cookie)
// with today's hours, the events to come, the librarians' picks with
// their records, and the news.
func TestHomePage(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		ev := storyTime(t, e, "Satutuokio Oodissa")
		_, err := e.DB.CreateNews(context.Background(), library.NewsItem{Title: library.Text{"fi": "Kirjastot auki jouluna", "en": "Libraries open at Christmas"},
			Body: library.Text{"fi": "Teksti."}, Publication: library.Publication{Status: library.StatusPublished, PublishAt: webtest.Now.Add(-time.Hour)}},
			library.Staff{Role: library.RoleAdmin}, webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		pick, err := e.DB.CreatePick(context.Background(), library.Pick{Title: library.Text{"fi": "Syksyn dekkarit", "en": "Autumn crime"},
			Records:     []library.PickRecord{{RecordID: e.Records["(TEST)1"]}},
			Publication: library.Publication{Status: library.StatusPublished, PublishAt: webtest.Now.Add(-time.Hour)}},
			library.Staff{Role: library.RoleAdmin}, webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		resp, body := e.Get(t, "/?lang=en")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("home = %d", resp.StatusCode)
		}
		for _, want := range []string{e.Msg("en", "home.library.none"), "Autumn crime", `href="/picks/` + strconv.FormatInt(pick.ID, 10) + `"`, "Tuntematon sotilas", `href="/events/` + strconv.FormatInt(ev.ID, 10) + `"`,
			"Satutuokio Oodissa", "Libraries open at Christmas", `<select id="home-branch" name="branch">`} {
			if !strings.Contains(body, want) {
				t.Errorf("the home page lacks %q", want)
			}
		}

		resp, body = e.Get(t, "/?lang=en&branch=hki-oodi")
		var cookie string
		for _, c := range resp.Cookies() {
			if c.Name == homeBranchCookie {
				cookie = c.Name + "=" + c.Value
			}
		}
		if cookie != homeBranchCookie+"=hki-oodi" || !strings.Contains(body, `<a href="/libraries/hki-oodi">`) ||
			!strings.Contains(body, e.Msg("en", "home.library.today")+":") {
			t.Fatalf("choosing Oodi: cookie %q,\n%s", cookie, webtest.HTMLText(body))
		}
		_, body = e.Get(t, "/?lang=en", "Cookie: "+cookie)
		if !strings.Contains(body, `<a href="/libraries/hki-oodi">`) || !strings.Contains(body, `value="hki-oodi" selected`) {
			t.Errorf("the chosen library is not remembered:\n%s", webtest.HTMLText(body))
		}
		if _, body = e.Get(t, "/?lang=en&branch=no-such-branch"); !strings.Contains(body, e.Msg("en", "home.library.none")) {
			t.Errorf("an unknown branch was taken")
		}
	})
}

// TestEventsBesideBooks: a search finds the events its words are in,
// in a block of their own with their count, and a branch's page lists
// its next events.
func TestEventsBesideBooks(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		ev := storyTime(t, e, "Dinosaurusten satutuokio")
		_, body := e.Get(t, "/search?q=dinosaurusten&lang=en")
		if !strings.Contains(body, `id="search-events-h"`) || !strings.Contains(body, "Events (1)") ||
			!strings.Contains(body, `href="/events/`+strconv.FormatInt(ev.ID, 10)+`"`) {
			t.Errorf("the search does not show the event:\n%s", webtest.HTMLText(body))
		}
		if _, body = e.Get(t, "/search?q=kissa&lang=en"); strings.Contains(body, `id="search-events-h"`) {
			t.Errorf("a search that finds no event shows the events' block")
		}
		_, body = e.Get(t, "/libraries/hki-oodi?lang=en")
		if !strings.Contains(body, "Dinosaurusten satutuokio") || !strings.Contains(body, `href="/events?branch=hki-oodi"`) {
			t.Errorf("Oodi's page does not list its event:\n%s", webtest.HTMLText(body))
		}
		if _, body = e.Get(t, "/libraries/esp-sello?lang=en"); strings.Contains(body, "Dinosaurusten") {
			t.Errorf("Sello's page lists Oodi's event")
		}
	})
}
