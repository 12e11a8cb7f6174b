package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// ChangesSince returns up to limit change-feed entries after pos, in feed
// order: on SQLite by seq, which the single writer hands out in commit
// order; on PostgreSQL by (xid, seq), and only entries of transactions
// below the snapshot's xmin horizon, which have all finished, so that no
// entry can later appear before one already returned (docs/changefeed.md).
// If entries after pos may have been trimmed (TrimChanges), it fails with
// a *library.FeedTrimmedError.
func (db *DB) ChangesSince(ctx context.Context, pos library.FeedPos, limit int) ([]library.Change, error) {
	if limit <= 0 {
		// SQLite would read a negative LIMIT as none, PostgreSQL refuse it.
		return nil, library.Errorf(library.EINVALID, "changes since %v: limit %d is not positive", pos, limit)
	}
	query := `SELECT 0, seq, record_id, at FROM change_log WHERE seq > $2 AND $1 = 0 ORDER BY seq LIMIT $3`
	if db.dialect == postgres {
		// pg_current_snapshot is the statement's own snapshot, so every
		// transaction below its xmin is visible to this very query if it
		// committed. xid8 has no cast to bigint; text goes both ways.
		query = `SELECT xid::text::bigint, seq, record_id, at FROM change_log
			WHERE (xid, seq) > ($1::bigint::text::xid8, $2) AND xid < pg_snapshot_xmin(pg_current_snapshot())
			ORDER BY xid, seq LIMIT $3`
	}
	rows, err := db.reader().QueryContext(ctx, query, pos.Tx, pos.Seq, limit)
	if err != nil {
		return nil, fmt.Errorf("changes since %v: %w", pos, err)
	}
	defer rows.Close()
	var cs []library.Change
	for rows.Next() {
		var c library.Change
		if err := rows.Scan(&c.Tx, &c.Seq, &c.RecordID, &c.At); err != nil {
			return nil, fmt.Errorf("changes since %v: %w", pos, err)
		}
		c.At = c.At.UTC()
		cs = append(cs, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("changes since %v: %w", pos, err)
	}
	if err := db.checkTrimmed(ctx, pos); err != nil {
		return nil, err
	}
	return cs, nil
}

// LastChange returns the feed position before which everything committed
// so far lies: on SQLite the newest entry's (or the newest trimmed, 0 if
// none); on PostgreSQL
// the xmin horizon, before which every transaction has finished, so that
// ChangesSince from it returns what anything still running writes.
func (db *DB) LastChange(ctx context.Context) (library.FeedPos, error) {
	var pos library.FeedPos
	var err error
	if db.dialect == postgres {
		err = db.reader().QueryRowContext(ctx,
			`SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint`).Scan(&pos.Tx)
	} else {
		// A feed trimmed empty still stands where its last entry was.
		// (The mark's row may be missing: Erase empties every table.)
		err = db.reader().QueryRowContext(ctx, `SELECT MAX(COALESCE((SELECT MAX(seq) FROM change_log), 0),
			COALESCE((SELECT seq FROM change_log_trimmed WHERE id = 1), 0))`).Scan(&pos.Seq)
	}
	if err != nil {
		return library.FeedPos{}, fmt.Errorf("last change: %w", err)
	}
	return pos, nil
}

// appendChanges adds one change-feed entry per record ID. Writers do not
// wait for each other: on PostgreSQL each entry keeps its transaction's ID
// (the column's default, pg_current_xact_id()), and ChangesSince orders by
// it rather than by commit. Callers signal Changed after they commit.
func (db *DB) appendChanges(ctx context.Context, tx txn, recordIDs []int64, at time.Time) error {
	if len(recordIDs) == 0 {
		return nil
	}
	for len(recordIDs) > 0 {
		n := min(len(recordIDs), maxParams/2)
		var sb strings.Builder
		sb.WriteString(`INSERT INTO change_log (record_id, at) VALUES `)
		args := make([]any, 0, n+1)
		args = append(args, instant(at)) // UTC, so that SQLite's text compares in time order (TrimChanges)
		for i, id := range recordIDs[:n] {
			if i > 0 {
				sb.WriteString(", ")
			}
			fmt.Fprintf(&sb, "($%d, $1)", i+2)
			args = append(args, id)
		}
		if _, err := tx.ExecContext(ctx, sb.String(), args...); err != nil {
			return fmt.Errorf("append changes: %w", err)
		}
		recordIDs = recordIDs[n:]
	}
	return nil
}

// WaitFeed returns once ChangesSince can return every change committed
// before it was called: at once on SQLite; on PostgreSQL when the xmin
// horizon has passed a transaction ID taken now, that is when every
// transaction that was running has finished. Tests use it before they
// read the feed; so can anything that must read its own writes there.
func (db *DB) WaitFeed(ctx context.Context) error {
	if db.dialect != postgres {
		return nil
	}
	var now int64
	if err := db.write.QueryRowContext(ctx, `SELECT pg_current_xact_id()::text::bigint`).Scan(&now); err != nil {
		return fmt.Errorf("wait for the change feed: %w", err)
	}
	wait := time.Millisecond
	for {
		pos, err := db.LastChange(ctx)
		if err != nil {
			return err
		}
		if pos.Tx > now {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for the change feed: %w", ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, 50*time.Millisecond)
	}
}

// ChangesPending reports whether the feed holds committed entries that
// ChangesSince does not hand over yet, because a transaction that began
// before theirs is still running (PostgreSQL only): a follower woken by
// their commit then looks again shortly rather than at its next poll.
func (db *DB) ChangesPending(ctx context.Context) (bool, error) {
	if db.dialect != postgres {
		return false, nil
	}
	var pending bool
	err := db.reader().QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM change_log
		WHERE xid >= pg_snapshot_xmin(pg_current_snapshot()))`).Scan(&pending)
	if err != nil {
		return false, fmt.Errorf("changes pending: %w", err)
	}
	return pending, nil
}
