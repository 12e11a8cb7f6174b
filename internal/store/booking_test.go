package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestBookStudio: a resident books a studio hour; it is confirmed at
// once with an access code that the resident sees and staff do not, and
// a confirmation notice that carries the code.
func TestBookStudio(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newBookFixture(t, db)
		b := f.mustBook(f.studio, f.resident.ID, hkiAt(1, 14, 0), 2*time.Hour)
		if b.Status != library.BookingConfirmed || len(b.AccessCode) != store.AccessCodeDigits {
			t.Fatalf("booked %+v; want confirmed with a %d-digit code", b, store.AccessCodeDigits)
		}
		mine, err := db.PatronBookings(f.ctx, f.resident.ID, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if len(mine) != 1 || mine[0].AccessCode != b.AccessCode || mine[0].Resource.Name.Get("fi") != "Bändikämppä" ||
			mine[0].BookerName != f.resident.Name {
			t.Errorf("the resident's bookings: %+v", mine)
		}
		staff, err := db.Booking(f.ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		s, err := db.DaySchedule(f.ctx, "hki-oodi", library.DateOf(b.Start.In(library.Helsinki)))
		if err != nil {
			t.Fatal(err)
		}
		if staff.AccessCode != "" || len(s.Bookings) != 1 || s.Bookings[0].AccessCode != "" {
			t.Errorf("staff see the access code: %q, %+v", staff.AccessCode, s.Bookings)
		}
		ns, err := db.Notices(f.ctx, f.resident.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"resource": "Bändikämppä", "branch": "hki-oodi", "date": "2026-11-24", "time": "14:00",
			"end": "16:00", "code": b.AccessCode}
		if len(ns) != 1 || ns[0].Kind != library.NoticeBookingConfirmed {
			t.Fatalf("notices %+v", ns)
		}
		if diff := cmp.Diff(want, ns[0].Params); diff != "" {
			t.Errorf("confirmation's params (-want +got):\n%s", diff)
		}
		if _, err := db.PatronBooking(f.ctx, f.resident.ID+1000, b.ID); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("another's booking: %v", err)
		}
	})
}

// TestBookRefusals: each rule refuses with its key, and a refused
// request leaves nothing behind.
func TestBookRefusals(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newBookFixture(t, db)
		child := f.patron("Korhonen, Ella", library.CategoryChild, false)
		blocked := f.patron("Nieminen, Pekka", library.CategoryAdult, false)
		blockManually(t, db, blocked.ID)
		other := f.patron("Smith, James", library.CategoryAdult, false)
		f.mustBook(f.studio, f.resident.ID, hkiAt(1, 12, 0), time.Hour)
		tests := []struct {
			name     string
			patron   int64
			start    time.Time
			length   time.Duration
			resource library.Resource
			key      string
		}{
			{"longer than allowed", f.resident.ID, hkiAt(2, 10, 0), 4 * time.Hour, f.studio, "error.booking_too_long"},
			{"not whole slots", f.resident.ID, hkiAt(2, 10, 0), 90 * time.Minute, f.studio, "error.booking_slot"},
			{"in the past", f.resident.ID, hkiAt(0, 9, 0), time.Hour, f.studio, "error.booking_past"},
			{"beyond the horizon", f.resident.ID, hkiAt(15, 10, 0), time.Hour, f.studio, "error.booking_beyond_horizon"},
			{"outside hours", f.resident.ID, hkiAt(2, 20, 0), time.Hour, f.studio, "error.booking_outside_hours"},
			{"on a Sunday", f.resident.ID, hkiAt(6, 12, 0), time.Hour, f.studio, "error.booking_outside_hours"},
			{"under age", child.ID, hkiAt(2, 10, 0), time.Hour, f.studio, "error.booking_under_age"},
			{"a blocked card", blocked.ID, hkiAt(2, 10, 0), time.Hour, f.studio, "error.patron_blocked"},
			{"another resource at the same time", child.ID, hkiAt(1, 12, 0), time.Hour, f.room, ""},
			{"taken", other.ID, hkiAt(1, 11, 0), 2 * time.Hour, f.studio, "error.booking_overlap"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				before := f.holding(tt.resource)
				_, err := f.book(tt.resource, tt.patron, tt.start, tt.length)
				if tt.key == "" {
					if err != nil {
						t.Fatal(err)
					}
					return
				}
				wantKey(t, err, tt.key)
				if after := f.holding(tt.resource); after != before {
					t.Errorf("a refused booking left %d bookings, was %d", after, before)
				}
			})
		}
	})
}

