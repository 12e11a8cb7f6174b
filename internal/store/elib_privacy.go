package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// The e-library's part of a patron's data: their e-loans and e-holds in
// their download, and what closing the account does to them.

// PersonalELoan is an e-loan in the patron's own download, without its
// licence link (a key to the book, not something about the patron).
type PersonalELoan struct {
	ID       int64      `json:"id"`
	RecordID int64      `json:"record_id"`
	Title    string     `json:"title"`
	Start    time.Time  `json:"start"`
	Due      time.Time  `json:"due"`
	Returned *time.Time `json:"returned"`
}

// PersonalEHold is an e-hold in the patron's own download.
type PersonalEHold struct {
	ID         int64      `json:"id"`
	RecordID   int64      `json:"record_id"`
	Title      string     `json:"title"`
	Status     string     `json:"status"`
	Created    time.Time  `json:"created"`
	WindowEnds *time.Time `json:"window_ends"`
}

func personalELib(ctx context.Context, tx txn, id int64, d *PersonalData) error {
	d.ELoans, d.EHolds = []PersonalELoan{}, []PersonalEHold{}
	err := eachRow(ctx, tx, `SELECT o.id, o.record_id, r.title, o.started_at, o.due_at, o.returned_at
		FROM e_loans o JOIN records r ON r.id = o.record_id WHERE o.patron_id = $1 ORDER BY o.started_at, o.id`, id,
		func(rows *sql.Rows) error {
			var p PersonalELoan
			var returned sql.NullTime
			if err := rows.Scan(&p.ID, &p.RecordID, &p.Title, &p.Start, &p.Due, &returned); err != nil {
				return fmt.Errorf("e-loans: %w", err)
			}
			p.Start, p.Due = p.Start.UTC(), p.Due.UTC()
			if returned.Valid {
				t := returned.Time.UTC()
				p.Returned = &t
			}
			d.ELoans = append(d.ELoans, p)
			return nil
		})
	if err != nil {
		return err
	}
	return eachRow(ctx, tx, `SELECT h.id, h.record_id, r.title, h.status, h.created_at, h.window_ends
		FROM e_holds h JOIN records r ON r.id = h.record_id WHERE h.patron_id = $1 ORDER BY h.created_at, h.id`, id,
		func(rows *sql.Rows) error {
			var p PersonalEHold
			var ends sql.NullTime
			if err := rows.Scan(&p.ID, &p.RecordID, &p.Title, &p.Status, &p.Created, &ends); err != nil {
				return fmt.Errorf("e-holds: %w", err)
			}
			p.Created = p.Created.UTC()
			if ends.Valid {
				t := ends.Time.UTC()
				p.WindowEnds = &t
			}
			d.EHolds = append(d.EHolds, p)
			return nil
		})
}

// anonymiseELib ends a closing account's e-loans and cancels its
// e-holds, offering the places they kept to the next in each queue, and
// then unlinks every e-loan and e-hold from the account: they stay, with
// no patron, for the statistics (loans per title and month, cost spent).
// The distributor is not told of the early returns here; its loans end
// by themselves at their due time (docs/elib.md).
func anonymiseELib(ctx context.Context, tx txn, id int64, now time.Time) error {
	rows, err := tx.QueryContext(ctx, `SELECT record_id FROM e_loans WHERE patron_id = $1 AND returned_at IS NULL
		UNION SELECT record_id FROM e_holds WHERE patron_id = $1 AND status IN ('waiting', 'offered') ORDER BY 1`, id)
	if err != nil {
		return err
	}
	records, err := scanIDs(rows)
	if err != nil {
		return err
	}
	for _, rec := range records {
		if _, err := lockLicences(ctx, tx, rec); err != nil {
			return err
		}
	}
	for _, q := range []string{
		`UPDATE e_loans SET returned_at = CASE WHEN due_at < $2 THEN due_at ELSE $2 END, returned_by = 'closed'
			WHERE patron_id = $1 AND returned_at IS NULL`,
		`UPDATE e_holds SET status = 'cancelled', closed_at = $2 WHERE patron_id = $1 AND status IN ('waiting', 'offered')`,
	} {
		if _, err := tx.ExecContext(ctx, q, id, now); err != nil {
			return fmt.Errorf("e-library: %w", err)
		}
	}
	for _, q := range []string{
		`UPDATE e_loans SET patron_id = NULL, link = '', status_url = '' WHERE patron_id = $1`,
		`UPDATE e_holds SET patron_id = NULL WHERE patron_id = $1`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("e-library: %w", err)
		}
	}
	for _, rec := range records {
		if _, err := offerPlaces(ctx, tx, rec, now); err != nil {
			return err
		}
	}
	return nil
}
