package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

const itemColumns = `id, record_id, barcode, home_branch, branch, call_number, shelf, collection, status, due_at, updated, price`

// Items returns the items of a record ordered by branch and barcode. A
// record without items, or no record at all, has none.
func (db *DB) Items(ctx context.Context, recordID int64) ([]library.Item, error) {
	m, err := itemsOfRange(ctx, db.reader(), recordID, recordID)
	if err != nil {
		return nil, fmt.Errorf("items of record %d: %w", recordID, err)
	}
	return m[recordID], nil
}

// Item returns the item with a barcode, or an ENOTFOUND error.
func (db *DB) Item(ctx context.Context, barcode string) (library.Item, error) {
	it, err := itemByBarcode(ctx, db.reader(), barcode)
	if err != nil {
		return library.Item{}, fmt.Errorf("item %s: %w", barcode, err)
	}
	return it, nil
}

// SetItemStatus moves the item with barcode from status from to status to
// at branch ("" keeps its branch), with due date due (zero for none). The
// status test is part of the UPDATE, so of two desks lending one copy at
// once exactly one succeeds; the other gets ECONFLICT.
func (db *DB) SetItemStatus(ctx context.Context, barcode string, from, to library.ItemStatus, branch string, due time.Time) (library.Item, error) {
	if !slices.Contains(library.ItemStatuses, to) {
		return library.Item{}, library.Errorf(library.EINVALID, "set item %s status: unknown status %q", barcode, to)
	}
	var it library.Item
	err := db.inTx(ctx, func(tx txn) error {
		var err error
		it, err = setItemStatus(ctx, tx, barcode, from, to, branch, due, db.timestamp())
		if err != nil {
			return err
		}
		return db.appendChanges(ctx, tx, []int64{it.RecordID}, it.Updated)
	})
	if err != nil {
		return library.Item{}, fmt.Errorf("set item %s status %s→%s: %w", barcode, from, to, err)
	}
	db.notify()
	return it, nil
}

func setItemStatus(ctx context.Context, tx txn, barcode string, from, to library.ItemStatus, branch string, due, now time.Time) (library.Item, error) {
	rows, err := tx.QueryContext(ctx, `
		UPDATE items SET status = $1, branch = COALESCE(NULLIF($2, ''), branch), due_at = $3, updated = $4
		WHERE barcode = $5 AND status = $6
		RETURNING `+itemColumns,
		string(to), branch, nullTime(due), now, barcode, string(from))
	if err != nil {
		return library.Item{}, err
	}
	its, err := scanItems(rows)
	if err != nil {
		return library.Item{}, err
	}
	if len(its) == 1 {
		return its[0], nil
	}
	// Nothing matched: say why.
	it, err := itemByBarcode(ctx, tx, barcode)
	if err != nil {
		return library.Item{}, err
	}
	return library.Item{}, &library.Error{
		Code:    library.ECONFLICT,
		Key:     "error.item_status_changed",
		Message: fmt.Sprintf("item %s is %s, not %s", barcode, it.Status, from),
	}
}

func itemByBarcode(ctx context.Context, q queryer, barcode string) (library.Item, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+itemColumns+` FROM items WHERE barcode = $1`, barcode)
	if err != nil {
		return library.Item{}, err
	}
	its, err := scanItems(rows)
	if err != nil {
		return library.Item{}, err
	}
	if len(its) == 0 {
		return library.Item{}, library.Errorf(library.ENOTFOUND, "item %s not found", barcode)
	}
	return its[0], nil
}

// itemsOfRange returns the items of the records with IDs from first to
// last, keyed by record ID, each record's items ordered by branch and barcode.
func itemsOfRange(ctx context.Context, q queryer, first, last int64) (map[int64][]library.Item, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT `+itemColumns+` FROM items
		WHERE record_id BETWEEN $1 AND $2
		ORDER BY record_id, branch, barcode`, first, last)
	if err != nil {
		return nil, err
	}
	its, err := scanItems(rows)
	if err != nil {
		return nil, err
	}
	m := make(map[int64][]library.Item)
	for _, it := range its {
		m[it.RecordID] = append(m[it.RecordID], it)
	}
	return m, nil
}

// scanItems reads and closes rows of itemColumns.
func scanItems(rows *sql.Rows) ([]library.Item, error) {
	defer rows.Close()
	var its []library.Item
	for rows.Next() {
		var it library.Item
		var status string
		var due sql.NullTime
		err := rows.Scan(&it.ID, &it.RecordID, &it.Barcode, &it.HomeBranch, &it.Branch, &it.CallNumber,
			&it.Shelf, &it.Collection, &status, &due, &it.Updated, &it.Price)
		if err != nil {
			return nil, err
		}
		it.Status = library.ItemStatus(status)
		if due.Valid {
			it.DueAt = due.Time.UTC()
		}
		it.Updated = it.Updated.UTC()
		its = append(its, it)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return its, rows.Close()
}
