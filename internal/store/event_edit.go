package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Staff's changes of single events and occurrences: create, edit,
// publish, delete a draft, cancel. Each asks Permit (ActContent at the
// event's scope) and writes the audit trail in its transaction.

// CreateEvent adds a single event (a series' occurrences come from
// CreateSeries). A published event without PublishAt is public at once.
func (db *DB) CreateEvent(ctx context.Context, by library.Staff, e library.Event, now time.Time) (library.Event, error) {
	now = instant(now)
	e.ID, e.SeriesID, e.OccurrenceDate, e.Changed = 0, 0, library.Date{}, false
	if err := e.Validate(); err != nil {
		return library.Event{}, err
	}
	if err := library.Permit(by, library.ActContent, e.Scope()); err != nil {
		return library.Event{}, err
	}
	if e.Status == library.EventPublished && e.PublishAt.IsZero() {
		e.PublishAt = now
	}
	err := db.inTx(ctx, func(tx txn) error {
		if err := checkEventPlace(ctx, tx, e); err != nil {
			return err
		}
		var err error
		if e.ID, err = insertEvent(ctx, tx, e, now); err != nil {
			return err
		}
		if err := auditEvent(ctx, tx, by, library.AuditEventCreate, e, now); err != nil {
			return err
		}
		if e.Status == library.EventPublished {
			if err := auditEvent(ctx, tx, by, library.AuditEventPublish, e, now); err != nil {
				return err
			}
		}
		e, err = readEvent(ctx, tx, e.ID)
		return err
	})
	if err != nil {
		return library.Event{}, fmt.Errorf("create event: %w", err)
	}
	return e, nil
}

// UpdateEvent changes an event (see library.Events).
func (db *DB) UpdateEvent(ctx context.Context, by library.Staff, e library.Event, now time.Time) (library.Event, error) {
	now = instant(now)
	if err := e.Validate(); err != nil {
		return library.Event{}, err
	}
	if err := library.Permit(by, library.ActContent, e.Scope()); err != nil {
		return library.Event{}, err
	}
	err := db.circTx(ctx, func(tx txn) error {
		old, err := lockEvent(ctx, tx, e.ID)
		if err != nil {
			return err
		}
		if err := library.Permit(by, library.ActContent, old.Scope()); err != nil {
			return err
		}
		if err := checkUpdate(ctx, tx, old, &e, now); err != nil {
			return err
		}
		if err := checkEventPlace(ctx, tx, e); err != nil {
			return err
		}
		if err := writeEvent(ctx, tx, e, now); err != nil {
			return err
		}
		if err := auditEvent(ctx, tx, by, library.AuditEventUpdate, e, now); err != nil {
			return err
		}
		if old.Status == library.EventDraft && e.Status == library.EventPublished {
			if err := auditEvent(ctx, tx, by, library.AuditEventPublish, e, now); err != nil {
				return err
			}
		}
		if e, err = readEvent(ctx, tx, e.ID); err != nil {
			return err
		}
		if err := tellMoved(ctx, tx, old, e, now); err != nil {
			return err
		}
		if n, err := promote(ctx, tx, e, now); err != nil || n == 0 {
			return err
		}
		e, err = readEvent(ctx, tx, e.ID)
		return err
	})
	if err != nil {
		return library.Event{}, fmt.Errorf("update event %d: %w", e.ID, err)
	}
	return e, nil
}

// tellMoved tells everyone registered or waiting for a published event
// that it moved to another time or place, and lets the day-before
// reminder go again for the new time.
func tellMoved(ctx context.Context, tx txn, old, e library.Event, now time.Time) error {
	if e.Status != library.EventPublished || old.Start.Equal(e.Start) && old.Branch == e.Branch &&
		old.Room == e.Room && old.Venue == e.Venue {
		return nil
	}
	if !old.Start.Equal(e.Start) {
		if _, err := tx.ExecContext(ctx, `UPDATE event_signups SET reminded_at = NULL WHERE event_id = $1`, e.ID); err != nil {
			return err
		}
	}
	ss, err := eventSignups(ctx, tx, e.ID, `status IN ('registered', 'waiting')`)
	if err != nil {
		return err
	}
	for _, s := range ss {
		err := queueSignupNotice(ctx, tx, e, s, library.NoticeEventChanged, func(lang string) map[string]string {
			was := eventNoticeParams(old, lang)
			return map[string]string{"was_date": was["date"], "was_time": was["time"], "was_branch": was["branch"]}
		}, now)
		if err != nil {
			return err
		}
	}
	return nil
}

// checkUpdate refuses an edit of old into e that would break what stands
// (a stale version, a cancelled event, sign-ups that would lose their
// place or their event), and carries over what an edit does not set.
func checkUpdate(ctx context.Context, tx txn, old library.Event, e *library.Event, now time.Time) error {
	switch {
	case old.Status == library.EventCancelled:
		return &library.Error{Code: library.ECONFLICT, Key: "error.event_cancelled", Message: fmt.Sprintf("event %d is cancelled", e.ID)}
	case e.Version != old.Version:
		return &library.Error{Code: library.ECONFLICT, Key: "error.event_changed",
			Message: fmt.Sprintf("event %d changed since version %d (now %d)", e.ID, e.Version, old.Version)}
	}
	e.SeriesID, e.OccurrenceDate, e.Changed = old.SeriesID, old.OccurrenceDate, old.SeriesID != 0
	if e.Status == library.EventPublished && e.PublishAt.IsZero() {
		e.PublishAt = old.PublishAt
		if e.PublishAt.IsZero() {
			e.PublishAt = now
		}
	}
	n, err := activeSignups(ctx, tx, e.ID)
	if err != nil || n == 0 {
		return err
	}
	if !e.Registration || e.Status == library.EventDraft {
		return &library.Error{Code: library.ECONFLICT, Key: "error.event_has_signups",
			Message: fmt.Sprintf("event %d has %d sign-ups", e.ID, n)}
	}
	if e.Capacity > 0 && e.Capacity < old.Taken {
		return &library.Error{Code: library.ECONFLICT, Key: "error.event_capacity_taken", Count: old.Taken,
			Message: fmt.Sprintf("event %d: capacity %d below the %d places taken", e.ID, e.Capacity, old.Taken)}
	}
	return nil
}

