package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// ChangesSince returns up to limit change-feed entries after seq, in order.
func (db *DB) ChangesSince(ctx context.Context, seq int64, limit int) ([]library.Change, error) {
	if limit <= 0 {
		// SQLite would read a negative LIMIT as none, PostgreSQL refuse it.
		return nil, library.Errorf(library.EINVALID, "changes since %d: limit %d is not positive", seq, limit)
	}
	rows, err := db.reader().QueryContext(ctx, `
		SELECT seq, record_id, at FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2`, seq, limit)
	if err != nil {
		return nil, fmt.Errorf("changes since %d: %w", seq, err)
	}
	defer rows.Close()
	var cs []library.Change
	for rows.Next() {
		var c library.Change
		if err := rows.Scan(&c.Seq, &c.RecordID, &c.At); err != nil {
			return nil, fmt.Errorf("changes since %d: %w", seq, err)
		}
		c.At = c.At.UTC()
		cs = append(cs, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("changes since %d: %w", seq, err)
	}
	return cs, nil
}

// LastChange returns the newest change-feed entry's Seq, or 0 if none.
func (db *DB) LastChange(ctx context.Context) (int64, error) {
	var seq int64
	err := db.reader().QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM change_log`).Scan(&seq)
	if err != nil {
		return 0, fmt.Errorf("last change: %w", err)
	}
	return seq, nil
}

// appendChanges adds one change-feed entry per record ID. Callers make it
// the last statement of their transaction: on PostgreSQL it takes a lock
// held until commit, so that sequence numbers are handed out in commit
// order and a follower that has read up to seq N can never later see a
// smaller seq appear. (SQLite's single writer gives that for free.)
func (db *DB) appendChanges(ctx context.Context, tx txn, recordIDs []int64, at time.Time) error {
	if len(recordIDs) == 0 {
		return nil
	}
	if lock := db.dialect.lockChangeLog(); lock != "" {
		if _, err := tx.ExecContext(ctx, lock); err != nil {
			return fmt.Errorf("lock change log: %w", err)
		}
	}
	for len(recordIDs) > 0 {
		n := min(len(recordIDs), maxParams/2)
		var sb strings.Builder
		sb.WriteString(`INSERT INTO change_log (record_id, at) VALUES `)
		args := make([]any, 0, n+1)
		args = append(args, at)
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
