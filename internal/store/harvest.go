package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Open ends of a harvest's datestamp range, which both databases compare
// correctly with any stored instant.
var (
	harvestMin = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	harvestMax = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Harvest returns up to q.Limit entries, present and deleted, with IDs
// above q.AfterID, in ID order, all read from one snapshot.
func (db *DB) Harvest(ctx context.Context, q library.HarvestQuery) ([]library.HarvestEntry, error) {
	if q.Limit <= 0 {
		return nil, library.Errorf(library.EINVALID, "harvest: limit %d is not positive", q.Limit)
	}
	if kind, _, _ := strings.Cut(q.Set, ":"); kind != "" && kind != library.SetLibrary && kind != library.SetMaterial {
		return nil, library.Errorf(library.EINVALID, "harvest: no set %q", q.Set)
	}
	from, until := q.From, q.Until
	if from.IsZero() {
		from = harvestMin
	}
	if until.IsZero() {
		until = harvestMax
	}
	var entries []library.HarvestEntry
	err := db.inReadTx(ctx, func(tx txn) error {
		live, err := harvestIDs(ctx, tx, liveHarvest, q, from.UTC(), until.UTC())
		if err != nil {
			return err
		}
		gone, err := harvestIDs(ctx, tx, deletedHarvest, q, from.UTC(), until.UTC())
		if err != nil {
			return err
		}
		entries = append(live, gone...)
		slices.SortFunc(entries, func(a, b library.HarvestEntry) int { return cmp.Compare(a.ID, b.ID) })
		entries = entries[:min(len(entries), q.Limit)]
		return fillHarvest(ctx, tx, entries, q.WithRecords)
	})
	if err != nil {
		return nil, fmt.Errorf("harvest after %d: %w", q.AfterID, err)
	}
	return entries, nil
}

// HarvestRecord returns one entry with its record, or ENOTFOUND.
func (db *DB) HarvestRecord(ctx context.Context, id int64) (library.HarvestEntry, error) {
	var entries []library.HarvestEntry
	err := db.inReadTx(ctx, func(tx txn) error {
		q := library.HarvestQuery{AfterID: id - 1, Limit: 1}
		for _, h := range []harvestTable{liveHarvest, deletedHarvest} {
			e, err := harvestIDs(ctx, tx, h, q, harvestMin, harvestMax)
			if err != nil {
				return err
			}
			if len(e) > 0 && e[0].ID == id {
				entries = e[:1]
				return fillHarvest(ctx, tx, entries, true)
			}
		}
		return nil
	})
	if err != nil {
		return library.HarvestEntry{}, fmt.Errorf("harvest record %d: %w", id, err)
	}
	if len(entries) == 0 {
		return library.HarvestEntry{}, library.Errorf(library.ENOTFOUND, "record %d never existed", id)
	}
	return entries[0], nil
}

// EarliestDatestamp returns the oldest datestamp of a record or tombstone.
func (db *DB) EarliestDatestamp(ctx context.Context) (time.Time, error) {
	// ORDER BY rather than MIN, so that SQLite's driver still knows the
	// column is a timestamp.
	var t time.Time
	for _, query := range []string{
		`SELECT updated FROM records ORDER BY updated LIMIT 1`,
		`SELECT deleted FROM deleted_records ORDER BY deleted LIMIT 1`,
	} {
		var v time.Time
		err := db.reader().QueryRowContext(ctx, query).Scan(&v)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return time.Time{}, fmt.Errorf("earliest datestamp: %w", err)
		}
		if t.IsZero() || v.Before(t) {
			t = v.UTC()
		}
	}
	return t, nil
}

// harvestTable says how to select entries from the records table or the
// tombstones: the table, its ID and datestamp columns, and the subquery
// that finds a library's copies.
type harvestTable struct {
	from, id, stamp, material string
	library, anyLibrary       string // conditions: a copy in library $5, a copy anywhere
	deleted                   bool
}

var (
	liveHarvest = harvestTable{
		from: "records r", id: "r.id", stamp: "r.updated", material: "r.material",
		library: `EXISTS (SELECT 1 FROM items i JOIN branches b ON b.id = i.home_branch
			WHERE i.record_id = r.id AND b.library_id = $5)`,
		anyLibrary: `EXISTS (SELECT 1 FROM items i WHERE i.record_id = r.id)`,
	}
	deletedHarvest = harvestTable{
		from: "deleted_records d", id: "d.record_id", stamp: "d.deleted", material: "d.material",
		library: `EXISTS (SELECT 1 FROM deleted_record_libraries l
			WHERE l.record_id = d.record_id AND l.library_id = $5)`,
		anyLibrary: `EXISTS (SELECT 1 FROM deleted_record_libraries l WHERE l.record_id = d.record_id)`,
		deleted:    true,
	}
)

