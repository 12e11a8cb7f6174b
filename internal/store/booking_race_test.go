package store_test

import (
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestRaceBookOneSlot: 50 residents ask for the same hour of a studio at
// once, and exactly one gets it. Three rounds, for three hours, by three
// groups of residents (the studio's weekly limit is two): the first also
// fills PostgreSQL's pool, so that the later ones start all 50
// transactions truly at once rather than one connection at a time.
func TestRaceBookOneSlot(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newBookFixture(t, db)
		all := f.patrons(150)
		for round := range 3 {
			ps := all[50*round : 50*(round+1)]
			start := hkiAt(1+round, 14, 0)
			errs := parallel(len(ps), func(i int) error {
				_, err := f.book(f.studio, ps[i].ID, start, time.Hour)
				return err
			})
			if got := tally(t, errs); got[""] != 1 || got["error.booking_overlap"] != 49 {
				t.Errorf("round %d: 50 bookings of one hour: %v; want 1 success and 49 error.booking_overlap", round, got)
			}
			if n := f.holding(f.studio); n != round+1 {
				t.Errorf("round %d: %d bookings hold the studio, want %d", round, n, round+1)
			}
		}
	})
}

// TestRaceBookOverlapping: requests for overlapping times of different
// lengths, and within a buffer, at once: what is booked never overlaps.
func TestRaceBookOverlapping(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newBookFixture(t, db)
		ps := f.patrons(24)
		errs := parallel(len(ps), func(i int) error {
			// The room's slots are half an hour, its buffer 15 minutes:
			// 10:00–10:30, 10:30–11:30, 11:00–11:30 ... all clash.
			start := hkiAt(2, 10, 0).Add(time.Duration(i%6) * 30 * time.Minute)
			length := time.Duration(1+i%3) * 30 * time.Minute
			_, err := db.Book(f.ctx, library.BookingRequest{ResourceID: f.room.ID, PatronID: ps[i].ID, Start: start, End: start.Add(length)}, circNow)
			return err
		})
		tally(t, errs)
		s, err := db.DaySchedule(f.ctx, "hki-oodi", library.DateOf(hkiAt(2, 0, 0).In(library.Helsinki)))
		if err != nil {
			t.Fatal(err)
		}
		var held []library.Interval
		for _, d := range s.Bookings {
			if d.ResourceID == f.room.ID && library.Holds(d.Status) {
				for _, h := range held {
					if d.Interval().Overlaps(h, f.room.Buffer()) {
						t.Errorf("booking %s–%s overlaps %s–%s within the buffer", d.Start, d.End, h.Start, h.End)
					}
				}
				held = append(held, d.Interval())
			}
		}
		if len(held) == 0 {
			t.Error("nothing was booked")
		}
	})
}

// TestRaceWeeklyLimit: one resident asks for ten different hours of a
// studio at once; the weekly limit of two holds.
func TestRaceWeeklyLimit(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newBookFixture(t, db)
		errs := parallel(10, func(i int) error {
			// Tuesday to Thursday of the same week, hours apart.
			start := hkiAt(1+i%3, 9+i, 0)
			_, err := f.book(f.studio, f.resident.ID, start, time.Hour)
			return err
		})
		if got := tally(t, errs); got[""] != 2 || got["error.booking_weekly_limit"] != 8 {
			t.Errorf("10 bookings by one resident: %v; want 2 successes and 8 error.booking_weekly_limit", got)
		}
		if n := f.holding(f.studio); n != 2 {
			t.Errorf("%d bookings hold the studio, want 2", n)
		}
	})
}
