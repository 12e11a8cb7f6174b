package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Authenticate checks a card number and PIN.
//
// The argon2 work happens outside any transaction, so that on SQLite a
// sign-in never holds the single writer for the length of a hash; only the
// bookkeeping of failures is written. Two guesses racing on one card may
// both be checked before either is counted, which the per-address limiter
// in front bounds.
func (db *DB) Authenticate(ctx context.Context, card, pin string, now time.Time) (library.Patron, error) {
	card = strings.TrimSpace(card)
	subject := "card:" + card
	now = instant(now)
	if err := db.checkLock(ctx, subject, now); err != nil {
		return library.Patron{}, err
	}
	var id int64
	var hash string
	err := db.reader().QueryRowContext(ctx, `SELECT id, pin_hash FROM patrons WHERE card_number = $1 AND closed_at IS NULL`, card).Scan(&id, &hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return library.Patron{}, fmt.Errorf("authenticate %s: %w", card, err)
	}
	err = db.signIn(ctx, subject, hash, pin, now, func(tx txn) error { return db.setPIN(ctx, tx, id, pin) })
	if err != nil {
		return library.Patron{}, err
	}
	return db.PatronByCard(ctx, card)
}

// verify checks secret against hash; an empty hash (no account, or no PIN
// set) costs the same as a wrong secret and never matches.
func (db *DB) verify(hash, secret string) (ok, rehash bool, err error) {
	h := db.accountConfig().Hasher
	if hash == "" {
		h.VerifyDummy(secret)
		return false, false, nil
	}
	return h.Verify(hash, secret)
}

// signIn checks secret against the hash stored for subject, outside any
// transaction. A wrong secret counts as a failure (and may lock the
// subject); a right one makes the subject's failed attempts forgotten and,
// when its hash uses old parameters, stores a new one by calling rehash.
func (db *DB) signIn(ctx context.Context, subject, hash, secret string, now time.Time, rehash func(tx txn) error) error {
	ok, stale, err := db.verify(hash, secret)
	if err != nil {
		return fmt.Errorf("authenticate %s: %w", subject, err)
	}
	if !ok {
		return db.fail(ctx, subject, now)
	}
	err = db.inTx(ctx, func(tx txn) error {
		if stale {
			if err := rehash(tx); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM auth_failures WHERE subject = $1`, subject)
		return err
	})
	if err != nil {
		return fmt.Errorf("authenticate %s: %w", subject, err)
	}
	return nil
}

// setPassword stores a new hash of password for a staff member or kiosk
// (table is "staff" or "kiosks", never user input).
func (db *DB) setPassword(ctx context.Context, tx txn, table string, id int64, password string) error {
	h, err := db.accountConfig().Hasher.Hash(password)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE `+table+` SET password_hash = $1 WHERE id = $2`, h, id)
	return err
}

// unauthorized is the one error for a wrong card, PIN, username or
// password: it does not say which was wrong.
func unauthorized() error {
	return &library.Error{Code: library.EUNAUTHORIZED, Key: "error.signin_failed", Message: "wrong card number or PIN"}
}

func locked(until time.Time) error {
	return &library.Error{Code: library.EFORBIDDEN, Key: "error.card_locked", Message: "locked until " + until.Format(time.RFC3339)}
}

// checkLock returns the locked error while subject is locked out.
func (db *DB) checkLock(ctx context.Context, subject string, now time.Time) error {
	var until sql.NullTime
	err := db.reader().QueryRowContext(ctx, `SELECT locked_until FROM auth_failures WHERE subject = $1`, subject).Scan(&until)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sign-in lock: %w", err)
	}
	if until.Valid && until.Time.After(now) {
		return locked(until.Time)
	}
	return nil
}

// fail counts a failed sign-in for subject and locks it after too many
// within the window. It returns the error to give the user: the generic
// one, or the locked one for the failure that locks.
func (db *DB) fail(ctx context.Context, subject string, now time.Time) error {
	c := db.accountConfig()
	var failures int
	err := db.inTx(ctx, func(tx txn) error {
		// Forget old windows first, so the table stays as small as the
		// attacks of the last few minutes.
		if _, err := tx.ExecContext(ctx, `DELETE FROM auth_failures WHERE first_at < $1 AND (locked_until IS NULL OR locked_until < $2)`,
			now.Add(-c.Lockout), now); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `
			INSERT INTO auth_failures (subject, failures, first_at) VALUES ($1, 1, $2)
			ON CONFLICT (subject) DO UPDATE SET failures = auth_failures.failures + 1
			RETURNING failures`, subject, now).Scan(&failures)
		if err != nil || failures < c.MaxFailures {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE auth_failures SET failures = 0, first_at = $1, locked_until = $2 WHERE subject = $3`,
			now, now.Add(c.Lockout), subject)
		return err
	})
	if err != nil {
		return fmt.Errorf("count failed sign-in: %w", err)
	}
	if failures >= c.MaxFailures {
		return locked(now.Add(c.Lockout))
	}
	return unauthorized()
}

// checkPIN enforces the PIN rule: 4 to 12 digits. Helmet's cards have four;
// longer ones are allowed for those who want them.
func checkPIN(pin string) error {
	ok := len(pin) >= 4 && len(pin) <= 12
	for _, c := range pin {
		ok = ok && '0' <= c && c <= '9'
	}
	if !ok {
		return &library.Error{Code: library.EINVALID, Key: "error.pin_format", Message: "a PIN is 4 to 12 digits"}
	}
	return nil
}

// setPIN stores a new hash of pin for a patron.
func (db *DB) setPIN(ctx context.Context, tx txn, patronID int64, pin string) error {
	hash, err := db.accountConfig().Hasher.Hash(pin)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE patrons SET pin_hash = $1 WHERE id = $2`, hash, patronID)
	return err
}

// ChangePIN replaces a patron's PIN after checking the old one. A wrong
// old PIN counts as a failed sign-in, so the form cannot be used to guess.
// Other sessions stay signed in; the page offers "sign out everywhere".
func (db *DB) ChangePIN(ctx context.Context, patronID int64, oldPIN, newPIN string, now time.Time) error {
	now = instant(now)
	if err := checkPIN(newPIN); err != nil {
		return err
	}
	var card, hash string
	err := db.reader().QueryRowContext(ctx, `SELECT card_number, pin_hash FROM patrons WHERE id = $1`, patronID).Scan(&card, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return library.Errorf(library.ENOTFOUND, "patron %d not found", patronID)
	}
	if err != nil {
		return fmt.Errorf("change PIN of %d: %w", patronID, err)
	}
	subject := "card:" + card
	if err := db.checkLock(ctx, subject, now); err != nil {
		return err
	}
	ok, _, err := db.verify(hash, oldPIN)
	if err != nil {
		return fmt.Errorf("change PIN of %d: %w", patronID, err)
	}
	if !ok {
		err := db.fail(ctx, subject, now)
		if library.ErrorCode(err) == library.EUNAUTHORIZED {
			err = &library.Error{Code: library.EUNAUTHORIZED, Key: "error.pin_wrong", Message: "wrong current PIN"}
		}
		return err
	}
	return db.inTx(ctx, func(tx txn) error { return db.setPIN(ctx, tx, patronID, newPIN) })
}
