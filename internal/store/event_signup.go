package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
)

// Sign-ups for events (library/event_registration.go). Every decision
// about an event's places takes the event's row lock first (lockEvent),
// then reads and writes its sign-ups, in one transaction with the
// notices it causes: on PostgreSQL concurrent sign-ups queue on the lock,
// on SQLite on the single writer, so they are decided one at a time and
// their arrival numbers (seq) are in the order of their commits.

// signupRow is a sign-up as read, with the contact details of its patron
// or guest (for notices and the attendee list) and its arrival number.
type signupRow struct {
	library.Attendee
	seq int64
}

const signupColumns = `s.id, s.event_id, COALESCE(s.patron_id, 0), COALESCE(p.name, s.guest_name), s.places, s.status,
	s.seq, s.lang, COALESCE(s.by_staff, 0), s.created, s.promoted_at, s.cancelled_at, s.marked_at,
	COALESCE(p.card_number, ''), COALESCE(p.email, s.guest_email), COALESCE(p.phone, s.guest_phone),
	CASE WHEN s.status = 'waiting' THEN (SELECT count(*) FROM event_signups w
		WHERE w.event_id = s.event_id AND w.status = 'waiting' AND w.seq <= s.seq) ELSE 0 END`

const signupFrom = ` FROM event_signups s LEFT JOIN patrons p ON p.id = s.patron_id`

func scanSignup(r rowScanner) (signupRow, error) {
	var s signupRow
	var promoted, cancelled, marked sql.NullTime
	err := r.Scan(&s.ID, &s.EventID, &s.PatronID, &s.Name, &s.Places, &s.Status,
		&s.seq, &s.Lang, &s.ByStaff, &s.Created, &promoted, &cancelled, &marked,
		&s.Card, &s.Email, &s.Phone, &s.Position)
	s.Guest = s.PatronID == 0
	s.Created, s.PromotedAt, s.Cancelled, s.Marked = s.Created.UTC(), zeroTime(promoted), zeroTime(cancelled), zeroTime(marked)
	return s, err
}

// eventSignups reads an event's sign-ups that meet cond (SQL on s), in
// arrival order.
func eventSignups(ctx context.Context, q queryer, eventID int64, cond string) ([]signupRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+signupColumns+signupFrom+` WHERE s.event_id = $1 AND `+cond+` ORDER BY s.seq`, eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ss []signupRow
	for rows.Next() {
		s, err := scanSignup(rows)
		if err != nil {
			return nil, err
		}
		ss = append(ss, s)
	}
	return ss, rows.Err()
}

