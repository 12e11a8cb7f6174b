package site

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

func TestICalFoldRoundTrip(t *testing.T) {
	for _, s := range []string{
		"", "SUMMARY:short",
		"SUMMARY:" + strings.Repeat("a", 67), // exactly 75
		"SUMMARY:" + strings.Repeat("a", 68), // 76
		"DESCRIPTION:" + strings.Repeat("ä", 100),
		"DESCRIPTION:" + strings.Repeat("Библиотека 😀 ", 30),
		"X:" + strings.Repeat("€", 200),
	} {
		folded := web.ICalFold(s)
		lines := webtest.ICalLines(t, folded)
		if len(lines) != 1 || lines[0] != s {
			t.Errorf("fold round trip of %q gave %q", s, lines)
		}
	}
}

func TestICalEscape(t *testing.T) {
	for in, want := range map[string]string{
		`a\b`:        `a\\b`,
		"a;b,c":      `a\;b\,c`,
		"one\ntwo":   `one\ntwo`,
		"one\r\ntwo": `one\ntwo`,
		"plain: ok":  "plain: ok",
	} {
		if got := web.ICalEscape(in); got != want {
			t.Errorf("icalEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHoursICS(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		for _, c := range []struct {
			id     string
			events int
		}{
			// The window is 56 days from Monday 2026-11-23.
			{"esp-sello", 56 - 3},   // three closed exceptions fall in the window
			{"hki-kallio", 56 * 2},  // staffed and self-service every day
			{"esp-tapiola", 56 - 8}, // closed on Mondays
			{"hki-oodi", 56},
		} {
			resp, body := e.Get(t, "/libraries/"+c.id+"/hours.ics", "Cookie: lang=fi")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: status %d", c.id, resp.StatusCode)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
				t.Errorf("%s: Content-Type %q", c.id, ct)
			}
			lines := webtest.ICalLines(t, body)
			if lines[0] != "BEGIN:VCALENDAR" || lines[len(lines)-1] != "END:VCALENDAR" {
				t.Errorf("%s: not a VCALENDAR: %q ... %q", c.id, lines[0], lines[len(lines)-1])
			}
			for _, want := range []string{"VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
				"BEGIN:VTIMEZONE", "TZID:Europe/Helsinki", "BEGIN:STANDARD", "TZOFFSETTO:+0200",
				"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "BEGIN:DAYLIGHT", "TZOFFSETTO:+0300",
				"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:VTIMEZONE"} {
				found := false
				for _, l := range lines {
					found = found || l == want
				}
				if !found {
					t.Errorf("%s: no line %q", c.id, want)
				}
			}
			if !strings.Contains(body, "\r\nPRODID:") {
				t.Errorf("%s: no PRODID", c.id)
			}
			evs := webtest.ICalEvents(lines)
			if len(evs) != c.events {
				t.Errorf("%s: %d events, want %d", c.id, len(evs), c.events)
			}
			uids := map[string]bool{}
			for _, ev := range evs {
				props := map[string]string{}
				for _, l := range ev {
					k, v, _ := strings.Cut(l, ":")
					props[k] = v
				}
				for _, k := range []string{"UID", "DTSTAMP", "DTSTART;TZID=Europe/Helsinki", "DTEND;TZID=Europe/Helsinki", "SUMMARY"} {
					if props[k] == "" {
						t.Errorf("%s: event without %s: %q", c.id, k, ev)
					}
				}
				if uids[props["UID"]] {
					t.Errorf("%s: duplicate UID %s", c.id, props["UID"])
				}
				uids[props["UID"]] = true
				if !strings.HasSuffix(props["UID"], "@kirjasto") || !strings.HasPrefix(props["UID"], c.id+"-") {
					t.Errorf("%s: UID %q", c.id, props["UID"])
				}
				if c.id == "esp-sello" && strings.HasPrefix(props["DTSTART;TZID=Europe/Helsinki"], "20261206") {
					t.Errorf("esp-sello: event on closed Independence Day: %q", ev)
				}
			}
			if c.id == "esp-sello" && !strings.Contains(body, "SUMMARY:Avoinna: Sellon kirjasto\r\n") {
				t.Errorf("esp-sello: no Finnish summary")
			}
			if c.id == "hki-kallio" && !strings.Contains(body, "SUMMARY:Omatoimiaika: Kallion kirjasto\r\n") {
				t.Errorf("hki-kallio: no self-service summary")
			}
		}
		// The same request twice gives the same UIDs.
		_, a := e.Get(t, "/libraries/esp-sello/hours.ics")
		_, b := e.Get(t, "/libraries/esp-sello/hours.ics")
		if a != b {
			t.Errorf("two requests gave different calendars")
		}
		resp, _ := e.Get(t, "/libraries/no-such-branch/hours.ics")
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("unknown branch: status %d, want 404", resp.StatusCode)
		}
	})
}

