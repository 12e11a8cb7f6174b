package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// tellBooker writes a booking notice to its booker in tx: to a resident's
// outbox (and My Account), or to a guest by e-mail or text message through
// the same outbox (the events' guest notices), shown on the staff outbox
// of the resource's library. A block has nobody to tell.
func tellBooker(ctx context.Context, tx txn, d library.BookingDetail, kind string, extra map[string]string, now time.Time) error {
	if d.Block {
		return nil
	}
	lang := ""
	if d.Guest != nil {
		lang = d.Guest.Lang
	} else if err := tx.QueryRowContext(ctx, `SELECT lang FROM patrons WHERE id = $1`, d.PatronID).Scan(&lang); err != nil {
		return fmt.Errorf("notice %s: patron %d: %w", kind, d.PatronID, err)
	}
	params := bookingParams(d, lang)
	for k, v := range extra {
		if v != "" {
			params[k] = v
		}
	}
	if kind == library.NoticeBookingConfirmed || kind == library.NoticeBookingReminder {
		params["code"] = d.AccessCode
	}
	n := library.Notice{PatronID: d.PatronID, Guest: d.Guest, Kind: kind, Params: params, Created: now}
	var err error
	if d.Guest != nil {
		_, err = insertGuestNotice(ctx, tx, n, d.Resource.LibraryID)
	} else {
		_, err = insertNotice(ctx, tx, n)
	}
	if err != nil {
		return fmt.Errorf("booking %d: %w", d.ID, err)
	}
	return nil
}

// bookingParams are the fields every booking notice has: what, where
// and when, in the booker's language.
func bookingParams(d library.BookingDetail, lang string) map[string]string {
	start, end := d.Start.In(library.Helsinki), d.End.In(library.Helsinki)
	return map[string]string{
		"resource": d.Resource.Name.Get(lang),
		"branch":   d.Resource.BranchID,
		"date":     library.DateOf(start).String(),
		"time":     start.Format("15:04"),
		"end":      end.Format("15:04"),
	}
}

// BookingReminders writes the reminder of each confirmed booking that
// starts within library.BookingReminderBefore and has had none. Each is
// claimed by a conditional update of its reminded_at, so a reminder goes
// out once however many nodes run the sweep. A booking made or confirmed
// within that time gets no reminder: its confirmation has just gone out.
func (db *DB) BookingReminders(ctx context.Context, now time.Time) (int, error) {
	now = utc(now)
	rows, err := db.reader().QueryContext(ctx, `SELECT b.id FROM bookings b
		WHERE b.status = 'confirmed' AND b.reminded_at IS NULL AND NOT b.block AND b.starts > $1 AND b.starts <= $2
		ORDER BY b.starts`, now, now.Add(library.BookingReminderBefore))
	if err != nil {
		return 0, fmt.Errorf("booking reminders: %w", err)
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return 0, fmt.Errorf("booking reminders: %w", err)
	}
	n := 0
	for _, id := range ids {
		sent := false
		err := db.inTx(ctx, func(tx txn) error {
			res, err := tx.ExecContext(ctx, `UPDATE bookings SET reminded_at = $1
				WHERE id = $2 AND status = 'confirmed' AND reminded_at IS NULL AND starts > $1`, now, id)
			if err != nil {
				return err
			}
			if k, err := res.RowsAffected(); err != nil || k == 0 {
				return err // cancelled, or reminded by another node, meanwhile
			}
			d, err := readBooking(ctx, tx, `b.id = $1`, id)
			if err != nil {
				return err
			}
			sent = true
			return tellBooker(ctx, tx, d, library.NoticeBookingReminder, nil, now)
		})
		if err != nil {
			return n, fmt.Errorf("reminder of booking %d: %w", id, err)
		}
		if sent {
			n++
		}
	}
	return n, nil
}

// remindedAt is what a new or newly confirmed booking's reminded_at
// starts as: now when it starts within the reminder time (its
// confirmation is the reminder), else NULL for the sweep.
func remindedAt(start, now time.Time) any {
	if !start.After(now.Add(library.BookingReminderBefore)) {
		return now
	}
	return nil
}

// anonymiseBookings settles a closed account's bookings: those still to
// come are cancelled, freeing their time (the account's messages go with
// it, so nobody is told), and the notes the resident wrote are dropped.
// The bookings stay, tied to the anonymised account, for the resources'
// statistics.
func anonymiseBookings(ctx context.Context, tx txn, patronID int64, now time.Time) error {
	if ok, err := tableExists(ctx, tx, tx.d, "bookings"); err != nil || !ok {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE bookings SET status = 'cancelled', cause = $1, updated_at = $2, version = version + 1
		WHERE patron_id = $3 AND status IN ('requested', 'confirmed') AND ends > $2`, library.CauseBooker, now, patronID)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE bookings SET message = '' WHERE patron_id = $1`, patronID)
	return err
}

// EraseBookingGuests forgets the names, addresses, numbers, notes and
// tokens of guests whose bookings ended library.GuestRetention ago, as the
// events forget theirs (their notices go with the events' sweep,
// EraseEventGuests): the booking stays, for the resource's statistics,
// without the person. A sweep; it returns how many it erased.
func (db *DB) EraseBookingGuests(ctx context.Context, now time.Time) (int, error) {
	var n int
	err := db.inTx(ctx, func(tx txn) error {
		var err error
		n, err = execCount(ctx, tx, `UPDATE bookings SET guest_name = '', guest_email = '', guest_phone = '', guest_key = '',
			token_hash = '', message = ''
			WHERE patron_id IS NULL AND NOT block AND ends < $1 AND (guest_name <> '' OR token_hash <> '')`,
			utc(now).Add(-library.GuestRetention))
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("erase booking guests: %w", err)
	}
	return n, nil
}
