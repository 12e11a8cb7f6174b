package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Cataloguing owns an item's description (barcode, home branch, call
// number, shelf, collection, price) and the statuses of its life outside
// circulation (available, lost, damaged, missing, in repair, withdrawn).
// Circulation owns the rest: an item on loan, in transit, on the hold
// shelf or picked for a hold is refused here, with a key that says which.
// Every change goes to the change feed, so a copy marked lost leaves the
// search index's live availability at once.

// AddItem adds a copy to a record: Barcode, RecordID and HomeBranch are
// required; Branch defaults to HomeBranch, Status to available (it must be
// one of library.CatalogueStatuses). A barcode already in use anywhere in
// the consortium fails with ECONFLICT "error.catalogue_barcode_in_use".
func (db *DB) AddItem(ctx context.Context, by library.Staff, it library.Item) (library.Item, error) {
	it.Barcode = strings.TrimSpace(it.Barcode)
	if it.Branch == "" {
		it.Branch = it.HomeBranch
	}
	if it.Status == "" {
		it.Status = library.Available
	}
	if err := checkItem(it); err != nil {
		return library.Item{}, fmt.Errorf("add item %s: %w", it.Barcode, err)
	}
	var out library.Item
	err := db.inTx(ctx, func(tx txn) error {
		if err := checkItemPlaces(ctx, tx, it); err != nil {
			return err
		}
		now := db.timestamp()
		rows, err := tx.QueryContext(ctx, `
			INSERT INTO items (record_id, barcode, home_branch, branch, call_number, shelf, collection, status, price, updated)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			RETURNING `+itemColumns,
			it.RecordID, it.Barcode, it.HomeBranch, it.Branch, it.CallNumber, it.Shelf, it.Collection, string(it.Status), it.Price, now)
		if err != nil {
			return barcodeInUse(it.Barcode, err)
		}
		its, err := scanItems(rows)
		if err != nil {
			return barcodeInUse(it.Barcode, err)
		}
		out = its[0]
		if err := auditItem(ctx, tx, by, library.AuditItemCreate, out, itemDescription(out), now); err != nil {
			return err
		}
		return db.appendChanges(ctx, tx, []int64{out.RecordID}, now)
	})
	if err != nil {
		return library.Item{}, fmt.Errorf("add item %s: %w", it.Barcode, err)
	}
	db.notify()
	return out, nil
}

// barcodeInUse turns the unique violation of a barcode into its conflict.
func barcodeInUse(barcode string, err error) error {
	if isUniqueViolation(err) {
		return &library.Error{Code: library.ECONFLICT, Key: "error.catalogue_barcode_in_use",
			Message: fmt.Sprintf("barcode %s is in use", barcode)}
	}
	return err
}

// checkItem checks what can be checked without the database.
func checkItem(it library.Item) error {
	switch {
	case it.Barcode == "" || strings.ContainsAny(it.Barcode, " \t\r\n"):
		return &library.Error{Code: library.EINVALID, Key: "error.catalogue_barcode_invalid", Message: fmt.Sprintf("barcode %q", it.Barcode)}
	case it.HomeBranch == "":
		return &library.Error{Code: library.EINVALID, Key: "error.catalogue_branch_unknown", Message: "no home branch"}
	case !slices.Contains(library.CatalogueStatuses, it.Status):
		return &library.Error{Code: library.EINVALID, Key: "error.catalogue_status_not_allowed",
			Message: fmt.Sprintf("status %q is not one cataloguing sets", it.Status)}
	case it.Price < 0:
		return &library.Error{Code: library.EINVALID, Key: "error.catalogue_price_invalid", Message: fmt.Sprintf("price %d", it.Price)}
	}
	return nil
}

