package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// E-loans: borrowing takes a licence under its row lock, in the order
// Licences gives, and returns the loan for the caller to complete with
// the distributor's answer (CompleteELoan) or undo (AbortELoan).

// errBudgetWait is borrow's answer when the only licences left are cost
// per circulation and the library's budget is spent under BudgetWait: the
// transaction commits the e-hold borrow placed, and BorrowE then refuses
// with error.elib_budget_wait.
var errBudgetWait = errors.New("budget spent: queued")

// choice is what pickLicence found for a patron.
type choice struct {
	index      int    // into the licences; -1 when none is free
	budgetOut  string // WhenOut of a spent budget that kept a cost-per-circulation licence from lending
	anyLending bool   // some licence other than open access lends at all
	open       bool   // an open-access licence is active
}

// pickLicence chooses the licence a patron of home library may borrow at
// now: the first in the licences' order that lends to them, after keeping
// reserved places of the limited licences for offered e-holds (the
// earliest licences first, as those offers will take them). Licences of a
// member library lend to its own patrons only; the shared collection's to
// everyone.
func pickLicence(ctx context.Context, tx txn, ls []library.Licence, home string, reserved int, now time.Time) (choice, error) {
	c := choice{index: -1}
	for i, l := range ls {
		if l.Model == library.ModelOpenAccess {
			c.open = c.open || licenceStatus(l, now) == library.LicenceActive
			continue
		}
		if l.Library != "" && l.Library != home {
			continue
		}
		if !l.Lendable(now) {
			continue
		}
		c.anyLending = true
		if l.Concurrency > 0 {
			free := l.Concurrency - l.Loans
			kept := min(free, reserved)
			free -= kept
			reserved -= kept
			if free > 0 {
				c.index = i
				return c, nil
			}
			continue
		}
		if l.Model == library.ModelCostPerCirculation {
			b, err := budgetOf(ctx, tx, loanLibrary(l, home), true, now)
			if err != nil {
				return c, err
			}
			if b.Monthly > 0 || b.WhenOut != "" {
				if b.Spent+l.Price > b.Monthly {
					c.budgetOut = b.WhenOut
					continue
				}
			}
		}
		c.index = i
		return c, nil
	}
	return c, nil
}

// loanLibrary is the library whose rules and budget a loan on the licence
// counts against: the licence's owner, or the patron's home library for
// the shared collection.
func loanLibrary(l library.Licence, home string) string {
	if l.Library != "" {
		return l.Library
	}
	return home
}

// BorrowE lends the record to the patron; see library.ELibrary.
func (db *DB) BorrowE(ctx context.Context, patronID, recordID int64, now time.Time) (library.ELoan, library.Licence, error) {
	now = utc(now)
	var loan library.ELoan
	var lic library.Licence
	queued := false
	err := db.circTx(ctx, func(tx txn) error {
		var err error
		loan, lic, err = borrowE(ctx, tx, patronID, recordID, now)
		queued = errors.Is(err, errBudgetWait)
		if queued {
			return nil // commit the e-hold
		}
		if err != nil {
			return err
		}
		return db.appendChanges(ctx, tx, []int64{recordID}, now) // the search index's "online now"
	})
	if err == nil && queued {
		return library.ELoan{}, library.Licence{}, &library.Error{Code: library.ECONFLICT, Key: "error.elib_budget_wait",
			Message: fmt.Sprintf("record %d: the library's e-budget is spent this month; patron %d is queued", recordID, patronID)}
	}
	if err != nil {
		return library.ELoan{}, library.Licence{}, fmt.Errorf("borrow record %d for patron %d: %w", recordID, patronID, err)
	}
	db.notify()
	return loan, lic, nil
}

