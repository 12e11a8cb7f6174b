package stats

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// reportYear is the year the tests generate.
const reportYear = 2025

// in2025 is a moment of 2025 in Helsinki.
func in2025(month time.Month, day, hour int) time.Time {
	return time.Date(reportYear, month, day, hour, 0, 0, 0, library.Helsinki)
}

// yearOfActivity generates a known year at Helsinki and Espoo: loans and
// a renewal, door counts, an event and a user training session with one
// participant, each day rolled up as the sweep would.
func yearOfActivity(t *testing.T, e *webtest.CircEnv) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	desk := func(b string) library.Actor { return library.Actor{StaffID: e.Staff.ID, Branch: b} }
	p := e.Patron.ID
	var days []time.Time
	do := func(at time.Time, f func() error) {
		t.Helper()
		must(f())
		days = append(days, at)
	}
	// Helsinki lends three times and renews once; Espoo lends once.
	do(in2025(3, 10, 12), func() error { _, err := e.DB.Checkout(ctx, p, "T1-1", desk("hki-oodi"), in2025(3, 10, 12)); return err })
	do(in2025(3, 10, 13), func() error { _, err := e.DB.Checkout(ctx, p, "T1-2", desk("hki-oodi"), in2025(3, 10, 13)); return err })
	do(in2025(3, 20, 12), func() error { _, err := e.DB.Renew(ctx, p, "T1-1", desk("hki-oodi"), in2025(3, 20, 12)); return err })
	do(in2025(4, 1, 12), func() error { _, err := e.DB.Checkin(ctx, "T1-1", desk("hki-oodi"), in2025(4, 1, 12)); return err })
	do(in2025(4, 1, 13), func() error { _, err := e.DB.Checkin(ctx, "T1-2", desk("hki-oodi"), in2025(4, 1, 13)); return err })
	do(in2025(6, 5, 12), func() error {
		_, err := e.DB.Checkout(ctx, p, "T1-1", desk("hki-kallio"), in2025(6, 5, 12))
		return err
	})
	do(in2025(6, 6, 12), func() error { _, err := e.DB.Checkout(ctx, p, "F1-0", desk("esp-sello"), in2025(6, 6, 12)); return err })
	// A checkout of the year before counts for neither year's report.
	do(in2025(1, 1, 0).Add(-time.Hour), func() error {
		_, err := e.DB.Checkout(ctx, p, "F3-1", desk("hki-oodi"), in2025(1, 1, 0).Add(-time.Hour))
		return err
	})

	admin := library.Staff{ID: 1, Role: library.RoleAdmin}
	event := func(cat string, at time.Time) library.Event {
		ev, err := e.DB.CreateEvent(ctx, admin, library.Event{Library: "helsinki", Branch: "hki-oodi",
			Title: library.Text{"fi": "Tapahtuma " + cat}, Start: at, End: at.Add(time.Hour), Category: cat,
			Registration: true, MaxPlaces: 4, Status: library.EventPublished, PublishAt: at.Add(-72 * time.Hour)}, at.Add(-72*time.Hour))
		must(err)
		days = append(days, at)
		return ev
	}
	training := event(library.DigitalHelp, in2025(4, 2, 10))
	su, err := e.DB.SignUp(ctx, library.SignupRequest{EventID: training.ID, PatronID: p, Places: 2}, in2025(4, 1, 10))
	must(err)
	_, err = e.DB.MarkAttendance(ctx, admin, su.Signup.ID, library.SignupAttended, in2025(4, 2, 11))
	must(err)
	event(library.StoryTime, in2025(5, 5, 10))
	event(library.Concert, in2025(9, 9, 18))

	_, err = e.DB.ImportVisitors(ctx, []store.VisitorCount{
		{Branch: "hki-oodi", Day: library.Date{Year: 2025, Month: 3, Day: 10}, Visitors: 120},
		{Branch: "hki-kallio", Day: library.Date{Year: 2025, Month: 5, Day: 1}, Visitors: 30},
		{Branch: "esp-sello", Day: library.Date{Year: 2025, Month: 3, Day: 10}, Visitors: 50},
		{Branch: "hki-oodi", Day: library.Date{Year: 2024, Month: 12, Day: 31}, Visitors: 999},
	})
	must(err)
	for _, d := range days {
		must(e.DB.RollUpStats(ctx, library.DateOf(d.In(library.Helsinki))))
	}
}

