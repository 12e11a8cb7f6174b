package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// MergeRecords merges record drop into record keep, two records of the
// same edition (a duplicate from a second import, a record catalogued
// twice), in one transaction: drop's copies, holds, ratings, list entries
// and reading history move to keep, as do its past loans and fees (which
// name the record), its popularity adds to keep's, and drop is deleted
// with a tombstone for OAI-PMH harvesters. Both reach the search index
// through the change feed.
//
// Where a patron has both, keep's wins and drop's goes: a rating of each
// (keep's stays), a list with both, and a waiting hold on drop beside an
// open hold on keep (the waiting one is cancelled, so that they are not
// sent two copies). The result counts what moved.
//
// A record merged into itself fails with EINVALID
// "error.catalogue_merge_same"; records of different material (a book and
// its audiobook are two editions, not one) with EINVALID
// "error.catalogue_merge_material".
func (db *DB) MergeRecords(ctx context.Context, by library.Staff, keep, drop int64) (library.RecordMerge, error) {
	res := library.RecordMerge{Kept: keep, Deleted: drop}
	if keep == drop {
		return res, &library.Error{Code: library.EINVALID, Key: "error.catalogue_merge_same",
			Message: fmt.Sprintf("merge record %d into itself", keep)}
	}
	err := db.inTx(ctx, func(tx txn) error {
		// Lock in ID order, so that two merges of the same pair cannot
		// deadlock on PostgreSQL.
		first, second := min(keep, drop), max(keep, drop)
		a, _, err := catalogueRecord(ctx, tx, first, true)
		if err != nil {
			return err
		}
		b, _, err := catalogueRecord(ctx, tx, second, true)
		if err != nil {
			return err
		}
		if a.Record.Material != b.Record.Material {
			return &library.Error{Code: library.EINVALID, Key: "error.catalogue_merge_material",
				Message: fmt.Sprintf("record %d is %s, record %d is %s", a.Record.ID, a.Record.Material, b.Record.ID, b.Record.Material)}
		}
		now := db.timestamp()
		// The tombstone first: it lists the libraries of drop's copies,
		// which a harvester of a library's set knew the record in.
		if err := tombstone(ctx, tx, drop, now); err != nil {
			return err
		}
		steps := []struct {
			n     *int
			query string
		}{
			// $1 keep, $2 drop, and $3 now where a step uses it.
			{&res.HoldsCancelled, `UPDATE holds SET status = 'cancelled', closed_at = $3
				WHERE record_id = $2 AND status = 'waiting' AND patron_id IN (
					SELECT patron_id FROM holds WHERE record_id = $1 AND status IN ('waiting', 'in_transit', 'ready'))`},
			{&res.Items, `UPDATE items SET record_id = $1, updated = $3 WHERE record_id = $2`},
			{&res.Holds, `UPDATE holds SET record_id = $1 WHERE record_id = $2`},
			{&res.Ratings, `UPDATE ratings SET record_id = $1 WHERE record_id = $2
				AND patron_id NOT IN (SELECT patron_id FROM ratings WHERE record_id = $1)`},
			{&res.ListEntries, `UPDATE list_records SET record_id = $1 WHERE record_id = $2
				AND list_id NOT IN (SELECT list_id FROM list_records WHERE record_id = $1)`},
			{&res.ReadingHistory, `UPDATE reading_history SET record_id = $1 WHERE record_id = $2`},
			// A librarians' pick keeps its place for the record; one that
			// lists both keeps keep's, and drop's goes with drop.
			{nil, `UPDATE pick_records SET record_id = $1 WHERE record_id = $2
				AND pick_id NOT IN (SELECT pick_id FROM pick_records WHERE record_id = $1)`},
			{nil, `UPDATE loans SET record_id = $1 WHERE record_id = $2`},
			{nil, `UPDATE fees SET record_id = $1 WHERE record_id = $2`},
			{nil, `UPDATE records SET popularity = popularity + (SELECT popularity FROM records WHERE id = $2), updated = $3
				WHERE id = $1`},
		}
		for _, s := range steps {
			args := []any{keep, drop}
			if strings.Contains(s.query, "$3") {
				args = append(args, now)
			}
			r, err := tx.ExecContext(ctx, s.query, args...)
			if err != nil {
				return fmt.Errorf("move to record %d: %w", keep, err)
			}
			if s.n != nil {
				n, err := r.RowsAffected()
				if err != nil {
					return err
				}
				*s.n = int(n)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM records WHERE id = $1`, drop); err != nil {
			return err
		}
		// Counts only: the entry names no patron whose hold or rating moved.
		err = audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditRecordMerge, RecordID: keep, Library: by.Library,
			Detail: fmt.Sprintf("record %d merged into this one: %d copies, %d holds (%d cancelled), %d ratings, %d list entries moved",
				drop, res.Items, res.Holds, res.HoldsCancelled, res.Ratings, res.ListEntries)}, now)
		if err != nil {
			return err
		}
		return db.appendChanges(ctx, tx, []int64{keep, drop}, now)
	})
	if err != nil {
		return library.RecordMerge{Kept: keep, Deleted: drop}, fmt.Errorf("merge record %d into %d: %w", drop, keep, err)
	}
	db.notify()
	return res, nil
}
