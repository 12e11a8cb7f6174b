package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// PutEFile stores a record's file (library.EFiles), replacing the one it had.
func (db *DB) PutEFile(ctx context.Context, by library.Staff, f library.EFile, now time.Time) error {
	if err := library.Permit(by, library.ActELibrary, library.ConsortiumScope); err != nil {
		return err
	}
	if f.RecordID == 0 || f.Name == "" || f.MediaType == "" || len(f.Bytes) == 0 {
		return library.Errorf(library.EINVALID, "e-file of record %d: no name, media type or bytes", f.RecordID)
	}
	err := db.inTx(ctx, func(tx txn) error {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO e_files (record_id, name, media_type, size, bytes, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (record_id) DO UPDATE SET name = excluded.name, media_type = excluded.media_type,
				size = excluded.size, bytes = excluded.bytes, updated_at = excluded.updated_at`,
			f.RecordID, f.Name, f.MediaType, len(f.Bytes), f.Bytes, utc(now))
		return err
	})
	if err != nil {
		return fmt.Errorf("put e-file of record %d: %w", f.RecordID, err)
	}
	return nil
}

// EFile returns a record's file (library.EFiles).
func (db *DB) EFile(ctx context.Context, recordID int64) (library.EFile, error) {
	f := library.EFile{RecordID: recordID}
	err := db.reader().QueryRowContext(ctx, `SELECT name, media_type, bytes, updated_at FROM e_files WHERE record_id = $1`,
		recordID).Scan(&f.Name, &f.MediaType, &f.Bytes, &f.Updated)
	if errors.Is(err, sql.ErrNoRows) {
		return library.EFile{}, &library.Error{Code: library.ENOTFOUND, Key: "error.elib_file_not_found",
			Message: fmt.Sprintf("record %d has no e-file", recordID)}
	}
	if err != nil {
		return library.EFile{}, fmt.Errorf("e-file of record %d: %w", recordID, err)
	}
	f.Updated = f.Updated.UTC()
	return f, nil
}

// MoveDistributor rewrites the addresses of a distributor that moved
// from one base address to another ("http://127.0.0.1:41234" to
// "http://127.0.0.1:38111"): its licences' checkout and info links, their
// loans' links and the links (covers, open-access downloads) of the
// records it supplies. The demo's distributor listens on a port of its
// own that may change between starts. It returns how many licences
// changed.
func (db *DB) MoveDistributor(ctx context.Context, distributor, from, to string) (int, error) {
	if from == "" || from == to {
		return 0, nil
	}
	links := `links = REPLACE(links, $1, $2)`
	if db.dialect == postgres {
		links = `links = REPLACE(links::text, $1, $2)::jsonb`
	}
	var n int
	err := db.inTx(ctx, func(tx txn) error {
		var err error
		n, err = execCount(ctx, tx, `UPDATE e_licences SET checkout_url = REPLACE(checkout_url, $1, $2),
			status_url = REPLACE(status_url, $1, $2) WHERE distributor = $3`, from, to, distributor)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE e_loans SET link = REPLACE(link, $1, $2), status_url = REPLACE(status_url, $1, $2)
			WHERE licence_id IN (SELECT id FROM e_licences WHERE distributor = $3)`, from, to, distributor); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE records SET `+links+`
			WHERE id IN (SELECT record_id FROM e_licences WHERE distributor = $3)`, from, to, distributor)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("move distributor %s: %w", distributor, err)
	}
	return n, nil
}