// eLendable checks what borrowing and reserving have in common: the
// patron may borrow, the record has licences that are not open access,
// and the patron has no open loan of it.
func eLendable(ctx context.Context, tx txn, patronID, recordID int64, now time.Time) (patronRow, []library.Licence, library.ELimits, error) {
	pol, err := policy(ctx, tx, now)
	if err != nil {
		return patronRow{}, nil, library.ELimits{}, err
	}
	p, err := lockPatron(ctx, tx, patronID)
	if err != nil {
		return p, nil, library.ELimits{}, err
	}
	if err := checkNotBlocked(ctx, tx, p, pol); err != nil {
		return p, nil, library.ELimits{}, err
	}
	if err := checkProvisionalLoan(p); err != nil {
		return p, nil, library.ELimits{}, err
	}
	lim, err := eLimits(ctx, tx, p.HomeLibrary)
	if err != nil {
		return p, nil, lim, err
	}
	ls, err := lockLicences(ctx, tx, recordID)
	if err != nil {
		return p, nil, lim, err
	}
	if len(ls) == 0 {
		return p, nil, lim, &library.Error{Code: library.ENOTFOUND, Key: "error.elib_no_licence",
			Message: fmt.Sprintf("record %d has no e-licences", recordID)}
	}
	var open int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM e_loans WHERE patron_id = $1 AND record_id = $2 AND returned_at IS NULL`,
		patronID, recordID).Scan(&open); err != nil {
		return p, nil, lim, err
	}
	if open > 0 {
		return p, nil, lim, &library.Error{Code: library.ECONFLICT, Key: "error.elib_already_borrowed",
			Message: fmt.Sprintf("patron %d already borrows record %d", patronID, recordID)}
	}
	return p, ls, lim, nil
}

// openEHold is a patron's waiting or offered e-hold of a record.
func openEHold(ctx context.Context, tx txn, patronID, recordID int64) (id int64, status string, err error) {
	err = tx.QueryRowContext(ctx, `SELECT id, status FROM e_holds WHERE patron_id = $1 AND record_id = $2 AND status IN ('waiting', 'offered')`,
		patronID, recordID).Scan(&id, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	return id, status, err
}

// offeredToOthers counts the places of a record kept for other patrons'
// offers.
func offeredToOthers(ctx context.Context, tx txn, patronID, recordID int64) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM e_holds WHERE record_id = $1 AND status = 'offered'
		AND (patron_id IS NULL OR patron_id <> $2)`, recordID, patronID).Scan(&n)
	return n, err
}