// PublishEvent publishes a draft (or moves a scheduled publication) to
// at, now when at is zero.
func (db *DB) PublishEvent(ctx context.Context, by library.Staff, id int64, at, now time.Time) (library.Event, error) {
	now = instant(now)
	if at.IsZero() {
		at = now
	}
	var e library.Event
	err := db.inTx(ctx, func(tx txn) error {
		var err error
		if e, err = lockEvent(ctx, tx, id); err != nil {
			return err
		}
		if err := library.Permit(by, library.ActContent, e.Scope()); err != nil {
			return err
		}
		if e.Status == library.EventCancelled {
			return &library.Error{Code: library.ECONFLICT, Key: "error.event_cancelled", Message: fmt.Sprintf("event %d is cancelled", id)}
		}
		if e.Public(now) {
			return nil // already public: nothing to do, nothing to audit
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events SET status = 'published', publish_at = $1, version = version + 1, updated = $2
			WHERE id = $3`, instant(at), now, id); err != nil {
			return err
		}
		if err := auditEvent(ctx, tx, by, library.AuditEventPublish, e, now); err != nil {
			return err
		}
		e, err = readEvent(ctx, tx, id)
		return err
	})
	if err != nil {
		return library.Event{}, fmt.Errorf("publish event %d: %w", id, err)
	}
	return e, nil
}

// DeleteEvent removes a single event that is still a draft, never
// published and without sign-ups (desk sign-ups reach only published
// events, so a draft has none).
func (db *DB) DeleteEvent(ctx context.Context, by library.Staff, id int64, now time.Time) error {
	now = instant(now)
	err := db.inTx(ctx, func(tx txn) error {
		e, err := lockEvent(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := library.Permit(by, library.ActContent, e.Scope()); err != nil {
			return err
		}
		if e.Status != library.EventDraft || e.SeriesID != 0 || e.Taken+e.WaitingSignups > 0 {
			return &library.Error{Code: library.ECONFLICT, Key: "error.event_not_draft",
				Message: fmt.Sprintf("event %d is %s (series %d): not a draft to delete", id, e.Status, e.SeriesID)}
		}
		if err := deleteEventRow(ctx, tx, id); err != nil {
			return err
		}
		return auditEvent(ctx, tx, by, library.AuditEventDelete, e, now)
	})
	if err != nil {
		return fmt.Errorf("delete event %d: %w", id, err)
	}
	return nil
}

// CancelEvent cancels an event and tells everyone who signed up.
func (db *DB) CancelEvent(ctx context.Context, by library.Staff, id int64, reason library.Text, now time.Time) (library.Event, int, error) {
	now = instant(now)
	reason, err := library.ValidCancelReason(reason)
	if err != nil {
		return library.Event{}, 0, err
	}
	var e library.Event
	told := 0
	err = db.circTx(ctx, func(tx txn) error {
		if e, err = lockEvent(ctx, tx, id); err != nil {
			return err
		}
		if err := library.Permit(by, library.ActContent, e.Scope()); err != nil {
			return err
		}
		if told, err = cancelEvent(ctx, tx, e, reason, now); err != nil {
			return err
		}
		if err := auditEvent(ctx, tx, by, library.AuditEventCancel, e, now); err != nil {
			return err
		}
		e, err = readEvent(ctx, tx, id)
		return err
	})
	if err != nil {
		return library.Event{}, 0, fmt.Errorf("cancel event %d: %w", id, err)
	}
	return e, told, nil
}

// cancelEvent cancels a locked event in tx and queues the notices to
// everyone registered or waiting; it returns how many. An event that was
// only scheduled is withdrawn before it ever shows.
func cancelEvent(ctx context.Context, tx txn, e library.Event, reason library.Text, now time.Time) (int, error) {
	switch {
	case e.Status == library.EventCancelled:
		return 0, &library.Error{Code: library.ECONFLICT, Key: "error.event_cancelled", Message: fmt.Sprintf("event %d is cancelled", e.ID)}
	case !e.End.After(now):
		return 0, &library.Error{Code: library.ECONFLICT, Key: "error.event_ended", Message: fmt.Sprintf("event %d has ended", e.ID)}
	}
	publish := nullTime(e.PublishAt)
	if e.PublishAt.After(now) {
		publish = nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE events SET status = 'cancelled', cancel_reason = $1, cancelled_at = $2,
		publish_at = $3, changed = $4, version = version + 1, updated = $2 WHERE id = $5`,
		jsonText(reason), now, publish, e.SeriesID != 0, e.ID); err != nil {
		return 0, err
	}
	ss, err := eventSignups(ctx, tx, e.ID, `status IN ('registered', 'waiting')`)
	if err != nil {
		return 0, err
	}
	for _, s := range ss {
		err := queueSignupNotice(ctx, tx, e, s, library.NoticeEventCancelled, func(lang string) map[string]string {
			return map[string]string{"reason": reason.Get(lang)}
		}, now)
		if err != nil {
			return 0, err
		}
	}
	return len(ss), nil
}
