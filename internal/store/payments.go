package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// DB implements library.Payments.
var _ library.Payments = (*DB)(nil)

// newReference returns a payment reference: random, so that it says
// nothing about how many payments there are.
func newReference() string {
	b := make([]byte, 6)
	rand.Read(b)
	return "KJ-" + strings.ToUpper(hex.EncodeToString(b))
}

// StartPayment creates a pending online payment of some of a patron's
// open fees, remembering which fees it is for.
func (db *DB) StartPayment(ctx context.Context, patronID int64, feeIDs []int64, now time.Time) (library.Payment, error) {
	now = utc(now)
	if len(feeIDs) == 0 {
		return library.Payment{}, &library.Error{Code: library.EINVALID, Key: "error.payment_no_fees", Message: "no fees to pay"}
	}
	p := library.Payment{PatronID: patronID, Method: "online", Status: library.PaymentPending, Reference: newReference(), Created: now}
	err := db.inTx(ctx, func(tx txn) error {
		args := []any{patronID}
		for _, id := range feeIDs {
			args = append(args, id)
		}
		var n int
		err := tx.QueryRowContext(ctx, `SELECT count(*), COALESCE(SUM(amount), 0) FROM fees
			WHERE patron_id = $1 AND paid_at IS NULL AND id IN (`+placeholders(len(feeIDs), 2)+`)`, args...).Scan(&n, &p.Amount)
		if err != nil {
			return err
		}
		if n != len(feeIDs) {
			return &library.Error{Code: library.ECONFLICT, Key: "error.fee_not_open",
				Message: fmt.Sprintf("%d of %d fees are not open fees of the patron", len(feeIDs)-n, len(feeIDs))}
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO payments (patron_id, amount, method, status, provider_ref, created)
			VALUES ($1, $2, 'online', 'pending', $3, $4) RETURNING id`, patronID, p.Amount, p.Reference, now).Scan(&p.ID)
		if err != nil {
			return err
		}
		for _, id := range feeIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO payment_fees (payment_id, fee_id) VALUES ($1, $2)`, p.ID, id); err != nil {
				return err
			}
		}
		p.Fees, err = paymentFees(ctx, tx, p.ID)
		return err
	})
	if err != nil {
		return library.Payment{}, fmt.Errorf("start payment of fees %v of patron %d: %w", feeIDs, patronID, err)
	}
	return p, nil
}

// paymentFees returns the fees a payment is for.
func paymentFees(ctx context.Context, q queryer, paymentID int64) ([]library.Fee, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+feeColumns+` FROM fees
		WHERE id IN (SELECT fee_id FROM payment_fees WHERE payment_id = $1) ORDER BY created, id`, paymentID)
	if err != nil {
		return nil, err
	}
	return scanFees(rows)
}

