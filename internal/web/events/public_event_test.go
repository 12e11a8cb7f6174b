package events

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestEventPage shows an event's details, its description rendered
// safely, its place with links, and valid schema.org JSON-LD; a
// cancelled event says so with the reason; a text missing in the
// reader's language is marked; what is not public is not found.
func TestEventPage(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		p := newPub(t, e)
		evs := calendar(t, p)
		resp, body := p.Get(t, path(evs["story"])+"?lang=en")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%d:\n%s", resp.StatusCode, body)
		}
		has(t, "the story time", body, "<h1>Story time</h1>", "Stories for the <em>little ones</em>.",
			"Mon 30 Nov 2026 10:00–10:45", `<a href="/libraries/hki-oodi">Central Library Oodi</a>, Satuhuone`,
			`href="https://www.openstreetmap.org/search?query=T%C3%B6%C3%B6l%C3%B6nlahdenkatu%204%2C%2000100%20Helsinki"`,
			"Children, Families", "Story time", "Finnish", "Step-free.", "Free", `href="/events/`+itoa(evs["story"].ID)+`.ics"`,
			`class="event-signup"`, `name="name"`, `name="email"`, `name="phone"`, `name="places"`)
		ld := jsonLD(t, body)
		for k, want := range map[string]any{
			"@type": "Event", "name": "Story time", "startDate": "2026-11-30T10:00:00+02:00", "endDate": "2026-11-30T10:45:00+02:00",
			"eventStatus": "https://schema.org/EventScheduled", "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
			"inLanguage": "fi", "isAccessibleForFree": true, "maximumAttendeeCapacity": 2.0,
		} {
			if ld[k] != want {
				t.Errorf("JSON-LD %s = %v, want %v", k, ld[k], want)
			}
		}
		loc, _ := ld["location"].(map[string]any)
		addr, _ := loc["address"].(map[string]any)
		offers, _ := ld["offers"].(map[string]any)
		org, _ := ld["organizer"].(map[string]any)
		if loc["@type"] != "Place" || loc["@id"] != "/libraries/hki-oodi" || addr["@type"] != "PostalAddress" ||
			addr["addressLocality"] != "Helsinki" || addr["streetAddress"] != "Töölönlahdenkatu 4" || addr["postalCode"] != "00100" {
			t.Errorf("JSON-LD location %v", loc)
		}
		if offers["price"] != "0.00" || offers["priceCurrency"] != "EUR" || org["name"] != "Helsinki City Library" {
			t.Errorf("JSON-LD offers %v, organizer %v", offers, org)
		}

		// The stored Markdown cannot put markup in the page.
		_, body = p.Get(t, path(evs["story"])+"?lang=fi")
		has(t, "the Finnish page", body, "Satuja <em>pienille</em>.", "&lt;script&gt;alert(1)&lt;/script&gt;")

		// The concert: paid, no sign-up, English spoken; its text only in Finnish for a Swedish reader.
		_, body = p.Get(t, path(evs["concert"])+"?lang=sv")
		has(t, "the concert in Swedish", body, e.Msg("sv", "content.missing.fi"), `<h1 lang="fi">Jazzkonsertti</h1>`,
			"5,00 €", e.Msg("sv", "events_public.state.none"), "engelska")
		lacks(t, "the concert", body, `class="event-signup"`)
		if ld := jsonLD(t, body); ld["offers"].(map[string]any)["price"] != "5.00" || ld["inLanguage"] != "en" {
			t.Errorf("concert JSON-LD %v", ld)
		}
		// The concert's title is in English, its description is not: marked.
		_, body = p.Get(t, path(evs["concert"])+"?lang=en")
		has(t, "the concert in English", body, e.Msg("en", "content.missing.fi"))
		_, body = p.Get(t, path(evs["story"])+"?lang=en")
		lacks(t, "the story time in English", body, e.Msg("en", "content.missing.fi"))

		// The cancelled café: a banner with the reason, no form, cancelled in the JSON-LD.
		_, body = p.Get(t, path(evs["cafe"])+"?lang=en")
		has(t, "the cancelled café", body, e.Msg("en", "events_public.cancelled_banner"), "The host is ill.")
		lacks(t, "the cancelled café", body, `class="event-signup"`)
		if ld := jsonLD(t, body); ld["eventStatus"] != "https://schema.org/EventCancelled" {
			t.Errorf("cancelled eventStatus %v", ld["eventStatus"])
		}

		// The exhibition at an outside venue: its address and map, no branch link.
		_, body = p.Get(t, path(evs["exhibition"])+"?lang=en")
		has(t, "the exhibition", body, "Kauppatori, Eteläranta 1, 00170 Helsinki", "openstreetmap.org/search?query=Etel%C3%A4ranta%201%2C%2000170%20Helsinki")
		if ld := jsonLD(t, body); ld["location"].(map[string]any)["address"].(map[string]any)["postalCode"] != "00170" {
			t.Errorf("venue JSON-LD %v", ld["location"])
		}

		// Not public: a draft, an unknown event, a bad number.
		for _, path := range []string{path(evs["draft"]), "/events/999999", "/events/abc", "/events/0", path(evs["draft"]) + ".ics"} {
			if resp, _ := p.Get(t, path); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s = %d, want 404", path, resp.StatusCode)
			}
		}
	})
}

