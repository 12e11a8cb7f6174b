package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Checkout lends the item with barcode to a patron at by.Branch.
//
// The item must be on the shelf (available, possibly already given to a
// hold: the patron holding it in their hands wins, and the hold is given
// another copy) or on the hold shelf for this patron. The patron must not
// be blocked and must be under the loan limits. The due date comes from
// the loan rule and the lending branch's hours.
func (db *DB) Checkout(ctx context.Context, patronID int64, barcode string, by library.Actor, now time.Time) (library.Loan, error) {
	now = utc(now)
	var loan library.Loan
	err := db.circTx(ctx, func(tx txn) error {
		var recordID int64
		var err error
		loan, recordID, err = db.checkout(ctx, tx, patronID, barcode, by, now)
		if err != nil {
			return err
		}
		return db.appendChanges(ctx, tx, []int64{recordID}, now)
	})
	if err != nil {
		return library.Loan{}, fmt.Errorf("checkout %s to patron %d: %w", barcode, patronID, err)
	}
	db.notify()
	return loan, nil
}

func (db *DB) checkout(ctx context.Context, tx txn, patronID int64, barcode string, by library.Actor, now time.Time) (library.Loan, int64, error) {
	pol, err := policy(ctx, tx, now)
	if err != nil {
		return library.Loan{}, 0, err
	}
	p, err := lockPatron(ctx, tx, patronID)
	if err != nil {
		return library.Loan{}, 0, err
	}
	if err := checkNotBlocked(ctx, tx, p, pol); err != nil {
		return library.Loan{}, 0, err
	}
	if err := checkProvisionalLoan(p); err != nil {
		return library.Loan{}, 0, err
	}
	it, err := lockItem(ctx, tx, barcode)
	if err != nil {
		return library.Loan{}, 0, err
	}
	material, _, err := lockRecord(ctx, tx, it.RecordID)
	if err != nil {
		return library.Loan{}, 0, err
	}
	rule, err := ruleFor(ctx, tx, pol, p.Category, material, it)
	if err != nil {
		return library.Loan{}, 0, err
	}
	if !rule.Lends() {
		return library.Loan{}, 0, &library.Error{Code: library.EFORBIDDEN, Key: "error.not_loanable",
			Message: fmt.Sprintf("%s (%s) is not lent to %s patrons", barcode, material, p.Category)}
	}

	// Which hold, if any, the copy is set aside for.
	held, err := activeHoldOfItem(ctx, tx, it.ID)
	if err != nil {
		return library.Loan{}, 0, err
	}
	switch it.Status {
	case library.Available:
		// On the shelf, perhaps on a pick list; taken below.
	case library.OnHoldShelf:
		if held.ID == 0 || held.PatronID != p.ID {
			return library.Loan{}, 0, &library.Error{Code: library.ECONFLICT, Key: "error.item_on_hold_shelf",
				Message: fmt.Sprintf("item %s waits on the hold shelf for someone else", barcode)}
		}
	case library.OnLoan:
		return library.Loan{}, 0, &library.Error{Code: library.ECONFLICT, Key: "error.item_on_loan",
			Message: fmt.Sprintf("item %s is on loan", barcode)}
	default:
		// In transit, missing or in repair: the desk checks it in first,
		// which routes it, so that no hold waiting for it is skipped.
		return library.Loan{}, 0, &library.Error{Code: library.ECONFLICT, Key: "error.item_not_available",
			Message: fmt.Sprintf("item %s is %s", barcode, it.Status)}
	}

	if err := checkLoanLimits(ctx, tx, pol, rule, p.ID); err != nil {
		return library.Loan{}, 0, err
	}

	branch := actorBranch(by, it)
	lent, err := branchInfo(ctx, tx, branch)
	if err != nil {
		return library.Loan{}, 0, err
	}
	due := utc(library.DueDate(now, rule.LoanDays, lent.Hours))
	if err := setItem(ctx, tx, &it, library.OnLoan, branch, due, now); err != nil {
		return library.Loan{}, 0, err
	}
	loan := library.Loan{PatronID: p.ID, ItemID: it.ID, Barcode: it.Barcode, RecordID: it.RecordID,
		Branch: branch, LoanedAt: now, DueAt: due}
	err = tx.QueryRowContext(ctx, `
		INSERT INTO loans (item_id, barcode, record_id, patron_id, branch, loaned_at, due_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		it.ID, it.Barcode, it.RecordID, p.ID, branch, now, due).Scan(&loan.ID)
	if isUniqueViolation(err) {
		return library.Loan{}, 0, &library.Error{Code: library.ECONFLICT, Key: "error.item_on_loan",
			Message: fmt.Sprintf("item %s already has an open loan", barcode)}
	}
	if err != nil {
		return library.Loan{}, 0, fmt.Errorf("insert loan: %w", err)
	}

	// The patron's own holds on the title are fulfilled by this loan; a
	// copy set aside for someone else goes to them no more, and their hold
	// looks for another.
	if held.ID != 0 && held.PatronID != p.ID {
		if err := releaseHold(ctx, tx, held.ID); err != nil {
			return library.Loan{}, 0, err
		}
		if _, err := targetHold(ctx, tx, held.ID, now); err != nil {
			return library.Loan{}, 0, err
		}
	}
	if err := collectHolds(ctx, tx, p.ID, it, now); err != nil {
		return library.Loan{}, 0, err
	}

	if _, err := tx.ExecContext(ctx, `UPDATE records SET popularity = popularity + 1 WHERE id = $1`, it.RecordID); err != nil {
		return library.Loan{}, 0, fmt.Errorf("popularity: %w", err)
	}
	if p.HistoryOptIn {
		if _, err := tx.ExecContext(ctx, `INSERT INTO reading_history (patron_id, record_id, loaned_at) VALUES ($1, $2, $3)`,
			p.ID, it.RecordID, now); err != nil {
			return library.Loan{}, 0, fmt.Errorf("reading history: %w", err)
		}
	}
	ev := event{Action: "checkout", Item: it, Branch: branch, By: by, Patron: p}
	if err := logEvent(ctx, tx, ev, now); err != nil {
		return library.Loan{}, 0, err
	}
	return loan, it.RecordID, nil
}

// checkLoanLimits counts the patron's open loans, in the transaction that
// adds one, against the policy's total and the rule's own limit.
func checkLoanLimits(ctx context.Context, tx txn, pol library.Policy, rule library.LoanRule, patronID int64) error {
	var all, same int
	err := tx.QueryRowContext(ctx, `
		SELECT count(*), COALESCE(SUM(CASE WHEN r.material = $2 THEN 1 ELSE 0 END), 0)
		FROM loans l JOIN records r ON r.id = l.record_id
		WHERE l.patron_id = $1 AND l.returned_at IS NULL`, patronID, string(rule.Material)).Scan(&all, &same)
	if err != nil {
		return fmt.Errorf("count loans: %w", err)
	}
	if rule.Material == "" {
		same = all
	}
	if (pol.MaxLoans > 0 && all >= pol.MaxLoans) || (rule.MaxLoans > 0 && same >= rule.MaxLoans) {
		return &library.Error{Code: library.EFORBIDDEN, Key: "error.loan_limit",
			Message: fmt.Sprintf("patron %d has %d loans (%d of the kind), at the limit", patronID, all, same)}
	}
	return nil
}

// collectHolds marks the patron's open holds on the item's title (or on
// the item itself) collected. A copy one of them had been given elsewhere
// is offered to the next hold.
func collectHolds(ctx context.Context, tx txn, patronID int64, it library.Item, now time.Time) error {
	rows, err := tx.QueryContext(ctx, `
		UPDATE holds SET status = 'collected', closed_at = $1
		WHERE patron_id = $2 AND status IN ('waiting', 'in_transit', 'ready')
		  AND (item_id = $3 OR (item_id IS NULL AND record_id = $4))
		RETURNING COALESCE(assigned_item_id, 0)`, now, patronID, it.ID, it.RecordID)
	if err != nil {
		return fmt.Errorf("collect holds: %w", err)
	}
	var freed []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		if id != 0 && id != it.ID {
			freed = append(freed, id)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	for _, id := range freed {
		if err := offerCopy(ctx, tx, id, now); err != nil {
			return err
		}
	}
	return nil
}
