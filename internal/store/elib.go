package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The e-library's licences (issue 17, docs/elib.md). A licence row is
// the unit of locking: a loan is taken, returned or offered under the row
// locks of its record's licences, so two borrowers never both take the
// last place. SQLite runs one writer at a time anyway.

// DB implements library.ELibrary.
var _ library.ELibrary = (*DB)(nil)

// licenceColumns are read by scanLicences; loans counts the open loans.
const licenceColumns = `l.id, l.record_id, l.library, l.distributor, l.identifier, l.model, l.concurrency,
	l.checkouts, l.checkouts_total, l.expires_at, l.loan_seconds, l.price, l.formats, l.checkout_url,
	l.status_url, l.status, l.updated_at,
	(SELECT count(*) FROM e_loans o WHERE o.licence_id = l.id AND o.returned_at IS NULL)`

// licenceOrder is the order loans take licences in: soonest to expire
// first (no expiry last), then the fewest checkouts left (unmetered
// last), then the oldest.
const licenceOrder = ` ORDER BY CASE WHEN l.expires_at IS NULL THEN 1 ELSE 0 END, l.expires_at,
	CASE WHEN l.checkouts_total = 0 THEN 1 ELSE 0 END, l.checkouts, l.id`

func scanLicences(rows *sql.Rows) ([]library.Licence, error) {
	defer rows.Close()
	var out []library.Licence
	for rows.Next() {
		var l library.Licence
		var expires sql.NullTime
		var secs int64
		var formats string
		if err := rows.Scan(&l.ID, &l.RecordID, &l.Library, &l.Distributor, &l.Identifier, &l.Model, &l.Concurrency,
			&l.Checkouts, &l.CheckoutsTotal, &expires, &secs, &l.Price, &formats, &l.CheckoutURL,
			&l.StatusURL, &l.Status, &l.Updated, &l.Loans); err != nil {
			return nil, err
		}
		if expires.Valid {
			l.Expires = expires.Time.UTC()
		}
		l.Updated = l.Updated.UTC()
		l.LoanLength = time.Duration(secs) * time.Second
		if err := json.Unmarshal([]byte(formats), &l.Formats); err != nil {
			return nil, fmt.Errorf("licence %d formats: %w", l.ID, err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// Licences returns a record's licences in the order loans take them.
func (db *DB) Licences(ctx context.Context, recordID int64) ([]library.Licence, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT `+licenceColumns+` FROM e_licences l WHERE l.record_id = $1`+licenceOrder, recordID)
	if err != nil {
		return nil, fmt.Errorf("licences of record %d: %w", recordID, err)
	}
	ls, err := scanLicences(rows)
	if err != nil {
		return nil, fmt.Errorf("licences of record %d: %w", recordID, err)
	}
	return ls, nil
}

// lockLicences reads a record's licences in the order loans take them
// and, on PostgreSQL, locks their rows (in ID order, so that two
// transactions never wait for each other crosswise).
func lockLicences(ctx context.Context, tx txn, recordID int64) ([]library.Licence, error) {
	if tx.d == postgres {
		if _, err := tx.ExecContext(ctx, `SELECT id FROM e_licences WHERE record_id = $1 ORDER BY id FOR UPDATE`, recordID); err != nil {
			return nil, fmt.Errorf("lock licences: %w", err)
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+licenceColumns+` FROM e_licences l WHERE l.record_id = $1`+licenceOrder, recordID)
	if err != nil {
		return nil, fmt.Errorf("licences: %w", err)
	}
	return scanLicences(rows)
}

// licenceStatus is the status a licence's terms give it at now; a
// withdrawn licence stays withdrawn.
func licenceStatus(l library.Licence, now time.Time) string {
	switch {
	case l.Status == library.LicenceWithdrawn:
		return l.Status
	case !l.Expires.IsZero() && !now.Before(l.Expires):
		return library.LicenceExpired
	case l.CheckoutsTotal > 0 && l.Checkouts <= 0:
		return library.LicenceUsedUp
	}
	return library.LicenceActive
}

// licenceScope is where staff act on a library's licences: the shared
// collection's are the consortium's.
func licenceScope(lib string) library.Scope {
	if lib == "" {
		return library.ConsortiumScope
	}
	return library.LibraryScope(lib)
}

// UpsertLicences adds licences or updates them by (Distributor,
// Identifier): their terms (checkouts left, expiry, concurrency, ...)
// change and their open loans stay. A licence's record and library never
// change once stored. Places that new or renewed terms free go to the
// e-holds waiting for them. It returns how many licences it stored; the
// whole batch is refused when one is bad, since a feed's importer checks
// each entry first and sends only good ones.
func (db *DB) UpsertLicences(ctx context.Context, by library.Staff, ls []library.Licence, now time.Time) (int, error) {
	now = utc(now)
	for _, l := range ls {
		if err := library.Permit(by, library.ActELibrary, licenceScope(l.Library)); err != nil {
			return 0, err
		}
		if err := l.Check(); err != nil {
			return 0, err
		}
	}
	err := db.circTx(ctx, func(tx txn) error {
		records := map[int64]bool{}
		libs := map[string]bool{}
		for _, l := range ls {
			if l.Model != library.ModelODL {
				l.Concurrency = 0 // simultaneous, cost per circulation and open access lend to any number
			}
			if l.Status == "" || l.Status == library.LicenceExpired || l.Status == library.LicenceUsedUp {
				l.Status = library.LicenceActive // the terms decide
			}
			l.Status = licenceStatus(l, now)
			if l.Formats == nil {
				l.Formats = []string{}
			}
			var known int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM records WHERE id = $1`, l.RecordID).Scan(&known); err != nil {
				return err
			}
			if known == 0 {
				return &library.Error{Code: library.EINVALID, Key: "error.elib_licence_invalid",
					Message: fmt.Sprintf("licence %s/%s: record %d not found", l.Distributor, l.Identifier, l.RecordID)}
			}
			// A feed published before Kirjasto's latest checkouts must not
			// give their checkouts back: with the same terms, the lower
			// count left stands.
			var had, hadTotal int
			err := tx.QueryRowContext(ctx, `SELECT checkouts, checkouts_total FROM e_licences WHERE distributor = $1 AND identifier = $2`,
				l.Distributor, l.Identifier).Scan(&had, &hadTotal)
			switch {
			case err == nil && hadTotal == l.CheckoutsTotal && had < l.Checkouts:
				l.Checkouts = had
				l.Status = licenceStatus(l, now)
			case err != nil && !errors.Is(err, sql.ErrNoRows):
				return err
			}
			var record int64
			err = tx.QueryRowContext(ctx, `
				INSERT INTO e_licences (record_id, library, distributor, identifier, model, concurrency, checkouts,
					checkouts_total, expires_at, loan_seconds, price, formats, checkout_url, status_url, status, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
				ON CONFLICT (distributor, identifier) DO UPDATE SET model = excluded.model,
					concurrency = excluded.concurrency, checkouts = excluded.checkouts,
					checkouts_total = excluded.checkouts_total, expires_at = excluded.expires_at,
					loan_seconds = excluded.loan_seconds, price = excluded.price, formats = excluded.formats,
					checkout_url = excluded.checkout_url, status_url = excluded.status_url,
					status = excluded.status, updated_at = excluded.updated_at
				RETURNING record_id`,
				l.RecordID, l.Library, l.Distributor, l.Identifier, l.Model, l.Concurrency, l.Checkouts,
				l.CheckoutsTotal, nullTime(l.Expires), int64(l.LoanLength/time.Second), l.Price, jsonText(l.Formats),
				l.CheckoutURL, l.StatusURL, l.Status, now).Scan(&record)
			if err != nil {
				return fmt.Errorf("licence %s/%s: %w", l.Distributor, l.Identifier, err)
			}
			records[record] = true
			libs[l.Library] = true
		}
		for id := range records {
			if _, err := offerPlaces(ctx, tx, id, now); err != nil {
				return err
			}
		}
		for lib := range libs {
			if err := audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditELicences, Library: lib,
				Detail: fmt.Sprintf("%d licences", len(ls))}, now); err != nil {
				return err
			}
		}
		return db.appendChanges(ctx, tx, slices.Sorted(maps.Keys(records)), now)
	})
	if err != nil {
		return 0, fmt.Errorf("upsert licences: %w", err)
	}
	db.notify()
	return len(ls), nil
}

