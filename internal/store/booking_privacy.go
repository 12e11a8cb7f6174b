package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// PersonalBooking is a booking in the patron's own download, without its
// door code (a key, not something about the patron).
type PersonalBooking struct {
	ID       int64     `json:"id"`
	Resource string    `json:"resource"`
	Branch   string    `json:"branch"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Status   string    `json:"status"`
	Topic    string    `json:"topic,omitempty"`
	HelpLang string    `json:"help_language,omitempty"`
	Message  string    `json:"message,omitempty"`
	Created  time.Time `json:"created"`
}

func personalBookings(ctx context.Context, tx txn, id int64, d *PersonalData) error {
	d.Bookings = []PersonalBooking{}
	return eachRow(ctx, tx, `SELECT b.id, r.name, r.branch_id, b.starts, b.ends, b.status, b.topic, b.help_lang, b.message, b.created_at
		FROM bookings b JOIN resources r ON r.id = b.resource_id WHERE b.patron_id = $1 ORDER BY b.starts, b.id`, id,
		func(rows *sql.Rows) error {
			var p PersonalBooking
			var name []byte
			if err := rows.Scan(&p.ID, &name, &p.Branch, &p.Start, &p.End, &p.Status, &p.Topic, &p.HelpLang, &p.Message, &p.Created); err != nil {
				return fmt.Errorf("bookings: %w", err)
			}
			var t library.Text
			if err := unmarshalAll(name, &t); err != nil {
				return fmt.Errorf("bookings: %w", err)
			}
			p.Resource, p.Start, p.End, p.Created = t.Get(d.Patron.Lang), p.Start.UTC(), p.End.UTC(), p.Created.UTC()
			d.Bookings = append(d.Bookings, p)
			return nil
		})
}