// checkItemPlaces checks that the item's record and branches exist.
func checkItemPlaces(ctx context.Context, tx txn, it library.Item) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM records WHERE id = $1`, it.RecordID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.catalogue_record_not_found", Message: fmt.Sprintf("record %d not found", it.RecordID)}
	}
	for _, b := range []string{it.HomeBranch, it.Branch} {
		if err := branchExists(ctx, tx, b); err != nil {
			return err
		}
	}
	return nil
}

func branchExists(ctx context.Context, tx txn, branch string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM branches WHERE id = $1`, branch).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return &library.Error{Code: library.EINVALID, Key: "error.catalogue_branch_unknown", Message: fmt.Sprintf("branch %q not found", branch)}
	}
	return nil
}

// UpdateItem saves the description and status of the item with it.ID.
// A non-zero it.Updated is the item as the cataloguer saw it: if it has
// changed since (at the desk or by another cataloguer), the save fails
// with ECONFLICT "error.catalogue_item_changed". A new RecordID moves the
// copy to another record. Branch is where the copy is now; it can be set
// only while circulation does not have the copy, and "" keeps it. The
// status can change only to one of library.CatalogueStatuses and only
// while circulation does not have the copy (see WithdrawItem).
func (db *DB) UpdateItem(ctx context.Context, by library.Staff, it library.Item) (library.Item, error) {
	it.Barcode = strings.TrimSpace(it.Barcode)
	var out library.Item
	err := db.inTx(ctx, func(tx txn) error {
		cur, err := lockItemWhere(ctx, tx, `id = $1`, it.ID)
		if err != nil {
			return err
		}
		if !it.Updated.IsZero() && !it.Updated.Equal(cur.Updated) {
			return &library.Error{Code: library.ECONFLICT, Key: "error.catalogue_item_changed",
				Message: fmt.Sprintf("item %s was changed by someone else", cur.Barcode)}
		}
		if it.RecordID == 0 {
			it.RecordID = cur.RecordID
		}
		if it.Status == "" {
			it.Status = cur.Status
		}
		if it.Branch == "" || it.Status.Circulating() {
			it.Branch = cur.Branch
		}
		if it.Status != cur.Status || it.Branch != cur.Branch {
			if err := checkFree(ctx, tx, cur); err != nil {
				return err
			}
		}
		// A copy circulation has keeps its status, which is none that
		// cataloguing sets; its description is checked all the same.
		check := it
		if it.Status == cur.Status && cur.Status.Circulating() {
			check.Status = library.Available
		}
		if err := checkItem(check); err != nil {
			return err
		}
		if err := checkItemPlaces(ctx, tx, it); err != nil {
			return err
		}
		now := db.timestamp()
		rows, err := tx.QueryContext(ctx, `
			UPDATE items SET record_id = $1, barcode = $2, home_branch = $3, branch = $4, call_number = $5,
				shelf = $6, collection = $7, status = $8, price = $9, updated = $10
			WHERE id = $11
			RETURNING `+itemColumns,
			it.RecordID, it.Barcode, it.HomeBranch, it.Branch, it.CallNumber, it.Shelf, it.Collection,
			string(it.Status), it.Price, now, it.ID)
		if err != nil {
			return barcodeInUse(it.Barcode, err)
		}
		its, err := scanItems(rows)
		if err != nil {
			return barcodeInUse(it.Barcode, err)
		}
		out = its[0]
		if err := auditItem(ctx, tx, by, library.AuditItemEdit, out, itemChanges(cur, out), now); err != nil {
			return err
		}
		return db.appendChanges(ctx, tx, distinct(cur.RecordID, out.RecordID), now)
	})
	if err != nil {
		return library.Item{}, fmt.Errorf("update item %d: %w", it.ID, err)
	}
	db.notify()
	return out, nil
}

