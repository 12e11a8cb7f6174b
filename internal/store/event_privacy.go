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