// TestBookingApproval: a room that needs approval takes requests; staff
// confirm or decline them, and the booker hears of each step.
func TestBookingApproval(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newBookFixture(t, db)
		a := f.mustBook(f.room, f.resident.ID, hkiAt(2, 10, 0), time.Hour)
		other := f.patron("Smith, James", library.CategoryAdult, false)
		b := f.mustBook(f.room, other.ID, hkiAt(2, 12, 0), time.Hour)
		if a.Status != library.BookingRequested || a.AccessCode != "" {
			t.Fatalf("a request: %+v", a)
		}
		// A request holds its time.
		_, err := f.book(f.room, other.ID, hkiAt(2, 10, 30), time.Hour)
		wantKey(t, err, "error.booking_overlap")
		pending, err := db.PendingBookings(f.ctx, library.BranchScope("helsinki", "hki-oodi"))
		if err != nil {
			t.Fatal(err)
		}
		if len(pending) != 2 || pending[0].ID != a.ID {
			t.Fatalf("pending %+v", pending)
		}
		if _, err := db.ApproveBooking(f.ctx, a.ID, f.espoo, circNow); library.ErrorKey(err) != "error.staff_other_library" {
			t.Errorf("Espoo's staff approve at Oodi: %v", err)
		}
		got, err := db.ApproveBooking(f.ctx, a.ID, f.helsinki, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != library.BookingConfirmed {
			t.Errorf("approved: %+v", got)
		}
		if _, err := db.ApproveBooking(f.ctx, a.ID, f.helsinki, circNow); library.ErrorKey(err) != "error.booking_not_requested" {
			t.Errorf("approved twice: %v", err)
		}
		if got, err = db.DeclineBooking(f.ctx, b.ID, "Tila on varattu remonttia varten", f.helsinki, circNow); err != nil {
			t.Fatal(err)
		}
		if got.Status != library.BookingDeclined || got.Reason == "" {
			t.Errorf("declined: %+v", got)
		}
		// A declined request frees its time.
		f.mustBook(f.room, f.resident.ID, hkiAt(2, 12, 0), time.Hour)
		if diff := cmp.Diff([]string{library.NoticeBookingRequested, library.NoticeBookingConfirmed, library.NoticeBookingRequested},
			f.notices(f.resident.ID)); diff != "" {
			t.Errorf("the resident's notices (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{library.NoticeBookingRequested, library.NoticeBookingDeclined}, f.notices(other.ID)); diff != "" {
			t.Errorf("the other's notices (-want +got):\n%s", diff)
		}
		// Staff at the desk book without a request.
		desk, err := db.Book(f.ctx, library.BookingRequest{ResourceID: f.room.ID, PatronID: other.ID,
			Start: hkiAt(3, 10, 0), End: hkiAt(3, 11, 0), By: &f.helsinki}, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if desk.Booking.Status != library.BookingConfirmed || desk.Booking.StaffID != f.helsinki.ID {
			t.Errorf("a desk booking: %+v", desk.Booking)
		}
		if _, err := db.Book(f.ctx, library.BookingRequest{ResourceID: f.room.ID, PatronID: other.ID,
			Start: hkiAt(4, 10, 0), End: hkiAt(4, 11, 0), By: &f.espoo}, circNow); library.ErrorKey(err) != "error.staff_other_library" {
			t.Errorf("Espoo's desk books at Oodi: %v", err)
		}
	})
}

// TestBookingCancel: the booker cancels until the resource's time before
// the start; staff cancel any booking not ended; a cancelled booking
// frees its time and its booker is told.
func TestBookingCancel(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newBookFixture(t, db)
		soon := f.mustBook(f.studio, f.resident.ID, hkiAt(0, 18, 0), time.Hour) // in 8 hours; cancellable a day before
		later := f.mustBook(f.studio, f.resident.ID, hkiAt(3, 10, 0), time.Hour)
		if _, err := db.CancelBooking(f.ctx, f.resident.ID, soon.ID, circNow); library.ErrorKey(err) != "error.booking_cancel_late" {
			t.Errorf("too late: %v", err)
		}
		if _, err := db.CancelBooking(f.ctx, f.resident.ID+1, later.ID, circNow); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("another's booking: %v", err)
		}
		got, err := db.CancelBooking(f.ctx, f.resident.ID, later.ID, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != library.BookingCancelled || got.Cause != library.CauseBooker {
			t.Errorf("cancelled: %+v", got)
		}
		if _, err := db.CancelBooking(f.ctx, f.resident.ID, later.ID, circNow); library.ErrorKey(err) != "error.booking_not_open" {
			t.Errorf("cancelled twice: %v", err)
		}
		got, err = db.StaffCancelBooking(f.ctx, soon.ID, "Vesivahinko", f.helsinki, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != library.BookingCancelled || got.Cause != library.CauseStaff || got.Reason != "Vesivahinko" {
			t.Errorf("cancelled by staff: %+v", got)
		}
		f.mustBook(f.studio, f.resident.ID, hkiAt(3, 10, 0), time.Hour)
		want := []string{library.NoticeBookingConfirmed, library.NoticeBookingConfirmed, library.NoticeBookingCancelled,
			library.NoticeBookingCancelledByLibrary, library.NoticeBookingConfirmed}
		if diff := cmp.Diff(want, f.notices(f.resident.ID)); diff != "" {
			t.Errorf("notices (-want +got):\n%s", diff)
		}
	})
}

