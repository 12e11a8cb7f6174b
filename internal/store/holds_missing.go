package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// MarkMissing records that a copy cannot be found: not on its shelf when
// picked, or lost on the road. A hold it was set aside for, on a shelf, in
// transit or on the hold shelf, goes back to its place in the queue and is
// given another copy if one is on a shelf. A copy on loan is the
// borrower's to return, so it cannot be marked missing.
func (db *DB) MarkMissing(ctx context.Context, barcode string, by library.Actor, now time.Time) (library.Item, error) {
	now = utc(now)
	var it library.Item
	err := db.circTx(ctx, func(tx txn) error {
		var err error
		if it, err = lockItem(ctx, tx, barcode); err != nil {
			return err
		}
		if it.Status == library.OnLoan {
			return &library.Error{Code: library.ECONFLICT, Key: "error.item_on_loan", Message: fmt.Sprintf("item %s is on loan", barcode)}
		}
		if _, _, err := lockRecord(ctx, tx, it.RecordID); err != nil {
			return err
		}
		h, err := activeHoldOfItem(ctx, tx, it.ID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM transits WHERE item_id = $1`, it.ID); err != nil {
			return err
		}
		if err := setItem(ctx, tx, &it, library.Missing, it.Branch, time.Time{}, now); err != nil {
			return err
		}
		if h.ID != 0 {
			if err := releaseHold(ctx, tx, h.ID); err != nil {
				return err
			}
			if _, err := targetHold(ctx, tx, h.ID, now); err != nil {
				return err
			}
		}
		if err := logEvent(ctx, tx, event{Action: "missing", Item: it, Branch: by.Branch, By: by}, now); err != nil {
			return err
		}
		return db.appendChanges(ctx, tx, []int64{it.RecordID}, now)
	})
	if err != nil {
		return library.Item{}, fmt.Errorf("mark %s missing: %w", barcode, err)
	}
	db.notify()
	return it, nil
}