// readSignup reads one sign-up by a condition on s, or fails with
// ENOTFOUND (key).
func readSignup(ctx context.Context, q queryer, key, cond string, arg any) (signupRow, error) {
	s, err := scanSignup(q.QueryRowContext(ctx, `SELECT `+signupColumns+signupFrom+` WHERE `+cond, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return s, &library.Error{Code: library.ENOTFOUND, Key: key, Message: "sign-up not found"}
	}
	return s, err
}

// SignUp signs a patron or a guest up for a public event.
func (db *DB) SignUp(ctx context.Context, req library.SignupRequest, now time.Time) (library.SignedUp, error) {
	return db.signUp(ctx, nil, req, now)
}

// DeskSignUp signs someone up at the desk (ActAttendees at the event).
// It follows the rules of SignUp, and also reaches an event published for
// a later time.
func (db *DB) DeskSignUp(ctx context.Context, by library.Staff, req library.SignupRequest, now time.Time) (library.SignedUp, error) {
	return db.signUp(ctx, &by, req, now)
}

func (db *DB) signUp(ctx context.Context, by *library.Staff, req library.SignupRequest, now time.Time) (library.SignedUp, error) {
	now = instant(now)
	if err := req.Validate(); err != nil {
		return library.SignedUp{}, err
	}
	var out library.SignedUp
	err := db.circTx(ctx, func(tx txn) error {
		ev, err := lockEvent(ctx, tx, req.EventID)
		if err != nil {
			return err
		}
		if err := mayJoin(ev, by, now); err != nil {
			return err
		}
		if req.Places > ev.MaxPlaces {
			return &library.Error{Code: library.EINVALID, Key: "error.event_places", Count: ev.MaxPlaces,
				Message: fmt.Sprintf("%d places; event %d takes at most %d a sign-up", req.Places, ev.ID, ev.MaxPlaces)}
		}
		contact, err := checkNewSignup(ctx, tx, ev.ID, req)
		if err != nil {
			return err
		}
		status := library.SignupRegistered
		if ev.Capacity > 0 && ev.Taken+req.Places > ev.Capacity {
			if !ev.WaitingList {
				return &library.Error{Code: library.ECONFLICT, Key: "error.event_full", Message: fmt.Sprintf("event %d is full", ev.ID)}
			}
			status = library.SignupWaiting
		}
		token := auth.NewToken()
		id, err := insertSignup(ctx, tx, ev.ID, req, contact, status, by, auth.HashToken(token), now)
		if err != nil {
			return err
		}
		s, err := readSignup(ctx, tx, "error.event_token", `s.id = $1`, id)
		if err != nil {
			return err
		}
		link := db.accountConfig().EventCancelURL(token)
		kind := library.NoticeEventRegistered
		if status == library.SignupWaiting {
			kind = library.NoticeEventWaiting
		}
		err = queueSignupNotice(ctx, tx, ev, s, kind, func(string) map[string]string {
			return map[string]string{"link": link, "places": fmt.Sprint(s.Places), "position": fmt.Sprint(s.Position)}
		}, now)
		if err != nil {
			return err
		}
		if ev, err = readEvent(ctx, tx, ev.ID); err != nil {
			return err
		}
		out = library.SignedUp{Signup: s.Signup, Event: ev, Token: token}
		return nil
	})
	if err != nil {
		return library.SignedUp{}, fmt.Errorf("sign up for event %d: %w", req.EventID, err)
	}
	return out, nil
}

// mayJoin refuses a sign-up for ev at now: one by the public (by is nil)
// unless the event is public, one at the desk unless by may sign people
// up there and the event is published, and any the event itself refuses.
func mayJoin(ev library.Event, by *library.Staff, now time.Time) error {
	if by == nil {
		if !ev.Public(now) {
			return eventNotFound(ev.ID)
		}
	} else {
		if err := library.Permit(*by, library.ActAttendees, ev.Scope()); err != nil {
			return err
		}
		if ev.Status == library.EventDraft {
			return eventNotFound(ev.ID)
		}
	}
	return ev.SignupError(now)
}

// checkNewSignup refuses a second sign-up of the same card, e-mail
// address or phone number while the first stands, and a closed account.
// It returns a guest's contact key.
func checkNewSignup(ctx context.Context, tx txn, eventID int64, req library.SignupRequest) (string, error) {
	var n int
	var err error
	contact := ""
	if req.PatronID != 0 {
		var closed sql.NullTime
		err = tx.QueryRowContext(ctx, `SELECT closed_at FROM patrons WHERE id = $1`, req.PatronID).Scan(&closed)
		if errors.Is(err, sql.ErrNoRows) || closed.Valid {
			return "", &library.Error{Code: library.ENOTFOUND, Key: "error.account_closed", Message: fmt.Sprintf("patron %d not found or closed", req.PatronID)}
		}
		if err != nil {
			return "", err
		}
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM event_signups WHERE event_id = $1 AND patron_id = $2 AND status <> 'cancelled'`,
			eventID, req.PatronID).Scan(&n)
	} else {
		contact = guestContactKey(*req.Guest)
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM event_signups WHERE event_id = $1 AND contact_key = $2 AND status <> 'cancelled'`,
			eventID, contact).Scan(&n)
	}
	if err != nil {
		return "", err
	}
	if n > 0 {
		return "", alreadySignedUp(eventID)
	}
	return contact, nil
}

func alreadySignedUp(eventID int64) error {
	return &library.Error{Code: library.ECONFLICT, Key: "error.event_already_signed_up",
		Message: fmt.Sprintf("already signed up for event %d", eventID)}
}

// guestContactKey is what makes two guests' sign-ups the same person's:
// the e-mail address in lower case, else the phone number's digits as
// dialled in Finland.
func guestContactKey(g library.Guest) string {
	if g.Email != "" {
		return "email:" + strings.ToLower(g.Email)
	}
	return "phone:" + phoneKey(g.Phone)
}

// insertSignup writes a sign-up with the event's next arrival number.
func insertSignup(ctx context.Context, tx txn, eventID int64, req library.SignupRequest, contact, status string,
	by *library.Staff, tokenHash string, now time.Time) (int64, error) {
	var seq int64
	if err := tx.QueryRowContext(ctx, `UPDATE events SET signup_seq = signup_seq + 1 WHERE id = $1 RETURNING signup_seq`,
		eventID).Scan(&seq); err != nil {
		return 0, err
	}
	var g library.Guest
	if req.Guest != nil {
		g = *req.Guest
	}
	var staffID int64
	if by != nil {
		staffID = by.ID
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO event_signups (event_id, patron_id, guest_name, guest_email, guest_phone,
			contact_key, lang, places, status, seq, token_hash, by_staff, created)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
		eventID, nullID(req.PatronID), g.Name, g.Email, g.Phone, contact, g.Lang, req.Places, status, seq,
		tokenHash, nullID(staffID), now).Scan(&id)
	if isUniqueViolation(err) {
		return 0, alreadySignedUp(eventID) // the check above, kept by the unique indexes too
	}
	return id, err
}

