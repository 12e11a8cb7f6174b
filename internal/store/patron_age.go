package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// ComeOfAge makes the card of every child who has turned
// library.ChildAge an adult's card: the adults' loan rules apply from
// then on, and the guardian no longer manages it. Each is told in
// their own messages (notice adult_card). A sweep, idempotent: it
// returns how many cards it changed.
func (db *DB) ComeOfAge(ctx context.Context, now time.Time) (int, error) {
	now = instant(now)
	day := today(now)
	// Born on or before this day, one is ChildAge today. It is compared
	// as text, so that on 29 February it needs no such day that year.
	cutoff := fmt.Sprintf("%04d-%02d-%02d", day.Year-library.ChildAge, day.Month, day.Day)
	var n int
	err := db.inTx(ctx, func(tx txn) error {
		rows, err := tx.QueryContext(ctx, `SELECT id FROM patrons
			WHERE category = $1 AND closed_at IS NULL AND birth_date <> '' AND birth_date <= $2 ORDER BY id`,
			library.CategoryChild, cutoff)
		if err != nil {
			return err
		}
		ids, err := scanIDs(rows)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE patrons SET category = $1, guardian_id = NULL WHERE id = $2`,
				library.CategoryAdult, id); err != nil {
				return err
			}
			if _, err := insertNotice(ctx, tx, library.Notice{PatronID: id, Kind: library.NoticeAdultCard, Created: now}); err != nil {
				return err
			}
		}
		n = len(ids)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("come of age: %w", err)
	}
	return n, nil
}
