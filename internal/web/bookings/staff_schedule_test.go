package bookings

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// kinds returns the kinds of the environment's patron's notices.
func (f *staffFixture) kinds(t *testing.T) []string {
	t.Helper()
	ns, err := f.DB.Notices(context.Background(), f.Patron.ID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range ns {
		out = append(out, n.Kind)
	}
	return out
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestScheduleCheckInNoShow shows a booking on the day's schedule,
// checks one in and marks another missing, and cancels one with a
// reason the booker is told.
func TestScheduleCheckInNoShow(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		f := newStaffFixture(t, e)
		desk := e.StaffAt(t, "hki-desk", library.RoleBranchStaff, "hki-oodi", "en")
		first := f.book(t, f.room, staffAt(0, 10, 0), time.Hour)
		second := f.book(t, f.room, staffAt(0, 12, 0), time.Hour)
		third := f.book(t, f.room, staffAt(1, 12, 0), time.Hour)

		resp, body := e.Do(t, "GET", "/admin/bookings?branch=hki-oodi&date="+library.LocalDate(webtest.Now).String(), nil, desk)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Virtanen, Aino") || !strings.Contains(body, "<th scope=\"col\" lang=\"en\">Group room</th>") &&
			!strings.Contains(body, "Group room</th>") {
			t.Fatalf("schedule = %d:\n%s", resp.StatusCode, body)
		}
		if !strings.Contains(body, `action="/admin/bookings/`+strconv.FormatInt(first.ID, 10)+`/check-in"`) {
			t.Errorf("the schedule offers no check-in of the booking starting in half an hour:\n%s", body)
		}

		// Too early for the second: refused with the reason, unchanged.
		path := "/admin/bookings/" + strconv.FormatInt(second.ID, 10)
		resp, body = e.Do(t, "POST", path+"/check-in", url.Values{}, desk)
		if resp.StatusCode < 400 || resp.StatusCode >= 500 || !strings.Contains(body, webtest.HTMLText(e.Msg("en", "error.booking_check_in_early"))) {
			t.Errorf("early check-in = %d:\n%s", resp.StatusCode, body)
		}
		if resp, _ := e.Do(t, "POST", "/admin/bookings/"+strconv.FormatInt(first.ID, 10)+"/check-in", url.Values{}, desk); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("check-in = %d", resp.StatusCode)
		}
		if d := f.booking(t, first.ID); d.Status != library.BookingCheckedIn {
			t.Errorf("status %s after check-in", d.Status)
		}

		// At 12:20 the second booking's resident has not come.
		serverAt(t, e, staffAt(0, 12, 20))
		desk = signInAt(t, e, "hki-desk-2", library.RoleBranchStaff, "hki-oodi", staffAt(0, 12, 20))
		if resp, body := e.Do(t, "POST", path+"/no-show", url.Values{}, desk); resp.StatusCode != http.StatusSeeOther || strings.Contains(resp.Header.Get("Location"), "signin") {
			t.Errorf("no-show = %d to %q:\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
		}
		if d := f.booking(t, second.ID); d.Status != library.BookingNoShow {
			t.Errorf("status %s after no-show", d.Status)
		}

		// Cancelling tomorrow's tells the booker why.
		tpath := "/admin/bookings/" + strconv.FormatInt(third.ID, 10)
		if resp, body := e.Do(t, "POST", tpath+"/cancel", url.Values{"reason": {"Water damage"}}, desk); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("cancel = %d:\n%s", resp.StatusCode, body)
		}
		if d := f.booking(t, third.ID); d.Status != library.BookingCancelled || d.Reason != "Water damage" {
			t.Errorf("after cancelling: %s %q", d.Status, d.Reason)
		}
		if !has(f.kinds(t), library.NoticeBookingCancelledByLibrary) {
			t.Errorf("notices %v lack the cancellation", f.kinds(t))
		}
	})
}

