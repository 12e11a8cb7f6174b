package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// PersonalSignup is a sign-up for an event, in the patron's own download,
// without its cancellation token.
type PersonalSignup struct {
	EventID     int64      `json:"event_id"`
	Title       string     `json:"title"`
	Start       time.Time  `json:"start"`
	Branch      string     `json:"branch"`
	Places      int        `json:"places"`
	Status      string     `json:"status"`
	Created     time.Time  `json:"created"`
	CancelledAt *time.Time `json:"cancelled_at"`
}

func personalEventSignups(ctx context.Context, tx txn, id int64, d *PersonalData) error {
	d.EventSignups = []PersonalSignup{}
	return eachRow(ctx, tx, `SELECT e.id, e.title, e.starts_at, e.branch_id, s.places, s.status, s.created, s.cancelled_at
		FROM event_signups s JOIN events e ON e.id = s.event_id WHERE s.patron_id = $1 ORDER BY s.created, s.id`, id,
		func(rows *sql.Rows) error {
			var p PersonalSignup
			var title []byte
			var cancelled sql.NullTime
			if err := rows.Scan(&p.EventID, &title, &p.Start, &p.Branch, &p.Places, &p.Status, &p.Created, &cancelled); err != nil {
				return fmt.Errorf("event sign-ups: %w", err)
			}
			var t library.Text
			if err := unmarshalAll(title, &t); err != nil {
				return fmt.Errorf("event sign-ups: %w", err)
			}
			p.Title, p.Start, p.Created, p.CancelledAt = t.Get(d.Patron.Lang), p.Start.UTC(), p.Created.UTC(), optTime(cancelled)
			d.EventSignups = append(d.EventSignups, p)
			return nil
		})
}

// cancelEventSignups cancels a closing account's sign-ups to events that
// have not begun, and gives the places they free to the waiting lists: a
// place kept for an account that no longer exists is a place someone
// waiting will not get. Each event is locked as a cancellation locks it.
// Sign-ups to past events stay, as attendance, with the anonymised patron.
func cancelEventSignups(ctx context.Context, tx txn, patronID int64, now time.Time) error {
	if ok, err := tableExists(ctx, tx, tx.d, "event_signups"); err != nil || !ok {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT s.id, s.event_id FROM event_signups s JOIN events e ON e.id = s.event_id
		WHERE s.patron_id = $1 AND s.status IN ('registered', 'waiting') AND e.starts_at > $2
		ORDER BY s.event_id, s.id`, patronID, now)
	if err != nil {
		return fmt.Errorf("event sign-ups: %w", err)
	}
	var signups, events []int64
	for rows.Next() {
		var s, e int64
		if err := rows.Scan(&s, &e); err != nil {
			rows.Close()
			return fmt.Errorf("event sign-ups: %w", err)
		}
		signups, events = append(signups, s), append(events, e)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("event sign-ups: %w", err)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("event sign-ups: %w", err)
	}
	for i, id := range signups {
		if _, err := lockEvent(ctx, tx, events[i]); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_signups SET status = 'cancelled', cancelled_at = $1 WHERE id = $2`, now, id); err != nil {
			return err
		}
		ev, err := readEvent(ctx, tx, events[i])
		if err != nil {
			return err
		}
		if _, err := promote(ctx, tx, ev, now); err != nil {
			return err
		}
	}
	return nil
}
