package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// DeleteCatalogueRecord deletes record id for a cataloguer, leaving a
// tombstone so that OAI-PMH harvesters learn of the deletion, and removes
// it from the search index through the change feed. It is refused, with a
// *library.BlockedError naming the copies, while a copy is on loan
// ("error.catalogue_record_has_loans") or in transit, on the hold shelf or
// picked for a hold ("error.catalogue_record_has_held_items"); and with
// ECONFLICT while patrons wait for it ("error.catalogue_record_has_holds",
// Count the holds: merge the record into another edition instead). Its
// copies must be withdrawn first; withItems is the cataloguer's explicit
// consent to delete copies that are not ("error.catalogue_record_has_items"
// without it, Count the copies).
func (db *DB) DeleteCatalogueRecord(ctx context.Context, by library.Staff, id int64, withItems bool) error {
	err := db.inTx(ctx, func(tx txn) error {
		cr, _, err := catalogueRecord(ctx, tx, id, true)
		if err != nil {
			return err
		}
		items, err := lockedItemsOf(ctx, tx, id)
		if err != nil {
			return err
		}
		var onLoan, held []string
		active := 0
		for _, it := range items {
			key, err := blockKey(ctx, tx, it)
			if err != nil {
				return err
			}
			switch {
			case key == "error.catalogue_item_on_loan":
				onLoan = append(onLoan, it.Barcode)
			case key != "":
				held = append(held, it.Barcode)
			case it.Status != library.Withdrawn:
				active++
			}
		}
		if len(onLoan) > 0 {
			return blocked(onLoan, "error.catalogue_record_has_loans", "record %d has copies on loan: %v", id, onLoan)
		}
		if len(held) > 0 {
			return blocked(held, "error.catalogue_record_has_held_items", "record %d has copies held for patrons: %v", id, held)
		}
		var holds int
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM holds WHERE record_id = $1
			AND status IN ('waiting', 'in_transit', 'ready')`, id).Scan(&holds)
		if err != nil {
			return err
		}
		if holds > 0 {
			return &library.Error{Code: library.ECONFLICT, Key: "error.catalogue_record_has_holds", Count: holds,
				Message: fmt.Sprintf("record %d has %d open holds", id, holds)}
		}
		if active > 0 && !withItems {
			return &library.Error{Code: library.ECONFLICT, Key: "error.catalogue_record_has_items", Count: active,
				Message: fmt.Sprintf("record %d has %d copies that are not withdrawn", id, active)}
		}
		now := db.timestamp()
		detail := cr.Record.Title
		if len(items) > 0 {
			barcodes := make([]string, len(items))
			for i, it := range items {
				barcodes[i] = it.Barcode
			}
			detail += fmt.Sprintf("; %d copies deleted with it: %s", len(items), strings.Join(barcodes, " "))
		}
		if err := tombstone(ctx, tx, id, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM records WHERE id = $1`, id); err != nil {
			return err
		}
		if err := audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditRecordDelete, RecordID: id,
			Library: by.Library, Detail: detail}, now); err != nil {
			return err
		}
		return db.appendChanges(ctx, tx, []int64{id}, now)
	})
	if err != nil {
		return fmt.Errorf("delete record %d: %w", id, err)
	}
	db.notify()
	return nil
}

func blocked(barcodes []string, key, format string, args ...any) error {
	return &library.BlockedError{Barcodes: barcodes, Err: &library.Error{Code: library.ECONFLICT, Key: key,
		Count: len(barcodes), Message: fmt.Sprintf(format, args...)}}
}

// lockedItemsOf returns a record's items, locked on PostgreSQL.
func lockedItemsOf(ctx context.Context, tx txn, recordID int64) ([]library.Item, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+itemColumns+` FROM items WHERE record_id = $1 ORDER BY barcode`+
		tx.d.lockRow("FOR UPDATE"), recordID)
	if err != nil {
		return nil, err
	}
	return scanItems(rows)
}

// tombstone records the deletion of record id for OAI-PMH, as
// DeleteRecord does: its identity, material and the member libraries
// whose copies it had, which are the sets a harvester knew it in. Call it
// while the record and its items are still there.
func tombstone(ctx context.Context, tx txn, id int64, now time.Time) error {
	var sourceID, material string
	err := tx.QueryRowContext(ctx, `SELECT source_id, material FROM records WHERE id = $1`, id).Scan(&sourceID, &material)
	if errors.Is(err, sql.ErrNoRows) {
		return library.Errorf(library.ENOTFOUND, "record %d not found", id)
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO deleted_records (record_id, source_id, material, deleted)
		VALUES ($1, $2, $3, $4)`, id, sourceID, material, now); err != nil {
		return fmt.Errorf("tombstone: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO deleted_record_libraries (record_id, library_id)
		SELECT DISTINCT i.record_id, b.library_id FROM items i JOIN branches b ON b.id = i.home_branch
		WHERE i.record_id = $1`, id); err != nil {
		return fmt.Errorf("tombstone: %w", err)
	}
	return nil
}