// harvestIDs returns the IDs and datestamps of up to q.Limit entries of one
// table that q selects.
func harvestIDs(ctx context.Context, tx txn, h harvestTable, q library.HarvestQuery, from, until time.Time) ([]library.HarvestEntry, error) {
	kind, value, _ := strings.Cut(q.Set, ":")
	where := []string{h.id + " > $1", h.stamp + " >= $2", h.stamp + " < $3"}
	args := []any{q.AfterID, from, until, q.Limit}
	switch {
	case kind == library.SetMaterial && value != "":
		where = append(where, h.material+" = $5")
		args = append(args, value)
	case kind == library.SetLibrary && value != "":
		where = append(where, h.library)
		args = append(args, value)
	case kind == library.SetLibrary:
		where = append(where, h.anyLibrary)
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+h.id+`, `+h.stamp+` FROM `+h.from+
		` WHERE `+strings.Join(where, " AND ")+` ORDER BY `+h.id+` LIMIT $4`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var entries []library.HarvestEntry
	for rows.Next() {
		e := library.HarvestEntry{Deleted: h.deleted}
		if err := rows.Scan(&e.ID, &e.Datestamp); err != nil {
			return nil, err
		}
		e.Datestamp = e.Datestamp.UTC()
		entries = append(entries, e)
	}
	return entries, rows.Err()
}

// fillHarvest adds the sets of entries, and with records their metadata.
func fillHarvest(ctx context.Context, tx txn, entries []library.HarvestEntry, withRecords bool) error {
	var live, gone []any
	for _, e := range entries {
		if e.Deleted {
			gone = append(gone, e.ID)
		} else {
			live = append(live, e.ID)
		}
	}
	sets := make(map[int64][]string)
	recs := make(map[int64]library.Record)
	err := inChunks(live, 0, func(ids []any) error {
		in := placeholders(len(ids), 1)
		if err := collectSets(ctx, tx, sets, `SELECT id, 'material:' || material FROM records WHERE id IN (`+in+`)
			UNION SELECT DISTINCT i.record_id, 'library:' || b.library_id FROM items i
			JOIN branches b ON b.id = i.home_branch WHERE i.record_id IN (`+in+`)`, ids); err != nil {
			return err
		}
		if !withRecords {
			return nil
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+recordColumns+` FROM records WHERE id IN (`+in+`)`, ids...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			r, err := scanRecord(rows)
			if err != nil {
				return err
			}
			recs[r.ID] = r
		}
		return rows.Err()
	})
	if err != nil {
		return err
	}
	err = inChunks(gone, 0, func(ids []any) error {
		in := placeholders(len(ids), 1)
		return collectSets(ctx, tx, sets, `SELECT record_id, 'material:' || material FROM deleted_records WHERE record_id IN (`+in+`)
			UNION SELECT record_id, 'library:' || library_id FROM deleted_record_libraries WHERE record_id IN (`+in+`)`, ids)
	})
	if err != nil {
		return err
	}
	for i := range entries {
		e := &entries[i]
		e.Sets = sets[e.ID]
		slices.Sort(e.Sets)
		if r, ok := recs[e.ID]; ok {
			e.Record = r
		}
	}
	return nil
}

// collectSets runs a query of (record ID, set spec) rows into sets.
func collectSets(ctx context.Context, tx txn, sets map[int64][]string, query string, ids []any) error {
	rows, err := tx.QueryContext(ctx, query, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var spec string
		if err := rows.Scan(&id, &spec); err != nil {
			return err
		}
		sets[id] = append(sets[id], spec)
	}
	return rows.Err()
}

// DeleteRecord deletes a record, its copies and what refers to it, and
// leaves a tombstone with the record's sets, all in one transaction. A
// record with a copy on loan stays: the loan must be returned first.
func (db *DB) DeleteRecord(ctx context.Context, id int64) error {
	err := db.inTx(ctx, func(tx txn) error {
		var sourceID, material string
		err := tx.QueryRowContext(ctx, `SELECT source_id, material FROM records WHERE id = $1`, id).Scan(&sourceID, &material)
		if errors.Is(err, sql.ErrNoRows) {
			return library.Errorf(library.ENOTFOUND, "record %d not found", id)
		}
		if err != nil {
			return err
		}
		var onLoan int
		err = tx.QueryRowContext(ctx, `SELECT count(*) FROM items WHERE record_id = $1 AND status = 'on_loan'`, id).Scan(&onLoan)
		if err != nil {
			return err
		}
		if onLoan > 0 {
			e := library.Errorf(library.ECONFLICT, "record %d has %d copies on loan", id, onLoan)
			e.Key = "error.item_on_loan"
			return e
		}
		now := db.timestamp()
		if _, err := tx.ExecContext(ctx, `INSERT INTO deleted_records (record_id, source_id, material, deleted)
			VALUES ($1, $2, $3, $4)`, id, sourceID, material, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO deleted_record_libraries (record_id, library_id)
			SELECT DISTINCT i.record_id, b.library_id FROM items i JOIN branches b ON b.id = i.home_branch
			WHERE i.record_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM records WHERE id = $1`, id); err != nil {
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