// TestApproveDecline approves one request from the queue and declines
// another with a reason, each booker told.
func TestApproveDecline(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		f := newStaffFixture(t, e)
		studio := f.resource(t, library.Resource{BranchID: "hki-oodi", Kind: library.KindRecordingStudio, Name: library.Text{"fi": "Studio"},
			Capacity: 4, SlotMinutes: 60, MinMinutes: 60, MaxMinutes: 120, HorizonDays: 14, NeedsApproval: true})
		one := f.book(t, studio, staffAt(1, 10, 0), time.Hour)
		two := f.book(t, studio, staffAt(2, 10, 0), time.Hour)
		if one.Status != library.BookingRequested {
			t.Fatalf("status %s, want a request", one.Status)
		}
		_, body := e.Do(t, "GET", "/admin/bookings/requests", nil, f.hki)
		for _, b := range []library.Booking{one, two} {
			if !strings.Contains(body, `action="/admin/bookings/`+strconv.FormatInt(b.ID, 10)+`/approve"`) {
				t.Errorf("the queue lacks request %d:\n%s", b.ID, body)
			}
		}
		resp, _ := e.Do(t, "POST", "/admin/bookings/"+strconv.FormatInt(one.ID, 10)+"/approve", url.Values{"back": {"/admin/bookings/requests"}}, f.hki)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/bookings/requests?") {
			t.Errorf("approve = %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		resp, _ = e.Do(t, "POST", "/admin/bookings/"+strconv.FormatInt(two.ID, 10)+"/decline", url.Values{"reason": {"A concert that day"}}, f.hki)
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("decline = %d", resp.StatusCode)
		}
		if d := f.booking(t, one.ID); d.Status != library.BookingConfirmed {
			t.Errorf("approved one is %s", d.Status)
		}
		if d := f.booking(t, two.ID); d.Status != library.BookingDeclined || d.Reason != "A concert that day" {
			t.Errorf("declined one is %s %q", d.Status, d.Reason)
		}
		kinds := f.kinds(t)
		if !has(kinds, library.NoticeBookingConfirmed) || !has(kinds, library.NoticeBookingDeclined) {
			t.Errorf("notices %v", kinds)
		}
		// Approving it again is refused with the reason.
		resp, body = e.Do(t, "POST", "/admin/bookings/"+strconv.FormatInt(one.ID, 10)+"/approve", url.Values{}, f.hki)
		if resp.StatusCode != http.StatusConflict && resp.StatusCode != http.StatusBadRequest {
			t.Errorf("approving twice = %d:\n%s", resp.StatusCode, body)
		}
	})
}

// TestDeskBooking books at the desk for a card holder and for a guest
// without a card, and refuses an unknown card at its field.
func TestDeskBooking(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		f := newStaffFixture(t, e)
		desk := e.StaffAt(t, "hki-desk", library.RoleBranchStaff, "hki-oodi", "en")
		date := library.LocalDate(webtest.Now).AddDays(1).String()
		resp, body := e.Do(t, "GET", "/admin/bookings/new?resource="+strconv.FormatInt(f.room.ID, 10)+"&date="+date+"&start=14:00", nil, desk)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, `value="14:30"`) {
			t.Fatalf("desk form = %d:\n%s", resp.StatusCode, body)
		}
		form := url.Values{"resource": {strconv.FormatInt(f.room.ID, 10)}, "date": {date}, "start": {"14:00"}, "end": {"15:00"}, "card": {"1000"}}
		resp, body = e.Do(t, "POST", "/admin/bookings", form, desk)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("desk booking = %d:\n%s", resp.StatusCode, body)
		}
		bs, err := e.DB.PatronBookings(context.Background(), f.Patron.ID, time.Time{})
		if err != nil || len(bs) != 1 || bs[0].StaffID == 0 || bs[0].Status != library.BookingConfirmed {
			t.Fatalf("the patron's bookings %+v, %v", bs, err)
		}

		form.Set("card", "9999")
		form.Set("start", "16:00")
		form.Set("end", "17:00")
		resp, body = e.Do(t, "POST", "/admin/bookings", form, desk)
		if resp.StatusCode != http.StatusBadRequest || !fieldError(body, "card", e.Msg("en", "error.booking_patron_not_found")) {
			t.Errorf("unknown card = %d:\n%s", resp.StatusCode, body)
		}

		guest := url.Values{"resource": {strconv.FormatInt(f.help.ID, 10)}, "date": {date}, "start": {"11:00"}, "end": {"12:00"},
			"guest_name": {"Matti Meikäläinen"}, "guest_phone": {"040 123 4567"}, "topic": {library.TopicSuomiFi}, "help_lang": {"fi"}}
		resp, body = e.Do(t, "POST", "/admin/bookings", guest, desk)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("guest booking = %d:\n%s", resp.StatusCode, body)
		}
		id, _ := strconv.ParseInt(strings.TrimPrefix(strings.TrimSuffix(resp.Header.Get("Location"), "?done=booked"), "/admin/bookings/"), 10, 64)
		if d := f.booking(t, id); !d.IsGuest() || d.Guest.Name != "Matti Meikäläinen" || d.Topic != library.TopicSuomiFi {
			t.Errorf("guest booking %+v", d.Booking)
		}
		// A room is not booked without a card.
		guest.Set("resource", strconv.FormatInt(f.room.ID, 10))
		resp, body = e.Do(t, "POST", "/admin/bookings", guest, desk)
		if resp.StatusCode != http.StatusBadRequest || !fieldError(body, "card", e.Msg("en", "error.booking_card_required")) {
			t.Errorf("a guest's room = %d:\n%s", resp.StatusCode, body)
		}
	})
}