// readCSV fetches a CSV export and returns its rows by their first cell.
func readCSV(t *testing.T, e *webtest.CircEnv, path string, cookie ...string) map[string][]string {
	t.Helper()
	resp, body := e.Do(t, "GET", path, nil, cookie...)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("GET %s: %d %s: %.300s", path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range recs[1:] {
		out[r[0]] = r[1:]
	}
	return out
}

// TestNationalReport computes Helsinki's year from the generated
// activity: every number is known.
func TestNationalReport(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		yearOfActivity(t, e)
		admin := e.StaffAt(t, "director", library.RoleLibraryAdmin, "hki-oodi", "en")
		rows := readCSV(t, e, "/admin/stats/national?scope=helsinki&year=2025&table=national-helsinki&format=csv", admin)
		// The collection is the fixture's: every Helsinki copy not withdrawn.
		var items int64
		for _, r := range webtest.Records() {
			for _, it := range r.Items {
				if strings.HasPrefix(it.HomeBranch, "hki-") && it.Status != library.Withdrawn {
					items++
				}
			}
		}
		want := map[string]int64{
			"Fyysinen lainaus yhteensä": 4, // three checkouts and a renewal
			"Lainaus: Kirja":            4,
			"Uusinnat":                  1,
			"Fyysiset käynnit":          150,
			// Oodi 8-21 every day, Kallio 10-20 with staff and 7-10 self-service.
			"Aukiolotunnit yhteensä":                     365 * (13 + 10 + 3),
			"Aukiolotunnit, joina henkilökunta paikalla": 365 * (13 + 10),
			"Omatoimiaukiolotunnit":                      365 * 3,
			"Kokoelma yhteensä":                          items,
			"Hankinnat yhteensä":                         0,
			"Poistot yhteensä":                           0,
			"Tapahtumat":                                 2,
			"Tapahtumien osallistujat":                   0,
			"Käyttäjäkoulutukset":                        1,
			"Käyttäjäkoulutusten osallistujat":           2,
			"E-aineistojen lainaus":                      0,
		}
		got := map[string]int64{}
		for k := range want {
			r, ok := rows[k]
			if !ok {
				t.Errorf("the report has no field %q: %v", k, rows)
				continue
			}
			var n int64
			for _, c := range r[1] {
				n = n*10 + int64(c-'0')
			}
			got[k] = n
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Helsinki %d (-want +got):\n%s", reportYear, diff)
		}
		espoo := readCSV(t, e, "/admin/stats/national?scope=espoo&year=2025&table=national-espoo&format=csv",
			e.StaffAt(t, "root", library.RoleAdmin, "hki-oodi", "en"))
		if got := espoo["Fyysinen lainaus yhteensä"]; len(got) < 2 || got[1] != "1" {
			t.Errorf("Espoo's loans: %v, want 1", got)
		}
		// Helsinki's director may not read Espoo's report.
		if resp, _ := e.Do(t, "GET", "/admin/stats/national?scope=espoo&year=2025", nil, admin); resp.StatusCode != http.StatusForbidden {
			t.Errorf("Helsinki's director reading Espoo's report: %d, want 403", resp.StatusCode)
		}
		// XLSX: every table of the page.
		resp, body := e.Do(t, "GET", "/admin/stats/national?scope=helsinki&year=2025&format=xlsx", nil, admin)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "PK") {
			t.Errorf("XLSX: %d %q", resp.StatusCode, body[:min(len(body), 20)])
		}
	})
}