func borrowE(ctx context.Context, tx txn, patronID, recordID int64, now time.Time) (library.ELoan, library.Licence, error) {
	p, ls, lim, err := eLendable(ctx, tx, patronID, recordID, now)
	if err != nil {
		return library.ELoan{}, library.Licence{}, err
	}
	var loans int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM e_loans WHERE patron_id = $1 AND returned_at IS NULL`, p.ID).Scan(&loans); err != nil {
		return library.ELoan{}, library.Licence{}, err
	}
	if loans >= lim.Loans {
		return library.ELoan{}, library.Licence{}, &library.Error{Code: library.EFORBIDDEN, Key: "error.elib_loan_limit", Count: lim.Loans,
			Message: fmt.Sprintf("patron %d has %d e-loans, at the limit", p.ID, loans)}
	}
	holdID, holdStatus, err := openEHold(ctx, tx, p.ID, recordID)
	if err != nil {
		return library.ELoan{}, library.Licence{}, err
	}
	reserved, err := offeredToOthers(ctx, tx, p.ID, recordID)
	if err != nil {
		return library.ELoan{}, library.Licence{}, err
	}
	c, err := pickLicence(ctx, tx, ls, p.HomeLibrary, reserved, now)
	if err != nil {
		return library.ELoan{}, library.Licence{}, err
	}
	if c.index < 0 {
		switch {
		case c.open && !c.anyLending:
			return library.ELoan{}, library.Licence{}, &library.Error{Code: library.ECONFLICT, Key: "error.elib_open",
				Message: fmt.Sprintf("record %d is open access: download it", recordID)}
		case c.budgetOut == library.BudgetRefuse:
			return library.ELoan{}, library.Licence{}, &library.Error{Code: library.EFORBIDDEN, Key: "error.elib_budget_spent",
				Message: fmt.Sprintf("record %d: the library's e-budget is spent this month", recordID)}
		case c.budgetOut == library.BudgetWait:
			if holdID != 0 {
				// Queued already. An offer the budget can no longer pay
				// (offers do not hold back budget) goes back to waiting,
				// in its place, for the month to turn.
				if holdStatus == library.EHoldOffered {
					if _, err := tx.ExecContext(ctx, `UPDATE e_holds SET status = 'waiting', offered_at = NULL, window_ends = NULL
						WHERE id = $1 AND status = 'offered'`, holdID); err != nil {
						return library.ELoan{}, library.Licence{}, err
					}
				}
				return library.ELoan{}, library.Licence{}, errBudgetWait
			}
			if _, err := insertEHold(ctx, tx, p, lim, recordID, now); err != nil {
				return library.ELoan{}, library.Licence{}, err
			}
			return library.ELoan{}, library.Licence{}, errBudgetWait
		}
		return library.ELoan{}, library.Licence{}, &library.Error{Code: library.ECONFLICT, Key: "error.elib_none_free",
			Message: fmt.Sprintf("record %d has no free licence", recordID)}
	}
	lic := ls[c.index]

	length := time.Duration(lim.LoanDays) * 24 * time.Hour
	if lic.LoanLength > 0 && lic.LoanLength < length {
		length = lic.LoanLength
	}
	due := now.Add(length)
	if !lic.Expires.IsZero() && lic.Expires.Before(due) {
		due = lic.Expires // a loan never outlives its licence
	}
	loan := library.ELoan{PatronID: p.ID, RecordID: recordID, LicenceID: lic.ID, Library: loanLibrary(lic, p.HomeLibrary),
		Start: now, Due: utc(due)}
	if lic.Model == library.ModelCostPerCirculation {
		loan.Cost = lic.Price
	}
	var hold any
	if holdID != 0 {
		hold = holdID
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO e_loans (patron_id, record_id, licence_id, library, hold_id, started_at, due_at, cost)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		p.ID, recordID, lic.ID, loan.Library, hold, now, loan.Due, loan.Cost).Scan(&loan.ID)
	if isUniqueViolation(err) {
		return library.ELoan{}, library.Licence{}, &library.Error{Code: library.ECONFLICT, Key: "error.elib_already_borrowed",
			Message: fmt.Sprintf("patron %d already borrows record %d", p.ID, recordID)}
	}
	if err != nil {
		return library.ELoan{}, library.Licence{}, fmt.Errorf("insert e-loan: %w", err)
	}
	if lic.CheckoutsTotal > 0 {
		lic.Checkouts--
		lic.Status = licenceStatus(lic, now)
		if _, err := tx.ExecContext(ctx, `UPDATE e_licences SET checkouts = $1, status = $2 WHERE id = $3`,
			lic.Checkouts, lic.Status, lic.ID); err != nil {
			return library.ELoan{}, library.Licence{}, fmt.Errorf("count checkout: %w", err)
		}
	}
	lic.Loans++
	if holdID != 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE e_holds SET status = 'borrowed', closed_at = $1 WHERE id = $2`, now, holdID); err != nil {
			return library.ELoan{}, library.Licence{}, fmt.Errorf("e-hold borrowed: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE records SET popularity = popularity + 1 WHERE id = $1`, recordID); err != nil {
		return library.ELoan{}, library.Licence{}, fmt.Errorf("popularity: %w", err)
	}
	// E-loans feed the reading history as print loans do, and only for
	// a patron who asked for one.
	if p.HistoryOptIn {
		if _, err := tx.ExecContext(ctx, `INSERT INTO reading_history (patron_id, record_id, loaned_at) VALUES ($1, $2, $3)`,
			p.ID, recordID, now); err != nil {
			return library.ELoan{}, library.Licence{}, fmt.Errorf("reading history: %w", err)
		}
	}
	if err := readELoan(ctx, tx, &loan); err != nil {
		return library.ELoan{}, library.Licence{}, err
	}
	return loan, lic, nil
}