// TestWeeklyBlock adds a weekly block, and refuses one whose third week
// clashes with a booking as a whole.
func TestWeeklyBlock(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		f := newStaffFixture(t, e)
		desk := e.StaffAt(t, "hki-desk", library.RoleBranchStaff, "hki-oodi", "en")
		f.book(t, f.room, staffAt(15, 17, 0), time.Hour)
		date := library.LocalDate(webtest.Now).AddDays(1).String()
		form := url.Values{"resource": {strconv.FormatInt(f.room.ID, 10)}, "date": {date}, "start": {"17:00"}, "end": {"18:00"},
			"reason": {"Language café"}, "weeks": {"3"}}
		resp, body := e.Do(t, "POST", "/admin/bookings/blocks", form, desk)
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, `id="start-error"`) {
			t.Fatalf("a clashing series = %d:\n%s", resp.StatusCode, body)
		}
		sch, err := e.DB.DaySchedule(context.Background(), "hki-oodi", library.LocalDate(webtest.Now).AddDays(1))
		if err != nil || len(sch.Bookings) != 0 {
			t.Fatalf("after the refusal the day holds %d bookings, %v", len(sch.Bookings), err)
		}
		form.Set("weeks", "2")
		resp, body = e.Do(t, "POST", "/admin/bookings/blocks", form, desk)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("two weeks = %d:\n%s", resp.StatusCode, body)
		}
		_, body = e.Do(t, "GET", resp.Header.Get("Location"), nil, desk)
		if !strings.Contains(body, "Language café") {
			t.Errorf("the schedule lacks the block:\n%s", body)
		}
		sch, _ = e.DB.DaySchedule(context.Background(), "hki-oodi", library.LocalDate(webtest.Now).AddDays(1))
		if len(sch.Bookings) != 1 || !sch.Bookings[0].Block {
			t.Fatalf("day %+v", sch.Bookings)
		}
		// Removing the series removes both weeks.
		resp, _ = e.Do(t, "POST", "/admin/bookings/"+strconv.FormatInt(sch.Bookings[0].ID, 10)+"/delete-block", url.Values{"series": {"1"}}, desk)
		if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "n=2") {
			t.Errorf("delete series = %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
	})
}

// TestOtherLibraryRefused keeps Espoo's staff out of Helsinki's resources
// and bookings.
func TestOtherLibraryRefused(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		f := newStaffFixture(t, e)
		b := f.book(t, f.room, staffAt(1, 10, 0), time.Hour)
		espDesk := e.StaffAt(t, "esp-desk", library.RoleBranchStaff, "esp-sello", "en")
		espAdmin := e.StaffAt(t, "esp-admin", library.RoleLibraryAdmin, "esp-sello", "en")
		id, rid := strconv.FormatInt(b.ID, 10), strconv.FormatInt(f.room.ID, 10)
		for _, c := range []struct {
			method, path string
			cookie       string
			form         url.Values
		}{
			{"GET", "/admin/bookings?branch=hki-oodi", espDesk, nil},
			{"GET", "/admin/bookings/" + id, espDesk, nil},
			{"POST", "/admin/bookings/" + id + "/check-in", espDesk, url.Values{}},
			{"POST", "/admin/bookings/" + id + "/cancel", espDesk, url.Values{"reason": {"x"}}},
			{"POST", "/admin/bookings", espDesk, url.Values{"resource": {rid}, "date": {"2026-11-24"}, "start": {"12:00"}, "end": {"13:00"}, "card": {"1000"}}},
			{"POST", "/admin/bookings/blocks", espDesk, url.Values{"resource": {rid}, "date": {"2026-11-24"}, "start": {"12:00"}, "end": {"13:00"}, "reason": {"x"}}},
			{"GET", "/admin/resources/" + rid, espAdmin, nil},
			{"POST", "/admin/resources/" + rid, espAdmin, resourceForm()},
			{"POST", "/admin/resources/" + rid + "/withdraw", espAdmin, url.Values{}},
			{"GET", "/admin/resources?branch=hki-oodi", espAdmin, nil},
			{"GET", "/admin/resources", espDesk, nil},
		} {
			resp, _ := e.Do(t, c.method, c.path, c.form, c.cookie)
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s = %d, want 403", c.method, c.path, resp.StatusCode)
			}
		}
		if d := f.booking(t, b.ID); d.Status != library.BookingConfirmed {
			t.Errorf("status %s after refused actions", d.Status)
		}
		if r, _ := e.DB.Resource(context.Background(), f.room.ID); !r.Active() {
			t.Error("withdrawn by another library")
		}
	})
}
