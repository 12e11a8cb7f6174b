package admin

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestHoursBadInput: overlapping or malformed hours are shown at their
// day, with a 400, and nothing is saved.
func TestHoursBadInput(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		cookie := e.StaffAt(t, "la", library.RoleLibraryAdmin, "hki-oodi", "en")
		b, _ := e.DB.Branch(t.Context(), "hki-kallio")
		v := url.Values{"version": {itoa(b.Version)}, "staffed.1": {"09:00-16:00"}, "self.1": {"15:00-20:00"}, "staffed.3": {"9-17"}, "staffed.5": {"18:00-08:00"}}
		resp, body := e.Do(t, "POST", "/admin/branches/hki-kallio/hours", v, cookie)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("status %d, want 400", resp.StatusCode)
		}
		for id, key := range map[string]string{"day-1-error": "error.hours_overlap", "day-3-error": "error.admin_hours_format", "day-5-error": "error.hours_period"} {
			if !strings.Contains(body, `<p id="`+id+`" class="field-error">`+webtest.HTMLText(e.Msg("en", key))) {
				t.Errorf("no %s at %s", key, id)
			}
		}
		if strings.Contains(body, `id="day-2-error"`) {
			t.Error("an empty day is marked wrong")
		}
		if now, _ := e.DB.Branch(t.Context(), "hki-kallio"); now.Version != b.Version {
			t.Error("bad hours saved")
		}
	})
}

