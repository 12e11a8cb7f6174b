package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
)

// Cancelling bookings, by their bookers (a resident, or a guest with the
// token), and what every change of a booking's status shares: the lock,
// the status, and the cancellation that drops an unpaid fee and tells
// the booker.

// CancelBooking cancels a resident's own booking.
func (db *DB) CancelBooking(ctx context.Context, patronID, id int64, now time.Time) (library.Booking, error) {
	b, err := db.cancelOwn(ctx, `b.id = $1 AND b.patron_id = $2`, []any{id, patronID}, now)
	if err != nil {
		return library.Booking{}, fmt.Errorf("cancel booking %d of patron %d: %w", id, patronID, err)
	}
	return b, nil
}

// CancelGuestBooking cancels a guest's booking by its token.
func (db *DB) CancelGuestBooking(ctx context.Context, token string, now time.Time) (library.Booking, error) {
	if token == "" {
		return library.Booking{}, &library.Error{Code: library.ENOTFOUND, Key: "error.booking_not_found", Message: "no token"}
	}
	b, err := db.cancelOwn(ctx, `b.token_hash = $1`, []any{auth.HashToken(token)}, now)
	if err != nil {
		return library.Booking{}, fmt.Errorf("cancel guest booking: %w", err)
	}
	return b, nil
}

// cancelOwn cancels the booker's booking found by where, if the
// resource's cancellation time allows.
func (db *DB) cancelOwn(ctx context.Context, where string, args []any, now time.Time) (library.Booking, error) {
	now = utc(now)
	var out library.Booking
	err := db.inTx(ctx, func(tx txn) error {
		d, err := lockBooking(ctx, tx, where, args...)
		if err != nil {
			return err
		}
		if err := library.CanCancel(d.Resource, d.Booking, now); err != nil {
			return err
		}
		if err := cancelAndTell(ctx, tx, d, library.CauseBooker, "", now); err != nil {
			return err
		}
		out, err = bookingByID(ctx, tx, d.ID)
		return err
	})
	return out, err
}

// lockBooking finds a booking by where, locks its resource, and reads
// the booking again under the lock, so that what the caller checks is
// what it changes.
func lockBooking(ctx context.Context, tx txn, where string, args ...any) (library.BookingDetail, error) {
	d, err := readBooking(ctx, tx, where, args...)
	if err != nil {
		return d, err
	}
	if d.Resource, err = lockResource(ctx, tx, d.ResourceID); err != nil {
		return d, err
	}
	r := d.Resource
	d, err = readBooking(ctx, tx, `b.id = $1`, d.ID)
	d.Resource = r
	return d, err
}

// bookingByID returns a booking as it now is in tx.
func bookingByID(ctx context.Context, tx txn, id int64) (library.Booking, error) {
	d, err := readBooking(ctx, tx, `b.id = $1`, id)
	return d.Booking, err
}

// setStatus changes a booking's status, with why (a Cause*) and a
// reason for the booker.
func setStatus(ctx context.Context, tx txn, b library.Booking, status, cause, reason string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE bookings SET status = $1, cause = $2, reason = $3, updated_at = $4,
		version = version + 1 WHERE id = $5`, status, cause, reason, now, b.ID)
	return err
}

// cancelAndTell cancels a booking, drops its fee if it has not been paid
// or put into a payment, and tells the booker.
func cancelAndTell(ctx context.Context, tx txn, d library.BookingDetail, cause, reason string, now time.Time) error {
	if err := setStatus(ctx, tx, d.Booking, library.BookingCancelled, cause, reason, now); err != nil {
		return err
	}
	if d.FeeID != 0 {
		// A fee paid, or in a payment under way, stays for staff to
		// refund; an open one was never owed.
		_, err := tx.ExecContext(ctx, `UPDATE bookings SET fee_id = NULL WHERE id = $1 AND fee_id IN
			(SELECT id FROM fees WHERE id = $2 AND paid_at IS NULL AND payment_id IS NULL)`, d.ID, d.FeeID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM fees WHERE id = $1 AND paid_at IS NULL AND payment_id IS NULL
			AND NOT EXISTS (SELECT 1 FROM bookings WHERE fee_id = $1)`, d.FeeID)
		if err != nil {
			return err
		}
	}
	kind := library.NoticeBookingCancelledByLibrary
	switch cause {
	case library.CauseBooker:
		kind = library.NoticeBookingCancelled
	case library.CauseHours:
		kind = library.NoticeBookingCancelledHours
	}
	return tellBooker(ctx, tx, d, kind, map[string]string{"reason": reason}, now)
}