const eLoanColumns = `o.id, COALESCE(o.patron_id, 0), o.record_id, o.licence_id, o.library, o.started_at, o.due_at,
	o.returned_at, o.returned_by, o.link, o.link_type, o.status_url, o.cost, o.renewals, r.title, r.material`

func scanELoan(sc interface{ Scan(...any) error }, o *library.ELoan) error {
	var returned sql.NullTime
	var material string
	if err := sc.Scan(&o.ID, &o.PatronID, &o.RecordID, &o.LicenceID, &o.Library, &o.Start, &o.Due,
		&returned, &o.ReturnedBy, &o.Link, &o.LinkType, &o.StatusURL, &o.Cost, &o.Renewals, &o.Title, &material); err != nil {
		return err
	}
	o.Start, o.Due, o.Material = o.Start.UTC(), o.Due.UTC(), library.Material(material)
	o.Returned = time.Time{}
	if returned.Valid {
		o.Returned = returned.Time.UTC()
	}
	return nil
}

// readELoan reads the loan o.ID into o.
func readELoan(ctx context.Context, q queryer, o *library.ELoan) error {
	err := scanELoan(q.QueryRowContext(ctx, `SELECT `+eLoanColumns+` FROM e_loans o JOIN records r ON r.id = o.record_id WHERE o.id = $1`, o.ID), o)
	if errors.Is(err, sql.ErrNoRows) {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.elib_loan_not_found", Message: fmt.Sprintf("e-loan %d not found", o.ID)}
	}
	return err
}

// CompleteELoan stores the distributor's answer to the checkout.
func (db *DB) CompleteELoan(ctx context.Context, loanID int64, link, linkType, statusURL string) (library.ELoan, error) {
	loan := library.ELoan{ID: loanID}
	err := db.inTx(ctx, func(tx txn) error {
		res, err := tx.ExecContext(ctx, `UPDATE e_loans SET link = $1, link_type = $2, status_url = $3
			WHERE id = $4 AND returned_at IS NULL`, link, linkType, statusURL, loanID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = &library.Error{Code: library.ENOTFOUND, Key: "error.elib_loan_not_found", Message: fmt.Sprintf("open e-loan %d not found", loanID)}
			}
			return err
		}
		return readELoan(ctx, tx, &loan)
	})
	if err != nil {
		return library.ELoan{}, fmt.Errorf("complete e-loan %d: %w", loanID, err)
	}
	return loan, nil
}