// TestDashboardScopes: a branch's staff see their branch's figures and
// nothing wider; asking for more is 403.
func TestDashboardScopes(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		yearOfActivity(t, e)
		branch := e.StaffAt(t, "manager", library.RoleBranchStaff, "hki-oodi", "en")
		q := "?period=year&year=2025&table=summary&format=csv"
		oodi := readCSV(t, e, "/admin/stats"+q, branch)
		helsinki := readCSV(t, e, "/admin/stats"+q+"&scope=helsinki", e.StaffAt(t, "director", library.RoleLibraryAdmin, "hki-oodi", "en"))
		all := readCSV(t, e, "/admin/stats"+q+"&scope=all", e.StaffAt(t, "root", library.RoleAdmin, "hki-oodi", "en"))
		for _, c := range []struct {
			name string
			rows map[string][]string
			want []string // checkouts, renewals, visitors this year
		}{
			{"Oodi", oodi, []string{"2", "1", "120"}},
			{"Helsinki", helsinki, []string{"3", "1", "150"}},
			{"consortium", all, []string{"4", "1", "200"}},
		} {
			got := []string{c.rows["Checkouts"][0], c.rows["Renewals"][0], c.rows["Visitors"][0]}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", c.name, diff)
			}
		}
		for _, scope := range []string{"helsinki", "all", "helsinki/hki-kallio", "espoo"} {
			if resp, _ := e.Do(t, "GET", "/admin/stats?scope="+scope, nil, branch); resp.StatusCode != http.StatusForbidden {
				t.Errorf("Oodi's manager asking for %s: %d, want 403", scope, resp.StatusCode)
			}
		}
		for _, bad := range []string{"?scope=nowhere", "?period=month&month=2025-13", "?period=custom&from=2025-02-01&to=2025-01-01", "?format=pdf", "?table=nothing&format=csv"} {
			if resp, _ := e.Do(t, "GET", "/admin/stats"+bad, nil, branch); resp.StatusCode != http.StatusBadRequest {
				t.Errorf("GET /admin/stats%s: %d, want 400", bad, resp.StatusCode)
			}
		}
		resp, body := e.Do(t, "GET", "/admin/stats?period=year&year=2025", nil, branch)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("the page: %d", resp.StatusCode)
		}
		for _, want := range []string{`role="img"`, "<title id=", "<desc id=", "Central Library Oodi"} {
			if !strings.Contains(body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		if strings.Contains(body, `value="helsinki"`) || strings.Contains(body, `value="all"`) {
			t.Errorf("Oodi's manager is offered a wider scope")
		}
		// The administration's index leads the manager to the dashboard,
		// not to the national report, which is a library's.
		_, index := e.Do(t, "GET", "/admin", nil, branch)
		if !strings.Contains(index, `href="/admin/stats"`) || strings.Contains(index, `href="/admin/stats/national"`) {
			t.Errorf("the manager's index: dashboard linked %v, national report linked %v",
				strings.Contains(index, `href="/admin/stats"`), strings.Contains(index, `href="/admin/stats/national"`))
		}
	})
}

// TestLibraryPageTopTitles: a library's page lists its city's most
// borrowed titles of this month and the last, linked to their records,
// but not a title lent fewer than five times.
func TestLibraryPageTopTitles(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		desk := library.Actor{StaffID: e.Staff.ID, Branch: "hki-oodi"}
		lend := func(times int, day int) {
			t.Helper()
			at := time.Date(2026, 11, day, 10, 0, 0, 0, library.Helsinki)
			for i := range times {
				when := at.Add(time.Duration(i) * 10 * time.Minute)
				if _, err := e.DB.Checkout(ctx, e.Patron.ID, "T1-1", desk, when); err != nil {
					t.Fatal(err)
				}
				if _, err := e.DB.Checkin(ctx, "T1-1", desk, when.Add(time.Minute)); err != nil {
					t.Fatal(err)
				}
			}
			if err := e.DB.RollUpStats(ctx, library.DateOf(at)); err != nil {
				t.Fatal(err)
			}
		}
		record := fmt.Sprintf(`href="/records/%d"`, e.Records["(TEST)1"])
		lend(4, 2)
		if _, body := e.Do(t, "GET", "/libraries/hki-oodi", nil); strings.Contains(body, record) && strings.Contains(body, "top-titles") {
			t.Errorf("a title lent four times is listed")
		}
		lend(1, 3)
		_, body := e.Do(t, "GET", "/libraries/hki-oodi", nil)
		if !strings.Contains(body, `class="top-titles"`) || !strings.Contains(body, record) {
			t.Errorf("a title lent five times is not listed on Oodi's page")
		}
		// Espoo's page lists Helsinki's loans not.
		if _, body := e.Do(t, "GET", "/libraries/esp-sello", nil); strings.Contains(body, `class="top-titles"`) {
			t.Errorf("Sello's page lists Helsinki's most borrowed")
		}
	})
}
