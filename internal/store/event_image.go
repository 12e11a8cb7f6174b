package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// An event's image: checked, resized and re-encoded like a branch's
// photo (preparePhoto), kept in two sizes, and named on the event by
// the full size's hash, so that its URL changes with it.

// SetEventImage checks an uploaded image (JPEG, PNG or WebP, at most
// 10 MB and 40 megapixels) and makes it the event's, in place of any
// before it. Permit ActContent at the event's scope.
func (db *DB) SetEventImage(ctx context.Context, by library.Staff, eventID int64, data []byte, now time.Time) (library.Event, error) {
	full, thumb, err := preparePhoto(data)
	if err != nil {
		return library.Event{}, err
	}
	now = instant(now)
	var e library.Event
	err = db.inTx(ctx, func(tx txn) error {
		if e, err = lockEvent(ctx, tx, eventID); err != nil {
			return err
		}
		if err := library.Permit(by, library.ActContent, e.Scope()); err != nil {
			return err
		}
		for _, p := range []library.Photo{full, thumb} {
			_, err := tx.ExecContext(ctx, `
				INSERT INTO event_images (event_id, variant, width, height, size, bytes, hash, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
				ON CONFLICT (event_id, variant) DO UPDATE SET width = excluded.width, height = excluded.height,
					size = excluded.size, bytes = excluded.bytes, hash = excluded.hash, updated_at = excluded.updated_at`,
				eventID, p.Variant, p.Width, p.Height, p.Size, p.Bytes, p.Hash, now)
			if err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events SET image = $1 WHERE id = $2`, full.Hash, eventID); err != nil {
			return err
		}
		e.Image = full.Hash
		return auditEvent(ctx, tx, by, library.AuditEventImage, e, now)
	})
	if err != nil {
		return library.Event{}, fmt.Errorf("set image of event %d: %w", eventID, err)
	}
	return e, nil
}

// DeleteEventImage removes an event's image. Permit ActContent.
func (db *DB) DeleteEventImage(ctx context.Context, by library.Staff, eventID int64, now time.Time) error {
	now = instant(now)
	err := db.inTx(ctx, func(tx txn) error {
		e, err := lockEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		if err := library.Permit(by, library.ActContent, e.Scope()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM event_images WHERE event_id = $1`, eventID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE events SET image = '' WHERE id = $1`, eventID); err != nil {
			return err
		}
		return auditEvent(ctx, tx, by, library.AuditEventImage, e, now)
	})
	if err != nil {
		return fmt.Errorf("delete image of event %d: %w", eventID, err)
	}
	return nil
}

// EventImage returns an event's image in one size (library.PhotoFull or
// PhotoThumb), or ENOTFOUND (error.photo_not_found). The web serves only
// a public event's.
func (db *DB) EventImage(ctx context.Context, eventID int64, variant string) (library.Photo, error) {
	p := library.Photo{Variant: variant}
	err := db.reader().QueryRowContext(ctx, `
		SELECT width, height, size, bytes, hash, updated_at FROM event_images WHERE event_id = $1 AND variant = $2`,
		eventID, variant).Scan(&p.Width, &p.Height, &p.Size, &p.Bytes, &p.Hash, &p.Updated)
	if errors.Is(err, sql.ErrNoRows) {
		return library.Photo{}, &library.Error{Code: library.ENOTFOUND, Key: "error.photo_not_found",
			Message: fmt.Sprintf("event %d has no %s image", eventID, variant)}
	}
	if err != nil {
		return library.Photo{}, fmt.Errorf("image of event %d: %w", eventID, err)
	}
	p.Updated = p.Updated.UTC()
	return p, nil
}

// deleteEventRow deletes an event that has no sign-ups, with its image.
func deleteEventRow(ctx context.Context, tx txn, id int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM event_images WHERE event_id = $1`, id); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM events WHERE id = $1`, id)
	return err
}
