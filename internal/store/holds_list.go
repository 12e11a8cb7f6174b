package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

const holdColumns = `h.id, h.patron_id, h.record_id, COALESCE(h.item_id, 0), h.pickup_branch, h.status, h.placed_at,
	h.frozen_until, COALESCE(i.barcode, ''), h.shelf_code, h.ready_at, h.pickup_by`

// Holds returns a patron's open holds, oldest first, with the place of
// each waiting hold in its title's queue and a rough wait in days: the
// holds ahead that still wait for a copy and this one, times the loan
// period, shared by the copies that circulate. A hold already given a copy
// waits for none.
func (db *DB) Holds(ctx context.Context, patronID int64) ([]library.Hold, error) {
	var hs []library.Hold
	err := db.inReadTx(ctx, func(tx txn) error {
		var err error
		hs, err = queryHolds(ctx, tx, `h.patron_id = $1 AND h.status IN ('waiting', 'in_transit', 'ready')`, patronID, db.timestamp())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("holds of patron %d: %w", patronID, err)
	}
	return hs, nil
}

// queryHolds returns the holds matching cond (on holds h, with one
// parameter) with their queue positions and waits estimated by the rules
// in force at now.
func queryHolds(ctx context.Context, tx txn, cond string, arg any, now time.Time) ([]library.Hold, error) {
	// The policy first: one connection runs one query at a time.
	pol, err := policy(ctx, tx, now)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+holdColumns+`,
			(SELECT count(*) FROM holds q WHERE q.record_id = h.record_id AND q.status = 'waiting' AND q.assigned_item_id IS NULL
				AND (q.placed_at < h.placed_at OR (q.placed_at = h.placed_at AND q.id < h.id))),
			(SELECT count(*) FROM items c WHERE c.record_id = h.record_id AND c.status NOT IN ('missing', 'in_repair', 'lost', 'damaged', 'withdrawn')),
			r.material, p.category
		FROM holds h
		LEFT JOIN items i ON i.id = h.assigned_item_id
		JOIN records r ON r.id = h.record_id
		JOIN patrons p ON p.id = h.patron_id
		WHERE `+cond+`
		ORDER BY h.placed_at, h.id`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hs []library.Hold
	for rows.Next() {
		var h library.Hold
		var frozen, pickupBy sql.NullString
		var ready sql.NullTime
		var ahead, copies int
		var material library.Material
		var category string
		err := rows.Scan(&h.ID, &h.PatronID, &h.RecordID, &h.ItemID, &h.PickupBranch, &h.Status, &h.PlacedAt,
			&frozen, &h.ItemBarcode, &h.ShelfCode, &ready, &pickupBy, &ahead, &copies, &material, &category)
		if err != nil {
			return nil, err
		}
		h.PlacedAt = h.PlacedAt.UTC()
		if ready.Valid {
			h.ReadyAt = ready.Time.UTC()
		}
		if frozen.Valid {
			h.FrozenUntil, _ = library.ParseDate(frozen.String)
		}
		if pickupBy.Valid {
			h.PickupBy, _ = library.ParseDate(pickupBy.String)
		}
		if h.Status == library.HoldWaiting && h.ItemBarcode == "" {
			h.Position = ahead + 1
			rule, _ := pol.Rule(category, material, "")
			h.EstimatedWait = (h.Position*rule.LoanDays + max(copies, 1) - 1) / max(copies, 1)
		}
		hs = append(hs, h)
	}
	return hs, rows.Err()
}

// PickList returns the copies on a branch's shelves that holds have been
// given, oldest hold first: staff fetch each and check it in, which sends
// it to its hold.
func (db *DB) PickList(ctx context.Context, branch string) ([]library.PickItem, error) {
	rows, err := db.reader().QueryContext(ctx, `
		SELECT h.id, i.barcode, r.title, i.call_number, i.shelf, h.pickup_branch, h.placed_at
		FROM holds h JOIN items i ON i.id = h.assigned_item_id JOIN records r ON r.id = i.record_id
		WHERE h.status = 'waiting' AND i.status = 'available' AND i.branch = $1
		ORDER BY h.placed_at, h.id`, branch)
	if err != nil {
		return nil, fmt.Errorf("pick list of %s: %w", branch, err)
	}
	defer rows.Close()
	var out []library.PickItem
	for rows.Next() {
		var p library.PickItem
		if err := rows.Scan(&p.HoldID, &p.Barcode, &p.Title, &p.CallNumber, &p.Shelf, &p.PickupBranch, &p.PlacedAt); err != nil {
			return nil, fmt.Errorf("pick list of %s: %w", branch, err)
		}
		p.PlacedAt = p.PlacedAt.UTC()
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pick list of %s: %w", branch, err)
	}
	return out, nil
}

// shelfMemory is how long a hold that expired or was cancelled on the
// hold shelf stays on the branch's list, so that staff take its copy off
// the shelf.
const shelfMemory = 3 * 24 * time.Hour

// HoldShelf returns a branch's hold shelf in shelf-code order: ready holds,
// flagged when today is their last day or it has passed, and holds that
// expired or were cancelled there in the last three days, with where their
// copy goes now.
func (db *DB) HoldShelf(ctx context.Context, branch string, now time.Time) ([]library.ShelfHold, error) {
	now = utc(now)
	day := today(now)
	rows, err := db.reader().QueryContext(ctx, `
		SELECT h.id, h.status, h.shelf_code, p.card_number, COALESCE(i.barcode, ''), r.title, h.ready_at, h.pickup_by,
			COALESCE(i.status, ''), COALESCE(i.branch, '')
		FROM holds h
		JOIN patrons p ON p.id = h.patron_id
		JOIN records r ON r.id = h.record_id
		LEFT JOIN items i ON i.id = h.assigned_item_id
		WHERE h.pickup_branch = $1 AND h.ready_at IS NOT NULL
		  AND (h.status = 'ready' OR (h.status IN ('expired', 'cancelled') AND h.closed_at > $2))
		ORDER BY h.shelf_code, h.id`, branch, now.Add(-shelfMemory))
	if err != nil {
		return nil, fmt.Errorf("hold shelf of %s: %w", branch, err)
	}
	defer rows.Close()
	var out []library.ShelfHold
	for rows.Next() {
		var s library.ShelfHold
		var card, pickupBy, status string
		var ready time.Time
		if err := rows.Scan(&s.HoldID, &s.Status, &s.ShelfCode, &card, &s.Barcode, &s.Title, &ready, &pickupBy, &status, &s.ItemBranch); err != nil {
			return nil, fmt.Errorf("hold shelf of %s: %w", branch, err)
		}
		s.ReadyAt = ready.UTC()
		s.PickupBy, _ = library.ParseDate(pickupBy)
		s.ItemStatus = library.ItemStatus(status)
		s.CardLast4 = card[max(0, len(card)-4):]
		s.ExpiresToday = s.PickupBy == day
		s.Expired = s.Status == library.HoldExpired || s.PickupBy.Before(day)
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("hold shelf of %s: %w", branch, err)
	}
	return out, nil
}

// Transits returns the copies in transit from a branch and to it, oldest
// first.
func (db *DB) Transits(ctx context.Context, branch string) (out, in []library.Transit, err error) {
	rows, err := db.reader().QueryContext(ctx, `
		SELECT i.barcode, r.title, t.from_branch, t.to_branch, COALESCE(t.hold_id, 0), t.sent_at
		FROM transits t JOIN items i ON i.id = t.item_id JOIN records r ON r.id = i.record_id
		WHERE t.from_branch = $1 OR t.to_branch = $1
		ORDER BY t.sent_at, i.barcode`, branch)
	if err != nil {
		return nil, nil, fmt.Errorf("transits of %s: %w", branch, err)
	}
	defer rows.Close()
	for rows.Next() {
		var t library.Transit
		if err := rows.Scan(&t.Barcode, &t.Title, &t.From, &t.To, &t.HoldID, &t.Since); err != nil {
			return nil, nil, fmt.Errorf("transits of %s: %w", branch, err)
		}
		t.Since = t.Since.UTC()
		if t.From == branch {
			out = append(out, t)
		}
		if t.To == branch {
			in = append(in, t)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("transits of %s: %w", branch, err)
	}
	return out, in, nil
}