// WithdrawItem marks the copy with barcode withdrawn: weeded from the
// collection, kept on record. A copy circulation has is refused with a
// *library.BlockedError whose key says why: "error.catalogue_item_on_loan",
// "error.catalogue_item_in_transit", "error.catalogue_item_on_hold_shelf"
// or "error.catalogue_item_held" (picked for a patron's hold, or the
// copy a hold asks for).
func (db *DB) WithdrawItem(ctx context.Context, by library.Staff, barcode string) (library.Item, error) {
	var out library.Item
	err := db.inTx(ctx, func(tx txn) error {
		cur, err := lockItemWhere(ctx, tx, `barcode = $1`, barcode)
		if err != nil {
			return err
		}
		if err := checkFree(ctx, tx, cur); err != nil {
			return err
		}
		now := db.timestamp()
		rows, err := tx.QueryContext(ctx, `UPDATE items SET status = 'withdrawn', due_at = NULL, updated = $1
			WHERE id = $2 RETURNING `+itemColumns, now, cur.ID)
		if err != nil {
			return err
		}
		its, err := scanItems(rows)
		if err != nil {
			return err
		}
		out = its[0]
		if err := auditItem(ctx, tx, by, library.AuditItemWithdraw, out, "was "+string(cur.Status), now); err != nil {
			return err
		}
		return db.appendChanges(ctx, tx, []int64{out.RecordID}, now)
	})
	if err != nil {
		return library.Item{}, fmt.Errorf("withdraw item %s: %w", barcode, err)
	}
	db.notify()
	return out, nil
}

// DeleteItem deletes the copy with barcode, refused as WithdrawItem
// refuses. Its past loans keep its barcode; withdrawing is the usual way,
// deleting is for a copy added by mistake.
func (db *DB) DeleteItem(ctx context.Context, by library.Staff, barcode string) error {
	err := db.inTx(ctx, func(tx txn) error {
		cur, err := lockItemWhere(ctx, tx, `barcode = $1`, barcode)
		if err != nil {
			return err
		}
		if err := checkFree(ctx, tx, cur); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM items WHERE id = $1`, cur.ID); err != nil {
			return err
		}
		now := db.timestamp()
		if err := auditItem(ctx, tx, by, library.AuditItemDelete, cur, itemDescription(cur), now); err != nil {
			return err
		}
		return db.appendChanges(ctx, tx, []int64{cur.RecordID}, now)
	})
	if err != nil {
		return fmt.Errorf("delete item %s: %w", barcode, err)
	}
	db.notify()
	return nil
}

// lockItemWhere reads one item by a condition on one parameter, locking its
// row on PostgreSQL until the transaction ends.
func lockItemWhere(ctx context.Context, tx txn, where string, arg any) (library.Item, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+itemColumns+` FROM items WHERE `+where+tx.d.lockRow("FOR UPDATE"), arg)
	if err != nil {
		return library.Item{}, err
	}
	its, err := scanItems(rows)
	if err != nil {
		return library.Item{}, err
	}
	if len(its) == 0 {
		return library.Item{}, &library.Error{Code: library.ENOTFOUND, Key: "error.catalogue_item_not_found",
			Message: fmt.Sprintf("item %v not found", arg)}
	}
	return its[0], nil
}

// checkFree refuses an item that circulation has.
func checkFree(ctx context.Context, tx txn, it library.Item) error {
	key, err := blockKey(ctx, tx, it)
	if err != nil || key == "" {
		return err
	}
	return &library.BlockedError{Barcodes: []string{it.Barcode}, Err: &library.Error{Code: library.ECONFLICT, Key: key, Count: 1,
		Message: fmt.Sprintf("item %s is %s", it.Barcode, strings.TrimPrefix(key, "error.catalogue_item_"))}}
}

// blockKey returns why circulation has an item, or "".
func blockKey(ctx context.Context, tx txn, it library.Item) (string, error) {
	switch it.Status {
	case library.OnLoan:
		return "error.catalogue_item_on_loan", nil
	case library.InTransit:
		return "error.catalogue_item_in_transit", nil
	case library.OnHoldShelf:
		return "error.catalogue_item_on_hold_shelf", nil
	}
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM holds
		WHERE (assigned_item_id = $1 OR item_id = $1) AND status IN ('waiting', 'in_transit', 'ready')`, it.ID).Scan(&n)
	if err != nil {
		return "", err
	}
	if n > 0 {
		return "error.catalogue_item_held", nil
	}
	return "", nil
}

// distinct returns the IDs without repeats, in order.
func distinct(ids ...int64) []int64 {
	var out []int64
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("dry run")
