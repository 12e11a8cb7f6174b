package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// RenewE lends an e-loan again while nobody waits; see library.ELibrary.
func (db *DB) RenewE(ctx context.Context, patronID, loanID int64, now time.Time) (library.ELoan, time.Time, error) {
	now = utc(now)
	loan := library.ELoan{ID: loanID}
	var prev time.Time
	err := db.circTx(ctx, func(tx txn) error {
		if err := readELoan(ctx, tx, &loan); err != nil {
			return err
		}
		if loan.PatronID != patronID {
			return &library.Error{Code: library.ENOTFOUND, Key: "error.elib_loan_not_found",
				Message: fmt.Sprintf("e-loan %d of patron %d not found", loanID, patronID)}
		}
		ls, err := lockLicences(ctx, tx, loan.RecordID)
		if err != nil {
			return err
		}
		prev = loan.Due
		due, err := renewedDue(ctx, tx, loan, ls, now)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE e_loans SET due_at = $1, renewals = renewals + 1, reminded_at = NULL
			WHERE id = $2 AND returned_at IS NULL AND renewals = $3`, due, loanID, loan.Renewals)
		if err != nil {
			return fmt.Errorf("renew: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = &library.Error{Code: library.ECONFLICT, Key: "error.elib_loan_ended", Message: fmt.Sprintf("e-loan %d has ended", loanID)}
			}
			return err
		}
		return readELoan(ctx, tx, &loan)
	})
	if err != nil {
		return library.ELoan{}, time.Time{}, fmt.Errorf("renew e-loan %d: %w", loanID, err)
	}
	return loan, prev, nil
}

// renewedDue is the due date a renewal at now gives the loan, or the
// reason it cannot be renewed.
func renewedDue(ctx context.Context, tx txn, loan library.ELoan, ls []library.Licence, now time.Time) (time.Time, error) {
	refuse := func(key, what string) error {
		return &library.Error{Code: library.ECONFLICT, Key: key, Count: library.ERenewals,
			Message: fmt.Sprintf("e-loan %d: %s", loan.ID, what)}
	}
	if !loan.Returned.IsZero() || !now.Before(loan.Due) {
		return time.Time{}, refuse("error.elib_loan_ended", "it has ended")
	}
	if loan.Renewals >= library.ERenewals {
		return time.Time{}, refuse("error.elib_renew_limit", "renewed as often as it may be")
	}
	var queued int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM e_holds WHERE record_id = $1 AND status IN ('waiting', 'offered')`,
		loan.RecordID).Scan(&queued); err != nil {
		return time.Time{}, err
	}
	if queued > 0 {
		return time.Time{}, refuse("error.elib_renew_waiting", "others wait for the title")
	}
	var lic library.Licence
	for _, l := range ls {
		if l.ID == loan.LicenceID {
			lic = l
		}
	}
	if lic.ID == 0 || licenceStatus(lic, now) == library.LicenceWithdrawn || licenceStatus(lic, now) == library.LicenceExpired {
		return time.Time{}, refuse("error.elib_renew_licence", "its licence no longer lends")
	}
	lim, err := eLimits(ctx, tx, loan.Library)
	if err != nil {
		return time.Time{}, err
	}
	length := time.Duration(lim.LoanDays) * 24 * time.Hour
	if lic.LoanLength > 0 && lic.LoanLength < length {
		length = lic.LoanLength
	}
	due := now.Add(length)
	if !lic.Expires.IsZero() && lic.Expires.Before(due) {
		due = lic.Expires
	}
	if !due.After(loan.Due) {
		return time.Time{}, refuse("error.elib_renew_licence", "its licence allows no later due date")
	}
	return utc(due), nil
}

// RevertRenewE undoes a renewal the distributor refused.
func (db *DB) RevertRenewE(ctx context.Context, loanID int64, prevDue time.Time) error {
	err := db.inTx(ctx, func(tx txn) error {
		res, err := tx.ExecContext(ctx, `UPDATE e_loans SET due_at = $1, renewals = renewals - 1
			WHERE id = $2 AND returned_at IS NULL AND renewals > 0`, utc(prevDue), loanID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err == nil {
				err = &library.Error{Code: library.ECONFLICT, Key: "error.elib_loan_ended",
					Message: fmt.Sprintf("e-loan %d has ended or was not renewed", loanID)}
			}
			return err
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("revert renewal of e-loan %d: %w", loanID, err)
	}
	return nil
}

// WithdrawLicences marks the distributor's licences that a feed read
// whole no longer lists withdrawn; see library.ELibrary.
func (db *DB) WithdrawLicences(ctx context.Context, by library.Staff, distributor, lib string, keep []string, now time.Time) (int, error) {
	now = utc(now)
	if err := library.Permit(by, library.ActELibrary, licenceScope(lib)); err != nil {
		return 0, err
	}
	kept := make(map[string]bool, len(keep))
	for _, id := range keep {
		kept[id] = true
	}
	n := 0
	err := db.circTx(ctx, func(tx txn) error {
		n = 0
		rows, err := tx.QueryContext(ctx, `SELECT id, identifier, record_id FROM e_licences
			WHERE distributor = $1 AND library = $2 AND status <> 'withdrawn' ORDER BY id`, distributor, lib)
		if err != nil {
			return err
		}
		var gone, records []int64
		for rows.Next() {
			var id, record int64
			var ident string
			if err := rows.Scan(&id, &ident, &record); err != nil {
				rows.Close()
				return err
			}
			if !kept[ident] {
				gone = append(gone, id)
				records = append(records, record)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range gone {
			if _, err := tx.ExecContext(ctx, `UPDATE e_licences SET status = 'withdrawn', updated_at = $1 WHERE id = $2`, now, id); err != nil {
				return fmt.Errorf("withdraw licence %d: %w", id, err)
			}
			n++
		}
		if n == 0 {
			return nil
		}
		if err := audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditELicences, Library: lib,
			Detail: fmt.Sprintf("%d licences of %s withdrawn", n, distributor)}, now); err != nil {
			return err
		}
		// The search's "online now" follows the change feed.
		slices.Sort(records)
		return db.appendChanges(ctx, tx, slices.Compact(records), now)
	})
	if err != nil {
		return 0, fmt.Errorf("withdraw licences of %s: %w", distributor, err)
	}
	db.notify()
	return n, nil
}

// remindDueSoon queues the due-soon notice of the completed e-loans that
// end within library.EDueSoon, once per due date (a renewal clears the
// mark). It returns how many it queued.
func (db *DB) remindDueSoon(ctx context.Context, now time.Time) (int, error) {
	soon, err := idPairs(ctx, db.reader(), `SELECT id, record_id FROM e_loans WHERE returned_at IS NULL AND reminded_at IS NULL
		AND patron_id IS NOT NULL AND link <> '' AND due_at > $1 AND due_at <= $2 ORDER BY due_at, id`, now, now.Add(library.EDueSoon))
	if err != nil {
		return 0, fmt.Errorf("e-loans due soon: %w", err)
	}
	n := 0
	for _, d := range soon {
		err := db.inTx(ctx, func(tx txn) error {
			var patron int64
			var due time.Time
			err := tx.QueryRowContext(ctx, `UPDATE e_loans SET reminded_at = $1
				WHERE id = $2 AND returned_at IS NULL AND reminded_at IS NULL RETURNING patron_id, due_at`, now, d[0]).Scan(&patron, &due)
			if errors.Is(err, sql.ErrNoRows) {
				return nil // returned or reminded meanwhile
			}
			if err != nil {
				return err
			}
			n++
			return queueNotice(ctx, tx, patron, library.NoticeELibDueSoon, d[1], helsinkiWhen(due), now)
		})
		if err != nil {
			return n, fmt.Errorf("remind e-loan %d: %w", d[0], err)
		}
	}
	return n, nil
}

// helsinkiWhen gives an instant to notice templates as its Helsinki date
// and time.
func helsinkiWhen(t time.Time) map[string]string {
	return map[string]string{"date": today(t).String(), "time": t.In(library.Helsinki).Format("15:04")}
}
