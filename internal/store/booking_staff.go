package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The staff's side of bookings: approving and declining requests,
// cancelling, check-in and no-shows, blocks, and the no-show rule. Each
// checks Permit at the booking's branch inside its transaction.

// staffBooking finds a booking by ID for staff, locks its resource, and
// checks by's right to act on it.
func staffBooking(ctx context.Context, tx txn, id int64, by library.Staff) (library.BookingDetail, error) {
	d, err := lockBooking(ctx, tx, `b.id = $1`, id)
	if err != nil {
		return d, err
	}
	r := d.Resource
	return d, library.Permit(by, library.ActBookings, library.BranchScope(r.LibraryID, r.BranchID))
}

// staffAct runs fn on a booking for staff in one transaction and returns
// the booking as fn left it.
func (db *DB) staffAct(ctx context.Context, what string, id int64, by library.Staff, now time.Time,
	fn func(tx txn, d library.BookingDetail, now time.Time) error) (library.Booking, error) {
	now = utc(now)
	var out library.Booking
	err := db.inTx(ctx, func(tx txn) error {
		d, err := staffBooking(ctx, tx, id, by)
		if err != nil {
			return err
		}
		if err := fn(tx, d, now); err != nil {
			return err
		}
		out, err = bookingByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return library.Booking{}, fmt.Errorf("%s booking %d: %w", what, id, err)
	}
	out.AccessCode = ""
	return out, nil
}

func wrongStatus(d library.BookingDetail, key string) error {
	return &library.Error{Code: library.ECONFLICT, Key: key, Message: fmt.Sprintf("booking %d is %s", d.ID, d.Status)}
}

// ApproveBooking confirms a request that has not started: a studio
// booking gets its access code and a paid one its fee, and the booker is
// told.
func (db *DB) ApproveBooking(ctx context.Context, id int64, by library.Staff, now time.Time) (library.Booking, error) {
	return db.staffAct(ctx, "approve", id, by, now, func(tx txn, d library.BookingDetail, now time.Time) error {
		if d.Status != library.BookingRequested {
			return wrongStatus(d, "error.booking_not_requested")
		}
		if !d.Start.After(now) {
			return &library.Error{Code: library.ECONFLICT, Key: "error.booking_past", Message: "the request's time has begun"}
		}
		b := d.Booking
		if err := confirmation(ctx, tx, d.Resource, &b, now); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE bookings SET status = 'confirmed', access_code = $1, fee_id = $2,
			reminded_at = $3, updated_at = $4, version = version + 1 WHERE id = $5`,
			b.AccessCode, orNull(b.FeeID), remindedAt(b.Start, now), now, b.ID)
		if err != nil {
			return err
		}
		d.Booking = b
		if err := tellBooker(ctx, tx, d, library.NoticeBookingConfirmed, nil, now); err != nil {
			return err
		}
		return audit(ctx, tx, bookingAudit(by, library.AuditBookingApprove, d.Resource, b), now)
	})
}

// DeclineBooking declines a request, with a reason told to the booker.
func (db *DB) DeclineBooking(ctx context.Context, id int64, reason string, by library.Staff, now time.Time) (library.Booking, error) {
	reason = strings.TrimSpace(reason)
	return db.staffAct(ctx, "decline", id, by, now, func(tx txn, d library.BookingDetail, now time.Time) error {
		if d.Status != library.BookingRequested {
			return wrongStatus(d, "error.booking_not_requested")
		}
		if err := checkReason(reason, false); err != nil {
			return err
		}
		if err := setStatus(ctx, tx, d.Booking, library.BookingDeclined, library.CauseStaff, reason, now); err != nil {
			return err
		}
		if err := tellBooker(ctx, tx, d, library.NoticeBookingDeclined, map[string]string{"reason": reason}, now); err != nil {
			return err
		}
		return audit(ctx, tx, bookingAudit(by, library.AuditBookingDecline, d.Resource, d.Booking), now)
	})
}

// StaffCancelBooking cancels a booking (or a block) that has not ended,
// telling the booker why.
func (db *DB) StaffCancelBooking(ctx context.Context, id int64, reason string, by library.Staff, now time.Time) (library.Booking, error) {
	reason = strings.TrimSpace(reason)
	return db.staffAct(ctx, "cancel", id, by, now, func(tx txn, d library.BookingDetail, now time.Time) error {
		if d.Status != library.BookingRequested && d.Status != library.BookingConfirmed {
			return wrongStatus(d, "error.booking_not_open")
		}
		if !d.End.After(now) {
			return &library.Error{Code: library.ECONFLICT, Key: "error.booking_ended", Message: "the booking has ended"}
		}
		if err := checkReason(reason, false); err != nil {
			return err
		}
		if err := cancelAndTell(ctx, tx, d, library.CauseStaff, reason, now); err != nil {
			return err
		}
		return audit(ctx, tx, bookingAudit(by, library.AuditBookingCancel, d.Resource, d.Booking), now)
	})
}

// CheckInBooking marks a confirmed booking's booker come, from
// CheckInEarly before its start until its end.
func (db *DB) CheckInBooking(ctx context.Context, id int64, by library.Staff, now time.Time) (library.Booking, error) {
	return db.staffAct(ctx, "check in", id, by, now, func(tx txn, d library.BookingDetail, now time.Time) error {
		switch {
		case d.Status != library.BookingConfirmed || d.Block:
			return wrongStatus(d, "error.booking_not_confirmed")
		case now.Before(d.Start.Add(-library.CheckInEarly)):
			return &library.Error{Code: library.ECONFLICT, Key: "error.booking_check_in_early", Message: "too early to check in"}
		case !d.End.After(now):
			return &library.Error{Code: library.ECONFLICT, Key: "error.booking_ended", Message: "the booking has ended"}
		}
		_, err := tx.ExecContext(ctx, `UPDATE bookings SET status = 'checked_in', checked_in_at = $1, updated_at = $1,
			version = version + 1 WHERE id = $2`, now, d.ID)
		return err
	})
}

// MarkNoShow marks a confirmed booking's booker missing, from its start
// on; it counts towards the no-show rule of the library.
func (db *DB) MarkNoShow(ctx context.Context, id int64, by library.Staff, now time.Time) (library.Booking, error) {
	return db.staffAct(ctx, "mark no-show", id, by, now, func(tx txn, d library.BookingDetail, now time.Time) error {
		switch {
		case d.Status != library.BookingConfirmed || d.Block:
			return wrongStatus(d, "error.booking_not_confirmed")
		case now.Before(d.Start):
			return &library.Error{Code: library.ECONFLICT, Key: "error.booking_not_started", Message: "the booking has not started"}
		}
		if err := setStatus(ctx, tx, d.Booking, library.BookingNoShow, "", "", now); err != nil {
			return err
		}
		return audit(ctx, tx, bookingAudit(by, library.AuditBookingNoShow, d.Resource, d.Booking), now)
	})
}

// checkReason checks a reason staff give: required for a block, at most
// a name's length always.
func checkReason(reason string, required bool) error {
	if required && reason == "" {
		return &library.Error{Code: library.EINVALID, Key: "error.booking_block_reason", Message: "reason: required"}
	}
	if len(reason) > 500 {
		return &library.Error{Code: library.EINVALID, Key: "error.booking_reason_long", Message: "reason: longer than 500 bytes"}
	}
	return nil
}

// AddBlock takes a resource's time for staff, once or weekly (at the
// same Helsinki clock time each week), all occurrences or none.
func (db *DB) AddBlock(ctx context.Context, q library.BlockRequest, by library.Staff, now time.Time) ([]library.Booking, error) {
	now = utc(now)
	q.Reason = strings.TrimSpace(q.Reason)
	if err := checkBlock(q, now); err != nil {
		return nil, err
	}
	var out []library.Booking
	err := db.inTx(ctx, func(tx txn) error {
		out = nil
		r, err := lockResource(ctx, tx, q.ResourceID)
		if err != nil {
			return err
		}
		if err := library.Permit(by, library.ActBookings, library.BranchScope(r.LibraryID, r.BranchID)); err != nil {
			return err
		}
		clashes := 0
		var first library.Interval
		for _, iv := range blockTimes(q) {
			taken, err := takenTimes(ctx, tx, r, iv.Start.Add(-24*time.Hour), iv.End, 0)
			if err != nil {
				return err
			}
			for _, t := range taken {
				if iv.Overlaps(t, r.Buffer()) {
					if clashes == 0 {
						first = t
					}
					clashes++
					break
				}
			}
		}
		if clashes > 0 {
			return &library.Error{Code: library.ECONFLICT, Key: "error.booking_block_overlap", Count: clashes,
				Message: fmt.Sprintf("%d of the block's times clash with bookings, the first %s–%s", clashes, first.Start, first.End)}
		}
		for _, iv := range blockTimes(q) {
			b := library.Booking{ResourceID: r.ID, Start: iv.Start, End: iv.End, Status: library.BookingConfirmed,
				Block: true, Reason: q.Reason, StaffID: by.ID, Created: now, Updated: now, Version: 1}
			if len(out) > 0 {
				b.SeriesID = out[0].ID
			}
			if b.ID, err = insertBooking(ctx, tx, b, ""); err != nil {
				return err
			}
			if len(out) == 0 && len(blockTimes(q)) > 1 {
				b.SeriesID = b.ID
				if _, err := tx.ExecContext(ctx, `UPDATE bookings SET series_id = id WHERE id = $1`, b.ID); err != nil {
					return err
				}
			}
			out = append(out, b)
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditBookingBlock, Library: r.LibraryID,
			Detail: fmt.Sprintf("%d× block of resource %d %s at %s from %s: %s", len(out), r.ID, r.Name.Get("fi"), r.BranchID,
				q.Start.In(library.Helsinki).Format("2006-01-02 15:04"), q.Reason)}, now)
	})
	if err != nil {
		return nil, fmt.Errorf("block resource %d: %w", q.ResourceID, err)
	}
	return out, nil
}

// checkBlock checks a block request's own fields.
func checkBlock(q library.BlockRequest, now time.Time) error {
	if err := checkReason(q.Reason, true); err != nil {
		return err
	}
	switch {
	case !q.End.After(q.Start) || q.End.Sub(q.Start) > library.MaxBookingMinutes*time.Minute:
		return &library.Error{Code: library.EINVALID, Key: "error.booking_block_length", Message: "a block is from 1 minute to a day long"}
	case q.Weeks < 0 || q.Weeks > library.MaxBlockWeeks:
		return &library.Error{Code: library.EINVALID, Key: "error.booking_block_weeks", Count: library.MaxBlockWeeks,
			Message: fmt.Sprintf("%d weeks; at most %d", q.Weeks, library.MaxBlockWeeks)}
	case q.Start.Before(now):
		return &library.Error{Code: library.EINVALID, Key: "error.booking_past", Message: "the block starts in the past"}
	}
	return nil
}

// blockTimes returns the times of a block's occurrences: weekly at the
// same Helsinki clock time, so a class at 18:00 stays at 18:00 when
// summer time ends.
func blockTimes(q library.BlockRequest) []library.Interval {
	start, end := q.Start.In(library.Helsinki), q.End.In(library.Helsinki)
	var out []library.Interval
	for k := range max(1, q.Weeks) {
		s := time.Date(start.Year(), start.Month(), start.Day()+7*k, start.Hour(), start.Minute(), 0, 0, library.Helsinki)
		e := time.Date(end.Year(), end.Month(), end.Day()+7*k, end.Hour(), end.Minute(), 0, 0, library.Helsinki)
		out = append(out, library.Interval{Start: utc(s), End: utc(e)})
	}
	return out
}

// DeleteBlock removes a block that has not ended, or with series every
// occurrence of its series that has not ended.
func (db *DB) DeleteBlock(ctx context.Context, id int64, series bool, by library.Staff, now time.Time) (int, error) {
	now = utc(now)
	n := 0
	err := db.inTx(ctx, func(tx txn) error {
		d, err := staffBooking(ctx, tx, id, by)
		if err != nil {
			return err
		}
		if !d.Block {
			return &library.Error{Code: library.EINVALID, Key: "error.booking_not_block", Message: "not a block"}
		}
		where, arg := `id = $1`, d.ID
		if series && d.SeriesID != 0 {
			where, arg = `series_id = $1`, d.SeriesID
		}
		if n, err = execCount(ctx, tx, `DELETE FROM bookings WHERE `+where+` AND block AND ends > $2`, arg, now); err != nil {
			return err
		}
		if n == 0 {
			return &library.Error{Code: library.ECONFLICT, Key: "error.booking_ended", Message: "the block has ended"}
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditBookingBlockDelete, Library: d.Resource.LibraryID,
			Detail: fmt.Sprintf("%d× block of resource %d at %s: %s", n, d.ResourceID, d.Resource.BranchID, d.Reason)}, now)
	})
	if err != nil {
		return 0, fmt.Errorf("delete block %d: %w", id, err)
	}
	return n, nil
}

// NoShowRule returns the no-show rule in force at a member library.
func (db *DB) NoShowRule(ctx context.Context, libraryID string) (library.NoShowRule, error) {
	var rule library.NoShowRule
	err := db.inReadTx(ctx, func(tx txn) error {
		var err error
		rule, err = noShowRule(ctx, tx, libraryID)
		return err
	})
	if err != nil {
		return rule, fmt.Errorf("no-show rule of %q: %w", libraryID, err)
	}
	return rule, nil
}

// noShowRule returns the library's own rule, else the consortium's, else
// the default.
func noShowRule(ctx context.Context, q queryer, libraryID string) (library.NoShowRule, error) {
	var rule library.NoShowRule
	err := q.QueryRowContext(ctx, `SELECT no_shows, window_days, block_days FROM booking_rules
		WHERE library_id = $1 OR library_id = '' ORDER BY library_id DESC LIMIT 1`, libraryID).
		Scan(&rule.Count, &rule.WindowDays, &rule.BlockDays)
	if errNoRows(err) {
		return library.DefaultNoShowRule, nil
	}
	return rule, err
}

// SetNoShowRule sets (or with nil removes) a library's no-show rule, the
// consortium's for "". Setting rules is an administrator's task: it
// checks Permit(by, ActRules) at the library, as for the loan rules.
func (db *DB) SetNoShowRule(ctx context.Context, libraryID string, rule *library.NoShowRule, by library.Staff, now time.Time) error {
	now = utc(now)
	if rule != nil {
		if err := rule.Validate(); err != nil {
			return err
		}
	}
	scope := library.ConsortiumScope
	if libraryID != "" {
		scope = library.LibraryScope(libraryID)
	}
	if err := library.Permit(by, library.ActRules, scope); err != nil {
		return err
	}
	err := db.inTx(ctx, func(tx txn) error {
		if libraryID != "" {
			if _, err := lockLibrary(ctx, tx, libraryID); err != nil {
				return err
			}
		}
		detail := "no-show rule removed"
		if rule == nil {
			if _, err := tx.ExecContext(ctx, `DELETE FROM booking_rules WHERE library_id = $1`, libraryID); err != nil {
				return err
			}
		} else {
			detail = fmt.Sprintf("%d no-shows in %d days block for %d days", rule.Count, rule.WindowDays, rule.BlockDays)
			_, err := tx.ExecContext(ctx, `
				INSERT INTO booking_rules (library_id, no_shows, window_days, block_days, updated_at) VALUES ($1, $2, $3, $4, $5)
				ON CONFLICT (library_id) DO UPDATE SET no_shows = excluded.no_shows, window_days = excluded.window_days,
					block_days = excluded.block_days, updated_at = excluded.updated_at`,
				libraryID, rule.Count, rule.WindowDays, rule.BlockDays, now)
			if err != nil {
				return err
			}
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditNoShowRule, Library: libraryID, Detail: detail}, now)
	})
	if err != nil {
		return fmt.Errorf("set no-show rule of %q: %w", libraryID, err)
	}
	return nil
}
