package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
)

// What the booking pages read: availability, a resident's and a guest's
// bookings, and the staff's schedule and requests. Availability reads the
// branch's hours, its resources and their bookings of the days asked in
// one snapshot, and library.AvailableTimes does the rest.

// maxAvailabilityDays bounds one availability read: a month view.
const maxAvailabilityDays = 31

// ResourceAvailability returns a resource's grid from one day to
// another, seen at now.
func (db *DB) ResourceAvailability(ctx context.Context, id int64, from, to library.Date, now time.Time) (library.Availability, error) {
	if err := checkDays(from, to); err != nil {
		return library.Availability{}, err
	}
	var out library.Availability
	err := db.inReadTx(ctx, func(tx txn) error {
		r, err := readResource(ctx, tx, id)
		if err != nil {
			return err
		}
		as, err := availability(ctx, tx, r.BranchID, []library.Resource{r}, from, to, now)
		if err == nil {
			out = as[0]
		}
		return err
	})
	if err != nil {
		return library.Availability{}, fmt.Errorf("availability of resource %d: %w", id, err)
	}
	return out, nil
}

// BranchAvailability returns the grids of a branch's active resources of
// kind ("" for all) from one day to another.
func (db *DB) BranchAvailability(ctx context.Context, branchID, kind string, from, to library.Date, now time.Time) ([]library.Availability, error) {
	if err := checkDays(from, to); err != nil {
		return nil, err
	}
	var out []library.Availability
	err := db.inReadTx(ctx, func(tx txn) error {
		rs, err := readResources(ctx, tx, library.ResourceFilter{BranchID: branchID, Kind: kind})
		if err != nil {
			return err
		}
		out, err = availability(ctx, tx, branchID, rs, from, to, now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("availability at %s: %w", branchID, err)
	}
	return out, nil
}

func checkDays(from, to library.Date) error {
	if to.Before(from) || from.AddDays(maxAvailabilityDays-1).Before(to) {
		return &library.Error{Code: library.EINVALID, Key: "error.booking_days",
			Message: fmt.Sprintf("days %s to %s: want at most %d days, in order", from, to, maxAvailabilityDays)}
	}
	return nil
}

// availability computes the grids of rs, all of one branch, over the
// days from to to, from one read of the hours and one of the bookings.
func availability(ctx context.Context, tx txn, branchID string, rs []library.Resource, from, to library.Date, now time.Time) ([]library.Availability, error) {
	start, end := from.In(library.Helsinki, 0), to.AddDays(1).In(library.Helsinki, 0)
	h, _, err := branchHours(ctx, tx, branchID, start, end)
	if err != nil {
		return nil, err
	}
	taken, err := branchTaken(ctx, tx, branchID, start, end)
	if err != nil {
		return nil, err
	}
	out := make([]library.Availability, 0, len(rs))
	for _, r := range rs {
		out = append(out, library.AvailableTimes(r, h, taken[r.ID], from, to, now))
	}
	return out, nil
}

// branchTaken returns the times of the holding bookings and blocks of a
// branch's resources that may touch [start, end), by resource: a
// booking is at most a day long and a buffer at most MaxBufferMinutes,
// so those starting from a day and the longest buffer before start on.
func branchTaken(ctx context.Context, tx txn, branchID string, start, end time.Time) (map[int64][]library.Interval, error) {
	margin := library.MaxBookingMinutes*time.Minute + library.MaxBufferMinutes*time.Minute
	rows, err := tx.QueryContext(ctx, `SELECT b.resource_id, `+tx.d.epoch("b.starts")+`, `+tx.d.epoch("b.ends")+`
		FROM bookings b JOIN resources r ON r.id = b.resource_id
		WHERE r.branch_id = $1 AND b.status IN ('requested', 'confirmed', 'checked_in') AND b.starts >= $2 AND b.starts < $3`,
		branchID, start.Add(-margin), end.Add(library.MaxBufferMinutes*time.Minute))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[int64][]library.Interval)
	for rows.Next() {
		var id, s, e int64
		if err := rows.Scan(&id, &s, &e); err != nil {
			return nil, err
		}
		out[id] = append(out[id], library.Interval{Start: time.Unix(s, 0).UTC(), End: time.Unix(e, 0).UTC()})
	}
	return out, rows.Err()
}

// NextFreeTimes returns when each active resource of a branch is next
// free, within its horizon.
func (db *DB) NextFreeTimes(ctx context.Context, branchID string, now time.Time) ([]library.NextFreeTime, error) {
	var out []library.NextFreeTime
	err := db.inReadTx(ctx, func(tx txn) error {
		rs, err := readResources(ctx, tx, library.ResourceFilter{BranchID: branchID})
		if err != nil || len(rs) == 0 {
			return err
		}
		horizon := 0
		for _, r := range rs {
			horizon = max(horizon, r.HorizonDays)
		}
		end := library.DateOf(now.In(library.Helsinki)).AddDays(horizon+1).In(library.Helsinki, 0)
		h, _, err := branchHours(ctx, tx, branchID, now, end)
		if err != nil {
			return err
		}
		taken, err := branchTaken(ctx, tx, branchID, now, end)
		if err != nil {
			return err
		}
		for _, r := range rs {
			s, ok := library.NextFree(r, h, taken[r.ID], now)
			out = append(out, library.NextFreeTime{Resource: r, Slot: s, Found: ok})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("next free times at %s: %w", branchID, err)
	}
	return out, nil
}

// PatronBookings returns a resident's bookings ending at or after since,
// with their access codes.
func (db *DB) PatronBookings(ctx context.Context, patronID int64, since time.Time) ([]library.BookingDetail, error) {
	ds, err := bookingsOf(ctx, db.reader(), `b.patron_id = $1 AND b.ends >= $2`, patronID, utc(since))
	if err != nil {
		return nil, fmt.Errorf("bookings of patron %d: %w", patronID, err)
	}
	return ds, nil
}

// PatronBooking returns one of a resident's bookings, with its access
// code.
func (db *DB) PatronBooking(ctx context.Context, patronID, id int64) (library.BookingDetail, error) {
	d, err := readBooking(ctx, db.reader(), `b.id = $1 AND b.patron_id = $2`, id, patronID)
	if err != nil {
		return d, fmt.Errorf("booking %d of patron %d: %w", id, patronID, err)
	}
	return d, nil
}

// GuestBooking returns the booking a guest's token is for.
func (db *DB) GuestBooking(ctx context.Context, token string) (library.BookingDetail, error) {
	if token == "" {
		return library.BookingDetail{}, &library.Error{Code: library.ENOTFOUND, Key: "error.booking_not_found", Message: "no token"}
	}
	d, err := readBooking(ctx, db.reader(), `b.token_hash = $1`, auth.HashToken(token))
	if err != nil {
		return d, fmt.Errorf("guest booking: %w", err)
	}
	return d, nil
}

// Booking returns a booking for staff, without its access code.
func (db *DB) Booking(ctx context.Context, id int64) (library.BookingDetail, error) {
	d, err := readBooking(ctx, db.reader(), `b.id = $1`, id)
	if err != nil {
		return d, fmt.Errorf("booking %d: %w", id, err)
	}
	d.AccessCode = ""
	return d, nil
}

// DaySchedule returns a branch's day across its resources: every
// booking of the day in any status, and each resource's windows.
func (db *DB) DaySchedule(ctx context.Context, branchID string, day library.Date) (library.Schedule, error) {
	s := library.Schedule{BranchID: branchID, Date: day, Windows: make(map[int64][]library.Interval)}
	start, end := day.In(library.Helsinki, 0), day.AddDays(1).In(library.Helsinki, 0)
	err := db.inReadTx(ctx, func(tx txn) error {
		var err error
		// A booking is at most a day long: those starting a day before
		// the day's start are all that may reach into it.
		if s.Bookings, err = bookingsOf(ctx, tx, `r.branch_id = $1 AND b.starts < $2 AND b.ends > $3 AND b.starts >= $4`,
			branchID, end, start, start.Add(-library.MaxBookingMinutes*time.Minute)); err != nil {
			return err
		}
		hideCodes(s.Bookings)
		rs, err := readResources(ctx, tx, library.ResourceFilter{BranchID: branchID, Withdrawn: true})
		if err != nil {
			return err
		}
		booked := make(map[int64]bool)
		for _, d := range s.Bookings {
			booked[d.ResourceID] = true
		}
		h, _, err := branchHours(ctx, tx, branchID, start, start)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if r.Active() || booked[r.ID] {
				s.Resources = append(s.Resources, r)
				s.Windows[r.ID] = library.Windows(r, h, day)
			}
		}
		return nil
	})
	if err != nil {
		return library.Schedule{}, fmt.Errorf("schedule of %s on %s: %w", branchID, day, err)
	}
	return s, nil
}

// PendingBookings returns the requests awaiting approval within a scope,
// oldest first.
func (db *DB) PendingBookings(ctx context.Context, at library.Scope) ([]library.BookingDetail, error) {
	ds, err := bookingsOf(ctx, db.reader(), `b.status = 'requested' AND ($1 = '' OR br.library_id = $1) AND ($2 = '' OR r.branch_id = $2)`,
		at.Library, at.Branch)
	if err != nil {
		return nil, fmt.Errorf("pending bookings: %w", err)
	}
	return hideCodes(ds), nil
}
