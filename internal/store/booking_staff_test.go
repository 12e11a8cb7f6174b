package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestBookingBlocks: a weekly class blocks the studio at the same
// Helsinki clock time across the end of summer time; a block that would
// clash with a booking is refused whole; a series is removed at once.
func TestBookingBlocks(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newBookFixture(t, db)
		octNow := time.Date(2026, time.October, 19, 10, 0, 0, 0, library.Helsinki) // a Monday; summer time ends on the 25th
		start := time.Date(2026, time.October, 20, 17, 0, 0, 0, library.Helsinki)
		bs, err := db.AddBlock(f.ctx, library.BlockRequest{ResourceID: f.studio.ID, Start: start, End: start.Add(2 * time.Hour),
			Reason: "Kitarakurssi", Weeks: 4}, f.helsinki, octNow)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, b := range bs {
			got = append(got, b.Start.In(library.Helsinki).Format("Mon 2.1. 15:04"))
			if b.SeriesID != bs[0].ID || !b.Block {
				t.Errorf("block %+v not in the series of %d", b, bs[0].ID)
			}
		}
		want := []string{"Tue 20.10. 17:00", "Tue 27.10. 17:00", "Tue 3.11. 17:00", "Tue 10.11. 17:00"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("the class's times (-want +got):\n%s", diff)
		}
		_, err = db.Book(f.ctx, library.BookingRequest{ResourceID: f.studio.ID, PatronID: f.resident.ID,
			Start: time.Date(2026, time.October, 27, 18, 0, 0, 0, library.Helsinki), End: time.Date(2026, time.October, 27, 19, 0, 0, 0, library.Helsinki)}, octNow)
		wantKey(t, err, "error.booking_overlap")
		f.mustBookAt(f.studio, f.resident.ID, time.Date(2026, time.October, 22, 12, 0, 0, 0, library.Helsinki), octNow)
		_, err = db.AddBlock(f.ctx, library.BlockRequest{ResourceID: f.studio.ID, Start: time.Date(2026, time.October, 22, 11, 0, 0, 0, library.Helsinki),
			End: time.Date(2026, time.October, 22, 14, 0, 0, 0, library.Helsinki), Reason: "Huolto", Weeks: 2}, f.helsinki, octNow)
		wantKey(t, err, "error.booking_block_overlap")
		if n := f.holding(f.studio); n != 5 {
			t.Errorf("%d bookings and blocks hold the studio, want 5", n)
		}
		for _, bad := range []library.BlockRequest{
			{ResourceID: f.studio.ID, Start: start, End: start.Add(time.Hour), Reason: " "},
			{ResourceID: f.studio.ID, Start: start, End: start.Add(25 * time.Hour), Reason: "x"},
			{ResourceID: f.studio.ID, Start: start, End: start.Add(time.Hour), Reason: "x", Weeks: 53},
		} {
			if _, err := db.AddBlock(f.ctx, bad, f.helsinki, octNow); library.ErrorCode(err) != library.EINVALID {
				t.Errorf("%+v: %v", bad, err)
			}
		}
		if _, err := db.AddBlock(f.ctx, library.BlockRequest{ResourceID: f.studio.ID, Start: start.Add(48 * time.Hour),
			End: start.Add(49 * time.Hour), Reason: "x"}, f.espoo, octNow); library.ErrorKey(err) != "error.staff_other_library" {
			t.Errorf("Espoo's staff block Oodi's studio: %v", err)
		}
		// From the second week on, the series goes; the first has ended.
		n, err := db.DeleteBlock(f.ctx, bs[1].ID, true, f.helsinki, time.Date(2026, time.October, 21, 10, 0, 0, 0, library.Helsinki))
		if err != nil || n != 3 {
			t.Errorf("deleted %d blocks, %v; want 3", n, err)
		}
		if n := f.holding(f.studio); n != 2 {
			t.Errorf("%d bookings and blocks hold the studio, want 2", n)
		}
	})
}

// mustBookAt books an hour of r, seen at now.
func (f *bookFixture) mustBookAt(r library.Resource, patronID int64, start, now time.Time) library.Booking {
	f.t.Helper()
	b, err := f.db.Book(f.ctx, library.BookingRequest{ResourceID: r.ID, PatronID: patronID, Start: start, End: start.Add(time.Hour)}, now)
	if err != nil {
		f.t.Fatal(err)
	}
	return b.Booking
}

