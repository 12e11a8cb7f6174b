package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// MaxBatchItems is the most barcodes one batch change takes: a shelf's or
// a branch's worth, small enough for one transaction.
const MaxBatchItems = 5000

// BatchItems changes many items, named by barcode, in one transaction,
// and returns what became of each barcode, in the order given (a barcode
// listed twice counts once).
//
// It is per item, not all or nothing: a barcode that is not found, or an
// item circulation has (whose status cannot change), is reported as
// refused or not found, with the reason's key, and the others change. A
// list of barcodes scanned from a shelf nearly always holds a copy or two
// that went out since; refusing the whole shelf for them helps nobody.
// With dryRun the same work is done and rolled back: the outcomes are
// what a real run would do now, which is the page's preview step; the
// real run reports again what it did, in case the desk lent a copy in
// between.
//
// A batch with nothing to change, an unknown status or branch, or more
// than MaxBatchItems barcodes fails with EINVALID.
func (db *DB) BatchItems(ctx context.Context, by library.Staff, b library.ItemBatch, dryRun bool) ([]library.BatchOutcome, error) {
	var barcodes []string
	for _, bc := range b.Barcodes {
		if bc = strings.TrimSpace(bc); bc != "" && !slices.Contains(barcodes, bc) {
			barcodes = append(barcodes, bc)
		}
	}
	b.CallNumberPrefix = strings.TrimSpace(b.CallNumberPrefix)
	switch {
	case len(barcodes) == 0:
		return nil, &library.Error{Code: library.EINVALID, Key: "error.catalogue_batch_empty", Message: "batch: no barcodes"}
	case len(barcodes) > MaxBatchItems:
		return nil, &library.Error{Code: library.EINVALID, Key: "error.catalogue_batch_too_large", Count: MaxBatchItems,
			Message: fmt.Sprintf("batch: %d barcodes, at most %d", len(barcodes), MaxBatchItems)}
	case b.Status == "" && b.HomeBranch == "" && b.Shelf == "" && b.CallNumberPrefix == "":
		return nil, &library.Error{Code: library.EINVALID, Key: "error.catalogue_batch_nothing", Message: "batch: nothing to change"}
	case b.Status != "" && !slices.Contains(library.CatalogueStatuses, b.Status):
		return nil, &library.Error{Code: library.EINVALID, Key: "error.catalogue_status_not_allowed",
			Message: fmt.Sprintf("batch: status %q is not one cataloguing sets", b.Status)}
	case strings.ContainsAny(b.CallNumberPrefix, " \t"):
		return nil, &library.Error{Code: library.EINVALID, Key: "error.catalogue_call_number_prefix",
			Message: fmt.Sprintf("batch: call number prefix %q is more than one word", b.CallNumberPrefix)}
	}
	var outcomes []library.BatchOutcome
	err := db.inTx(ctx, func(tx txn) error {
		if b.HomeBranch != "" {
			if err := branchExists(ctx, tx, b.HomeBranch); err != nil {
				return err
			}
		}
		now := db.timestamp()
		outcomes = make([]library.BatchOutcome, 0, len(barcodes))
		var changed []int64
		var barcodesChanged []string
		for _, bc := range barcodes {
			o, err := batchOne(ctx, tx, b, bc)
			if err != nil {
				return err
			}
			if o.Outcome == library.BatchChanged {
				rows, err := tx.QueryContext(ctx, `
					UPDATE items SET status = $1, home_branch = $2, branch = $3, shelf = $4, call_number = $5, updated = $6
					WHERE id = $7 RETURNING `+itemColumns,
					string(o.Item.Status), o.Item.HomeBranch, o.Item.Branch, o.Item.Shelf, o.Item.CallNumber, now, o.Item.ID)
				if err != nil {
					return err
				}
				its, err := scanItems(rows)
				if err != nil {
					return err
				}
				o.Item = its[0]
				changed = append(changed, o.Item.RecordID)
				barcodesChanged = append(barcodesChanged, o.Item.Barcode)
			}
			outcomes = append(outcomes, o)
		}
		if dryRun {
			return errDryRun
		}
		if len(barcodesChanged) > 0 {
			if err := audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditItemBatch, Library: by.Library,
				Detail: batchDetail(b, barcodesChanged)}, now); err != nil {
				return err
			}
		}
		return db.appendChanges(ctx, tx, distinct(changed...), now)
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return nil, fmt.Errorf("batch change of %d items: %w", len(barcodes), err)
	}
	if !dryRun {
		db.notify()
	}
	return outcomes, nil
}

// batchOne decides what the batch does to one barcode; for a change, Item
// is the item as it will be.
func batchOne(ctx context.Context, tx txn, b library.ItemBatch, barcode string) (library.BatchOutcome, error) {
	cur, err := lockItemWhere(ctx, tx, `barcode = $1`, barcode)
	if library.ErrorCode(err) == library.ENOTFOUND {
		return library.BatchOutcome{Barcode: barcode, Outcome: library.BatchNotFound, Key: "error.catalogue_item_not_found"}, nil
	}
	if err != nil {
		return library.BatchOutcome{}, err
	}
	it := cur
	if b.Status != "" && b.Status != cur.Status {
		key, err := blockKey(ctx, tx, cur)
		if err != nil {
			return library.BatchOutcome{}, err
		}
		if key != "" {
			return library.BatchOutcome{Barcode: barcode, Outcome: library.BatchRefused, Key: key, Item: cur}, nil
		}
		it.Status = b.Status
	}
	if b.HomeBranch != "" {
		// A copy on the shelf moves with its ownership; one that
		// circulation has gets there when it comes back.
		if !it.Status.Circulating() {
			it.Branch = b.HomeBranch
		}
		it.HomeBranch = b.HomeBranch
	}
	if b.Shelf != "" {
		it.Shelf = b.Shelf
	}
	if b.CallNumberPrefix != "" {
		_, mark, _ := strings.Cut(it.CallNumber, " ")
		it.CallNumber = strings.TrimSpace(b.CallNumberPrefix + " " + mark)
	}
	if it == cur {
		return library.BatchOutcome{Barcode: barcode, Outcome: library.BatchUnchanged, Item: cur}, nil
	}
	return library.BatchOutcome{Barcode: barcode, Outcome: library.BatchChanged, Item: it}, nil
}
