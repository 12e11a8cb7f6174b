package events

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// calendar fills the store with events the filters tell apart: a story
// time at Oodi (Helsinki, children, Finnish, free, two places), a paid
// concert at Sello (Espoo, adults, English, no sign-up) the day after,
// a language café at Kallio that was cancelled, a draft, one that has
// ended, and an exhibition at an outside venue that is on now.
func calendar(t *testing.T, p *pub) map[string]library.Event {
	t.Helper()
	evs := map[string]library.Event{
		"story": p.event(t, nil),
		"concert": p.event(t, func(e *library.Event) {
			e.Library, e.Branch, e.Room = "espoo", "esp-sello", ""
			e.Title = library.Text{"fi": "Jazzkonsertti", "en": "Jazz concert"}
			e.Description = library.Text{"fi": "Trumpetti soi."}
			e.Start, e.End = at(8, 18, 0), at(8, 20, 0)
			e.Audiences, e.Category, e.Languages = []string{library.ForAdults}, library.Concert, []string{"en"}
			e.PriceCents, e.Registration = 500, false
		}),
		"cafe": p.event(t, func(e *library.Event) {
			e.Branch, e.Room = "hki-kallio", ""
			e.Title = library.Text{"fi": "Kielikahvila", "en": "Language café"}
			e.Start, e.End = at(9, 17, 0), at(9, 18, 0)
			e.Category, e.Audiences = library.LanguageCafe, []string{library.ForAdults}
		}),
		"draft": p.event(t, func(e *library.Event) {
			e.Title, e.Status = library.Text{"fi": "Luonnos", "en": "Draft event"}, library.EventDraft
		}),
		"past": p.event(t, func(e *library.Event) {
			e.Title = library.Text{"fi": "Mennyt", "en": "Past event"}
			e.Start, e.End = at(-1, 10, 0), at(-1, 11, 0)
			e.Registration = false
		}),
		"exhibition": p.event(t, func(e *library.Event) {
			e.Branch, e.Room = "", ""
			e.Venue = library.Venue{Name: "Kauppatori", Street: "Eteläranta 1", PostalCode: "00170", City: "Helsinki"}
			e.Title = library.Text{"fi": "Valokuvanäyttely", "en": "Photo exhibition"}
			e.Start, e.End = at(-2, 9, 0), at(12, 18, 0)
			e.Category, e.Audiences, e.Registration = library.Exhibition, nil, false
		}),
	}
	if _, _, err := p.DB.CancelEvent(p.ctx, p.admin, evs["cafe"].ID, library.Text{"fi": "Vetäjä sairastui.", "en": "The host is ill."}, webtest.Now); err != nil {
		t.Fatal(err)
	}
	return evs
}

