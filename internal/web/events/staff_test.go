package events

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// eventForm is a valid editor's form: a story time at Oodi next week,
// with sign-up, published now.
func eventForm() url.Values {
	return url.Values{
		"title.fi": {"Satutuokio"}, "title.en": {"Story time"}, "description.fi": {"Satuja *pienille*."},
		"start_date": {"2026-11-30"}, "start_time": {"10:00"}, "end_time": {"10:45"},
		"library": {"helsinki"}, "branch": {"hki-oodi"}, "room": {"Satuhuone"},
		"audiences": {"children", "families"}, "category": {"story_time"}, "languages": {"fi"},
		"registration": {"on"}, "capacity": {"2"}, "waiting_list": {"on"}, "max_places": {"2"},
		"status": {"publish"},
	}
}

// saveEvent posts form to path and returns the saved event's ID.
func saveEvent(t *testing.T, e *webtest.CircEnv, path string, form url.Values, cookie string) int64 {
	t.Helper()
	resp, body := e.Do(t, "POST", path, form, cookie)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s = %d, want 303:\n%s", path, resp.StatusCode, webtest.HTMLText(body))
	}
	loc := resp.Header.Get("Location")
	id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(loc, "/admin/events/"), "?done=saved"), 10, 64)
	if err != nil {
		t.Fatalf("redirect to %q", loc)
	}
	return id
}

// TestStaffEditor creates an event through the form, sees it on the list,
// edits it, refuses bad input at its field with nothing saved, shows a
// version conflict, and keeps Espoo's content role out of Helsinki's.
func TestStaffEditor(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		hki := e.StaffAt(t, "sisalto", library.RoleContent, "hki-oodi", "en")
		esp := e.StaffAt(t, "espoo", library.RoleContent, "esp-sello", "en")

		id := saveEvent(t, e, "/admin/events", eventForm(), hki)
		ev, err := e.DB.Event(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if ev.Status != library.EventPublished || ev.Branch != "hki-oodi" || ev.Capacity != 2 ||
			ev.Start.In(library.Helsinki).Format("2006-01-02 15:04") != "2026-11-30 10:00" {
			t.Fatalf("saved %+v", ev)
		}
		_, body := e.Do(t, "GET", "/admin/events", nil, hki)
		if !strings.Contains(body, "Story time") || !strings.Contains(body, e.Msg("en", "events_staff.missing")) {
			t.Errorf("the list lacks the event or its missing languages:\n%s", webtest.HTMLText(body))
		}
		path := "/admin/events/" + strconv.FormatInt(id, 10)

		// An edit from the current version is saved.
		f := eventForm()
		f.Set("version", strconv.FormatInt(ev.Version, 10))
		f.Set("room", "Kuutio")
		saveEvent(t, e, path, f, hki)
		if ev, _ = e.DB.Event(ctx, id); ev.Room != "Kuutio" {
			t.Errorf("room %q after the edit", ev.Room)
		}
		// The same old version again is a conflict, shown, not saved.
		f.Set("room", "Lavaste")
		resp, body := e.Do(t, "POST", path, f, hki)
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, webtest.HTMLText(e.Msg("en", "error.event_changed"))) {
			t.Errorf("a stale edit = %d:\n%s", resp.StatusCode, webtest.HTMLText(body))
		}

		// Bad input: the message at its field, 400, nothing saved.
		for name, c := range map[string]struct{ field, value, key string }{
			"ends before it starts": {"end_time", "09:00", "error.event_end_before_start"},
			"no Finnish title":      {"title.fi", "", "error.event_title_required"},
			"a bad date":            {"start_date", "30.11.", "events_staff.error.date"},
			"a negative capacity":   {"capacity", "-1", "events_staff.error.number"},
			"a price in letters":    {"price", "free", "events_staff.error.price"},
			"no status":             {"status", "", "error.event_status"},
		} {
			f := eventForm()
			f.Set(c.field, c.value)
			f.Set("title.en", "Rejected "+name)
			resp, body := e.Do(t, "POST", "/admin/events", f, hki)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, webtest.HTMLText(e.Msg("en", c.key))) {
				t.Errorf("%s: %d, want 400 with %q:\n%s", name, resp.StatusCode, e.Msg("en", c.key), webtest.HTMLText(body))
			}
			if !strings.Contains(body, "Rejected "+name) {
				t.Errorf("%s: the form lost what was typed", name)
			}
		}
		page, err := e.DB.StaffEvents(ctx, library.StaffEventFilter{}, webtest.Now)
		if err != nil || page.Total != 1 {
			t.Errorf("%d events after the refusals (%v), want 1", page.Total, err)
		}

		// Espoo's content role cannot touch Helsinki's event, nor create one there.
		for _, c := range []struct{ method, path string }{{"GET", path}, {"POST", path}, {"GET", path + "/cancel"},
			{"POST", path + "/cancel"}, {"GET", path + "/attendees"}} {
			if resp, _ := e.Do(t, c.method, c.path, eventForm(), esp); resp.StatusCode != http.StatusForbidden {
				t.Errorf("Espoo %s %s = %d, want 403", c.method, c.path, resp.StatusCode)
			}
		}
		if resp, _ := e.Do(t, "POST", "/admin/events", eventForm(), esp); resp.StatusCode != http.StatusForbidden {
			t.Errorf("Espoo creating at Oodi = %d, want 403", resp.StatusCode)
		}
		_, body = e.Do(t, "GET", "/admin/events", nil, esp)
		if strings.Contains(body, "Story time") {
			t.Error("Espoo's list shows Helsinki's event")
		}
	})
}