// TestBookingHoursChange: shorter weekly hours and a closure leave
// bookings outside the hours; staff see them first, then cancel or flag
// them together with saving the hours, and their bookers are told.
func TestBookingHoursChange(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newBookFixture(t, db)
		evening := f.mustBook(f.studio, f.resident.ID, hkiAt(1, 18, 0), 2*time.Hour) // Tuesday 18–20
		morning := f.mustBook(f.studio, f.resident.ID, hkiAt(3, 10, 0), time.Hour)   // Thursday 10–11
		desk := f.mustBook(f.room, f.resident.ID, hkiAt(1, 19, 0), time.Hour)        // a request, Tuesday 19–20
		b, err := db.Branch(f.ctx, "hki-oodi")
		if err != nil {
			t.Fatal(err)
		}
		week := b.Hours.Weekly
		for d := time.Monday; d <= time.Friday; d++ {
			week[d] = library.Day{Staffed: []library.Period{{Open: library.NewClock(9, 0), Close: library.NewClock(18, 0)}}}
		}
		shorter := library.HoursChange{BranchID: "hki-oodi", Weekly: &week, Version: b.Version}
		affected, err := db.BookingsAffectedByHours(f.ctx, shorter, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(affected); !cmp.Equal(got, []int64{evening.ID, desk.ID}) {
			t.Errorf("affected %v, want %v", got, []int64{evening.ID, desk.ID})
		}
		if _, err := db.ApplyHoursChange(f.ctx, shorter, library.SettleFlag, f.helsinki, circNow); library.ErrorCode(err) != library.EFORBIDDEN {
			t.Errorf("branch staff change hours: %v", err)
		}
		res, err := db.ApplyHoursChange(f.ctx, shorter, library.SettleFlag, f.admin, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Settled) != 2 || res.Settled[0].Flag != library.FlagOutsideHours || res.Settled[0].Status != library.BookingConfirmed {
			t.Errorf("flagged %+v", res.Settled)
		}
		if res.Branch.Hours.Weekly[time.Tuesday].Staffed[0].Close != library.NewClock(18, 0) {
			t.Errorf("hours not saved: %+v", res.Branch.Hours.Weekly[time.Tuesday])
		}
		// A closure on Thursday, cancelling what it leaves out.
		closure := library.HoursException{From: library.DateOf(hkiAt(3, 0, 0).In(library.Helsinki)), To: library.DateOf(hkiAt(3, 0, 0).In(library.Helsinki)),
			Reason: library.Text{"fi": "Henkilökunnan koulutus"}}
		ch := library.HoursChange{BranchID: "hki-oodi", Exception: &closure}
		if affected, err = db.BookingsAffectedByHours(f.ctx, ch, circNow); err != nil {
			t.Fatal(err)
		}
		if got := ids(affected); !cmp.Equal(got, []int64{evening.ID, desk.ID, morning.ID}) {
			t.Errorf("affected by the closure %v", got)
		}
		if res, err = db.ApplyHoursChange(f.ctx, ch, library.SettleCancel, f.admin, circNow); err != nil {
			t.Fatal(err)
		}
		if res.Exception.ID == 0 || len(res.Settled) != 3 {
			t.Errorf("closure %+v settled %d", res.Exception, len(res.Settled))
		}
		for _, s := range res.Settled {
			if s.Status != library.BookingCancelled || s.Cause != library.CauseHours {
				t.Errorf("settled %+v", s)
			}
		}
		want := []string{library.NoticeBookingConfirmed, library.NoticeBookingConfirmed, library.NoticeBookingRequested,
			library.NoticeBookingHoursChanged, library.NoticeBookingHoursChanged,
			library.NoticeBookingCancelledHours, library.NoticeBookingCancelledHours, library.NoticeBookingCancelledHours}
		if diff := cmp.Diff(want, f.notices(f.resident.ID)); diff != "" {
			t.Errorf("notices (-want +got):\n%s", diff)
		}
		// A stale version saves nothing and settles nothing.
		if _, err := db.ApplyHoursChange(f.ctx, shorter, library.SettleCancel, f.admin, circNow); library.ErrorKey(err) != "error.branch_changed" {
			t.Errorf("a stale version: %v", err)
		}
	})
}

func ids(ds []library.BookingDetail) []int64 {
	var out []int64
	for _, d := range ds {
		out = append(out, d.ID)
	}
	return out
}