// promote gives the places free on a locked event to the waiting list:
// in order of arrival, every waiting sign-up whose places fit gets a
// place and a notice. It returns how many were promoted.
func promote(ctx context.Context, tx txn, ev library.Event, now time.Time) (int, error) {
	if !ev.Registration || ev.Cancelled() || !now.Before(ev.Start) || ev.WaitingSignups == 0 {
		return 0, nil
	}
	free := ev.Capacity - ev.Taken
	if ev.Capacity == 0 {
		free = int(^uint(0) >> 1) // no limit: everyone waiting gets in
	}
	waiting, err := eventSignups(ctx, tx, ev.ID, `s.status = 'waiting'`)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range waiting {
		if free <= 0 {
			break
		}
		if s.Places > free {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_signups SET status = 'registered', promoted_at = $1 WHERE id = $2`, now, s.ID); err != nil {
			return n, err
		}
		free -= s.Places
		n++
		err := queueSignupNotice(ctx, tx, ev, s, library.NoticeEventPromoted, func(string) map[string]string {
			return map[string]string{"places": fmt.Sprint(s.Places)}
		}, now)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// cancelSignup cancels the sign-up found by cond and arg, with its event
// locked first, and promotes from the waiting list into the places it
// frees. check, when not nil, may refuse the sign-up first.
func (db *DB) cancelSignup(ctx context.Context, cond string, arg any, check func(signupRow, library.Event) error, now time.Time) (library.RegisteredEvent, error) {
	now = instant(now)
	var out library.RegisteredEvent
	err := db.circTx(ctx, func(tx txn) error {
		s, err := readSignup(ctx, tx, "error.event_token", cond, arg)
		if err != nil {
			return err
		}
		ev, err := lockEvent(ctx, tx, s.EventID)
		if err != nil {
			return err
		}
		if s, err = readSignup(ctx, tx, "error.event_token", `s.id = $1`, s.ID); err != nil {
			return err
		}
		if check != nil {
			if err := check(s, ev); err != nil {
				return err
			}
		}
		switch {
		case s.Status == library.SignupCancelled:
			return &library.Error{Code: library.ECONFLICT, Key: "error.event_signup_cancelled", Message: fmt.Sprintf("sign-up %d already cancelled", s.ID)}
		case !now.Before(ev.Start):
			return &library.Error{Code: library.ECONFLICT, Key: "error.event_started", Message: fmt.Sprintf("event %d has started", ev.ID)}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_signups SET status = 'cancelled', cancelled_at = $1 WHERE id = $2`, now, s.ID); err != nil {
			return err
		}
		if ev, err = readEvent(ctx, tx, ev.ID); err != nil {
			return err
		}
		if _, err := promote(ctx, tx, ev, now); err != nil {
			return err
		}
		if ev, err = readEvent(ctx, tx, ev.ID); err != nil {
			return err
		}
		if s, err = readSignup(ctx, tx, "error.event_token", `s.id = $1`, s.ID); err != nil {
			return err
		}
		out = library.RegisteredEvent{Signup: s.Signup, Event: ev}
		return nil
	})
	return out, err
}

// CancelByToken cancels the sign-up whose cancellation token this is.
func (db *DB) CancelByToken(ctx context.Context, token string, now time.Time) (library.RegisteredEvent, error) {
	out, err := db.cancelSignup(ctx, `s.token_hash = $1`, auth.HashToken(strings.TrimSpace(token)), nil, now)
	if err != nil {
		return out, fmt.Errorf("cancel sign-up by token: %w", err)
	}
	return out, nil
}

// CancelSignup cancels one of a patron's own sign-ups; another's is
// ENOTFOUND.
func (db *DB) CancelSignup(ctx context.Context, patronID, signupID int64, now time.Time) (library.RegisteredEvent, error) {
	out, err := db.cancelSignup(ctx, `s.id = $1`, signupID, func(s signupRow, _ library.Event) error {
		if s.PatronID != patronID {
			return &library.Error{Code: library.ENOTFOUND, Key: "error.event_token", Message: fmt.Sprintf("sign-up %d is not patron %d's", signupID, patronID)}
		}
		return nil
	}, now)
	if err != nil {
		return out, fmt.Errorf("cancel sign-up %d: %w", signupID, err)
	}
	return out, nil
}

// StaffCancelSignup cancels someone's sign-up for them (ActAttendees).
func (db *DB) StaffCancelSignup(ctx context.Context, by library.Staff, signupID int64, now time.Time) (library.Signup, error) {
	out, err := db.cancelSignup(ctx, `s.id = $1`, signupID, func(_ signupRow, ev library.Event) error {
		return library.Permit(by, library.ActAttendees, ev.Scope())
	}, now)
	if err != nil {
		return library.Signup{}, fmt.Errorf("cancel sign-up %d: %w", signupID, err)
	}
	return out.Signup, nil
}
