package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// DefaultFeedRetention is how long change-feed entries are kept when the
// operator sets nothing: a node away for less catches up from the feed,
// one away for longer rebuilds its index from the records.
const DefaultFeedRetention = 7 * 24 * time.Hour

// trimBatch is how many change-feed entries TrimChanges deletes in one
// transaction, so that it never holds its locks for long.
const trimBatch = 5000

// TrimChanges deletes the change-feed entries written more than keep
// before now, a batch per transaction, and notes in each the newest
// position it deleted, so that ChangesSince can tell a follower standing
// before it that it may have missed entries. On PostgreSQL it deletes
// only entries of transactions below the xmin horizon, which followers
// may already read: an entry of a transaction still running, however
// old its time, stays until a follower could have seen it. It returns
// how many entries it deleted; it is one of the periodic sweeps.
func (db *DB) TrimChanges(ctx context.Context, now time.Time, keep time.Duration) (int, error) {
	if keep <= 0 {
		return 0, library.Errorf(library.EINVALID, "trim change feed: retention %v is not positive", keep)
	}
	before := instant(now).Add(-keep)
	total := 0
	for {
		n, err := db.trimBatch(ctx, before)
		total += n
		if err != nil {
			return total, fmt.Errorf("trim change feed: %w", err)
		}
		if n < trimBatch {
			return total, nil
		}
	}
}

// trimBatch deletes up to trimBatch entries written before before, and
// records the newest deleted position, in one transaction.
func (db *DB) trimBatch(ctx context.Context, before time.Time) (int, error) {
	query := `DELETE FROM change_log WHERE seq IN (
		SELECT seq FROM change_log WHERE at < $1 ORDER BY seq LIMIT $2) RETURNING 0, seq`
	if db.dialect == postgres {
		query = `DELETE FROM change_log WHERE seq IN (
			SELECT seq FROM change_log WHERE at < $1 AND xid < pg_snapshot_xmin(pg_current_snapshot())
			ORDER BY seq LIMIT $2) RETURNING xid::text::bigint, seq`
	}
	n := 0
	err := db.inTx(ctx, func(tx txn) error {
		rows, err := tx.QueryContext(ctx, query, before, trimBatch)
		if err != nil {
			return err
		}
		defer rows.Close()
		var newest library.FeedPos
		for rows.Next() {
			var p library.FeedPos
			if err := rows.Scan(&p.Tx, &p.Seq); err != nil {
				return err
			}
			if newest.Before(p) {
				newest = p
			}
			n++
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		// Batches delete by seq, not in feed order, so an earlier batch
		// may have deleted a later position: the mark only moves forward.
		// The row is written whether or not it is there: Erase (the
		// demo's rebuild) empties every table, the mark's too.
		_, err = tx.ExecContext(ctx, `INSERT INTO change_log_trimmed (id, tx, seq) VALUES (1, $1, $2)
			ON CONFLICT (id) DO UPDATE SET tx = excluded.tx, seq = excluded.seq
			WHERE change_log_trimmed.tx < excluded.tx
				OR change_log_trimmed.tx = excluded.tx AND change_log_trimmed.seq < excluded.seq`, newest.Tx, newest.Seq)
		return err
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// FeedTrimmed returns the position of the newest entry trimmed from the
// change feed, the zero FeedPos if none was.
func (db *DB) FeedTrimmed(ctx context.Context) (library.FeedPos, error) {
	var p library.FeedPos
	err := db.reader().QueryRowContext(ctx, `SELECT tx, seq FROM change_log_trimmed WHERE id = 1`).Scan(&p.Tx, &p.Seq)
	if errors.Is(err, sql.ErrNoRows) {
		return library.FeedPos{}, nil // erased: nothing trimmed since
	}
	if err != nil {
		return library.FeedPos{}, fmt.Errorf("change feed trimmed: %w", err)
	}
	return p, nil
}

// checkTrimmed fails with a *library.FeedTrimmedError when entries after
// pos may have been trimmed. ChangesSince calls it after it read, so that
// a trim that took entries from under the read has committed, and its
// mark shows, by the time it looks.
func (db *DB) checkTrimmed(ctx context.Context, pos library.FeedPos) error {
	trimmed, err := db.FeedTrimmed(ctx)
	if err != nil {
		return err
	}
	if pos.Before(trimmed) {
		return &library.FeedTrimmedError{Pos: pos, Trimmed: trimmed}
	}
	return nil
}
