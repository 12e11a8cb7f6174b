package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// PINs issued by staff: a random PIN printed once on a PIN letter, or a
// one-time code with which the patron chooses their own PIN at first
// sign-in. Either ends the patron's sessions and API tokens, voids PIN
// reset links and clears the card's lockout, like the reset by mail.

// firstCodeTTL is how long a first sign-in code works: long enough for a
// letter to arrive.
const firstCodeTTL = 30 * 24 * time.Hour

// secrets are a new PIN or first sign-in code in the clear (given once)
// and hashed (stored).
type secrets struct {
	pin, pinHash, code, codeHash string
}

// newSecrets makes the secret a PIN mode asks for, hashed before any
// transaction so that argon2 does not hold the writer.
func newSecrets(db *DB, mode string) (secrets, error) {
	var s secrets
	var err error
	h := db.accountConfig().Hasher
	switch mode {
	case library.PINLetter:
		s.pin = randomPIN()
		s.pinHash, err = h.Hash(s.pin)
	case library.PINFirstSignIn:
		s.code = randomCode()
		s.codeHash, err = h.Hash(s.code)
	case library.PINNone:
	default:
		return s, &library.Error{Code: library.EINVALID, Key: "error.pin_mode", Message: fmt.Sprintf("unknown PIN mode %q", mode)}
	}
	return s, err
}

// randomPIN returns four random digits, never all the same nor a run up
// or down (1234, 9876), which are the first guesses of whoever finds a
// card. Four digits is Helmet's PIN; checkPIN allows longer ones chosen
// by the patron.
func randomPIN() string {
	for {
		n, err := rand.Int(rand.Reader, big.NewInt(10000))
		if err != nil {
			panic(err) // crypto/rand does not fail on supported systems
		}
		pin := fmt.Sprintf("%04d", n.Int64())
		if !weakPIN(pin) {
			return pin
		}
	}
}

func weakPIN(pin string) bool {
	same, up, down := true, true, true
	for i := 1; i < len(pin); i++ {
		same = same && pin[i] == pin[0]
		up = up && pin[i] == pin[i-1]+1
		down = down && pin[i] == pin[i-1]-1
	}
	return same || up || down
}

// codeAlphabet leaves out letters and digits that are read wrong (0 O, 1 I L).
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// randomCode returns a 10-character first sign-in code (about 50 bits;
// guesses are counted and locked like PINs).
func randomCode() string {
	b := make([]byte, 10)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(codeAlphabet))))
		if err != nil {
			panic(err)
		}
		b[i] = codeAlphabet[n.Int64()]
	}
	return string(b)
}

// IssuePIN gives a patron a new random PIN, returned once in a PIN letter
// (for the desk to print; the store keeps only its hash). branch is where
// the letter is handed out ("" = the home library's first branch).
func (db *DB) IssuePIN(ctx context.Context, by library.Staff, patronID int64, branch string, now time.Time) (library.PINLetterData, error) {
	now = instant(now)
	s, err := newSecrets(db, library.PINLetter)
	if err != nil {
		return library.PINLetterData{}, err
	}
	var letter library.PINLetterData
	err = db.inTx(ctx, func(tx txn) error {
		p, err := setStaffPIN(ctx, tx, patronID, s.pinHash, "", time.Time{}, now)
		if err != nil {
			return err
		}
		// The entry says a PIN letter was made, never the PIN.
		if err := audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditPINIssue, PatronID: patronID,
			Library: p.HomeLibrary, Detail: "PIN letter"}, now); err != nil {
			return err
		}
		letter, err = pinLetter(ctx, tx, p, branch, s.pin, now)
		return err
	})
	if err != nil {
		return library.PINLetterData{}, fmt.Errorf("issue PIN to patron %d: %w", patronID, err)
	}
	return letter, nil
}

// RequireNewPIN makes a patron choose a new PIN at their next sign-in
// with the one-time code returned (the staff reset when the patron is not
// at the desk to take a letter). The old PIN stops working at once.
func (db *DB) RequireNewPIN(ctx context.Context, by library.Staff, patronID int64, now time.Time) (library.FirstSignInCode, error) {
	now = instant(now)
	s, err := newSecrets(db, library.PINFirstSignIn)
	if err != nil {
		return library.FirstSignInCode{}, err
	}
	code := library.FirstSignInCode{Code: s.code, Expires: now.Add(firstCodeTTL)}
	err = db.inTx(ctx, func(tx txn) error {
		p, err := setStaffPIN(ctx, tx, patronID, "", s.codeHash, code.Expires, now)
		if err != nil {
			return err
		}
		code.CardNumber = p.CardNumber
		// The entry names the code's expiry, never the code.
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditPINReset, PatronID: patronID,
			Library: p.HomeLibrary, Detail: "first sign-in code until " + code.Expires.Format(time.DateOnly)}, now)
	})
	if err != nil {
		return library.FirstSignInCode{}, fmt.Errorf("require new PIN of patron %d: %w", patronID, err)
	}
	return code, nil
}

