package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Targeting matches copies with holds. It happens at events, never in a
// batch job: when a hold is placed or resumed (a copy on a shelf anywhere
// is given to it at once and appears on that branch's pick list), and when
// a copy is checked in (it goes to the oldest waiting hold it can fill).
// A copy serves at most one open hold (a unique index says so), and a hold
// is given a copy only by a conditional UPDATE, so parallel check-ins never
// fill one hold twice.

// openHold is a hold's row as targeting needs it.
type openHold struct {
	ID, PatronID, RecordID, ItemID, AssignedItemID int64
	Status, PickupBranch                           string
}

// activeHoldOfItem returns the open hold a copy is set aside for, or a
// zero openHold.
func activeHoldOfItem(ctx context.Context, tx txn, itemID int64) (openHold, error) {
	return scanOpenHold(tx.QueryRowContext(ctx, `SELECT `+openHoldColumns+` FROM holds
		WHERE assigned_item_id = $1 AND status IN ('waiting', 'in_transit', 'ready')`, itemID))
}

const openHoldColumns = `id, patron_id, record_id, COALESCE(item_id, 0), COALESCE(assigned_item_id, 0), status, pickup_branch`

func scanOpenHold(row *sql.Row) (openHold, error) {
	var h openHold
	err := row.Scan(&h.ID, &h.PatronID, &h.RecordID, &h.ItemID, &h.AssignedItemID, &h.Status, &h.PickupBranch)
	if errors.Is(err, sql.ErrNoRows) {
		return openHold{}, nil
	}
	return h, err
}

// holdByID returns a hold, locked on PostgreSQL.
func holdByID(ctx context.Context, tx txn, id int64) (openHold, error) {
	h, err := scanOpenHold(tx.QueryRowContext(ctx, `SELECT `+openHoldColumns+` FROM holds WHERE id = $1`+tx.d.lockRow("FOR UPDATE"), id))
	if err == nil && h.ID == 0 {
		err = &library.Error{Code: library.ENOTFOUND, Key: "error.hold_not_found", Message: fmt.Sprintf("hold %d not found", id)}
	}
	return h, err
}

// releaseHold takes a hold's copy away and puts it back in the queue, in
// its old place.
func releaseHold(ctx context.Context, tx txn, holdID int64) error {
	_, err := tx.ExecContext(ctx, `
		UPDATE holds SET status = 'waiting', assigned_item_id = NULL, shelf_code = '', ready_at = NULL, pickup_by = NULL
		WHERE id = $1`, holdID)
	if err != nil {
		return fmt.Errorf("release hold %d: %w", holdID, err)
	}
	return nil
}

// targetHold gives a waiting hold a copy on a shelf, if there is one: the
// copy that reaches the pickup branch soonest, first one at the pickup
// branch itself, then one in the same city, then any. The copy stays on
// the shelf, available, until staff pick it. It returns the copy's ID, or 0
// when the hold must wait for a return.
func targetHold(ctx context.Context, tx txn, holdID int64, now time.Time) (int64, error) {
	var h openHold
	var frozen sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT `+openHoldColumns+`, frozen_until FROM holds WHERE id = $1`, holdID).
		Scan(&h.ID, &h.PatronID, &h.RecordID, &h.ItemID, &h.AssignedItemID, &h.Status, &h.PickupBranch, &frozen)
	if err != nil {
		return 0, fmt.Errorf("target hold %d: %w", holdID, err)
	}
	if h.Status != library.HoldWaiting || h.AssignedItemID != 0 || (frozen.Valid && frozen.String > today(now).String()) {
		return 0, nil
	}
	// Copies on loan to someone, set aside for another hold, or elsewhere
	// than on a shelf are not candidates. SKIP LOCKED: a copy another
	// transaction holds is being checked out or in right now, and waiting
	// for it here would wait against the lock order.
	rows, err := tx.QueryContext(ctx, `
		SELECT i.id FROM items i
		LEFT JOIN branches b ON b.id = i.branch
		WHERE i.record_id = $1 AND ($2 = 0 OR i.id = $2) AND i.status = 'available'
		  AND NOT EXISTS (SELECT 1 FROM holds o WHERE o.assigned_item_id = i.id AND o.status IN ('waiting', 'in_transit', 'ready'))
		ORDER BY CASE WHEN i.branch = $3 THEN 0
		              WHEN b.library_id = (SELECT library_id FROM branches WHERE id = $3) THEN 1
		              ELSE 2 END, i.barcode`, h.RecordID, h.ItemID, h.PickupBranch)
	if err != nil {
		return 0, fmt.Errorf("target hold %d: %w", holdID, err)
	}
	cands, err := scanIDs(rows)
	if err != nil {
		return 0, fmt.Errorf("target hold %d: %w", holdID, err)
	}
	for _, itemID := range cands {
		ok, err := lockAvailableCopy(ctx, tx, itemID)
		if err != nil {
			return 0, err
		}
		if !ok {
			continue
		}
		res, err := tx.ExecContext(ctx, `UPDATE holds SET assigned_item_id = $1
			WHERE id = $2 AND status = 'waiting' AND assigned_item_id IS NULL`, itemID, holdID)
		if err != nil {
			return 0, fmt.Errorf("target hold %d: %w", holdID, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return itemID, nil
		}
		return 0, nil
	}
	return 0, nil
}

// lockAvailableCopy locks a copy unless another transaction holds it, and
// reports whether it is still on a shelf and free for a hold.
func lockAvailableCopy(ctx context.Context, tx txn, itemID int64) (bool, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT i.id FROM items i WHERE i.id = $1 AND i.status = 'available'
		AND NOT EXISTS (SELECT 1 FROM holds o WHERE o.assigned_item_id = i.id AND o.status IN ('waiting', 'in_transit', 'ready'))`+
		tx.d.lockRow("FOR UPDATE OF i SKIP LOCKED"), itemID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("lock copy %d: %w", itemID, err)
	}
	return true, nil
}

