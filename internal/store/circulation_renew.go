package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Renew extends a patron's loan of the item with barcode. As Helmet does,
// the new period runs from the day of renewal (never ending before the old
// due date). It is refused, with a library.Error whose Key says why, when
// the patron is blocked ("error.patron_blocked", "error.patron_blocked_fees",
// "error.account_closed"), the loan has been renewed as often as the rule
// allows ("error.renew_limit"), or someone waits for the title and no copy
// on a shelf can serve them ("error.renew_held"). Renewing an overdue loan
// charges the overdue fee run up so far.
func (db *DB) Renew(ctx context.Context, patronID int64, barcode string, by library.Actor, now time.Time) (library.Loan, error) {
	now = utc(now)
	var l library.Loan
	err := db.circTx(ctx, func(tx txn) error {
		var err error
		if l, err = renew(ctx, tx, patronID, barcode, by, now, time.Time{}); err != nil {
			return err
		}
		return db.appendChanges(ctx, tx, []int64{l.RecordID}, now)
	})
	if err != nil {
		return library.Loan{}, fmt.Errorf("renew %s for patron %d: %w", barcode, patronID, err)
	}
	db.notify()
	return l, nil
}

// RenewAll renews each of a patron's loans in its own transaction, so that
// one refusal does not undo the others, and says for each what happened.
func (db *DB) RenewAll(ctx context.Context, patronID int64, by library.Actor, now time.Time) ([]library.RenewResult, error) {
	loans, err := db.Loans(ctx, patronID)
	if err != nil {
		return nil, err
	}
	out := make([]library.RenewResult, len(loans))
	for i, l := range loans {
		out[i].Barcode = l.Barcode
		out[i].Loan, out[i].Err = db.Renew(ctx, patronID, l.Barcode, by, now)
		if out[i].Err != nil {
			if library.ErrorCode(out[i].Err) == library.EINTERNAL {
				return out, out[i].Err
			}
			out[i].Loan = l
		}
	}
	return out, nil
}

// errNotDue says a sweep found a loan renewed by someone else meanwhile.
var errNotDue = library.Errorf(library.ECONFLICT, "no longer due")

// renew renews a loan. A sweep passes dueBy, the latest due date it
// renews, and gets errNotDue for a loan another run renewed meanwhile.
func renew(ctx context.Context, tx txn, patronID int64, barcode string, by library.Actor, now, dueBy time.Time) (library.Loan, error) {
	pol, err := policy(ctx, tx, now)
	if err != nil {
		return library.Loan{}, err
	}
	p, err := lockPatron(ctx, tx, patronID)
	if err != nil {
		return library.Loan{}, err
	}
	it, err := lockItem(ctx, tx, barcode)
	if err != nil {
		return library.Loan{}, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+loanColumns+` FROM loans WHERE item_id = $1 AND patron_id = $2 AND returned_at IS NULL`, it.ID, p.ID)
	if err != nil {
		return library.Loan{}, err
	}
	ls, err := scanLoans(rows)
	if err != nil {
		return library.Loan{}, err
	}
	if len(ls) == 0 {
		return library.Loan{}, &library.Error{Code: library.ENOTFOUND, Key: "error.not_on_loan",
			Message: fmt.Sprintf("item %s is not on loan to patron %d", barcode, patronID)}
	}
	l := ls[0]
	if !dueBy.IsZero() && l.DueAt.After(dueBy) {
		return library.Loan{}, errNotDue
	}
	if err := checkNotBlocked(ctx, tx, p, pol); err != nil {
		return library.Loan{}, err
	}
	material, _, err := lockRecord(ctx, tx, it.RecordID)
	if err != nil {
		return library.Loan{}, err
	}
	rule, err := ruleFor(ctx, tx, pol, p.Category, material, it)
	if err != nil {
		return library.Loan{}, err
	}
	if l.Renewals >= rule.MaxRenewals {
		return library.Loan{}, &library.Error{Code: library.EFORBIDDEN, Key: "error.renew_limit",
			Message: fmt.Sprintf("loan %d renewed %d times, the most allowed", l.ID, l.Renewals)}
	}
	var waiting, onShelf int
	err = tx.QueryRowContext(ctx, `
		SELECT
			(SELECT count(*) FROM holds WHERE status = 'waiting' AND assigned_item_id IS NULL
				AND (item_id = $1 OR (item_id IS NULL AND record_id = $2))
				AND (frozen_until IS NULL OR frozen_until <= $3)),
			(SELECT count(*) FROM items i WHERE i.record_id = $2 AND i.status = 'available'
				AND NOT EXISTS (SELECT 1 FROM holds o WHERE o.assigned_item_id = i.id AND o.status IN ('waiting', 'in_transit', 'ready')))`,
		it.ID, it.RecordID, today(now).String()).Scan(&waiting, &onShelf)
	if err != nil {
		return library.Loan{}, fmt.Errorf("holds on %s: %w", barcode, err)
	}
	if waiting > 0 && onShelf == 0 {
		return library.Loan{}, &library.Error{Code: library.EFORBIDDEN, Key: "error.renew_held",
			Message: fmt.Sprintf("%d holds wait for record %d", waiting, it.RecordID)}
	}
	if _, err := chargeOverdue(ctx, tx, l, it, now); err != nil {
		return library.Loan{}, err
	}
	lent, err := branchInfo(ctx, tx, l.Branch)
	if err != nil {
		return library.Loan{}, err
	}
	due := utc(library.DueDate(now, rule.LoanDays, lent.Hours))
	if due.Before(l.DueAt) {
		due = l.DueAt
	}
	if _, err := tx.ExecContext(ctx, `UPDATE loans SET due_at = $1, renewals = renewals + 1 WHERE id = $2`, due, l.ID); err != nil {
		return library.Loan{}, err
	}
	if err := setItem(ctx, tx, &it, library.OnLoan, it.Branch, due, now); err != nil {
		return library.Loan{}, err
	}
	l.DueAt, l.Renewals = due, l.Renewals+1
	return l, logEvent(ctx, tx, event{Action: "renew", Item: it, Branch: by.Branch, By: by, Patron: p}, now)
}