// setStaffPIN replaces an open account's PIN and first sign-in code and
// ends what the old PIN opened.
func setStaffPIN(ctx context.Context, tx txn, patronID int64, pinHash, codeHash string, expires, now time.Time) (library.Patron, error) {
	p, err := lockOpenPatron(ctx, tx, patronID)
	if err != nil {
		return p, err
	}
	_, err = tx.ExecContext(ctx, `UPDATE patrons SET pin_hash = $1, first_pin_hash = $2, first_pin_expires = $3 WHERE id = $4`,
		pinHash, codeHash, nullTime(expires), patronID)
	if err != nil {
		return p, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE pin_resets SET used_at = $1 WHERE patron_id = $2 AND used_at IS NULL`, now, patronID); err != nil {
		return p, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM auth_failures WHERE subject = $1`, "card:"+p.CardNumber); err != nil {
		return p, err
	}
	return p, endAllSessions(ctx, tx, patronID)
}

// ChoosePIN is the first sign-in with a one-time code: it checks the code
// as Authenticate checks a PIN (counted first, locked after too many
// failures, the same EUNAUTHORIZED for every failure), sets newPIN, and
// returns the patron signed in. An expired or used code fails like a
// wrong one.
func (db *DB) ChoosePIN(ctx context.Context, card, code, newPIN string, now time.Time) (library.Patron, error) {
	now = instant(now)
	if err := checkPIN(newPIN); err != nil {
		return library.Patron{}, err
	}
	card = strings.TrimSpace(card)
	a := account{subject: "card:" + card, table: "patrons", column: "first_pin_hash"}
	var expires sql.NullTime
	err := db.reader().QueryRowContext(ctx, `SELECT id, first_pin_hash, first_pin_expires FROM patrons
		WHERE card_number = $1 AND closed_at IS NULL`, card).Scan(&a.id, &a.hash, &expires)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return library.Patron{}, fmt.Errorf("choose PIN for %s: %w", card, err)
	}
	if !expires.Valid || !expires.Time.After(now) {
		a.hash = "" // fails like a wrong code, at the same cost
	}
	hash, err := db.accountConfig().Hasher.Hash(newPIN)
	if err != nil {
		return library.Patron{}, err
	}
	err = db.signIn(ctx, a, strings.ToUpper(strings.TrimSpace(code)), now, func(ctx context.Context, tx txn) error {
		_, err := tx.ExecContext(ctx, `UPDATE patrons SET pin_hash = $1, first_pin_hash = '', first_pin_expires = NULL WHERE id = $2`, hash, a.id)
		return err
	})
	if err != nil {
		return library.Patron{}, err
	}
	return db.Patron(ctx, a.id)
}

// pinLetter fills a PIN letter for p, handed out at branch ("" = the
// first branch of p's home library).
func pinLetter(ctx context.Context, tx txn, p library.Patron, branch, pin string, now time.Time) (library.PINLetterData, error) {
	l := library.PINLetterData{PatronName: p.Name, CardNumber: p.CardNumber, PIN: pin, Lang: p.Lang, Issued: now}
	libs, err := libraries(ctx, tx, p.HomeLibrary)
	if err != nil {
		return l, err
	}
	for _, lib := range libs {
		l.LibraryName = lib.Name
	}
	bs, err := branches(ctx, tx, branch)
	if err != nil {
		return l, err
	}
	for _, b := range bs {
		if branch != "" || b.LibraryID == p.HomeLibrary {
			l.BranchName, l.Address = b.Name, b.Address
			break
		}
	}
	return l, nil
}

// PINStamp is a fingerprint of the patron's PIN as stored, which changes
// whenever the PIN does, so that what the old PIN opened can end with it
// (a reading app's card and PIN that OPDS remembers). It is a digest of
// the stored hash, never the hash itself.
func (db *DB) PINStamp(ctx context.Context, patronID int64) (string, error) {
	var hash string
	err := db.reader().QueryRowContext(ctx, `SELECT pin_hash FROM patrons WHERE id = $1`, patronID).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", &library.Error{Code: library.ENOTFOUND, Key: "error.not_found", Message: fmt.Sprintf("patron %d not found", patronID)}
	}
	if err != nil {
		return "", fmt.Errorf("pin stamp of patron %d: %w", patronID, err)
	}
	sum := sha256.Sum256([]byte(hash))
	return hex.EncodeToString(sum[:8]), nil
}