// LicencesToRenew returns the licences of the libraries ("" is the
// shared collection's; none is every library's) that stopped lending or
// soon will: expired, used up, expiring within the duration, or with few
// checkouts left (at most a tenth of them, and at least two).
func (db *DB) LicencesToRenew(ctx context.Context, libs []string, within time.Duration, now time.Time) ([]library.Licence, error) {
	now = utc(now)
	q := `SELECT ` + licenceColumns + ` FROM e_licences l
		WHERE l.model <> 'open' AND (l.status IN ('expired', 'used_up')
		   OR (l.status = 'active' AND (l.expires_at < $1
		       OR (l.checkouts_total > 0 AND (l.checkouts <= 2 OR l.checkouts * 10 <= l.checkouts_total)))))`
	args := []any{now.Add(within)}
	if len(libs) > 0 {
		var ps []string
		for _, lib := range libs {
			args = append(args, lib)
			ps = append(ps, fmt.Sprintf("$%d", len(args)))
		}
		q += ` AND l.library IN (` + strings.Join(ps, ", ") + `)`
	}
	rows, err := db.reader().QueryContext(ctx, q+licenceOrder, args...)
	if err != nil {
		return nil, fmt.Errorf("licences to renew: %w", err)
	}
	ls, err := scanLicences(rows)
	if err != nil {
		return nil, fmt.Errorf("licences to renew: %w", err)
	}
	return ls, nil
}
