package store

import (
	"context"
	"fmt"
	"maps"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Notices of events: confirmations, promotions from the waiting list,
// cancellations and reminders. A patron's go where the patron's notices
// go (their channel, their language, My Account); a guest's to the
// guest's e-mail address or phone, in the language of the page they
// signed up on, through the same outbox, sender and retries.

// eventNoticeParams are the parameters every event notice has, in lang:
// the title, the Helsinki date and time, and the place (a branch ID,
// which the sender names in the reader's language, or the outside
// address).
func eventNoticeParams(ev library.Event, lang string) map[string]string {
	p := map[string]string{
		"title": ev.Title.Get(lang),
		"date":  library.LocalDate(ev.Start).String(),
		"time":  library.LocalClock(ev.Start).String(),
	}
	p["branch"], p["room"] = ev.Branch, ev.Room
	if !ev.Venue.IsZero() {
		p["branch"], p["room"] = ev.Venue.String(), ""
	}
	return p
}

// queueSignupNotice queues a notice of kind about ev to whoever made the
// sign-up s, with the parameters extra gives in their language.
func queueSignupNotice(ctx context.Context, tx txn, ev library.Event, s signupRow, kind string,
	extra func(lang string) map[string]string, now time.Time) error {
	if s.PatronID != 0 {
		var lang string
		if err := tx.QueryRowContext(ctx, `SELECT lang FROM patrons WHERE id = $1`, s.PatronID).Scan(&lang); err != nil {
			return fmt.Errorf("notice %s: patron %d: %w", kind, s.PatronID, err)
		}
		params := eventNoticeParams(ev, lang)
		maps.Copy(params, extra(lang))
		_, err := insertNotice(ctx, tx, library.Notice{PatronID: s.PatronID, Kind: kind, Params: params, Created: now})
		return err
	}
	if s.Email == "" && s.Phone == "" {
		return nil // the guest's details were erased (EraseEventGuests): nobody to tell
	}
	params := eventNoticeParams(ev, s.Lang)
	maps.Copy(params, extra(s.Lang))
	g := &library.Guest{Name: s.Name, Email: s.Email, Phone: s.Phone, Lang: s.Lang}
	_, err := insertGuestNotice(ctx, tx, library.Notice{Guest: g, Kind: kind, Params: params, Created: now}, ev.Library)
	return err
}

// reminderLead is how long before an event its reminder goes out. Those
// who sign up later than this get no reminder: their confirmation is
// fresh.
const reminderLead = 24 * time.Hour

// EventReminders queues a reminder to everyone registered for a published
// event that starts within reminderLead. Each sign-up is claimed with a
// conditional UPDATE (reminded_at from NULL to now) in the transaction
// that queues its notice, so of several runs, on one node or many, only
// one reminds it. It returns how many reminders it queued.
func (db *DB) EventReminders(ctx context.Context, now time.Time) (int, error) {
	now = instant(now)
	rows, err := db.reader().QueryContext(ctx, `SELECT DISTINCT e.id FROM events e JOIN event_signups s ON s.event_id = e.id
		WHERE e.status = 'published' AND e.starts_at > $1 AND e.starts_at <= $2
		  AND s.status = 'registered' AND s.reminded_at IS NULL ORDER BY e.id`, now, now.Add(reminderLead))
	if err != nil {
		return 0, fmt.Errorf("event reminders: %w", err)
	}
	ids, err := scanIDs(rows)
	if err != nil {
		return 0, fmt.Errorf("event reminders: %w", err)
	}
	n := 0
	for _, id := range ids {
		err := db.inTx(ctx, func(tx txn) error {
			k, err := remindEvent(ctx, tx, id, now)
			n += k
			return err
		})
		if err != nil {
			return n, fmt.Errorf("event reminders: event %d: %w", id, err)
		}
	}
	return n, nil
}

// remindEvent claims and reminds the sign-ups of one event in tx.
func remindEvent(ctx context.Context, tx txn, eventID int64, now time.Time) (int, error) {
	ev, err := readEvent(ctx, tx, eventID)
	if err != nil || ev.Status != library.EventPublished {
		return 0, err
	}
	rows, err := tx.QueryContext(ctx, `UPDATE event_signups SET reminded_at = $1
		WHERE event_id = $2 AND status = 'registered' AND reminded_at IS NULL RETURNING id, created`, now, eventID)
	if err != nil {
		return 0, err
	}
	var claimed []int64
	for rows.Next() {
		var id int64
		var created time.Time
		if err := rows.Scan(&id, &created); err != nil {
			rows.Close()
			return 0, err
		}
		if !created.After(ev.Start.Add(-reminderLead)) {
			claimed = append(claimed, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, id := range claimed {
		s, err := readSignup(ctx, tx, "error.event_signup_not_found", `s.id = $1`, id)
		if err != nil {
			return 0, err
		}
		err = queueSignupNotice(ctx, tx, ev, s, library.NoticeEventReminder, func(string) map[string]string {
			return map[string]string{"places": fmt.Sprint(s.Places)}
		}, now)
		if err != nil {
			return 0, err
		}
	}
	return len(claimed), nil
}

// EraseEventGuests removes guests' names and contact details, GuestRetention
// after their event ended, from their sign-ups (which stay, nameless, in
// the counts) and from their notices that are no longer waiting to be
// sent (whose parameters, with the cancellation link, go too). It returns
// how many sign-ups it erased.
func (db *DB) EraseEventGuests(ctx context.Context, now time.Time) (int, error) {
	cutoff := instant(now).Add(-library.GuestRetention)
	var n int64
	err := db.inTx(ctx, func(tx txn) error {
		res, err := tx.ExecContext(ctx, `UPDATE event_signups SET guest_name = '', guest_email = '', guest_phone = '', contact_key = ''
			WHERE patron_id IS NULL AND guest_name <> ''
			  AND event_id IN (SELECT id FROM events WHERE ends_at < $1)`, cutoff)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE notices SET guest_name = '', guest_email = '', guest_phone = '', params = '{}'
			WHERE patron_id IS NULL AND delivery <> 'waiting' AND created < $1
			  AND (guest_name <> '' OR guest_email <> '' OR guest_phone <> '')`, cutoff)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("erase event guests: %w", err)
	}
	return int(n), nil
}
