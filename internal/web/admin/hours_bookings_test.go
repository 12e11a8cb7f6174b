package admin

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// hoursBooking books a room at Oodi for the environment's patron,
// tomorrow from 19:00 to 20:00, and returns it.
func hoursBooking(t *testing.T, e *webtest.CircEnv) library.Booking {
	t.Helper()
	ctx := t.Context()
	root, err := e.DB.CreateStaff(ctx, library.Staff{Username: "root", Name: "Root", Role: library.RoleAdmin, Branch: "hki-oodi"}, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	room, err := e.DB.CreateResource(ctx, library.Resource{BranchID: "hki-oodi", Kind: library.KindRoom, Name: library.Text{"fi": "Ryhmätila", "en": "Group room"},
		Capacity: 8, SlotMinutes: 60, MinMinutes: 60, MaxMinutes: 120, HorizonDays: 30}, root, webtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	start := library.LocalDate(webtest.Now).AddDays(1).In(library.Helsinki, library.NewClock(19, 0))
	b, err := e.DB.Book(ctx, library.BookingRequest{ResourceID: room.ID, PatronID: e.Patron.ID, Start: start, End: start.Add(time.Hour)}, webtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	return b.Booking
}

func noticeKinds(t *testing.T, e *webtest.CircEnv) []string {
	t.Helper()
	ns, err := e.DB.Notices(t.Context(), e.Patron.ID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range ns {
		out = append(out, n.Kind)
	}
	return out
}

// TestHoursChangeBookings: new weekly hours that leave a booking out
// list it first, with nothing saved; confirming with "cancel" saves the
// hours, cancels the booking and queues its notice.
func TestHoursChangeBookings(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		cookie := e.StaffAt(t, "la", library.RoleLibraryAdmin, "hki-oodi", "en")
		bk := hoursBooking(t, e)
		b, _ := e.DB.Branch(t.Context(), "hki-oodi")
		v := url.Values{"version": {itoa(b.Version)}}
		for wd := range 7 {
			v.Set("staffed."+itoa(int64(wd)), "08:00-18:00")
		}
		resp, body := e.Do(t, "POST", "/admin/branches/hki-oodi/hours", v, cookie)
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "Group room") || !strings.Contains(body, "Virtanen, Aino") ||
			!strings.Contains(body, `name="settle" value="cancel"`) {
			t.Fatalf("preview = %d:\n%s", resp.StatusCode, body)
		}
		if now, _ := e.DB.Branch(t.Context(), "hki-oodi"); now.Version != b.Version {
			t.Fatal("the hours were saved before the bookings were settled")
		}
		v.Set("settle", library.SettleCancel)
		resp, body = e.Do(t, "POST", "/admin/branches/hki-oodi/hours", v, cookie)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("confirm = %d:\n%s", resp.StatusCode, body)
		}
		if now, _ := e.DB.Branch(t.Context(), "hki-oodi"); now.Hours.Weekly[1].Staffed[0].Close != library.NewClock(18, 0) {
			t.Errorf("hours %v after confirming", now.Hours.Weekly[1])
		}
		d, err := e.DB.Booking(t.Context(), bk.ID)
		if err != nil || d.Status != library.BookingCancelled || d.Cause != library.CauseHours {
			t.Errorf("booking %s (%s) after the change, %v", d.Status, d.Cause, err)
		}
		kinds := noticeKinds(t, e)
		if !strings.Contains(strings.Join(kinds, " "), library.NoticeBookingCancelledHours) {
			t.Errorf("notices %v lack %s", kinds, library.NoticeBookingCancelledHours)
		}
	})
}

// TestExceptionChangeBookings: an exception closing the day of a booking
// lists it; keeping it flags the booking and tells the booker.
func TestExceptionChangeBookings(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		cookie := e.StaffAt(t, "la", library.RoleLibraryAdmin, "hki-oodi", "en")
		bk := hoursBooking(t, e)
		day := library.LocalDate(webtest.Now).AddDays(1).String()
		add := url.Values{"from": {day}, "closed": {"1"}, "reason.fi": {"Sähkökatko"}}
		resp, body := e.Do(t, "POST", "/admin/branches/hki-oodi/exceptions", add, cookie)
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "Group room") || !strings.Contains(body, `value="`+day+`"`) {
			t.Fatalf("preview = %d:\n%s", resp.StatusCode, body)
		}
		if es, _ := e.DB.Exceptions(t.Context(), "hki-oodi", library.LocalDate(webtest.Now), library.LocalDate(webtest.Now).AddDays(5)); len(es) != 0 {
			t.Fatalf("exception saved before settling: %+v", es)
		}
		add.Set("settle", library.SettleFlag)
		if resp, body := e.Do(t, "POST", "/admin/branches/hki-oodi/exceptions", add, cookie); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("confirm = %d:\n%s", resp.StatusCode, body)
		}
		d, _ := e.DB.Booking(t.Context(), bk.ID)
		if d.Status != library.BookingConfirmed || d.Flag != library.FlagOutsideHours {
			t.Errorf("booking %s flag %q", d.Status, d.Flag)
		}
		if kinds := noticeKinds(t, e); !strings.Contains(strings.Join(kinds, " "), library.NoticeBookingHoursChanged) {
			t.Errorf("notices %v lack %s", kinds, library.NoticeBookingHoursChanged)
		}
	})
}
