package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// UpsertRecords inserts or updates records matched by SourceID and
// replaces their items matched by barcode, all in one transaction. It
// fills in the IDs of recs' records and items.
//
// The import owns a copy's description (home branch, call number, shelf,
// collection); circulation owns where it is and what is happening to it
// (branch, status, due date), so for an item that already exists those
// come from the database, and the import's values only seed new items. An
// item the import no longer lists is deleted unless it is on loan.
//
// A record whose imported form is byte for byte what was imported last time
// is skipped, so a nightly full re-import writes, and announces on the
// change feed, only what changed.
//
// Speed comes from doing each step for the whole batch in a few multi-row
// statements rather than a round trip per row.
func (db *DB) UpsertRecords(ctx context.Context, recs []library.RecordWithItems) ([]library.UpsertResult, error) {
	if len(recs) == 0 {
		return nil, nil
	}
	if err := validateBatch(recs); err != nil {
		return nil, fmt.Errorf("upsert records: %w", err)
	}
	// Hash before taking the write lock, which on SQLite every writer waits for.
	hashes := make([]string, len(recs))
	for i, r := range recs {
		hashes[i] = contentHash(r)
	}
	var results []library.UpsertResult
	var changed bool
	err := db.inTx(ctx, func(tx txn) error {
		var err error
		results, changed, err = db.upsertRecords(ctx, tx, recs, hashes)
		return err
	})
	if err != nil {
		if isUniqueViolation(err) {
			return nil, db.barcodeConflict(ctx, recs, err)
		}
		return nil, fmt.Errorf("upsert records: %w", err)
	}
	if changed {
		db.notify()
	}
	return results, nil
}

// validateBatch rejects a batch that could not be stored as a whole, with
// a message that names the record at fault.
func validateBatch(recs []library.RecordWithItems) error {
	sources := make(map[string]int, len(recs))
	barcodes := make(map[string]int, 5*len(recs))
	for i, r := range recs {
		src := r.Record.SourceID
		if src == "" {
			return library.Errorf(library.EINVALID, "record %d of the batch (%q) has no source ID", i, r.Record.Title)
		}
		if j, ok := sources[src]; ok {
			return library.Errorf(library.EINVALID, "records %d and %d of the batch have the same source ID %q", j, i, src)
		}
		sources[src] = i
		for _, it := range r.Items {
			if it.Barcode == "" {
				return library.Errorf(library.EINVALID, "record %q has an item without a barcode", src)
			}
			if j, ok := barcodes[it.Barcode]; ok {
				return library.Errorf(library.EINVALID, "barcode %s is on both record %q and record %q",
					it.Barcode, recs[j].Record.SourceID, src)
			}
			barcodes[it.Barcode] = i
			if it.Status != "" && !slices.Contains(library.ItemStatuses, it.Status) {
				return library.Errorf(library.EINVALID, "item %s of record %q has unknown status %q", it.Barcode, src, it.Status)
			}
		}
	}
	return nil
}

// existingRecord is what the upsert needs to know of a stored record.
type existingRecord struct {
	id   int64
	hash string
}

// upsertRecords does UpsertRecords's work in tx; hashes[i] is recs[i]'s
// contentHash. It reports whether it appended to the change feed.
func (db *DB) upsertRecords(ctx context.Context, tx txn, recs []library.RecordWithItems, hashes []string) ([]library.UpsertResult, bool, error) {
	now := db.timestamp()
	sources := make([]any, len(recs))
	for i, r := range recs {
		sources[i] = r.Record.SourceID
	}
	existing, err := existingRecords(ctx, tx, sources)
	if err != nil {
		return nil, false, err
	}

	// Write the records that are new or changed, and learn their IDs.
	var write []int
	results := make([]library.UpsertResult, len(recs))
	for i, r := range recs {
		e, ok := existing[r.Record.SourceID]
		results[i] = library.UpsertResult{ID: e.id, Created: !ok}
		if !ok || e.hash != hashes[i] {
			write = append(write, i)
		}
	}
	ids, err := writeRecords(ctx, tx, recs, hashes, write, now)
	if err != nil {
		return nil, false, err
	}
	for i := range recs {
		if results[i].ID == 0 {
			results[i].ID = ids[recs[i].Record.SourceID]
		}
		recs[i].Record.ID = results[i].ID
	}

	// Items: diff every written record that existed against its stored items.
	var old []any
	for _, i := range write {
		if !results[i].Created {
			old = append(old, results[i].ID)
		}
	}
	stored, err := storedItems(ctx, tx, old)
	if err != nil {
		return nil, false, err
	}
	var insert []*library.Item
	var update []library.Item
	var remove []any
	writing := make(map[int]bool, len(write))
	for _, i := range write {
		writing[i] = true
		r := &recs[i]
		have := stored[r.Record.ID]
		listed := make(map[string]bool, len(r.Items))
		for j := range r.Items {
			it := &r.Items[j]
			it.RecordID = r.Record.ID
			listed[it.Barcode] = true
			s, ok := have[it.Barcode]
			if !ok {
				insert = append(insert, it)
				continue
			}
			it.ID = s.ID
			if s.HomeBranch != it.HomeBranch || s.CallNumber != it.CallNumber || s.Shelf != it.Shelf || s.Collection != it.Collection {
				update = append(update, *it)
			}
		}
		for bc, s := range have {
			if !listed[bc] && s.Status != library.OnLoan {
				remove = append(remove, s.ID)
			}
		}
	}
	// Delete first, so that a copy moved from one record of the batch to
	// another frees its barcode before it is inserted again.
	if err := deleteItems(ctx, tx, remove); err != nil {
		return nil, false, err
	}
	if err := updateItems(ctx, tx, update, now); err != nil {
		return nil, false, err
	}
	if err := insertItems(ctx, tx, insert, now); err != nil {
		return nil, false, err
	}

	// Unchanged records were skipped; their callers still want item IDs.
	var skipped []any
	for i := range recs {
		if !writing[i] && len(recs[i].Items) > 0 {
			skipped = append(skipped, recs[i].Record.ID)
		}
	}
	if err := fillItemIDs(ctx, tx, recs, skipped); err != nil {
		return nil, false, err
	}

	changes := make([]int64, len(write))
	for k, i := range write {
		changes[k] = recs[i].Record.ID
	}
	if err := db.appendChanges(ctx, tx, changes, now); err != nil {
		return nil, false, err
	}
	return results, len(changes) > 0, nil
}