// TestBookingCheckInNoShow: staff check bookers in from half an hour
// before, and mark no-shows from the start; three no-shows in 90 days
// block new bookings.
func TestBookingCheckInNoShow(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newBookFixture(t, db)
		b := f.mustBook(f.studio, f.resident.ID, hkiAt(1, 10, 0), time.Hour)
		if _, err := db.CheckInBooking(f.ctx, b.ID, f.helsinki, hkiAt(1, 9, 0)); library.ErrorKey(err) != "error.booking_check_in_early" {
			t.Errorf("an hour early: %v", err)
		}
		got, err := db.CheckInBooking(f.ctx, b.ID, f.helsinki, hkiAt(1, 9, 40))
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != library.BookingCheckedIn || !got.CheckedIn.Equal(hkiAt(1, 9, 40)) {
			t.Errorf("checked in: %+v", got)
		}
		// Three no-shows on three days, each marked after its start.
		help := f.help
		for i, day := range []int{1, 2, 3} {
			b := f.mustBook(f.room, f.resident.ID, hkiAt(day, 15, 0), time.Hour)
			if _, err := db.ApproveBooking(f.ctx, b.ID, f.helsinki, circNow); err != nil {
				t.Fatal(err)
			}
			if _, err := db.MarkNoShow(f.ctx, b.ID, f.helsinki, hkiAt(day, 14, 59)); library.ErrorKey(err) != "error.booking_not_started" {
				t.Errorf("no-show %d before its start: %v", i, err)
			}
			if _, err := db.MarkNoShow(f.ctx, b.ID, f.helsinki, hkiAt(day, 15, 20)); err != nil {
				t.Fatal(err)
			}
		}
		_, err = db.Book(f.ctx, library.BookingRequest{ResourceID: help.ID, PatronID: f.resident.ID, Start: hkiAt(5, 10, 0),
			End: hkiAt(5, 11, 0), Topic: library.TopicApp, HelpLang: "fi"}, hkiAt(4, 9, 0))
		wantKey(t, err, "error.booking_no_show_block")
		// Espoo's own rule is more forgiving, and it is Espoo's help.
		if err := db.SetNoShowRule(f.ctx, "espoo", &library.NoShowRule{Count: 5, WindowDays: 90, BlockDays: 30}, f.helsinki, circNow); library.ErrorCode(err) != library.EFORBIDDEN {
			t.Errorf("branch staff set the rule: %v", err)
		}
		if err := db.SetNoShowRule(f.ctx, "espoo", &library.NoShowRule{Count: 5, WindowDays: 90, BlockDays: 30}, f.admin, circNow); err != nil {
			t.Fatal(err)
		}
		if rule, err := db.NoShowRule(f.ctx, "espoo"); err != nil || rule.Count != 5 {
			t.Errorf("Espoo's rule %+v, %v", rule, err)
		}
		if rule, err := db.NoShowRule(f.ctx, "helsinki"); err != nil || rule != library.DefaultNoShowRule {
			t.Errorf("Helsinki's rule %+v, %v", rule, err)
		}
		if _, err := db.Book(f.ctx, library.BookingRequest{ResourceID: help.ID, PatronID: f.resident.ID, Start: hkiAt(5, 10, 0),
			End: hkiAt(5, 11, 0), Topic: library.TopicApp, HelpLang: "fi"}, hkiAt(4, 9, 0)); err != nil {
			t.Errorf("under Espoo's rule: %v", err)
		}
	})
}

