package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
)

// Reading sign-ups: by token for the cancellation page, and the staff's
// attendee list with its attendance marks.

// SignupByToken finds a sign-up and its event by cancellation token.
func (db *DB) SignupByToken(ctx context.Context, token string) (library.RegisteredEvent, error) {
	q := db.reader()
	s, err := readSignup(ctx, q, "error.event_token", `s.token_hash = $1`, auth.HashToken(strings.TrimSpace(token)))
	if err != nil {
		return library.RegisteredEvent{}, fmt.Errorf("sign-up by token: %w", err)
	}
	ev, err := readEvent(ctx, q, s.EventID)
	if err != nil {
		return library.RegisteredEvent{}, fmt.Errorf("sign-up by token: %w", err)
	}
	return library.RegisteredEvent{Signup: s.Signup, Event: ev}, nil
}

// Attendees returns an event's sign-ups for the staff's attendee list:
// those with a place, then the waiting list, then the cancelled, each in
// order of arrival.
func (db *DB) Attendees(ctx context.Context, by library.Staff, eventID int64) (library.AttendeeList, error) {
	var out library.AttendeeList
	err := db.inReadTx(ctx, func(tx txn) error {
		ev, err := readEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if err := library.Permit(by, library.ActAttendees, ev.Scope()); err != nil {
			return err
		}
		out.Event = ev
		for _, cond := range []string{`s.status IN ('registered', 'attended', 'no_show')`, `s.status = 'waiting'`, `s.status = 'cancelled'`} {
			ss, err := eventSignups(ctx, tx, eventID, cond)
			if err != nil {
				return err
			}
			for _, s := range ss {
				out.Attendees = append(out.Attendees, s.Attendee)
			}
		}
		return nil
	})
	if err != nil {
		return library.AttendeeList{}, fmt.Errorf("attendees of event %d: %w", eventID, err)
	}
	return out, nil
}

// MarkAttendance marks a sign-up with a place attended or not come (or
// back to registered).
func (db *DB) MarkAttendance(ctx context.Context, by library.Staff, signupID int64, status string, now time.Time) (library.Signup, error) {
	now = instant(now)
	switch status {
	case library.SignupAttended, library.SignupNoShow, library.SignupRegistered:
	default:
		return library.Signup{}, &library.Error{Code: library.EINVALID, Key: "error.event_attendance", Message: fmt.Sprintf("bad attendance %q", status)}
	}
	var out library.Signup
	err := db.circTx(ctx, func(tx txn) error {
		s, err := readSignup(ctx, tx, "error.event_signup_not_found", `s.id = $1`, signupID)
		if err != nil {
			return err
		}
		ev, err := lockEvent(ctx, tx, s.EventID)
		if err != nil {
			return err
		}
		if err := library.Permit(by, library.ActAttendees, ev.Scope()); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE event_signups SET status = $1, marked_at = $2
			WHERE id = $3 AND status IN ('registered', 'attended', 'no_show')`, status, now, signupID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = &library.Error{Code: library.ECONFLICT, Key: "error.event_signup_no_place",
					Message: fmt.Sprintf("sign-up %d has no place to mark", signupID)}
			}
			return err
		}
		s, err = readSignup(ctx, tx, "error.event_signup_not_found", `s.id = $1`, signupID)
		out = s.Signup
		return err
	})
	if err != nil {
		return library.Signup{}, fmt.Errorf("mark attendance of sign-up %d: %w", signupID, err)
	}
	return out, nil
}
