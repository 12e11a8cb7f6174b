package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
)

// DB implements library.DueFeeds.
var _ library.DueFeeds = (*DB)(nil)

// DueFeedKey returns the patron's due-date feed key.
func (db *DB) DueFeedKey(ctx context.Context, patronID int64) (string, error) {
	var key string
	err := db.reader().QueryRowContext(ctx, `SELECT feed_key FROM due_feeds WHERE patron_id = $1`, patronID).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return "", library.Errorf(library.ENOTFOUND, "patron %d has no due-date feed", patronID)
	}
	if err != nil {
		return "", fmt.Errorf("due feed of patron %d: %w", patronID, err)
	}
	return key, nil
}

// ResetDueFeedKey gives the patron a new random key, replacing the old
// one in the same statement, so the old address is dead once it returns.
func (db *DB) ResetDueFeedKey(ctx context.Context, patronID int64) (string, error) {
	key := auth.NewToken()
	err := db.inTx(ctx, func(tx txn) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO due_feeds (patron_id, feed_key, created) VALUES ($1, $2, $3)
			ON CONFLICT (patron_id) DO UPDATE SET feed_key = excluded.feed_key, created = excluded.created`,
			patronID, key, db.timestamp())
		return err
	})
	if err != nil {
		return "", fmt.Errorf("reset due feed of patron %d: %w", patronID, err)
	}
	return key, nil
}

// DueFeedPatron returns the open account whose feed has this key.
func (db *DB) DueFeedPatron(ctx context.Context, key string) (int64, error) {
	var id int64
	err := db.reader().QueryRowContext(ctx, `
		SELECT f.patron_id FROM due_feeds f JOIN patrons p ON p.id = f.patron_id
		WHERE f.feed_key = $1 AND p.closed_at IS NULL`, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, library.Errorf(library.ENOTFOUND, "no due feed with this key")
	}
	if err != nil {
		return 0, fmt.Errorf("due feed: %w", err)
	}
	return id, nil
}
