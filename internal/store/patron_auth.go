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

// Authenticate checks a card number and PIN. The attempt is counted
// before the PIN is checked (see reserve), so the lockout holds however
// many guesses arrive at once, from the web, the API or SIP2.
func (db *DB) Authenticate(ctx context.Context, card, pin string, now time.Time) (library.Patron, error) {
	card = strings.TrimSpace(card)
	a := account{subject: "card:" + card, table: "patrons", column: "pin_hash"}
	err := db.reader().QueryRowContext(ctx, `SELECT id, pin_hash FROM patrons WHERE card_number = $1 AND closed_at IS NULL`, card).Scan(&a.id, &a.hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return library.Patron{}, fmt.Errorf("authenticate %s: %w", card, err)
	}
	if err := db.signIn(ctx, a, pin, instant(now), nil); err != nil {
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

// signIn checks secret against a's hash, the attempt counted first. A
// wrong secret stays counted as a failure (and may lock the subject); a
// right one makes the subject's failures forgotten, stores a new hash when
// a's uses old parameters, and runs then, when not nil, in the same
// transaction. A hash changed while it was checked (a PIN reset at that
// moment) makes the attempt fail, so the old secret opens nothing.
func (db *DB) signIn(ctx context.Context, a account, secret string, now time.Time, then func(ctx context.Context, tx txn) error) error {
	if then != nil {
		return db.checkSecret(ctx, a, secret, now, then)
	}
	// Simultaneous attempts with the same secret on the same hash (a
	// kiosk opening 16 SIP2 connections at once) share one counted check
	// and its answer. Counted one by one, the attempts in flight would
	// fill the window's five and the rest be refused as a burst of
	// guesses; shared, a right secret lets them all in, and a wrong one
	// repeated is one guess, counted once. The key holds the secret only
	// as a keyed hash.
	key := a.subject + "\x00" + a.hash + "\x00" + db.accountConfig().Hasher.Pseudonym("sign-in", secret)
	_, err, _ := db.signins.Do(key, func() (any, error) {
		return nil, db.checkSecret(context.WithoutCancel(ctx), a, secret, now, nil)
	})
	return err
}

// checkSecret is signIn's one counted check of secret.
func (db *DB) checkSecret(ctx context.Context, a account, secret string, now time.Time, then func(ctx context.Context, tx txn) error) error {
	if err := db.reserve(ctx, a.subject, now); err != nil {
		return err
	}
	// The attempt is counted now; its outcome is written even if the
	// client goes away, so that it cannot stay in flight.
	ctx = context.WithoutCancel(ctx)
	for rechecked := false; ; rechecked = true {
		ok, stale, verr := db.verify(a.hash, secret)
		var fresh string
		if ok && stale {
			fresh, verr = db.accountConfig().Hasher.Hash(secret)
		}
		var refusal error
		var recheck bool    // the hash checked was replaced meanwhile
		var replaced string // the account's hash now
		err := db.inTx(ctx, func(tx txn) error {
			current := ok && verr == nil
			if current {
				var err error
				if current, err = stillCurrent(ctx, tx, a, fresh); err != nil {
					return err
				}
				if !current && !rechecked {
					// Replaced while it was checked: by a PIN reset, or
					// by another node's rehash of this same secret (the
					// first sign-in after new hash parameters). Checking
					// the new hash once tells which.
					recheck = true
					return tx.QueryRowContext(ctx, `SELECT `+a.column+` FROM `+a.table+` WHERE id = $1`, a.id).Scan(&replaced)
				}
			}
			if !current {
				refusal = db.countFailure(ctx, tx, a.subject, now)
				if library.ErrorCode(refusal) == library.EINTERNAL {
					return refusal
				}
				return nil
			}
			if err := forgetFailures(ctx, tx, a.subject); err != nil {
				return err
			}
			if then != nil {
				return then(ctx, tx)
			}
			return nil
		})
		switch {
		case verr != nil:
			return fmt.Errorf("authenticate %s: %w", a.subject, verr)
		case err != nil && !(recheck && errors.Is(err, sql.ErrNoRows)):
			return fmt.Errorf("authenticate %s: %w", a.subject, err)
		case recheck && err == nil && replaced != a.hash:
			a.hash = replaced
			continue
		case recheck:
			// The account went while it was checked: a failure.
			return db.countGone(ctx, a.subject, now)
		}
		return refusal
	}
}

// countGone writes a reserved attempt's failure on an account that no
// longer exists.
func (db *DB) countGone(ctx context.Context, subject string, now time.Time) error {
	var refusal error
	err := db.inTx(ctx, func(tx txn) error {
		refusal = db.countFailure(ctx, tx, subject, now)
		if library.ErrorCode(refusal) == library.EINTERNAL {
			return refusal
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("authenticate %s: %w", subject, err)
	}
	return refusal
}

// stillCurrent reports whether a's hash is still the account's, replacing
// it with fresh (a rehash with today's parameters) when that is not "".
func stillCurrent(ctx context.Context, tx txn, a account, fresh string) (bool, error) {
	if fresh != "" {
		res, err := tx.ExecContext(ctx, `UPDATE `+a.table+` SET `+a.column+` = $1 WHERE id = $2 AND `+a.column+` = $3`, fresh, a.id, a.hash)
		if err != nil {
			return false, err
		}
		n, err := res.RowsAffected()
		return n == 1, err
	}
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM `+a.table+` WHERE id = $1 AND `+a.column+` = $2`, a.id, a.hash).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
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

// ChangePIN replaces a patron's PIN after checking the old one. The old
// PIN is checked like a sign-in, counted first, so the form cannot be used
// to guess. A new PIN ends every session and API token of the patron:
// whoever knew the old one is signed out everywhere (the web signs the
// browser that made the change in again).
func (db *DB) ChangePIN(ctx context.Context, patronID int64, oldPIN, newPIN string, now time.Time) error {
	now = instant(now)
	if err := checkPIN(newPIN); err != nil {
		return err
	}
	a := account{table: "patrons", column: "pin_hash", id: patronID}
	var card string
	err := db.reader().QueryRowContext(ctx, `SELECT card_number, pin_hash FROM patrons WHERE id = $1`, patronID).Scan(&card, &a.hash)
	if errors.Is(err, sql.ErrNoRows) {
		return library.Errorf(library.ENOTFOUND, "patron %d not found", patronID)
	}
	if err != nil {
		return fmt.Errorf("change PIN of %d: %w", patronID, err)
	}
	a.subject = "card:" + card
	// Hash before the transaction, so it does not hold the writer.
	hash, err := db.accountConfig().Hasher.Hash(newPIN)
	if err != nil {
		return err
	}
	err = db.signIn(ctx, a, oldPIN, now, func(ctx context.Context, tx txn) error {
		if _, err := tx.ExecContext(ctx, `UPDATE patrons SET pin_hash = $1 WHERE id = $2`, hash, patronID); err != nil {
			return err
		}
		return endAllSessions(ctx, tx, patronID)
	})
	if library.ErrorCode(err) == library.EUNAUTHORIZED {
		err = &library.Error{Code: library.EUNAUTHORIZED, Key: "error.pin_wrong", Message: "wrong current PIN"}
	}
	return err
}
