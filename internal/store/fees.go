package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

const feeColumns = `id, patron_id, kind, amount, COALESCE(record_id, 0), barcode, description, created, paid_at, COALESCE(payment_id, 0), library_id`

// openFees returns what a patron owes.
func openFees(ctx context.Context, tx txn, patronID int64) (int64, error) {
	var owed int64
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount), 0) FROM fees WHERE patron_id = $1 AND paid_at IS NULL`, patronID).Scan(&owed)
	if err != nil {
		return 0, fmt.Errorf("open fees of patron %d: %w", patronID, err)
	}
	return owed, nil
}

// chargeFee adds a fee to a patron's account, with an audit event. The
// fee is charged by the library that owns the copy it is for (its rules
// set the amount), or, for a fee without a copy, the patron's home
// library; only that library's staff take it at a desk.
func chargeFee(ctx context.Context, tx txn, f library.Fee) (library.Fee, error) {
	err := tx.QueryRowContext(ctx, `
		INSERT INTO fees (patron_id, kind, amount, record_id, barcode, description, created, library_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, COALESCE(
			(SELECT b.library_id FROM items i JOIN branches b ON b.id = i.home_branch WHERE i.barcode = $5 AND $5 <> ''),
			(SELECT home_library FROM patrons WHERE id = $1), ''))
		RETURNING id, library_id`,
		f.PatronID, f.Kind, f.Amount, orNull(f.RecordID), f.Barcode, f.Description, f.Created).Scan(&f.ID, &f.Library)
	if err != nil {
		return library.Fee{}, fmt.Errorf("charge %s fee: %w", f.Kind, err)
	}
	ev := event{Action: "fee_" + f.Kind, Item: library.Item{Barcode: f.Barcode, RecordID: f.RecordID}, Amount: f.Amount}
	return f, logEvent(ctx, tx, ev, f.Created)
}

func scanFees(rows *sql.Rows) ([]library.Fee, error) {
	defer rows.Close()
	var fs []library.Fee
	for rows.Next() {
		var f library.Fee
		var paid sql.NullTime
		if err := rows.Scan(&f.ID, &f.PatronID, &f.Kind, &f.Amount, &f.RecordID, &f.Barcode, &f.Description,
			&f.Created, &paid, &f.PaymentID, &f.Library); err != nil {
			return nil, err
		}
		f.Created = f.Created.UTC()
		if paid.Valid {
			f.PaidAt = paid.Time.UTC()
		}
		fs = append(fs, f)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return fs, rows.Close()
}

// Fees returns a patron's fees, open ones first, newest first within each.
func (db *DB) Fees(ctx context.Context, patronID int64) ([]library.Fee, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT `+feeColumns+` FROM fees WHERE patron_id = $1
		ORDER BY CASE WHEN paid_at IS NULL THEN 0 ELSE 1 END, created DESC, id DESC`, patronID)
	if err != nil {
		return nil, fmt.Errorf("fees of patron %d: %w", patronID, err)
	}
	fs, err := scanFees(rows)
	if err != nil {
		return nil, fmt.Errorf("fees of patron %d: %w", patronID, err)
	}
	return fs, nil
}

// PayFees records a desk payment of some of a patron's open fees: one
// payment row for them all, each fee marked paid, and an audit event. It
// fails with ECONFLICT, paying nothing, if any fee is not the patron's or
// is already paid, so a double click cannot take money twice.
func (db *DB) PayFees(ctx context.Context, patronID int64, feeIDs []int64, by library.Actor, now time.Time) error {
	now = utc(now)
	if len(feeIDs) == 0 {
		return library.Errorf(library.EINVALID, "pay fees of patron %d: no fees", patronID)
	}
	err := db.circTx(ctx, func(tx txn) error {
		if _, err := lockPatron(ctx, tx, patronID); err != nil {
			return err
		}
		args := []any{patronID}
		for _, id := range feeIDs {
			args = append(args, id)
		}
		var n int
		var total int64
		err := tx.QueryRowContext(ctx, `SELECT count(*), COALESCE(SUM(amount), 0) FROM fees
			WHERE patron_id = $1 AND paid_at IS NULL AND id IN (`+placeholders(len(feeIDs), 2)+`)`, args...).Scan(&n, &total)
		if err != nil {
			return err
		}
		if n != len(feeIDs) {
			return &library.Error{Code: library.ECONFLICT, Key: "error.fee_not_open",
				Message: fmt.Sprintf("%d of %d fees are not open fees of the patron", len(feeIDs)-n, len(feeIDs))}
		}
		var payID int64
		err = tx.QueryRowContext(ctx, `INSERT INTO payments (patron_id, amount, method, status, staff_id, created, paid_at)
			VALUES ($1, $2, 'desk', 'paid', $3, $4, $4) RETURNING id`, patronID, total, orNull(by.StaffID), now).Scan(&payID)
		if err != nil {
			return err
		}
		args = append(args, payID, now)
		k := len(args)
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`UPDATE fees SET payment_id = $%d, paid_at = $%d
			WHERE patron_id = $1 AND paid_at IS NULL AND id IN (`+placeholders(len(feeIDs), 2)+`)`, k-1, k), args...); err != nil {
			return err
		}
		return logEvent(ctx, tx, event{Action: "fee_paid", Branch: by.Branch, By: by, Amount: total}, now)
	})
	if err != nil {
		return fmt.Errorf("pay fees %v of patron %d: %w", feeIDs, patronID, err)
	}
	return nil
}
