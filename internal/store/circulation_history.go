package store

import (
	"context"
	"fmt"

	"github.com/kirjasto/kirjasto/internal/library"
)

// ReadingHistory returns what a patron has borrowed since opting in,
// newest first. Checkout writes it only for patrons who opted in.
func (db *DB) ReadingHistory(ctx context.Context, patronID int64) ([]library.HistoryEntry, error) {
	rows, err := db.reader().QueryContext(ctx, `
		SELECT h.id, h.record_id, r.title, h.loaned_at
		FROM reading_history h JOIN records r ON r.id = h.record_id
		WHERE h.patron_id = $1 ORDER BY h.loaned_at DESC, h.id DESC`, patronID)
	if err != nil {
		return nil, fmt.Errorf("reading history of patron %d: %w", patronID, err)
	}
	defer rows.Close()
	var out []library.HistoryEntry
	for rows.Next() {
		var e library.HistoryEntry
		if err := rows.Scan(&e.ID, &e.RecordID, &e.Title, &e.LoanedAt); err != nil {
			return nil, fmt.Errorf("reading history of patron %d: %w", patronID, err)
		}
		e.LoanedAt = e.LoanedAt.UTC()
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading history of patron %d: %w", patronID, err)
	}
	return out, nil
}

// DeleteHistory deletes entries of a patron's reading history; no IDs
// deletes it all. IDs of other patrons' entries are ignored.
func (db *DB) DeleteHistory(ctx context.Context, patronID int64, ids []int64) error {
	err := db.inTx(ctx, func(tx txn) error {
		if len(ids) == 0 {
			_, err := tx.ExecContext(ctx, `DELETE FROM reading_history WHERE patron_id = $1`, patronID)
			return err
		}
		args := []any{patronID}
		for _, id := range ids {
			args = append(args, id)
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM reading_history WHERE patron_id = $1 AND id IN (`+placeholders(len(ids), 2)+`)`, args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete reading history of patron %d: %w", patronID, err)
	}
	return nil
}