// claimNextHold gives a copy to the oldest waiting hold it can fill:
// holds on this very copy first, then holds on its title, each in the
// order placed, skipping frozen holds and holds that already have a copy.
// The UPDATE is conditional, so of two check-ins after the same hold one
// gets it and the other moves on to the next. It returns the hold, or a
// zero openHold.
func claimNextHold(ctx context.Context, tx txn, it library.Item, now time.Time) (openHold, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT id FROM holds
		WHERE status = 'waiting' AND assigned_item_id IS NULL
		  AND (item_id = $1 OR (item_id IS NULL AND record_id = $2))
		  AND (frozen_until IS NULL OR frozen_until <= $3)
		ORDER BY CASE WHEN item_id IS NULL THEN 1 ELSE 0 END, placed_at, id`, it.ID, it.RecordID, today(now).String())
	if err != nil {
		return openHold{}, fmt.Errorf("holds for %s: %w", it.Barcode, err)
	}
	cands, err := scanIDs(rows)
	if err != nil {
		return openHold{}, fmt.Errorf("holds for %s: %w", it.Barcode, err)
	}
	for _, id := range cands {
		h, err := scanOpenHold(tx.QueryRowContext(ctx, `UPDATE holds SET assigned_item_id = $1
			WHERE id = $2 AND status = 'waiting' AND assigned_item_id IS NULL
			RETURNING `+openHoldColumns, it.ID, id))
		if err != nil {
			return openHold{}, fmt.Errorf("claim hold %d for %s: %w", id, it.Barcode, err)
		}
		if h.ID != 0 {
			return h, nil
		}
	}
	return openHold{}, nil
}

// offerCopy finds a new use for a copy a hold let go of: on a shelf it is
// given to the next hold (and stays there to be picked); on a hold shelf
// it is routed as if checked in where it lies; in transit it is routed on
// arrival. A copy another transaction holds is left to it.
func offerCopy(ctx context.Context, tx txn, itemID int64, now time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT `+itemColumns+` FROM items WHERE id = $1`+tx.d.lockRow("FOR UPDATE SKIP LOCKED"), itemID)
	if err != nil {
		return err
	}
	its, err := scanItems(rows)
	if err != nil || len(its) == 0 {
		return err
	}
	it := its[0]
	if h, err := activeHoldOfItem(ctx, tx, it.ID); err != nil || h.ID != 0 {
		return err // already given to a hold again
	}
	switch it.Status {
	case library.Available:
		_, err = claimNextHold(ctx, tx, it, now)
		return err
	case library.OnHoldShelf:
		_, err = routeItem(ctx, tx, &it, it.Branch, now)
		return err
	}
	return nil
}

// scanIDs reads and closes rows of one integer column.
func scanIDs(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return ids, rows.Close()
}