// TestAttendeesAndCancel signs two people up, marks one attended on the
// attendee list, cancels the other's sign-up, and cancels the event with
// a reason behind the confirmation.
func TestAttendeesAndCancel(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		hki := e.StaffAt(t, "sisalto", library.RoleContent, "hki-oodi", "en")
		id := saveEvent(t, e, "/admin/events", eventForm(), hki)
		path := "/admin/events/" + strconv.FormatInt(id, 10)
		aino, err := e.DB.SignUp(ctx, library.SignupRequest{EventID: id, PatronID: e.Patron.ID}, webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		guest, err := e.DB.SignUp(ctx, library.SignupRequest{EventID: id, Guest: &library.Guest{Name: "Hodan Warsame", Email: "hodan@example.org"}}, webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		_, body := e.Do(t, "GET", path+"/attendees", nil, hki)
		for _, want := range []string{"Virtanen, Aino", "Hodan Warsame", "hodan@example.org"} {
			if !strings.Contains(body, want) {
				t.Errorf("the attendee list lacks %q", want)
			}
		}
		sid := func(s library.SignedUp) string { return strconv.FormatInt(s.Signup.ID, 10) }
		e.Do(t, "POST", path+"/attendees/"+sid(aino), url.Values{"do": {"attended"}}, hki)
		if resp, _ := e.Do(t, "POST", path+"/attendees/"+sid(guest), url.Values{"do": {"cancel"}}, hki); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("cancelling a sign-up = %d", resp.StatusCode)
		}
		if resp, _ := e.Do(t, "POST", path+"/attendees/"+sid(aino), url.Values{"do": {"lost"}}, hki); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("an unknown mark = %d, want 400", resp.StatusCode)
		}
		list, err := e.DB.Attendees(ctx, library.Staff{Role: library.RoleAdmin}, id)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]string{}
		for _, a := range list.Attendees {
			got[a.ID] = a.Status
		}
		if got[aino.Signup.ID] != library.SignupAttended || got[guest.Signup.ID] != library.SignupCancelled {
			t.Errorf("statuses %v", got)
		}

		// At the desk: a guest by name and phone, a patron by card;
		// an unknown card and a guest without contact are refused.
		desk := func(form url.Values, want int) {
			t.Helper()
			if resp, body := e.Do(t, "POST", path+"/attendees", form, hki); resp.StatusCode != want {
				t.Errorf("desk sign-up %v = %d, want %d:\n%s", form, resp.StatusCode, want, webtest.HTMLText(body))
			}
		}
		desk(url.Values{"name": {"Abdi Farah"}, "phone": {"0401234567"}}, http.StatusSeeOther)
		desk(url.Values{"name": {"Nobody"}}, http.StatusBadRequest)
		desk(url.Values{"card": {"9999999"}}, http.StatusNotFound)
		if _, body := e.Do(t, "GET", path+"/attendees", nil, hki); !strings.Contains(body, "Abdi Farah") {
			t.Error("the desk sign-up is not on the list")
		}

		_, body = e.Do(t, "GET", path+"/cancel", nil, hki)
		if !strings.Contains(webtest.WithoutBdi(body), webtest.HTMLText(e.Msg("en", "events_staff.cancel.told", "Count", 1))) {
			t.Errorf("the confirmation does not say how many are told:\n%s", webtest.HTMLText(body))
		}
		if resp, _ := e.Do(t, "POST", path+"/cancel", url.Values{"reason.en": {"Ill"}}, hki); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("cancelling without a Finnish reason = %d, want 400", resp.StatusCode)
		}
		if resp, _ := e.Do(t, "POST", path+"/cancel", url.Values{"reason.fi": {"Esiintyjä sairastui."}}, hki); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("cancelling = %d, want 303", resp.StatusCode)
		}
		if ev, _ := e.DB.Event(ctx, id); !ev.Cancelled() {
			t.Error("the event is not cancelled")
		}
	})
}

