package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Counting sign-in attempts.
//
// Every check of a secret (a patron's PIN, a staff or kiosk password) is
// counted before it is made: reserve takes one of the subject's attempts in
// a single guarded UPDATE, which refuses once the failures of the window and
// the attempts being checked at this moment reach MaxFailures. So guesses
// sent at the same moment, from however many addresses or SIP2
// connections, cannot all be checked before the first failure is counted:
// at most MaxFailures wrong secrets are ever checked per window. The
// outcome is then written: a failure stays counted (and the one that
// reaches the limit locks the subject), a success forgets the failures.
//
// The argon2 work happens between the two transactions, so that on SQLite
// a sign-in never holds the single writer for the length of a hash.

// account is the secret an attempt is checked against and where it is
// kept, so that signIn can store a rehash and make sure the hash it
// checked is still the account's.
type account struct {
	subject string // the lockout's key: "card:…", "staff:…" or "kiosk:…"
	table   string // "patrons", "staff" or "kiosks", never user input
	column  string // "pin_hash" or "password_hash"
	id      int64  // 0 when there is no such account
	hash    string // "" when there is no account or no secret set
}

// reserve counts an attempt on subject before its secret is checked. It
// refuses while the subject is locked, and while failures and attempts in
// flight have used up the window's MaxFailures.
func (db *DB) reserve(ctx context.Context, subject string, now time.Time) error {
	c := db.accountConfig()
	var refusal error
	err := db.inTx(ctx, func(tx txn) error {
		// A first attempt, or a fresh start once a lock or a window is over.
		_, err := tx.ExecContext(ctx, `
			INSERT INTO auth_failures (subject, failures, pending, first_at) VALUES ($1, 0, 0, $2)
			ON CONFLICT (subject) DO UPDATE SET failures = 0, pending = 0, first_at = $2, locked_until = NULL
			WHERE auth_failures.locked_until <= $2
			   OR (auth_failures.locked_until IS NULL AND auth_failures.first_at <= $3)`,
			subject, now, now.Add(-c.Lockout))
		if err != nil {
			return err
		}
		// The guard and the count are one statement: PostgreSQL re-checks
		// the condition on the row it waited for, SQLite has one writer.
		res, err := tx.ExecContext(ctx, `UPDATE auth_failures SET pending = pending + 1
			WHERE subject = $1 AND locked_until IS NULL AND failures + pending < $2`, subject, c.MaxFailures)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 1 {
			return err
		}
		var until sql.NullTime
		if err := tx.QueryRowContext(ctx, `SELECT locked_until FROM auth_failures WHERE subject = $1`, subject).Scan(&until); err != nil {
			return err
		}
		refusal = busy()
		if until.Valid {
			refusal = locked(subject, until.Time, now)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("count sign-in attempt: %w", err)
	}
	return refusal
}

// pendingDone is the SET expression that ends one attempt in flight. It
// never goes below zero: a lock's end or a new window starts from zero
// while an old attempt may still be finishing.
const pendingDone = `pending = CASE WHEN auth_failures.pending > 0 THEN auth_failures.pending - 1 ELSE 0 END`

// countFailure writes a reserved attempt's failure and locks the subject
// when the failures reach the limit. It returns the error to give the
// user: the generic one, or the locked one once the subject is locked.
func (db *DB) countFailure(ctx context.Context, tx txn, subject string, now time.Time) error {
	c := db.accountConfig()
	// Forget old windows, so that the table stays as small as the attacks
	// of the last few minutes.
	if _, err := tx.ExecContext(ctx, `DELETE FROM auth_failures WHERE first_at < $1 AND (locked_until IS NULL OR locked_until < $2) AND subject <> $3`,
		now.Add(-c.Lockout), now, subject); err != nil {
		return err
	}
	// The row is made again if something (a PIN reset) removed it while
	// the secret was checked.
	var failures int
	err := tx.QueryRowContext(ctx, `
		INSERT INTO auth_failures (subject, failures, pending, first_at) VALUES ($1, 1, 0, $2)
		ON CONFLICT (subject) DO UPDATE SET failures = auth_failures.failures + 1, `+pendingDone+`
		RETURNING failures`, subject, now).Scan(&failures)
	if err != nil {
		return err
	}
	if failures < c.MaxFailures {
		return unauthorized()
	}
	// The failure that reaches the limit starts the lock; those that were
	// in flight with it do not move it.
	if _, err := tx.ExecContext(ctx, `UPDATE auth_failures SET locked_until = $1 WHERE subject = $2 AND locked_until IS NULL`,
		now.Add(c.Lockout), subject); err != nil {
		return err
	}
	var until time.Time
	if err := tx.QueryRowContext(ctx, `SELECT locked_until FROM auth_failures WHERE subject = $1`, subject).Scan(&until); err != nil {
		return err
	}
	return locked(subject, until, now)
}

// forgetFailures ends a reserved attempt that succeeded: the subject's
// failures and any lock are forgotten. Attempts still in flight stay
// counted until they end.
func forgetFailures(ctx context.Context, tx txn, subject string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE auth_failures SET failures = 0, locked_until = NULL, `+pendingDone+` WHERE subject = $1`, subject); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM auth_failures WHERE subject = $1 AND pending = 0`, subject)
	return err
}

// unauthorized is the one error for a wrong card, PIN, username or
// password: it does not say which was wrong.
func unauthorized() error {
	return &library.Error{Code: library.EUNAUTHORIZED, Key: "error.signin_failed", Message: "wrong card number or PIN"}
}

// locked is the refusal while subject is locked until until. It tells the
// minutes left, rounded up, so the message is true to the minute; a card's
// message also offers a new PIN, a staff account's does not.
func locked(subject string, until, now time.Time) error {
	key := "error.account_locked"
	if strings.HasPrefix(subject, "card:") {
		key = "error.card_locked"
	}
	return &library.Error{Code: library.EFORBIDDEN, Key: key, Count: minutesLeft(until, now),
		Message: "locked until " + until.UTC().Format(time.RFC3339)}
}

// minutesLeft is the time from now to until in whole minutes, rounded up,
// and at least one.
func minutesLeft(until, now time.Time) int {
	m := int((until.Sub(now) + time.Minute - 1) / time.Minute)
	return max(m, 1)
}

// busy is the refusal of an attempt while others on the same subject,
// enough to reach the limit, are being checked: most likely a burst of
// guesses, which the lock will follow within a second.
func busy() error {
	return &library.Error{Code: library.EFORBIDDEN, Key: "error.signin_busy", Message: "other attempts on this account are being checked"}
}