// AbortELoan undoes a loan the distributor refused: the loan goes (it
// never happened, so the budget's charge goes with it), the licence gets
// its checkout back, the e-hold it fulfilled is offered again, and its
// reading-history line goes. Only a loan not yet completed is aborted.
func (db *DB) AbortELoan(ctx context.Context, loanID int64, now time.Time) error {
	now = utc(now)
	err := db.circTx(ctx, func(tx txn) error {
		loan := library.ELoan{ID: loanID}
		if err := readELoan(ctx, tx, &loan); err != nil {
			return err
		}
		if _, err := lockLicences(ctx, tx, loan.RecordID); err != nil {
			return err
		}
		var hold sql.NullInt64
		err := tx.QueryRowContext(ctx, `DELETE FROM e_loans WHERE id = $1 AND returned_at IS NULL AND link = '' RETURNING hold_id`, loanID).Scan(&hold)
		if errors.Is(err, sql.ErrNoRows) {
			return &library.Error{Code: library.ECONFLICT, Key: "error.elib_loan_not_found",
				Message: fmt.Sprintf("e-loan %d is completed or ended; it cannot be undone", loanID)}
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE e_licences SET checkouts = checkouts + 1,
			status = CASE WHEN status = 'used_up' THEN 'active' ELSE status END
			WHERE id = $1 AND checkouts_total > 0 AND checkouts < checkouts_total`, loan.LicenceID); err != nil {
			return err
		}
		if hold.Valid {
			if _, err := tx.ExecContext(ctx, `UPDATE e_holds SET status = 'offered', closed_at = NULL WHERE id = $1 AND status = 'borrowed'`, hold.Int64); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM reading_history WHERE patron_id = $1 AND record_id = $2 AND loaned_at = $3`,
			loan.PatronID, loan.RecordID, loan.Start); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE records SET popularity = popularity - 1 WHERE id = $1 AND popularity > 0`, loan.RecordID); err != nil {
			return err
		}
		if _, err = offerPlaces(ctx, tx, loan.RecordID, now); err != nil {
			return err
		}
		return db.appendChanges(ctx, tx, []int64{loan.RecordID}, now)
	})
	if err != nil {
		return fmt.Errorf("abort e-loan %d: %w", loanID, err)
	}
	db.notify()
	return nil
}

// ReturnE returns an e-loan early; its place goes to the queue.
func (db *DB) ReturnE(ctx context.Context, patronID, loanID int64, now time.Time) (library.ELoan, error) {
	now = utc(now)
	loan := library.ELoan{ID: loanID}
	err := db.circTx(ctx, func(tx txn) error {
		if err := readELoan(ctx, tx, &loan); err != nil {
			return err
		}
		if loan.PatronID != patronID {
			return &library.Error{Code: library.ENOTFOUND, Key: "error.elib_loan_not_found", Message: fmt.Sprintf("e-loan %d of patron %d not found", loanID, patronID)}
		}
		if _, err := lockLicences(ctx, tx, loan.RecordID); err != nil {
			return err
		}
		ended, err := endELoan(ctx, tx, loanID, "patron", now)
		if err != nil {
			return err
		}
		if !ended {
			return &library.Error{Code: library.ECONFLICT, Key: "error.elib_loan_ended", Message: fmt.Sprintf("e-loan %d has ended", loanID)}
		}
		if _, err := offerPlaces(ctx, tx, loan.RecordID, now); err != nil {
			return err
		}
		if err := readELoan(ctx, tx, &loan); err != nil {
			return err
		}
		return db.appendChanges(ctx, tx, []int64{loan.RecordID}, now)
	})
	if err != nil {
		return library.ELoan{}, fmt.Errorf("return e-loan %d: %w", loanID, err)
	}
	db.notify()
	return loan, nil
}

// endELoan ends an open loan at now (or at its due time, if that came
// first), reporting whether this call ended it.
func endELoan(ctx context.Context, tx txn, loanID int64, by string, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE e_loans SET returned_at = CASE WHEN due_at < $1 THEN due_at ELSE $1 END, returned_by = $2
		WHERE id = $3 AND returned_at IS NULL`, now, by, loanID)
	if err != nil {
		return false, fmt.Errorf("end e-loan %d: %w", loanID, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// ELoans returns the patron's open e-loans, soonest due first.
func (db *DB) ELoans(ctx context.Context, patronID int64, now time.Time) ([]library.ELoan, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT `+eLoanColumns+` FROM e_loans o JOIN records r ON r.id = o.record_id
		WHERE o.patron_id = $1 AND o.returned_at IS NULL AND o.due_at > $2 ORDER BY o.due_at, o.id`, patronID, utc(now))
	if err != nil {
		return nil, fmt.Errorf("e-loans of patron %d: %w", patronID, err)
	}
	defer rows.Close()
	var out []library.ELoan
	for rows.Next() {
		var o library.ELoan
		if err := scanELoan(rows, &o); err != nil {
			return nil, fmt.Errorf("e-loans of patron %d: %w", patronID, err)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