func TestHoursICSLanguages(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		for lang, want := range map[string]string{
			"fi": "SUMMARY:Avoinna: Sellon kirjasto",
			"sv": "SUMMARY:Öppet: Sellobiblioteket",
			"en": "SUMMARY:Open: Sello Library",
			"ru": "SUMMARY:Открыто: Библиотека Селло",
		} {
			_, body := e.Get(t, "/libraries/esp-sello/hours.ics", "Cookie: lang="+lang)
			if !strings.Contains(strings.Join(webtest.ICalLines(t, body), "\n"), want) {
				t.Errorf("%s: no %q", lang, want)
			}
			_, page := e.Get(t, "/libraries/esp-sello", "Cookie: lang="+lang)
			link := `href="/libraries/esp-sello/hours.ics"`
			if !strings.Contains(page, link) || !strings.Contains(page, e.Bundle.T(lang, "ical.link", nil)) {
				t.Errorf("%s: library page has no calendar link", lang)
			}
		}
	})
}

// A day with a note gets it in DESCRIPTION, escaped, and long or
// non-ASCII text is folded.
func TestHoursICSNoteAndEscaping(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		name := `Kirjasto; pieni, mutta \ pippurinen – ` + strings.Repeat("ääkköset ", 10)
		note := "Lyhennetty päivä,\nsuljemme aikaisin; tervetuloa"
		day := library.Date{Year: 2026, Month: 11, Day: 24}
		b := library.Branch{ID: "test", Name: webtest.Text(name, name, name, name), Hours: library.Hours{
			Weekly: webtest.Week(webtest.Hours(9, 20), nil),
			Exceptions: []library.Exception{{Date: day, Day: library.Day{
				Staffed: webtest.Hours(9, 12), SelfService: webtest.Hours(12, 24), Note: webtest.Text(note, note, note, note)}}},
		}}
		body := (&server{e.Srv}).hoursICS("fi", b)
		lines := webtest.ICalLines(t, body)
		evs := webtest.ICalEvents(lines)
		if len(evs) != 56+1 {
			t.Errorf("%d events, want 57", len(evs))
		}
		wantSummary := "SUMMARY:Avoinna: " + web.ICalEscape(name)
		if !strings.Contains(wantSummary, `Kirjasto\; pieni\, mutta \\ pippurinen`) {
			t.Fatalf("summary not escaped: %q", wantSummary)
		}
		var described int
		for _, ev := range evs {
			joined := strings.Join(ev, "\n")
			if !strings.Contains(joined, "UID:test-2026-11-24-") {
				if strings.Contains(joined, "DESCRIPTION") {
					t.Errorf("description on a day without a note: %q", ev)
				}
				continue
			}
			described++
			if !strings.Contains(joined, `DESCRIPTION:Lyhennetty päivä\,\nsuljemme aikaisin\; tervetuloa`) {
				t.Errorf("note not in DESCRIPTION: %q", ev)
			}
		}
		if described != 2 {
			t.Errorf("%d events on the noted day, want 2", described)
		}
		if !strings.Contains(body, "UID:test-2026-11-24-self-1@kirjasto") ||
			!strings.Contains(body, "DTEND;TZID=Europe/Helsinki:20261125T000000") {
			t.Errorf("closing at 24:00 not written as next midnight")
		}
		found := false
		for _, l := range lines {
			found = found || l == wantSummary
		}
		if !found {
			t.Errorf("no %q", wantSummary)
		}
	})
}
