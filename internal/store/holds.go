package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// PlaceHold reserves a title (h.RecordID) or one copy (h.ItemID) for
// pickup at any branch of any member library. It is refused when the loan
// rules allow no holds, when the patron already holds or borrows the title,
// is blocked, or has MaxHolds open holds. If a copy is on a shelf
// somewhere it is given to the hold at once (see targetHold); else the
// hold waits in the title's queue.
func (db *DB) PlaceHold(ctx context.Context, h library.Hold, by library.Actor, now time.Time) (library.Hold, error) {
	now = utc(now)
	var out library.Hold
	err := db.circTx(ctx, func(tx txn) error {
		id, err := db.placeHold(ctx, tx, h, by, now)
		if err != nil {
			return err
		}
		out, err = holdView(ctx, tx, id, now)
		return err
	})
	if err != nil {
		return library.Hold{}, fmt.Errorf("place hold for patron %d on record %d item %d: %w", h.PatronID, h.RecordID, h.ItemID, err)
	}
	return out, nil
}

func (db *DB) placeHold(ctx context.Context, tx txn, h library.Hold, by library.Actor, now time.Time) (int64, error) {
	pol, err := policy(ctx, tx, now)
	if err != nil {
		return 0, err
	}
	p, err := lockPatron(ctx, tx, h.PatronID)
	if err != nil {
		return 0, err
	}
	if err := checkNotBlocked(ctx, tx, p, pol); err != nil {
		return 0, err
	}
	if err := checkProvisionalHolds(ctx, tx, p); err != nil {
		return 0, err
	}
	if h.ItemID != 0 {
		if err := tx.QueryRowContext(ctx, `SELECT record_id FROM items WHERE id = $1`, h.ItemID).Scan(&h.RecordID); err != nil {
			if err == sql.ErrNoRows {
				return 0, &library.Error{Code: library.ENOTFOUND, Key: "error.item_not_found", Message: fmt.Sprintf("item %d not found", h.ItemID)}
			}
			return 0, err
		}
	}
	pickup, err := branchInfo(ctx, tx, h.PickupBranch)
	if err != nil {
		return 0, err
	}
	if pickup.Library == "" {
		return 0, &library.Error{Code: library.EINVALID, Key: "error.pickup_branch", Message: fmt.Sprintf("no branch %q to pick up at", h.PickupBranch)}
	}
	material, _, err := lockRecord(ctx, tx, h.RecordID)
	if err != nil {
		return 0, err
	}
	if r, _ := pol.Rule(p.Category, material, pickup.Library); !r.Lends() || !r.HoldsAllowed {
		return 0, &library.Error{Code: library.EFORBIDDEN, Key: "error.holds_not_allowed",
			Message: fmt.Sprintf("no holds on %s for %s patrons", material, p.Category)}
	}
	var holds, same, borrowed int
	err = tx.QueryRowContext(ctx, `
		SELECT count(*), COALESCE(SUM(CASE WHEN record_id = $2 THEN 1 ELSE 0 END), 0),
			(SELECT count(*) FROM loans WHERE patron_id = $1 AND record_id = $2 AND returned_at IS NULL)
		FROM holds WHERE patron_id = $1 AND status IN ('waiting', 'in_transit', 'ready')`, p.ID, h.RecordID).
		Scan(&holds, &same, &borrowed)
	if err != nil {
		return 0, fmt.Errorf("count holds: %w", err)
	}
	switch {
	case same > 0:
		return 0, &library.Error{Code: library.ECONFLICT, Key: "error.already_holding", Message: fmt.Sprintf("patron %d already holds record %d", p.ID, h.RecordID)}
	case borrowed > 0:
		return 0, &library.Error{Code: library.ECONFLICT, Key: "error.already_borrowed", Message: fmt.Sprintf("patron %d already borrows record %d", p.ID, h.RecordID)}
	case pol.MaxHolds > 0 && holds >= pol.MaxHolds:
		return 0, &library.Error{Code: library.EFORBIDDEN, Key: "error.hold_limit", Message: fmt.Sprintf("patron %d has %d holds", p.ID, holds)}
	}
	var id int64
	err = tx.QueryRowContext(ctx, `
		INSERT INTO holds (patron_id, record_id, item_id, pickup_branch, status, placed_at, frozen_until)
		VALUES ($1, $2, $3, $4, 'waiting', $5, $6) RETURNING id`,
		p.ID, h.RecordID, orNull(h.ItemID), h.PickupBranch, now, nullDate(h.FrozenUntil)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert hold: %w", err)
	}
	if _, err := targetHold(ctx, tx, id, now); err != nil {
		return 0, err
	}
	ev := event{Action: "hold_placed", Item: library.Item{ID: h.ItemID, RecordID: h.RecordID}, Branch: by.Branch, To: h.PickupBranch, By: by, Patron: p}
	return id, logEvent(ctx, tx, ev, now)
}

