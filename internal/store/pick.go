package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Librarians' picks (library.Picks), modelled on the news items
// (content.go): every change is one transaction with its audit entry, an
// update names the Version it was made from, and a pick's library and
// branch never change. Each change also asks Permit for ActContent at the
// pick's scope, inside its transaction for the pick as it is stored.

// CreatePick adds a pick, a draft or published.
func (db *DB) CreatePick(ctx context.Context, p library.Pick, by library.Staff, now time.Time) (library.Pick, error) {
	now = instant(now)
	if err := p.Validate(); err != nil {
		return library.Pick{}, err
	}
	if err := library.Permit(by, library.ActContent, p.Scope()); err != nil {
		return library.Pick{}, err
	}
	err := db.inTx(ctx, func(tx txn) error {
		if err := pickPlaceExists(ctx, tx, p); err != nil {
			return err
		}
		if err := recordsExist(ctx, tx, p.RecordIDs(), nil); err != nil {
			return err
		}
		var id int64
		err := tx.QueryRowContext(ctx, `
			INSERT INTO picks (library, branch, title, body, status, publish_at, created_by, updated_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $8) RETURNING id`,
			p.Library, p.Branch, jsonText(p.Title), jsonText(p.Text), p.Status, nullTime(p.PublishAt),
			nullID(by.ID), now).Scan(&id)
		if err != nil {
			return err
		}
		if err := writePickRecords(ctx, tx, id, p.Records); err != nil {
			return err
		}
		if err := auditContent(ctx, tx, library.AuditPickCreate, p.Library, p.Title, "", by, now); err != nil {
			return err
		}
		p, err = readPick(ctx, tx, id)
		return err
	})
	if err != nil {
		return library.Pick{}, fmt.Errorf("create pick: %w", err)
	}
	return p, nil
}

// UpdatePick saves a pick's texts, publication and records.
func (db *DB) UpdatePick(ctx context.Context, p library.Pick, by library.Staff, now time.Time) (library.Pick, error) {
	now = instant(now)
	err := db.inTx(ctx, func(tx txn) error {
		old, err := readPick(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if err := library.Permit(by, library.ActContent, old.Scope()); err != nil {
			return err
		}
		p.Library, p.Branch = old.Library, old.Branch
		if err := p.Validate(); err != nil {
			return err
		}
		kept := map[int64]bool{}
		for _, id := range old.RecordIDs() {
			kept[id] = true
		}
		if err := recordsExist(ctx, tx, p.RecordIDs(), kept); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `
			UPDATE picks SET title = $1, body = $2, status = $3, publish_at = $4, updated_by = $5,
				updated_at = $6, version = version + 1
			WHERE id = $7 AND version = $8`,
			jsonText(p.Title), jsonText(p.Text), p.Status, nullTime(p.PublishAt), nullID(by.ID), now, p.ID, p.Version)
		if err != nil {
			return err
		}
		if err := changedOne(res, "pick", p.ID, p.Version); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM pick_records WHERE pick_id = $1`, p.ID); err != nil {
			return err
		}
		if err := writePickRecords(ctx, tx, p.ID, p.Records); err != nil {
			return err
		}
		if err := auditContent(ctx, tx, library.AuditPickUpdate, p.Library, p.Title, "", by, now); err != nil {
			return err
		}
		p, err = readPick(ctx, tx, p.ID)
		return err
	})
	if err != nil {
		return library.Pick{}, fmt.Errorf("update pick %d: %w", p.ID, err)
	}
	return p, nil
}

// PublishPick publishes a pick from at on, or from now when at is zero.
func (db *DB) PublishPick(ctx context.Context, id int64, at time.Time, by library.Staff, now time.Time) (library.Pick, error) {
	if at.IsZero() {
		at = now
	}
	return db.setPickPublication(ctx, id, library.Publication{Status: library.StatusPublished, PublishAt: instant(at)}, library.AuditPickPublish, by, now)
}

// UnpublishPick makes a pick a draft again: it leaves the public pages.
func (db *DB) UnpublishPick(ctx context.Context, id int64, by library.Staff, now time.Time) (library.Pick, error) {
	return db.setPickPublication(ctx, id, library.Publication{Status: library.StatusDraft}, library.AuditPickUnpublish, by, now)
}

func (db *DB) setPickPublication(ctx context.Context, id int64, pub library.Publication, action string, by library.Staff, now time.Time) (library.Pick, error) {
	now = instant(now)
	var p library.Pick
	err := db.inTx(ctx, func(tx txn) error {
		old, err := readPick(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := library.Permit(by, library.ActContent, old.Scope()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE picks SET status = $1, publish_at = $2, updated_by = $3, updated_at = $4,
			version = version + 1 WHERE id = $5`, pub.Status, nullTime(pub.PublishAt), nullID(by.ID), now, id); err != nil {
			return err
		}
		if p, err = readPick(ctx, tx, id); err != nil {
			return err
		}
		return auditContent(ctx, tx, action, p.Library, p.Title, "", by, now)
	})
	if err != nil {
		return library.Pick{}, fmt.Errorf("%s %d: %w", action, id, err)
	}
	return p, nil
}

