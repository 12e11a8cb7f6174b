package site

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// at is a Helsinki wall-clock time in 2026.
func at(m time.Month, d, hh, mm int) time.Time {
	return time.Date(2026, m, d, hh, mm, 0, 0, library.Helsinki)
}

// TestOpensNext: a closed branch says when it opens next, in words and as
// an instant, from a Sunday, across midnight, over a holiday and over the
// changes to and from summer time; in self-service hours, when staff come.
func TestOpensNext(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		tests := []struct {
			name   string
			now    time.Time
			branch string
			lang   string
			next   string // the words
			nextAt string
		}{
			{"sunday evening, closed monday", at(time.December, 6, 20, 0), "esp-tapiola", "en", "Opens on Tuesday at 10:00", "2026-12-08T10:00:00+02:00"},
			{"sunday evening, closed monday, fi", at(time.December, 6, 20, 0), "esp-tapiola", "fi", "Avautuu tiistaina klo 10.00", "2026-12-08T10:00:00+02:00"},
			{"a minute to midnight", at(time.November, 23, 23, 59), "hki-oodi", "en", "Opens tomorrow at 8:00", "2026-11-24T08:00:00+02:00"},
			{"a minute past midnight", at(time.November, 24, 0, 1), "hki-oodi", "en", "Opens today at 8:00", "2026-11-24T08:00:00+02:00"},
			{"a minute past midnight, sv", at(time.November, 24, 0, 1), "hki-oodi", "sv", "Öppnar i dag kl. 8", "2026-11-24T08:00:00+02:00"},
			{"self-service before staff", at(time.November, 23, 9, 30), "hki-kallio", "en", "Staffed from today at 10:00", "2026-11-23T10:00:00+02:00"},
			{"night before self-service", at(time.November, 23, 21, 0), "hki-kallio", "ru", "Самообслуживание начнётся завтра в 7:00", "2026-11-24T07:00:00+02:00"},
			{"staff training day", at(time.November, 23, 9, 30), "esp-sello", "en", "Opens tomorrow at 9:00", "2026-11-24T09:00:00+02:00"},
			{"over independence day", at(time.December, 5, 20, 30), "esp-sello", "fi", "Avautuu maanantaina klo 9.00", "2026-12-07T09:00:00+02:00"},
			{"summer time begins tonight", at(time.March, 28, 21, 30), "hki-oodi", "en", "Opens tomorrow at 8:00", "2026-03-29T08:00:00+03:00"},
			{"summer time ends tonight", at(time.October, 24, 21, 30), "hki-oodi", "en", "Opens tomorrow at 8:00", "2026-10-25T08:00:00+02:00"},
			{"open: nothing to tell", at(time.November, 23, 12, 0), "hki-oodi", "en", "", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				srv := e.ServerAt(t, tt.now)
				bp, err := (&server{srv}).branchPage(context.Background(), tt.lang, tt.branch)
				if err != nil {
					t.Fatal(err)
				}
				if bp.Open.Next != tt.next || bp.Open.NextAt != tt.nextAt {
					t.Errorf("next opening = %q at %q, want %q at %q", bp.Open.Next, bp.Open.NextAt, tt.next, tt.nextAt)
				}
			})
		}
		// Further than a week ahead, the date is told.
		srv := e.ServerAt(t, webtest.Now)
		want := map[string]string{
			"fi": "ke 2.12.2026 klo 9.00", "sv": "ons 2.12.2026 kl. 9", "en": "on Wed 2 Dec 2026 at 9:00",
		}
		for lang, w := range want {
			if got := (&server{srv}).whenText(lang, at(time.December, 2, 9, 0), webtest.Now); got != w {
				t.Errorf("%s: whenText 9 days ahead = %q, want %q", lang, got, w)
			}
		}
		for _, lang := range webtest.Langs {
			seen := map[string]bool{}
			for d := range 8 {
				txt := (&server{srv}).whenText(lang, webtest.Now.AddDate(0, 0, d), webtest.Now)
				if txt == "" || seen[txt] {
					t.Errorf("%s: whenText %d days ahead = %q, empty or not told apart", lang, d, txt)
				}
				seen[txt] = true
			}
		}
	})
}

// TestHoursPageOnSunday: on a Sunday the branch page shows next week too,
// a holiday's name with its day (not in a column a phone cuts off), and
// both the libraries list and the page say when a closed branch opens.
func TestHoursPageOnSunday(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		sunday := at(time.December, 6, 20, 0)
		srv := e.ServerAt(t, sunday)
		get := func(path string) string {
			t.Helper()
			req := httptest.NewRequest("GET", "http://kirjasto.test"+path, nil)
			w := httptest.NewRecorder()
			srv.Handler().ServeHTTP(w, req)
			if w.Code != 200 {
				t.Fatalf("GET %s: %d", path, w.Code)
			}
			return webtest.WithoutBdi(w.Body.String())
		}
		body := get("/libraries/esp-sello?lang=fi")
		for _, w := range []string{
			"su 6.12.2026", `<strong class="day-note">Itsenäisyyspäivä</strong>`, // today, with its holiday
			"ma 7.12.2026", "su 13.12.2026", "Aukioloajat ensi viikolla", // next week
			"Suljettu nyt", "Avautuu huomenna klo 9.00",
		} {
			if !strings.Contains(body, w) {
				t.Errorf("Sello's page on a Sunday lacks %q", w)
			}
		}
		if strings.Contains(body, `scope="col">Huomautus`) {
			t.Error("the notes are still a column of their own")
		}
		body = get("/libraries?lang=en")
		for _, w := range []string{"Closed now</span> <span class=\"next-open\">Opens on Tuesday at 10:00", "Self-service from tomorrow at 7:00"} {
			if !strings.Contains(body, w) {
				t.Errorf("libraries list on Sunday evening lacks %q", w)
			}
		}

		var bp branchPage
		if err := json.Unmarshal([]byte(get("/api/v1/libraries/esp-sello?lang=en")), &bp); err != nil {
			t.Fatal(err)
		}
		var days []string
		for _, d := range append(bp.Week, bp.NextWeek...) {
			days = append(days, d.Date)
		}
		wantDays := []string{"2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06",
			"2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11", "2026-12-12", "2026-12-13"}
		if diff := cmp.Diff(wantDays, days); diff != "" {
			t.Errorf("this week and next (-want +got):\n%s", diff)
		}
		if bp.Open.Status != "closed" || bp.Open.NextAt != "2026-12-07T09:00:00+02:00" {
			t.Errorf("API open = %+v", bp.Open)
		}
	})
}