// TestEventList shows the calendar by day, with times, places, states
// and cancellations, and every filter narrowing it.
func TestEventList(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		p := newPub(t, e)
		calendar(t, p)
		resp, body := p.Get(t, "/events?lang=en")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("/events = %d:\n%s", resp.StatusCode, body)
		}
		has(t, "/events", body, "Story time", "Jazz concert", "Language café", "Photo exhibition",
			e.Msg("en", "events_public.cancelled"), "10:00–10:45", "Central Library Oodi, Satuhuone",
			"Kauppatori, Eteläranta 1, 00170 Helsinki", "€5.00", e.Msg("en", "events_public.state.none"),
			webtest.HTMLText(e.Bundle.N("en", "events_public.state.places_left", 2, webtest.Pairs("Count", 2))),
			`<label for="events-from">`, `<label for="events-branch">`, `<label for="events-audience-children">`,
			`href="/events.ics"`, `href="webcal://kirjasto.test/events.ics"`)
		lacks(t, "/events", body, "Draft event", "Past event")
		// By day: the exhibition that is on, today; then the story time, the concert, the café.
		order := []string{"Photo exhibition", "Story time", "Jazz concert", "Language café"}
		for i := 1; i < len(order); i++ {
			if strings.Index(body, ">"+order[i-1]+"</a></h3>") > strings.Index(body, ">"+order[i]+"</a></h3>") {
				t.Errorf("%s is listed after %s", order[i-1], order[i])
			}
		}
		if n := strings.Count(body, "<h2>"); n != 5 { // four days and the feed
			t.Errorf("%d h2 headings, want four days and the feed", n)
		}
		// The menu links here.
		_, home := p.Get(t, "/?lang=en")
		has(t, "the home page's menu", home, `<a href="/events">`+e.Msg("en", "events_public.nav")+`</a>`)

		for _, c := range []struct {
			query string
			want  []string
		}{
			{"library=espoo", []string{"Jazz concert"}},
			{"library=helsinki", []string{"Story time", "Language café", "Photo exhibition"}},
			{"branch=hki-kallio", []string{"Language café"}},
			{"from=2026-12-01&to=2026-12-01", []string{"Jazz concert", "Photo exhibition"}},
			{"to=2026-11-30", []string{"Story time", "Photo exhibition"}},
			{"audience=adults", []string{"Jazz concert", "Language café"}},
			{"audience=children&audience=adults", []string{"Story time", "Jazz concert", "Language café"}},
			{"category=concert", []string{"Jazz concert"}},
			{"language=en", []string{"Jazz concert"}},
			{"q=trumpetti", []string{"Jazz concert"}},
			{"free=1", []string{"Story time", "Language café", "Photo exhibition"}},
			{"free=1&library=espoo", nil},
		} {
			resp, body := p.Get(t, "/events?lang=en&"+c.query)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s: %d", c.query, resp.StatusCode)
				continue
			}
			for _, title := range []string{"Story time", "Jazz concert", "Language café", "Photo exhibition"} {
				shown := strings.Contains(body, ">"+title+"</a></h3>")
				if want := strings.Contains(strings.Join(c.want, "|"), title); shown != want {
					t.Errorf("%s: %s shown %v, want %v", c.query, title, shown, want)
				}
			}
			if c.want == nil {
				has(t, c.query, body, e.Msg("en", "events_public.none_filtered"))
			}
			// The feed of the same filters is offered.
			has(t, c.query, body, `href="/events.ics?`)
		}

		// Bad filters: a message at the form and 400, never a 500.
		for query, key := range map[string]string{
			"from=2026-13-45":                    "events_public.error.date",
			"to=next+week":                       "events_public.error.date",
			"from=2026-12-10&to=2026-12-01":      "error.event_filter_dates",
			"audience=pets":                      "error.event_filter",
			"category=rave":                      "error.event_filter",
			"language=" + strings.Repeat("x", 9): "error.event_filter",
			"library=turku":                      "events_public.error.library",
			"branch=nowhere":                     "events_public.error.branch",
		} {
			resp, body := p.Get(t, "/events?lang=en&"+query)
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("%s: %d, want 400", query, resp.StatusCode)
			}
			has(t, query, body, webtest.HTMLText(e.Msg("en", key)), `aria-invalid="true"`)
		}
		if resp, _ := p.Get(t, "/events?page=0"); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("page 0: %d", resp.StatusCode)
		}
		if resp, _ := p.Get(t, "/events?page=9"); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("page 9 of 1: %d", resp.StatusCode)
		}
	})
}

// TestEventListPaging pages the calendar 20 events at a time.
func TestEventListPaging(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		p := newPub(t, e)
		for i := range 21 {
			p.event(t, func(ev *library.Event) {
				ev.Start, ev.End = at(1+i, 10, 0), at(1+i, 11, 0)
				ev.Title = library.Text{"fi": "Tapahtuma", "en": "Event " + string(rune('A'+i))}
			})
		}
		_, body := p.Get(t, "/events?lang=en&library=helsinki")
		has(t, "page 1", body, "Event A<", "Event T<", `library=helsinki&amp;page=2" rel="next"`)
		lacks(t, "page 1", body, "Event U<")
		_, body = p.Get(t, "/events?lang=en&library=helsinki&page=2")
		has(t, "page 2", body, "Event U<", `rel="prev"`)
		lacks(t, "page 2", body, "Event A<")
	})
}