// TestExceptions: an exception is added on the calendar, shown in its
// month, edited and deleted; an overlapping one is refused naming the
// clash; a closure moves the due date of a new loan.
func TestExceptions(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		cookie := e.StaffAt(t, "la", library.RoleLibraryAdmin, "hki-oodi", "en")
		before := e.Checkout(t, e.Patron, "T1-1", webtest.Now)
		due := library.DateOf(before.DueAt.In(library.Helsinki))

		add := url.Values{"from": {due.String()}, "to": {due.AddDays(1).String()}, "closed": {"1"}, "reason.fi": {"Remontti"}, "reason.en": {"Renovation"}}
		loc, body := e.PostThenGet(t, "/admin/branches/hki-oodi/exceptions", add, cookie)
		if !strings.HasPrefix(loc, "/admin/branches/hki-oodi/calendar?year=") || !strings.Contains(body, "Renovation") {
			t.Errorf("added: to %s, the reason not shown", loc)
		}
		after := e.Checkout(t, e.Patron, "T1-2", webtest.Now)
		if got := library.DateOf(after.DueAt.In(library.Helsinki)); !due.AddDays(1).Before(got) {
			t.Errorf("a loan made after closing %s–%s is due %s", due, due.AddDays(1), got)
		}

		clash := url.Values{"from": {due.AddDays(1).String()}, "to": {due.AddDays(3).String()}, "closed": {"0"}, "staffed": {"10:00-14:00"}, "reason.fi": {"Lyhyt päivä"}}
		resp, body := e.Do(t, "POST", "/admin/branches/hki-oodi/exceptions", clash, cookie)
		if resp.StatusCode != http.StatusConflict && resp.StatusCode != http.StatusBadRequest {
			t.Errorf("overlapping exception: %d", resp.StatusCode)
		}
		if !strings.Contains(body, `id="from-error"`) || !strings.Contains(body, "Renovation") || !strings.Contains(body, webtest.HTMLText(e.Msg("en", "error.exception_overlap"))) {
			t.Errorf("the clash is not named next to the dates\n%s", body)
		}
		if !strings.Contains(body, `value="10:00-14:00"`) {
			t.Error("what was typed is lost")
		}
		resp, body = e.Do(t, "POST", "/admin/branches/hki-oodi/exceptions", url.Values{"from": {"2026-12-30"}, "closed": {"0"}, "staffed": {"14-10"}, "reason.fi": {"x"}}, cookie)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="hours-error"`) {
			t.Errorf("bad exception hours: %d", resp.StatusCode)
		}

		es, err := e.DB.Exceptions(t.Context(), "hki-oodi", due, due)
		if err != nil || len(es) != 1 {
			t.Fatalf("exceptions %+v, %v", es, err)
		}
		path := "/admin/branches/hki-oodi/exceptions/" + itoa(es[0].ID)
		if _, body := e.Do(t, "GET", path, nil, cookie); !strings.Contains(body, `value="`+due.String()+`"`) {
			t.Error("the edit form does not show the exception")
		}
		edit := url.Values{"from": {due.String()}, "closed": {"0"}, "staffed": {"10:00-14:00"}, "reason.fi": {"Lyhyt päivä"}}
		e.PostThenGet(t, path, edit, cookie)
		es, _ = e.DB.Exceptions(t.Context(), "hki-oodi", due, due)
		if len(es) != 1 || es[0].To != due || es[0].Closed() {
			t.Errorf("after editing: %+v", es)
		}
		e.PostThenGet(t, path+"/delete", url.Values{}, cookie)
		if es, _ = e.DB.Exceptions(t.Context(), "hki-oodi", due, due); len(es) != 0 {
			t.Errorf("after deleting: %+v", es)
		}
	})
}

// TestAdoptHolidays: the coming year's holidays are offered with eves
// unticked, adopted for every branch of the library, and adopting again
// reports the dates skipped.
func TestAdoptHolidays(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		cookie := e.StaffAt(t, "la", library.RoleLibraryAdmin, "hki-oodi", "en")
		_, body := e.Do(t, "GET", "/admin/libraries/helsinki/holidays", nil, cookie)
		hs := library.Holidays(2027)
		var codes []string
		for _, h := range hs {
			checked := `name="holiday" value="` + h.Code + `" checked>`
			if strings.Contains(body, checked) == h.Eve {
				t.Errorf("%s (eve %v) ticked wrongly", h.Code, h.Eve)
			}
			if h.Code == "christmas-day" || h.Code == "new-years-eve" {
				codes = append(codes, h.Code)
			}
		}
		form := url.Values{"holiday": codes, "eve_close": {"13:00"}}
		loc, body := e.PostThenGet(t, "/admin/libraries/helsinki/holidays?year=2027", form, cookie)
		if !strings.Contains(body, e.Srv.I18n().N("en", "admin.holidays.added", 4, map[string]any{"Count": 4})) || !strings.Contains(loc, "added=4") {
			t.Errorf("adopted: to %s", loc)
		}
		for _, b := range []string{"hki-oodi", "hki-kallio"} {
			cal, _ := e.DB.BranchCalendar(t.Context(), b, 2027)
			if len(cal.Exceptions) != 2 {
				t.Errorf("%s: exceptions %+v", b, cal.Exceptions)
			}
		}
		cal, _ := e.DB.BranchCalendar(t.Context(), "esp-sello", 2027)
		for _, x := range cal.Exceptions {
			if x.Holiday != "" {
				t.Errorf("another library's branch got %+v", x)
			}
		}
		loc, body = e.PostThenGet(t, "/admin/libraries/helsinki/holidays?year=2027", form, cookie)
		if !strings.Contains(loc, "added=0") || !strings.Contains(body, webtest.HTMLText(e.Msg("en", "admin.holidays.skipped"))) || !strings.Contains(body, e.Srv.FormatDate("en", library.Date{Year: 2027, Month: 12, Day: 25})) {
			t.Errorf("adopting again: to %s, the skipped dates not listed", loc)
		}
		_, body = e.Do(t, "GET", "/admin/branches/hki-kallio/calendar?year=2027", nil, cookie)
		for _, kind := range []string{"closed", "changed", "holiday"} {
			if !strings.Contains(body, `class="day-`+kind+`"`) {
				t.Errorf("the calendar marks no day %s", kind)
			}
		}
		if resp, _ := e.Do(t, "POST", "/admin/libraries/helsinki/holidays", url.Values{"eve_close": {"late"}}, cookie); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("bad eve time: %d", resp.StatusCode)
		}
	})
}