// CancelHold cancels a patron's open hold. A copy set aside on a shelf
// for it goes to the next hold; one on the hold shelf is routed as if
// checked in there; one in transit is routed when it arrives.
func (db *DB) CancelHold(ctx context.Context, patronID, holdID int64, by library.Actor, now time.Time) error {
	now = utc(now)
	err := db.circTx(ctx, func(tx txn) error {
		h, err := patronHold(ctx, tx, patronID, holdID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE holds SET status = 'cancelled', closed_at = $1 WHERE id = $2`, now, h.ID); err != nil {
			return err
		}
		if h.AssignedItemID != 0 {
			if err := offerCopy(ctx, tx, h.AssignedItemID, now); err != nil {
				return err
			}
		}
		ev := event{Action: "hold_cancelled", Item: library.Item{ID: h.AssignedItemID, RecordID: h.RecordID}, Branch: by.Branch, By: by}
		if err := logEvent(ctx, tx, ev, now); err != nil {
			return err
		}
		return db.appendChanges(ctx, tx, []int64{h.RecordID}, now)
	})
	if err != nil {
		return fmt.Errorf("cancel hold %d of patron %d: %w", holdID, patronID, err)
	}
	db.notify()
	return nil
}

// patronHold returns a patron's open hold, locked, or ENOTFOUND: another
// patron's hold is not found rather than forbidden, so that hold IDs leak
// nothing.
//
// The title is locked before the hold, in the order check-ins lock them.
func patronHold(ctx context.Context, tx txn, patronID, holdID int64) (openHold, error) {
	var recordID int64
	err := tx.QueryRowContext(ctx, `SELECT record_id FROM holds WHERE id = $1`, holdID).Scan(&recordID)
	if err == nil {
		_, _, err = lockRecord(ctx, tx, recordID)
	}
	if err != nil && err != sql.ErrNoRows {
		return openHold{}, err
	}
	h, err := holdByID(ctx, tx, holdID)
	if err == nil && (h.PatronID != patronID || !isOpen(h.Status)) {
		err = &library.Error{Code: library.ENOTFOUND, Key: "error.hold_not_found", Message: fmt.Sprintf("no open hold %d of patron %d", holdID, patronID)}
	}
	return h, err
}

func isOpen(status string) bool {
	return status == library.HoldWaiting || status == library.HoldInTransit || status == library.HoldReady
}

// FreezeHold keeps a waiting hold's place in the queue but skips it until
// the date; a zero date resumes it. A frozen hold gives up a copy it had
// been given on a shelf; a resumed one is targeted at once.
func (db *DB) FreezeHold(ctx context.Context, patronID, holdID int64, until library.Date, now time.Time) error {
	now = utc(now)
	err := db.circTx(ctx, func(tx txn) error {
		h, err := patronHold(ctx, tx, patronID, holdID)
		if err != nil {
			return err
		}
		if h.Status != library.HoldWaiting {
			return &library.Error{Code: library.ECONFLICT, Key: "error.hold_not_waiting", Message: fmt.Sprintf("hold %d is %s", h.ID, h.Status)}
		}
		if until != (library.Date{}) && !today(now).Before(until) {
			return &library.Error{Code: library.EINVALID, Key: "error.freeze_date", Message: fmt.Sprintf("freeze until %s is not in the future", until)}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE holds SET frozen_until = $1, assigned_item_id = NULL WHERE id = $2`,
			nullDate(until), h.ID); err != nil {
			return err
		}
		if until != (library.Date{}) {
			if h.AssignedItemID != 0 {
				return offerCopy(ctx, tx, h.AssignedItemID, now)
			}
			return nil
		}
		if h.AssignedItemID != 0 {
			// Resuming a hold that never gave its copy up: keep it.
			_, err := tx.ExecContext(ctx, `UPDATE holds SET assigned_item_id = $1 WHERE id = $2`, h.AssignedItemID, h.ID)
			return err
		}
		_, err = targetHold(ctx, tx, h.ID, now)
		return err
	})
	if err != nil {
		return fmt.Errorf("freeze hold %d of patron %d until %v: %w", holdID, patronID, until, err)
	}
	return nil
}

// ChangePickup moves a hold's pickup branch. A waiting hold's copy on a
// shelf is given up and the nearest copy to the new branch sought; a copy
// in transit is redirected. A hold already on a hold shelf stays there.
func (db *DB) ChangePickup(ctx context.Context, patronID, holdID int64, branch string, now time.Time) error {
	now = utc(now)
	err := db.circTx(ctx, func(tx txn) error {
		// A copy in transit is redirected: lock it first, in the order
		// check-ins lock a copy, its title and its hold.
		if _, err := tx.ExecContext(ctx, `SELECT i.id FROM items i JOIN holds h ON h.assigned_item_id = i.id
			WHERE h.id = $1 AND h.status = 'in_transit'`+tx.d.lockRow("FOR UPDATE OF i"), holdID); err != nil {
			return err
		}
		h, err := patronHold(ctx, tx, patronID, holdID)
		if err != nil {
			return err
		}
		if b, err := branchInfo(ctx, tx, branch); err != nil || b.Library == "" {
			if err == nil {
				err = &library.Error{Code: library.EINVALID, Key: "error.pickup_branch", Message: fmt.Sprintf("no branch %q to pick up at", branch)}
			}
			return err
		}
		switch h.Status {
		case library.HoldReady:
			return &library.Error{Code: library.ECONFLICT, Key: "error.hold_ready", Message: fmt.Sprintf("hold %d is already on the hold shelf", h.ID)}
		case library.HoldInTransit:
			if _, err := tx.ExecContext(ctx, `UPDATE holds SET pickup_branch = $1 WHERE id = $2`, branch, h.ID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE items SET branch = $1, updated = $2 WHERE id = $3`, branch, now, h.AssignedItemID); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `UPDATE transits SET to_branch = $1 WHERE item_id = $2`, branch, h.AssignedItemID)
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE holds SET pickup_branch = $1, assigned_item_id = NULL WHERE id = $2`, branch, h.ID); err != nil {
			return err
		}
		if _, err := targetHold(ctx, tx, h.ID, now); err != nil {
			return err
		}
		if h.AssignedItemID != 0 {
			return offerCopy(ctx, tx, h.AssignedItemID, now)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("change pickup of hold %d to %s: %w", holdID, branch, err)
	}
	return nil
}

// orNull returns id, or NULL for 0.
func orNull(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullDate(d library.Date) any {
	if d == (library.Date{}) {
		return nil
	}
	return d.String()
}