// getPayment reads a payment with its fees.
func getPayment(ctx context.Context, q queryer, id int64) (library.Payment, error) {
	var p library.Payment
	var paid sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT id, patron_id, amount, method, status, provider_ref, created, paid_at
		FROM payments WHERE id = $1`, id).Scan(&p.ID, &p.PatronID, &p.Amount, &p.Method, &p.Status, &p.Reference, &p.Created, &paid)
	if errors.Is(err, sql.ErrNoRows) {
		return p, &library.Error{Code: library.ENOTFOUND, Key: "error.payment_not_found", Message: fmt.Sprintf("payment %d not found", id)}
	}
	if err != nil {
		return p, err
	}
	p.Created = p.Created.UTC()
	if paid.Valid {
		p.PaidAt = paid.Time.UTC()
	}
	p.Fees, err = paymentFees(ctx, q, id)
	if err != nil {
		return p, err
	}
	if len(p.Fees) == 0 { // a desk payment: its fees point at it
		rows, err := q.QueryContext(ctx, `SELECT `+feeColumns+` FROM fees WHERE payment_id = $1 ORDER BY created, id`, id)
		if err != nil {
			return p, err
		}
		if p.Fees, err = scanFees(rows); err != nil {
			return p, err
		}
	}
	return p, nil
}

// Payment returns a patron's payment with its fees; another patron's is
// not found.
func (db *DB) Payment(ctx context.Context, patronID, id int64) (library.Payment, error) {
	var p library.Payment
	err := db.inReadTx(ctx, func(tx txn) error {
		var err error
		p, err = getPayment(ctx, tx, id)
		if err == nil && p.PatronID != patronID {
			err = &library.Error{Code: library.ENOTFOUND, Key: "error.payment_not_found", Message: fmt.Sprintf("payment %d not found", id)}
		}
		return err
	})
	if err != nil {
		return library.Payment{}, fmt.Errorf("payment %d: %w", id, err)
	}
	return p, nil
}

// CompletePayment marks a pending payment paid and its fees with it, in
// one transaction under the patron's lock, as PayFees does at the desk.
func (db *DB) CompletePayment(ctx context.Context, id, amount int64, now time.Time) (library.Payment, error) {
	now = utc(now)
	var p library.Payment
	err := db.circTx(ctx, func(tx txn) error {
		var patronID int64
		if err := tx.QueryRowContext(ctx, `SELECT patron_id FROM payments WHERE id = $1`, id).Scan(&patronID); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return &library.Error{Code: library.ENOTFOUND, Key: "error.payment_not_found", Message: "no such payment"}
			}
			return err
		}
		pr, err := lockPatron(ctx, tx, patronID)
		if err != nil {
			return err
		}
		if p, err = getPayment(ctx, tx, id); err != nil {
			return err
		}
		if p.Amount != amount {
			return &library.Error{Code: library.EINVALID, Key: "error.payment_amount",
				Message: fmt.Sprintf("amount %d, payment is for %d", amount, p.Amount)}
		}
		if p.Status == library.PaymentPaid {
			return nil // a replayed answer
		}
		// A cancelled payment can still be paid: the provider's word that
		// money moved outranks an earlier cancel.
		r, err := tx.ExecContext(ctx, `UPDATE payments SET status = 'paid', paid_at = $1 WHERE id = $2 AND status <> 'paid'`, now, id)
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil || n != 1 {
			return cmpErr(err, fmt.Errorf("payment %d changed under its lock", id))
		}
		r, err = tx.ExecContext(ctx, `UPDATE fees SET payment_id = $1, paid_at = $2
			WHERE paid_at IS NULL AND id IN (SELECT fee_id FROM payment_fees WHERE payment_id = $1)`, id, now)
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil || n != int64(len(p.Fees)) {
			// A fee was paid at the desk meanwhile: the money must go
			// back by hand, so refuse rather than pay twice.
			return cmpErr(err, &library.Error{Code: library.ECONFLICT, Key: "error.fee_not_open",
				Message: "a fee of the payment was paid meanwhile"})
		}
		if err := logEvent(ctx, tx, event{Action: "fee_paid", By: library.Actor{PatronID: patronID}, Patron: pr, Amount: p.Amount}, now); err != nil {
			return err
		}
		p, err = getPayment(ctx, tx, id)
		return err
	})
	if err != nil {
		return library.Payment{}, fmt.Errorf("complete payment %d: %w", id, err)
	}
	return p, nil
}

// FailPayment records that a pending payment was cancelled. A payment
// already paid or cancelled is left as it is; an unknown one is ENOTFOUND.
func (db *DB) FailPayment(ctx context.Context, id int64, now time.Time) error {
	err := db.inTx(ctx, func(tx txn) error {
		r, err := tx.ExecContext(ctx, `UPDATE payments SET status = 'failed' WHERE id = $1 AND status = 'pending'`, id)
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil || n == 1 {
			return err
		}
		// Not pending: paid or cancelled already, which stands, or no
		// such payment, which a provider's answer must not name.
		var one int
		err = tx.QueryRowContext(ctx, `SELECT 1 FROM payments WHERE id = $1`, id).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return &library.Error{Code: library.ENOTFOUND, Key: "error.payment_not_found", Message: "no such payment"}
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("fail payment %d: %w", id, err)
	}
	return nil
}