// TestBookingReminders: the sweep reminds each confirmed booking once,
// a day before, however many nodes run it at once; a booking made within
// the day has had its confirmation and gets none.
func TestBookingReminders(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newBookFixture(t, db)
		today := f.mustBook(f.studio, f.resident.ID, hkiAt(0, 15, 0), time.Hour)
		f.mustBook(f.studio, f.resident.ID, hkiAt(2, 15, 0), time.Hour)
		f.mustBook(f.room, f.resident.ID, hkiAt(2, 10, 0), time.Hour) // a request: no reminder
		sweepAt := hkiAt(1, 16, 0)
		errs := parallel(5, func(int) error {
			_, err := db.BookingReminders(f.ctx, sweepAt)
			return err
		})
		tally(t, errs)
		n, err := db.BookingReminders(f.ctx, sweepAt)
		if err != nil || n != 0 {
			t.Errorf("the sweep again: %d, %v", n, err)
		}
		want := []string{library.NoticeBookingConfirmed, library.NoticeBookingConfirmed, library.NoticeBookingRequested,
			library.NoticeBookingReminder}
		if diff := cmp.Diff(want, f.notices(f.resident.ID)); diff != "" {
			t.Errorf("notices (-want +got):\n%s", diff)
		}
		_ = today
	})
}

// TestBookingAvailabilityStore: the grids read from the store show the
// bookings, blocks and buffers, and the next free times follow them.
func TestBookingAvailabilityStore(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newBookFixture(t, db)
		for h := 9; h < 20; h += 3 {
			f.mustBook(f.studio, f.resident.ID+0, hkiAt(0, h+1, 0), 2*time.Hour)
			if h >= 12 {
				break
			}
		}
		tomorrow := library.DateOf(hkiAt(1, 0, 0).In(library.Helsinki))
		today := library.DateOf(circNow.In(library.Helsinki))
		as, err := db.BranchAvailability(f.ctx, "hki-oodi", "", today, tomorrow, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if len(as) != 2 || as[0].Resource.ID != f.studio.ID || len(as[0].Days) != 2 {
			t.Fatalf("availability %+v", as)
		}
		var states []string
		for _, s := range as[0].Days[0].Slots {
			states = append(states, s.Start.In(library.Helsinki).Format("15")+" "+s.State)
		}
		want := []string{"09 past", "10 taken", "11 taken", "12 free", "13 taken", "14 taken", "15 free", "16 free",
			"17 free", "18 free", "19 free"}
		if diff := cmp.Diff(want, states); diff != "" {
			t.Errorf("the studio today (-want +got):\n%s", diff)
		}
		next, err := db.NextFreeTimes(f.ctx, "hki-oodi", hkiAt(0, 10, 30))
		if err != nil {
			t.Fatal(err)
		}
		if len(next) != 2 || !next[0].Found || !next[0].Slot.Start.Equal(hkiAt(0, 12, 0)) {
			t.Errorf("next free %+v", next)
		}
		a, err := db.ResourceAvailability(f.ctx, f.room.ID, today, today.AddDays(6), circNow)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Days) != 7 || !a.Days[6].Closed() {
			t.Errorf("the room's week: %d days, Sunday closed %v", len(a.Days), a.Days[6].Closed())
		}
		if _, err := db.ResourceAvailability(f.ctx, f.room.ID, today, today.AddDays(40), circNow); library.ErrorKey(err) != "error.booking_days" {
			t.Errorf("40 days: %v", err)
		}
	})
}

