package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/marc"
)

// Cataloguing keeps the MARC record as the source of truth: every save,
// from the form or from the MARC editor, builds the MARC record first and
// derives the record's searchable columns from it with marc.ToLibrary, the
// importer's own mapping, so that a catalogued record and an imported one
// look alike to search, the record page and the harvesters.
//
// A save leaves source_id and content_hash as they are: the identity stays
// what the source catalogue knows, and a nightly re-import of a source
// record that did not change is still skipped, keeping the cataloguer's
// edits (a changed source record wins, as the import owns what it brings).

// DB implements library.Cataloguing.
var _ library.Cataloguing = (*DB)(nil)

// catalogueAgency is the 003 of records created here, as marc.FromLibrary
// writes for records it numbers: a new record is "Kirjasto <id>".
const catalogueAgency = "Kirjasto"

// CatalogueRecord returns a record as the cataloguing pages edit it: with
// its version, its form and its MARC fields. A record without a stored
// MARC record (the demo's) is shown as marc.FromLibrary builds it.
func (db *DB) CatalogueRecord(ctx context.Context, id int64) (library.CatalogueRecord, error) {
	var cr library.CatalogueRecord
	err := db.inReadTx(ctx, func(tx txn) error {
		var err error
		cr, _, err = catalogueRecord(ctx, tx, id, false)
		return err
	})
	if err != nil {
		return library.CatalogueRecord{}, fmt.Errorf("catalogue record %d: %w", id, err)
	}
	return cr, nil
}

// catalogueRecord reads a record, its version and its MARC record; lock
// takes the row for the rest of the transaction on PostgreSQL.
func catalogueRecord(ctx context.Context, tx txn, id int64, lock bool) (library.CatalogueRecord, *marc.Record, error) {
	var version int64
	q := `SELECT version FROM records WHERE id = $1`
	if lock {
		q += tx.d.lockRow("FOR UPDATE")
	}
	err := tx.QueryRowContext(ctx, q, id).Scan(&version)
	if errors.Is(err, sql.ErrNoRows) {
		return library.CatalogueRecord{}, nil, &library.Error{Code: library.ENOTFOUND, Key: "error.catalogue_record_not_found",
			Message: fmt.Sprintf("record %d not found", id)}
	}
	if err != nil {
		return library.CatalogueRecord{}, nil, err
	}
	recs, err := records(ctx, tx, id-1, 1)
	if err != nil {
		return library.CatalogueRecord{}, nil, err
	}
	if len(recs) == 0 || recs[0].ID != id {
		return library.CatalogueRecord{}, nil, library.Errorf(library.ENOTFOUND, "record %d not found", id)
	}
	m := marc.Of(recs[0], nil)
	return catalogueView(recs[0], version, m), m, nil
}

func catalogueView(rec library.Record, version int64, m *marc.Record) library.CatalogueRecord {
	leader, fields := marc.Edited(m)
	return library.CatalogueRecord{Record: rec, Version: version, Form: marc.FormOf(m), Leader: leader, Fields: fields}
}

// CreateRecord creates a record from the cataloguing form. It gets the
// next record ID, and its MARC record gets that ID as its 001 with 003
// "Kirjasto", and a 005. A form with problems fails with a
// *library.ProblemsError (EINVALID).
func (db *DB) CreateRecord(ctx context.Context, by library.Staff, form library.RecordForm) (library.CatalogueRecord, error) {
	m, ps := marc.ApplyForm(nil, form)
	if len(ps) > 0 {
		return library.CatalogueRecord{}, fmt.Errorf("create record: %w", &library.ProblemsError{Problems: ps})
	}
	return db.createRecord(ctx, by, m)
}

