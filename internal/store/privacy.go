package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Privacy: a patron's choice about reading history, and closing an account.
//
// Closing anonymises rather than deletes: the patron row stays, because
// paid fees and payments are accounting records that must be kept (the
// Finnish Accounting Act asks for six years), but nothing in it or in
// what remains names the person or says what they read. What goes: name,
// card number (replaced by "closed-<id>"), contact details, PIN, staff
// note, block, guardian link (and links to wards), sessions, PIN reset
// links, messages, reading history, returned loans, closed holds, and the
// patron's lists, ratings and saved searches where those tables exist,
// and what they wrote in questions, feedback and purchase suggestions
// (the rows stay, nameless, for the counts: anonymiseAsk).
// What stays: the row's ID, category, home library, created and closed_at,
// and paid fees (kind, amount, dates, payment) without the record or item
// they were for. The circulation audit trail never named the patron.

// SetHistoryOptIn starts or stops keeping a patron's reading history.
// Stopping with deleteExisting also deletes what has been kept so far.
func (db *DB) SetHistoryOptIn(ctx context.Context, patronID int64, on, deleteExisting bool) error {
	err := db.inTx(ctx, func(tx txn) error {
		res, err := tx.ExecContext(ctx, `UPDATE patrons SET history_opt_in = $1 WHERE id = $2 AND closed_at IS NULL`, on, patronID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return library.Errorf(library.ENOTFOUND, "patron %d not found", patronID)
		}
		if !on && deleteExisting {
			_, err = tx.ExecContext(ctx, `DELETE FROM reading_history WHERE patron_id = $1`, patronID)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("set reading history of patron %d to %t: %w", patronID, on, err)
	}
	return nil
}

// CloseAccount closes and anonymises a patron's account, as the comment
// at the top of this file describes. It is refused with ECONFLICT (Key
// "error.close_blocked") while the patron has loans, open holds or unpaid
// fees: those are settled first, so that nothing owed or lent is lost
// with the name.
func (db *DB) CloseAccount(ctx context.Context, patronID int64, now time.Time) error {
	now = instant(now)
	err := db.circTx(ctx, func(tx txn) error { return closeAccount(ctx, tx, patronID, now) })
	if err != nil {
		return fmt.Errorf("close account of patron %d: %w", patronID, err)
	}
	return nil
}

// closeAccount is CloseAccount in tx, shared with the desk's
// CloseAccountByStaff.
func closeAccount(ctx context.Context, tx txn, patronID int64, now time.Time) error {
	p, err := lockPatron(ctx, tx, patronID)
	if err != nil {
		return err
	}
	if p.Closed {
		return library.Errorf(library.ENOTFOUND, "patron %d: account already closed", patronID)
	}
	var loans, holds, fees int
	err = tx.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM loans WHERE patron_id = $1 AND returned_at IS NULL),
		(SELECT count(*) FROM holds WHERE patron_id = $1 AND status IN ('waiting', 'in_transit', 'ready')),
		(SELECT count(*) FROM fees WHERE patron_id = $1 AND paid_at IS NULL AND amount > 0)`, patronID).
		Scan(&loans, &holds, &fees)
	if err != nil {
		return err
	}
	if loans+holds+fees > 0 {
		return &library.Error{Code: library.ECONFLICT, Key: "error.close_blocked",
			Message: fmt.Sprintf("patron %d has %d loans, %d open holds and %d unpaid fees", patronID, loans, holds, fees)}
	}
	return anonymise(ctx, tx, patronID, p.Card, now)
}

// anonymise removes everything that names a closed account's holder or
// tells what they read.
func anonymise(ctx context.Context, tx txn, id int64, card string, now time.Time) error {
	stmts := []string{
		`DELETE FROM sessions WHERE patron_id = $1`,
		`DELETE FROM pin_resets WHERE patron_id = $1`,
		`DELETE FROM notices WHERE patron_id = $1`,
		`DELETE FROM reading_history WHERE patron_id = $1`,
		`DELETE FROM loans WHERE patron_id = $1 AND returned_at IS NOT NULL`,
		`UPDATE transits SET hold_id = NULL WHERE hold_id IN (SELECT id FROM holds WHERE patron_id = $1)`,
		`DELETE FROM holds WHERE patron_id = $1 AND status NOT IN ('waiting', 'in_transit', 'ready')`,
		`UPDATE fees SET record_id = NULL, barcode = '', description = '' WHERE patron_id = $1`,
		`UPDATE patrons SET guardian_id = NULL WHERE guardian_id = $1`,
	}
	for _, table := range []string{"ratings", "saved_searches", "lists", "api_tokens", "due_feeds"} {
		ok, err := tableExists(ctx, tx, tx.d, table)
		if err != nil {
			return err
		}
		if ok {
			// list_records go with their lists (ON DELETE CASCADE).
			stmts = append(stmts, `DELETE FROM `+table+` WHERE patron_id = $1`)
		}
	}
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("anonymise: %w", err)
		}
	}
	if err := anonymiseBookings(ctx, tx, id, now); err != nil {
		return fmt.Errorf("anonymise: %w", err)
	}
	if err := anonymiseAsk(ctx, tx, id, now); err != nil {
		return fmt.Errorf("anonymise: %w", err)
	}
	if err := cancelEventSignups(ctx, tx, id, now); err != nil {
		return fmt.Errorf("anonymise: %w", err)
	}
	if err := anonymiseChats(ctx, tx, id, now); err != nil {
		return fmt.Errorf("anonymise: %w", err)
	}
	if err := anonymiseELib(ctx, tx, id, now); err != nil {
		return fmt.Errorf("anonymise: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM auth_failures WHERE subject = $1`, "card:"+card); err != nil {
		return fmt.Errorf("anonymise: %w", err)
	}
	if err := anonymiseRegistration(ctx, tx, id); err != nil {
		return fmt.Errorf("anonymise: %w", err)
	}
	_, err := tx.ExecContext(ctx, `
		UPDATE patrons SET card_number = $1, name = '', email = '', phone = '', street = '',
			postal_code = '', city = '', notice_channel = 'account', pickup_branch = '',
			guardian_id = NULL, history_opt_in = $2, block_reason = '', staff_note = '', pin_hash = '',
			closed_at = $3
		WHERE id = $4`,
		"closed-"+strconv.FormatInt(id, 10), false, now, id)
	if err != nil {
		return fmt.Errorf("anonymise: %w", err)
	}
	return nil
}

// tableExists reports whether a table is in the schema, for the parts of
// an account (lists, ratings, saved searches) that later migrations add.
func tableExists(ctx context.Context, q queryer, d dialect, name string) (bool, error) {
	query := `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1`
	if d == postgres {
		query = `SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = $1`
	}
	var n int
	if err := q.QueryRowContext(ctx, query, name).Scan(&n); err != nil {
		return false, fmt.Errorf("table %s exists: %w", name, err)
	}
	return n > 0, nil
}
