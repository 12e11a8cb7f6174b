package events

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestPublicPagesInEveryLanguage shows the calendar, an event, a
// refusal, the confirmation and the cancellation page in each of the
// seven languages: the page's language and direction, no raw message
// ids, and the menu's link to the calendar.
func TestPublicPagesInEveryLanguage(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		p := newPub(t, e)
		evs := calendar(t, p)
		waiting := p.event(t, func(ev *library.Event) { ev.Capacity, ev.MaxPlaces = 1, 1 })
		p.signUp(t, waiting, guestForm("Eka", "eka@example.fi"))
		token, _ := p.signUp(t, waiting, guestForm("Toka", "toka@example.fi"))
		later := p.event(t, func(ev *library.Event) { ev.SignupOpens = at(3, 9, 0) })
		if len(library.Languages) != 7 {
			t.Fatalf("%d languages", len(library.Languages))
		}
		for _, lang := range library.Languages {
			cookie := "Cookie: lang=" + lang
			for _, c := range []struct {
				method, path string
				status       int
			}{
				{"GET", "/events", http.StatusOK},
				{"GET", "/events?from=huomenna", http.StatusBadRequest},
				{"GET", "/events?q=nothingmatchesthis", http.StatusOK},
				{"GET", path(evs["story"]), http.StatusOK},
				{"GET", path(evs["cafe"]), http.StatusOK},
				{"GET", path(evs["exhibition"]), http.StatusOK},
				{"GET", path(waiting), http.StatusOK},
				{"GET", path(later), http.StatusOK},
				{"POST", path(evs["story"]) + "/signup", http.StatusBadRequest},
				{"GET", "/events/registrations/" + token + "?new=1", http.StatusOK},
				{"GET", library.EventCancelPath(token), http.StatusOK},
			} {
				resp, body := p.Do(t, c.method, c.path, nil, cookie)
				if resp.StatusCode != c.status {
					t.Errorf("%s %s %s: %d, want %d", lang, c.method, c.path, resp.StatusCode, c.status)
				}
				head := `<html lang="` + lang + `" dir="` + e.Bundle.T(lang, "meta.dir", nil) + `">`
				if !strings.Contains(body, head) {
					t.Errorf("%s %s: no %s", lang, c.path, head)
				}
				for _, id := range webtest.RawIDs(e.Bundle, lang, body) {
					t.Errorf("%s %s: the page shows the raw message id %q", lang, c.path, id)
				}
				has(t, lang+" "+c.path, body, `<a href="/events"`)
			}
		}
	})
}