// CreateRecordMARC creates a record from the MARC editor's leader and
// fields. A record that comes with a control number (copy cataloguing
// from another catalogue: 001 and 003) keeps it as its identity, so that
// a later import of the same record updates this one; a record with an
// identity the catalogue has already fails with ECONFLICT
// "error.catalogue_record_exists". Without a 001 it is numbered as
// CreateRecord numbers.
func (db *DB) CreateRecordMARC(ctx context.Context, by library.Staff, leader string, fields []library.MARCField) (library.CatalogueRecord, error) {
	m, ps := marc.FromEdited(leader, fields)
	if len(ps) > 0 {
		return library.CatalogueRecord{}, fmt.Errorf("create record: %w", &library.ProblemsError{Problems: ps})
	}
	return db.createRecord(ctx, by, m)
}

func (db *DB) createRecord(ctx context.Context, by library.Staff, m *marc.Record) (library.CatalogueRecord, error) {
	var cr library.CatalogueRecord
	err := db.inTx(ctx, func(tx txn) error {
		now := db.timestamp()
		// The ID comes from the insert; the row holds a placeholder
		// identity until the MARC record that carries the ID is built.
		var id int64
		placeholder := make([]byte, 12)
		rand.Read(placeholder)
		err := tx.QueryRowContext(ctx, `
			INSERT INTO records (source_id, title, subtitle, authors, subjects, genres, language, year,
				publisher, material, isbns, issns, series, summary, audience, notes, links, popularity,
				content_hash, created, updated)
			VALUES ($1, '', '', '[]', '[]', '[]', '', 0, '', '', '[]', '[]', '', '', '', '[]', '[]', 0, '', $2, $2)
			RETURNING id`, "new "+hex.EncodeToString(placeholder), now).Scan(&id)
		if err != nil {
			return err
		}
		if m.Control("001") == "" {
			m.SetControl("001", strconv.FormatInt(id, 10))
			m.SetControl("003", catalogueAgency)
		}
		cr, err = db.writeRecord(ctx, tx, id, 0, "", m, now)
		if err != nil {
			return err
		}
		if err := audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditRecordCreate, RecordID: id,
			Library: by.Library, Detail: cr.Record.Title}, now); err != nil {
			return err
		}
		return db.appendChanges(ctx, tx, []int64{id}, now)
	})
	if err != nil {
		return library.CatalogueRecord{}, fmt.Errorf("create record: %w", err)
	}
	db.notify()
	db.matchSavedRecord(ctx, cr.Record.ID)
	return cr, nil
}

// UpdateRecordForm saves the cataloguing form over record id. version is
// the Version of the CatalogueRecord the cataloguer edited: if someone has
// saved the record since (or an import has updated it), the save fails
// with ECONFLICT "error.catalogue_record_changed" and changes nothing.
// Only the sections of the form that changed are rewritten in the MARC
// record (see marc.ApplyForm); the rest of it stays.
func (db *DB) UpdateRecordForm(ctx context.Context, by library.Staff, id, version int64, form library.RecordForm) (library.CatalogueRecord, error) {
	return db.updateRecord(ctx, by, id, version, library.AuditRecordEdit, func(base *marc.Record) (*marc.Record, []library.Problem) {
		return marc.ApplyForm(base, form)
	})
}

// UpdateRecordMARC saves the MARC editor's leader and fields as record
// id, checked as marc.FromEdited checks them; the control number and its
// agency (001, 003) cannot change. version works as in UpdateRecordForm.
// What is saved is what the editor sent, with a new 005: exported, it is
// the same record field for field.
func (db *DB) UpdateRecordMARC(ctx context.Context, by library.Staff, id, version int64, leader string, fields []library.MARCField) (library.CatalogueRecord, error) {
	return db.updateRecord(ctx, by, id, version, library.AuditRecordEditMARC, func(base *marc.Record) (*marc.Record, []library.Problem) {
		m, ps := marc.FromEdited(leader, fields)
		if len(ps) > 0 {
			return nil, ps
		}
		if ps := marc.CheckIdentity(base, m); len(ps) > 0 {
			return nil, ps
		}
		return m, nil
	})
}