// TestEventICS gives one event as a calendar file in Helsinki time, in
// winter and in summer, and the feed of the calendar's filters.
func TestEventICS(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		p := newPub(t, e)
		evs := calendar(t, p)
		summer := p.event(t, func(ev *library.Event) {
			ev.Title = library.Text{"fi": "Kesäkonsertti; ulkona, puistossa", "en": "Summer concert"}
			ev.Start, ev.End = at(204, 18, 0), at(204, 19, 30) // Tuesday 15 June 2027
		})
		resp, body := p.Get(t, path(evs["story"])+".ics?lang=en")
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
			t.Fatalf("%d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		lines := webtest.ICalLines(t, body)
		vevents := webtest.ICalEvents(lines)
		if len(vevents) != 1 {
			t.Fatalf("%d VEVENTs, want 1", len(vevents))
		}
		has(t, "the story time's file", strings.Join(lines, "\n"), "BEGIN:VTIMEZONE", "TZID:Europe/Helsinki")
		has(t, "the story time's VEVENT", strings.Join(vevents[0], "\n"),
			"DTSTART;TZID=Europe/Helsinki:20261130T100000", "DTEND;TZID=Europe/Helsinki:20261130T104500",
			"SUMMARY;LANGUAGE=en:Story time", "LOCATION:Central Library Oodi\\, Satuhuone\\, Töölönlahdenkatu 4\\, 00100 Helsinki",
			"URL:http://kirjasto.test"+path(evs["story"]), "STATUS:CONFIRMED", "UID:event-"+itoa(evs["story"].ID)+"@kirjasto")

		_, body = p.Get(t, path(summer)+".ics?lang=fi")
		ev := strings.Join(webtest.ICalEvents(webtest.ICalLines(t, body))[0], "\n")
		has(t, "the summer concert", ev, "DTSTART;TZID=Europe/Helsinki:20270615T180000",
			"DTEND;TZID=Europe/Helsinki:20270615T193000", `SUMMARY;LANGUAGE=fi:Kesäkonsertti\; ulkona\, puistossa`)

		_, body = p.Get(t, path(evs["cafe"])+".ics?lang=en")
		has(t, "the cancelled café", body, "STATUS:CANCELLED")

		// The feed: what the calendar shows, with its filters.
		summaries := func(query string) []string {
			t.Helper()
			resp, body := p.Get(t, "/events.ics?lang=en&"+query)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("feed %s: %d", query, resp.StatusCode)
			}
			var out []string
			for _, ev := range webtest.ICalEvents(webtest.ICalLines(t, body)) {
				for _, l := range ev {
					if s, ok := strings.CutPrefix(l, "SUMMARY;LANGUAGE="); ok {
						out = append(out, s[3:])
					}
				}
			}
			slices.Sort(out)
			return out
		}
		for query, want := range map[string][]string{
			"":                  {"Jazz concert", "Language café", "Photo exhibition", "Story time", "Summer concert"},
			"branch=esp-sello":  {"Jazz concert"},
			"library=helsinki":  {"Language café", "Photo exhibition", "Story time", "Summer concert"},
			"from=2027-06-01":   {"Summer concert"},
			"category=concert":  {"Jazz concert"},
			"audience=children": {"Story time", "Summer concert"},
		} {
			if got := summaries(query); !slices.Equal(got, want) {
				t.Errorf("feed %q = %v, want %v", query, got, want)
			}
		}
		if resp, _ := p.Get(t, "/events.ics?from=tomorrow"); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("a feed with a bad date = %d, want 400", resp.StatusCode)
		}
	})
}