// contentHash fingerprints a record and its items as imported, leaving
// out what the store fills in.
func contentHash(r library.RecordWithItems) string {
	rec := r.Record
	rec.ID, rec.Created, rec.Updated = 0, time.Time{}, time.Time{}
	items := make([]library.Item, len(r.Items))
	for i, it := range r.Items {
		it.ID, it.RecordID, it.Updated = 0, 0, time.Time{}
		items[i] = it
	}
	sum := sha256.Sum256([]byte(jsonText(library.RecordWithItems{Record: rec, Items: items})))
	return hex.EncodeToString(sum[:16])
}

func existingRecords(ctx context.Context, tx txn, sources []any) (map[string]existingRecord, error) {
	m := make(map[string]existingRecord, len(sources))
	err := inChunks(sources, 1, func(chunk []any) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, source_id, content_hash FROM records WHERE source_id IN (`+
			placeholders(len(chunk), 1)+`)`, chunk...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e existingRecord
			var src string
			if err := rows.Scan(&e.id, &src, &e.hash); err != nil {
				return err
			}
			m[src] = e
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("find existing records: %w", err)
	}
	return m, nil
}

// storedItems returns the items of records, by record ID and barcode.
func storedItems(ctx context.Context, tx txn, recordIDs []any) (map[int64]map[string]library.Item, error) {
	m := make(map[int64]map[string]library.Item, len(recordIDs))
	err := inChunks(recordIDs, 1, func(chunk []any) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+itemColumns+` FROM items WHERE record_id IN (`+
			placeholders(len(chunk), 1)+`)`, chunk...)
		if err != nil {
			return err
		}
		its, err := scanItems(rows)
		if err != nil {
			return err
		}
		for _, it := range its {
			if m[it.RecordID] == nil {
				m[it.RecordID] = make(map[string]library.Item)
			}
			m[it.RecordID][it.Barcode] = it
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read stored items: %w", err)
	}
	return m, nil
}

// fillItemIDs sets the IDs of the items of records that were not written.
func fillItemIDs(ctx context.Context, tx txn, recs []library.RecordWithItems, recordIDs []any) error {
	if len(recordIDs) == 0 {
		return nil
	}
	stored, err := storedItems(ctx, tx, recordIDs)
	if err != nil {
		return err
	}
	for i := range recs {
		r := &recs[i]
		for j := range r.Items {
			if s, ok := stored[r.Record.ID][r.Items[j].Barcode]; ok {
				r.Items[j].ID, r.Items[j].RecordID = s.ID, r.Record.ID
			}
		}
	}
	return nil
}

// barcodeConflict explains a unique violation after the batch has been
// rolled back: it names a barcode of the batch that belongs to a record
// outside it. Looking only when the insert has failed keeps the check off
// the path of every batch that succeeds.
func (db *DB) barcodeConflict(ctx context.Context, recs []library.RecordWithItems, err error) error {
	conflict := &library.Error{Code: library.ECONFLICT, Key: "error.barcode_taken",
		Message: "upsert records: " + err.Error()}
	owner := make(map[string]string) // barcode → source ID in the batch
	var barcodes []any
	for _, r := range recs {
		for _, it := range r.Items {
			owner[it.Barcode] = r.Record.SourceID
			barcodes = append(barcodes, it.Barcode)
		}
	}
	inChunks(barcodes, 0, func(chunk []any) error {
		rows, err := db.reader().QueryContext(ctx, `
			SELECT items.barcode, records.source_id FROM items JOIN records ON records.id = items.record_id
			WHERE items.barcode IN (`+placeholders(len(chunk), 1)+`)`, chunk...)
		if err != nil {
			return err // the database's own message stands
		}
		defer rows.Close()
		for rows.Next() {
			var barcode, source string
			if rows.Scan(&barcode, &source) == nil && owner[barcode] != source {
				conflict.Message = fmt.Sprintf("upsert records: barcode %s of record %q already belongs to record %q",
					barcode, owner[barcode], source)
				return errStop
			}
		}
		return rows.Err()
	})
	return conflict
}

// errStop ends an inChunks loop early.
var errStop = errors.New("stop")