// DeletePick deletes a pick for good.
func (db *DB) DeletePick(ctx context.Context, id int64, by library.Staff, now time.Time) error {
	err := db.inTx(ctx, func(tx txn) error {
		p, err := readPick(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := library.Permit(by, library.ActContent, p.Scope()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM pick_records WHERE pick_id = $1`, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM picks WHERE id = $1`, id); err != nil {
			return err
		}
		return auditContent(ctx, tx, library.AuditPickDelete, p.Library, p.Title, "", by, instant(now))
	})
	if err != nil {
		return fmt.Errorf("delete pick %d: %w", id, err)
	}
	return nil
}

// Pick returns a pick, public or not, with its records in order.
func (db *DB) Pick(ctx context.Context, id int64) (library.Pick, error) {
	var p library.Pick
	err := db.inReadTx(ctx, func(tx txn) error {
		var err error
		p, err = readPick(ctx, tx, id)
		return err
	})
	if err != nil {
		return library.Pick{}, fmt.Errorf("pick %d: %w", id, err)
	}
	return p, nil
}

// Picks returns the picks f selects, newest first, with their records,
// and their number.
func (db *DB) Picks(ctx context.Context, f library.PickFilter) ([]library.Pick, int, error) {
	where, args := contentWhere(f.Libraries, f.PublicAt)
	if f.Branch != "" {
		args = append(args, f.Branch)
		if where == "" {
			where = ` WHERE 1 = 1`
		}
		where += fmt.Sprintf(` AND (branch = '' OR branch = $%d)`, len(args))
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, 200)
	var out []library.Pick
	var total int
	err := db.inReadTx(ctx, func(tx txn) error {
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM picks`+where, args...).Scan(&total); err != nil {
			return err
		}
		var err error
		out, err = scanPicks(tx.QueryContext(ctx, pickColumns+where+
			fmt.Sprintf(` ORDER BY coalesce(publish_at, created_at) DESC, id DESC LIMIT %d OFFSET %d`, limit, max(f.Offset, 0)), args...))
		if err != nil {
			return err
		}
		for i := range out {
			if out[i].Records, err = readPickRecords(ctx, tx, out[i].ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("picks: %w", err)
	}
	return out, total, nil
}

const pickColumns = `SELECT id, library, branch, title, body, status, publish_at, created_by, updated_by, created_at, updated_at, version FROM picks`

func readPick(ctx context.Context, tx txn, id int64) (library.Pick, error) {
	ps, err := scanPicks(tx.QueryContext(ctx, pickColumns+` WHERE id = $1`, id))
	if err != nil {
		return library.Pick{}, err
	}
	if len(ps) == 0 {
		return library.Pick{}, &library.Error{Code: library.ENOTFOUND, Key: "error.pick_not_found", Message: fmt.Sprintf("pick %d not found", id)}
	}
	p := ps[0]
	p.Records, err = readPickRecords(ctx, tx, id)
	return p, err
}

func scanPicks(rows *sql.Rows, err error) ([]library.Pick, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []library.Pick
	for rows.Next() {
		var p library.Pick
		var title, body []byte
		var at sql.NullTime
		var created, updated sql.NullInt64
		if err := rows.Scan(&p.ID, &p.Library, &p.Branch, &title, &body, &p.Status, &at, &created, &updated,
			&p.Created, &p.Updated, &p.Version); err != nil {
			return nil, err
		}
		if err := unmarshalAll(title, &p.Title, body, &p.Text); err != nil {
			return nil, fmt.Errorf("pick %d: %w", p.ID, err)
		}
		p.PublishAt = fromNullTime(at)
		p.CreatedBy, p.UpdatedBy = created.Int64, updated.Int64
		p.Created, p.Updated = p.Created.UTC(), p.Updated.UTC()
		out = append(out, p)
	}
	return out, rows.Err()
}

func readPickRecords(ctx context.Context, tx txn, id int64) ([]library.PickRecord, error) {
	rows, err := tx.QueryContext(ctx, `SELECT record_id, note FROM pick_records WHERE pick_id = $1 ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []library.PickRecord{}
	for rows.Next() {
		var r library.PickRecord
		var note []byte
		if err := rows.Scan(&r.RecordID, &note); err != nil {
			return nil, err
		}
		if err := unmarshalAll(note, &r.Note); err != nil {
			return nil, fmt.Errorf("pick %d record %d: %w", id, r.RecordID, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func writePickRecords(ctx context.Context, tx txn, id int64, recs []library.PickRecord) error {
	for i, r := range recs {
		note := r.Note
		if note == nil {
			note = library.Text{}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO pick_records (pick_id, position, record_id, note) VALUES ($1, $2, $3, $4)`,
			id, i, r.RecordID, jsonText(note)); err != nil {
			return err
		}
	}
	return nil
}

// recordsExist refuses a record the catalogue does not have, but for
// those in kept: a pick's old records that the catalogue lost meanwhile
// are gone from it already (ON DELETE CASCADE), so that is only a guard.
func recordsExist(ctx context.Context, tx txn, ids []int64, kept map[int64]bool) error {
	var ask []any
	var ps []string
	for _, id := range ids {
		if !kept[id] {
			ask = append(ask, id)
			ps = append(ps, fmt.Sprintf("$%d", len(ask)))
		}
	}
	if len(ask) == 0 {
		return nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT id FROM records WHERE id IN (`+strings.Join(ps, ", ")+`)`, ask...)
	if err != nil {
		return err
	}
	defer rows.Close()
	found := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		found[id] = true
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ask {
		if !found[id.(int64)] {
			return &library.Error{Code: library.EINVALID, Key: "error.pick_record_unknown",
				Message: fmt.Sprintf("records: no record %d in the catalogue", id)}
		}
	}
	return nil
}

// pickPlaceExists refuses a library the consortium does not have, and a
// branch that is not the library's.
func pickPlaceExists(ctx context.Context, tx txn, p library.Pick) error {
	if err := contentLibraryExists(ctx, tx, p.Library); err != nil {
		return err
	}
	if p.Branch == "" {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM branches WHERE id = $1 AND library_id = $2`, p.Branch, p.Library).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return &library.Error{Code: library.EINVALID, Key: "error.pick_branch",
			Message: fmt.Sprintf("branch: %q is not a branch of %q", p.Branch, p.Library)}
	}
	return nil
}

// DB implements library.Picks.
var _ library.Picks = (*DB)(nil)