// TestStaffPagesInEveryLanguage renders every staff page of events in
// the seven languages.
func TestStaffPagesInEveryLanguage(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		hki := e.StaffAt(t, "sisalto", library.RoleContent, "hki-oodi", "fi")
		id := saveEvent(t, e, "/admin/events", eventForm(), hki)
		path := "/admin/events/" + strconv.FormatInt(id, 10)
		if _, err := e.DB.SignUp(context.Background(), library.SignupRequest{EventID: id, PatronID: e.Patron.ID}, webtest.Now); err != nil {
			t.Fatal(err)
		}
		for _, lang := range library.Languages {
			cookie := strings.TrimSuffix(hki, "fi") + lang
			for _, p := range []string{"/admin/events", "/admin/events?view=drafts", "/admin/events?view=scheduled",
				"/admin/events?view=past", "/admin/events/new", "/admin/events/series/new", path, path + "/cancel", path + "/attendees"} {
				resp, body := e.Do(t, "GET", p, nil, cookie)
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s %s = %d", lang, p, resp.StatusCode)
				}
				if !strings.Contains(body, `lang="`+lang+`"`) {
					t.Errorf("%s %s is not in its language", lang, p)
				}
			}
		}
	})
}

// TestRecurringEvent creates a weekly series through the form, with a
// skipped date, sees its occurrences on the list, changes one date on its
// own, and refuses a series that never ends.
func TestRecurringEvent(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		hki := e.StaffAt(t, "sisalto", library.RoleContent, "hki-oodi", "en")
		f := eventForm()
		f["weekdays"] = []string{"1"} // Mondays
		f.Set("until", "2026-12-21")
		f.Set("except", "2026-12-14")
		f.Set("interval", "1")
		resp, body := e.Do(t, "POST", "/admin/events/series", f, hki)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("creating the series = %d:\n%s", resp.StatusCode, webtest.HTMLText(body))
		}
		page, err := e.DB.StaffEvents(ctx, library.StaffEventFilter{Library: "helsinki"}, webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		var dates []string
		for _, ev := range page.Events {
			dates = append(dates, ev.Start.In(library.Helsinki).Format("2006-01-02 15:04"))
		}
		if strings.Join(dates, ",") != "2026-11-30 10:00,2026-12-07 10:00,2026-12-21 10:00" {
			t.Fatalf("occurrences %v", dates)
		}
		_, body = e.Do(t, "GET", resp.Header.Get("Location"), nil, hki)
		if strings.Count(body, "Story time") != 3 || !strings.Contains(body, e.Msg("en", "events_staff.done.series_saved")) {
			t.Errorf("the list does not show the three occurrences:\n%s", webtest.HTMLText(body))
		}

		// A one-off change of one date is an edit of that occurrence.
		second := page.Events[1]
		g := eventForm()
		g.Set("version", strconv.FormatInt(second.Version, 10))
		g.Set("start_date", "2026-12-08")
		saveEvent(t, e, "/admin/events/"+strconv.FormatInt(second.ID, 10), g, hki)
		if ev, _ := e.DB.Event(ctx, second.ID); !ev.Changed || ev.SeriesID == 0 || library.LocalDate(ev.Start).String() != "2026-12-08" {
			t.Errorf("the changed occurrence: %+v", ev)
		}

		for name, c := range map[string]struct{ field, value, key string }{
			"never ends":  {"until", "", "error.event_series_endless"},
			"no weekday":  {"weekdays", "", "error.event_series_weekdays"},
			"a bad skip":  {"except", "14.12.", "events_staff.error.except"},
			"before from": {"until", "2026-11-01", "error.event_series_until_before_from"},
		} {
			f := eventForm()
			f["weekdays"] = []string{"1"}
			f.Set("until", "2026-12-21")
			f.Set(c.field, c.value)
			if c.value == "" {
				f.Del(c.field)
			}
			resp, body := e.Do(t, "POST", "/admin/events/series", f, hki)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, webtest.HTMLText(e.Msg("en", c.key))) {
				t.Errorf("%s: %d, want 400 with %q:\n%s", name, resp.StatusCode, e.Msg("en", c.key), webtest.HTMLText(body))
			}
		}
		if page, _ := e.DB.StaffEvents(ctx, library.StaffEventFilter{}, webtest.Now); page.Total != 3 {
			t.Errorf("%d events after the refusals, want 3", page.Total)
		}
	})
}