// TestGuestBooking: digital help without a card, by name and phone, in
// Arabic; the token shows and cancels it; the guest's notices go through
// the outbox; only digital help is booked without a card.
func TestGuestBooking(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newBookFixture(t, db)
		guest := &library.Guest{Name: "Leila Haddad", Phone: "040 123 4567", Lang: "ar"}
		q := library.BookingRequest{ResourceID: f.help.ID, Guest: guest, Topic: library.TopicSuomiFi, HelpLang: "ar",
			Start: hkiAt(1, 13, 0), End: hkiAt(1, 14, 0)}
		booked, err := db.Book(f.ctx, q, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if booked.GuestToken == "" || booked.Booking.Status != library.BookingConfirmed {
			t.Fatalf("booked %+v", booked)
		}
		d, err := db.GuestBooking(f.ctx, booked.GuestToken)
		if err != nil {
			t.Fatal(err)
		}
		if d.ID != booked.Booking.ID || d.Guest == nil || d.Guest.Name != "Leila Haddad" || d.HelpLang != "ar" || d.Topic != library.TopicSuomiFi {
			t.Errorf("by token: %+v", d)
		}
		if _, err := db.GuestBooking(f.ctx, "not-a-token"); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("a wrong token: %v", err)
		}
		// The help's weekly limit is one, known by the phone number.
		q.Guest = &library.Guest{Name: "L. Haddad", Phone: "+358 40 123 4567", Lang: "ar"}
		q.Start, q.End = hkiAt(2, 13, 0), hkiAt(2, 14, 0)
		_, err = db.Book(f.ctx, q, circNow)
		wantKey(t, err, "error.booking_weekly_limit")
		q.Guest.Phone = "040 765 4321"
		if _, err := db.Book(f.ctx, q, circNow); err != nil {
			t.Errorf("another guest: %v", err)
		}
		q.ResourceID = f.room.ID
		_, err = db.Book(f.ctx, q, circNow)
		wantKey(t, err, "error.booking_card_required")
		got, err := db.CancelGuestBooking(f.ctx, booked.GuestToken, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != library.BookingCancelled {
			t.Errorf("cancelled: %+v", got)
		}
		// A month after the help, the guests' details are forgotten.
		if n, err := db.EraseBookingGuests(f.ctx, hkiAt(31, 13, 0)); err != nil || n != 0 {
			t.Errorf("erased %d guests' details within 30 days, %v", n, err)
		}
		if n, err := db.EraseBookingGuests(f.ctx, hkiAt(31, 15, 0)); err != nil || n != 1 {
			t.Errorf("erased %d guests' details 30 days on, %v; want the first guest's", n, err)
		}
		if n, err := db.EraseBookingGuests(f.ctx, hkiAt(32, 15, 0)); err != nil || n != 1 {
			t.Errorf("erased %d, %v; want the other guest's", n, err)
		}
		if _, err := db.GuestBooking(f.ctx, booked.GuestToken); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("the token after the erasure: %v", err)
		}
		out, err := db.RecentNotices(f.ctx, "espoo", 10)
		if err != nil {
			t.Fatal(err)
		}
		var kinds []string
		for i := len(out) - 1; i >= 0; i-- {
			if out[i].Guest {
				kinds = append(kinds, out[i].Kind+" "+out[i].Channel)
			}
		}
		want := []string{"booking_confirmed sms", "booking_confirmed sms", "booking_cancelled sms"}
		if diff := cmp.Diff(want, kinds); diff != "" {
			t.Errorf("guests' notices on Espoo's outbox (-want +got):\n%s", diff)
		}
	})
}