func (db *DB) updateRecord(ctx context.Context, by library.Staff, id, version int64, action string,
	build func(base *marc.Record) (*marc.Record, []library.Problem)) (library.CatalogueRecord, error) {
	var cr library.CatalogueRecord
	err := db.inTx(ctx, func(tx txn) error {
		cur, base, err := catalogueRecord(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return changedError(id, version, cur.Version)
		}
		m, ps := build(base)
		if len(ps) > 0 {
			return &library.ProblemsError{Problems: ps}
		}
		now := db.timestamp()
		cr, err = db.writeRecord(ctx, tx, id, version, cur.Record.SourceID, m, now)
		if err != nil {
			return err
		}
		if err := audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: action, RecordID: id,
			Library: by.Library, Detail: cr.Record.Title}, now); err != nil {
			return err
		}
		return db.appendChanges(ctx, tx, []int64{id}, now)
	})
	if err != nil {
		return library.CatalogueRecord{}, fmt.Errorf("update record %d: %w", id, err)
	}
	db.notify()
	db.matchSavedRecord(ctx, id)
	return cr, nil
}

func changedError(id, edited, now int64) error {
	return &library.Error{Code: library.ECONFLICT, Key: "error.catalogue_record_changed",
		Message: fmt.Sprintf("record %d was changed by someone else: version %d edited, %d stored", id, edited, now)}
}

// writeRecord stamps m's 005, stores it as record id's MARC record with
// the columns ToLibrary derives from it, and moves the version on from
// version (0: a record just inserted, whose version is whatever the
// insert gave). sourceID "" takes the identity from m (a new record).
func (db *DB) writeRecord(ctx context.Context, tx txn, id, version int64, sourceID string, m *marc.Record, now time.Time) (library.CatalogueRecord, error) {
	m.Stamp(now)
	b, err := marc.Marshal(m)
	if err != nil {
		return library.CatalogueRecord{}, library.Errorf(library.EINVALID, "record %d: %v", id, err)
	}
	// What is stored is what is read back: the record as it will be
	// exported, with the leader's computed positions filled in.
	stored, err := marc.Unmarshal(b)
	if err != nil {
		return library.CatalogueRecord{}, fmt.Errorf("record %d: read back: %w", id, err)
	}
	rec, _, err := marc.ToLibrary(stored)
	if err != nil {
		return library.CatalogueRecord{}, err
	}
	if sourceID != "" {
		rec.SourceID = sourceID
	}
	rec.ID, rec.MARC, rec.Updated = id, b, now
	q := `
		UPDATE records SET source_id = $1, title = $2, subtitle = $3, authors = $4, subjects = $5, genres = $6,
			language = $7, year = $8, publisher = $9, material = $10, isbns = $11, issns = $12, series = $13,
			summary = $14, audience = $15, notes = $16, links = $17, marc = $18, updated = $19, version = version + 1
		WHERE id = $20`
	args := []any{rec.SourceID, rec.Title, rec.Subtitle, jsonText(rec.Authors), jsonText(rec.Subjects),
		jsonText(rec.Genres), rec.Language, rec.Year, rec.Publisher, string(rec.Material), jsonText(rec.ISBNs),
		jsonText(rec.ISSNs), rec.Series, rec.Summary, rec.Audience, jsonText(rec.Notes), jsonText(rec.Links), b, now, id}
	if version != 0 {
		// The check that makes concurrent saves safe: on PostgreSQL a
		// second saver waits for the first's row lock and then finds the
		// version moved on.
		q += ` AND version = $21`
		args = append(args, version)
	}
	q += ` RETURNING version, popularity, created`
	err = tx.QueryRowContext(ctx, q, args...).Scan(&version, &rec.Popularity, &rec.Created)
	if errors.Is(err, sql.ErrNoRows) {
		return library.CatalogueRecord{}, changedError(id, version, -1)
	}
	if isUniqueViolation(err) {
		return library.CatalogueRecord{}, &library.Error{Code: library.ECONFLICT, Key: "error.catalogue_record_exists",
			Message: fmt.Sprintf("a record with identity %q exists", rec.SourceID)}
	}
	if err != nil {
		return library.CatalogueRecord{}, err
	}
	rec.Created = rec.Created.UTC()
	return catalogueView(rec, version, stored), nil
}