// TestResourceAdmin: resources are defined by those with ActResources
// at the branch; an update names its version; withdrawing cancels the
// future bookings; a paid booking charges a fee to the resource's
// library, dropped when cancelled.
func TestResourceAdmin(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newBookFixture(t, db)
		piano := library.Resource{BranchID: "esp-sello", Kind: library.KindInstrument, Name: library.Text{"fi": "Digitaalipiano"},
			Capacity: 1, SlotMinutes: 60, MinMinutes: 60, MaxMinutes: 120, HorizonDays: 14, Price: 500,
			Equipment: []library.Text{{"fi": "Kuulokkeet", "en": "Headphones"}}}
		if _, err := db.CreateResource(f.ctx, piano, f.espoo, circNow); library.ErrorKey(err) != "error.staff_role" {
			t.Errorf("branch staff define a resource: %v", err)
		}
		espAdmin := rulesAdmin(t, db, "esp-admin", library.RoleLibraryAdmin, "espoo")
		piano.BranchID = "hki-oodi"
		if _, err := db.CreateResource(f.ctx, piano, espAdmin, circNow); library.ErrorKey(err) != "error.staff_other_library" {
			t.Errorf("Espoo's administrator defines one at Oodi: %v", err)
		}
		piano.BranchID = "esp-sello"
		p, err := db.CreateResource(f.ctx, piano, espAdmin, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if p.LibraryID != "espoo" || p.Version != 1 || len(p.Equipment) != 1 {
			t.Errorf("created %+v", p)
		}
		stale := p
		p.Description = library.Text{"fi": "Yamaha"}
		if p, err = db.UpdateResource(f.ctx, p, espAdmin, circNow); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateResource(f.ctx, stale, espAdmin, circNow); library.ErrorKey(err) != "error.resource_changed" {
			t.Errorf("a stale update: %v", err)
		}
		rs, err := db.Resources(f.ctx, library.ResourceFilter{LibraryID: "espoo", Kind: library.KindInstrument})
		if err != nil || len(rs) != 1 || rs[0].Description.Get("fi") != "Yamaha" {
			t.Errorf("Espoo's instruments %+v, %v", rs, err)
		}
		paid := f.mustBook(p, f.resident.ID, hkiAt(1, 10, 0), time.Hour)
		second := f.mustBook(p, f.resident.ID, hkiAt(2, 10, 0), time.Hour)
		fees, err := db.Fees(f.ctx, f.resident.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(fees) != 2 || fees[0].Kind != library.FeeBooking || fees[0].Amount != 500 || fees[0].Library != "espoo" || paid.FeeID == 0 {
			t.Errorf("fees %+v", fees)
		}
		if _, err := db.CancelBooking(f.ctx, f.resident.ID, second.ID, circNow); err != nil {
			t.Fatal(err)
		}
		n, err := db.WithdrawResource(f.ctx, p.ID, espAdmin, circNow)
		if err != nil || n != 1 {
			t.Errorf("withdrawn, %d cancelled, %v; want 1", n, err)
		}
		if fees, err = db.Fees(f.ctx, f.resident.ID); err != nil || len(fees) != 0 {
			t.Errorf("fees after cancelling %+v, %v", fees, err)
		}
		_, err = f.book(p, f.resident.ID, hkiAt(3, 10, 0), time.Hour)
		wantKey(t, err, "error.booking_withdrawn")
		if rs, _ := db.Resources(f.ctx, library.ResourceFilter{BranchID: "esp-sello"}); len(rs) != 1 {
			t.Errorf("Sello's active resources: %d, want the help only", len(rs))
		}
		if _, err := db.RestoreResource(f.ctx, p.ID, espAdmin, circNow); err != nil {
			t.Fatal(err)
		}
		f.mustBook(p, f.resident.ID, hkiAt(3, 10, 0), time.Hour)
	})
}

// TestBookingsOfClosedAndMergedAccounts: a resident's own download lists
// their bookings; closing an account cancels its bookings to come and
// drops its notes; merging moves the bookings to the account kept.
func TestBookingsOfClosedAndMergedAccounts(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newBookFixture(t, db)
		b, err := db.Book(f.ctx, library.BookingRequest{ResourceID: f.studio.ID, PatronID: f.resident.ID, Start: hkiAt(1, 10, 0),
			End: hkiAt(1, 11, 0), Message: "Tuon oman rumpusetin, Aino"}, circNow)
		if err != nil {
			t.Fatal(err)
		}
		pd, err := db.PersonalData(f.ctx, f.resident.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(pd.Bookings) != 1 || pd.Bookings[0].Resource != "Bändikämppä" || pd.Bookings[0].Message == "" {
			t.Errorf("the resident's own download: %+v", pd.Bookings)
		}
		if err := db.CloseAccount(f.ctx, f.resident.ID, circNow); err != nil {
			t.Fatal(err)
		}
		d, err := db.Booking(f.ctx, b.Booking.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != library.BookingCancelled || d.Message != "" || d.BookerName != "" {
			t.Errorf("a closed account's booking: %+v", d)
		}
		f.mustBook(f.studio, f.patron("Uusi, Aino", library.CategoryAdult, false).ID, hkiAt(1, 10, 0), time.Hour)

		keep := f.patron("Korhonen, Mikko", library.CategoryAdult, false)
		drop := f.patron("Korhonen, M.", library.CategoryAdult, false)
		moved := f.mustBook(f.studio, drop.ID, hkiAt(2, 10, 0), time.Hour)
		res, err := db.MergePatrons(f.ctx, f.admin, keep.ID, drop.ID, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if res.Moved["bookings"] != 1 {
			t.Errorf("moved %v", res.Moved)
		}
		if d, err := db.PatronBooking(f.ctx, keep.ID, moved.ID); err != nil || d.Status != library.BookingConfirmed {
			t.Errorf("the kept account's booking: %+v, %v", d, err)
		}
	})
}
