package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Self-registration online. Without strong identification the account
// is provisional: it may place up to library.MaxProvisionalHolds holds
// and use e-content, but borrows no physical item until staff confirm it
// at the desk with an ID (ConfirmPatron). With strong identification
// (internal/identity) it is confirmed at once, with the name and birth
// date the provider vouches for.

// SelfRegister opens an account online with the PIN the patron chose and
// a card number from the home library's range. A child's account is
// refused (EINVALID "error.child_online"): it needs a guardian at the
// desk. id, when not nil, is a strong identification: its name and birth
// date replace those typed, and an identity that already has an open
// account is ECONFLICT "error.identity_in_use". Possible duplicates are
// not shown to the person registering (that would tell who else has a
// card); staff see them when they confirm.
func (db *DB) SelfRegister(ctx context.Context, r library.Registration, pin string, id *library.StrongIdentity, now time.Time) (library.Patron, error) {
	now = instant(now)
	if err := checkPIN(pin); err != nil {
		return library.Patron{}, err
	}
	if r.CardNumber != "" || r.GuardianID != 0 {
		return library.Patron{}, library.Errorf(library.EINVALID, "self-registration takes no card number or guardian")
	}
	r.ConfirmDuplicates = true
	in := insertion{provisional: true}
	if id != nil {
		if id.SubjectHash == "" {
			return library.Patron{}, library.Errorf(library.EINVALID, "strong identity without a subject")
		}
		r.FamilyName, r.GivenNames, r.BirthDate = id.FamilyName, id.GivenNames, id.BirthDate
		in = insertion{identityHash: id.SubjectHash, confirmedAt: now}
	}
	hash, err := db.accountConfig().Hasher.Hash(pin)
	if err != nil {
		return library.Patron{}, err
	}
	in.pinHash = hash
	var patronID int64
	err = db.inTx(ctx, func(tx txn) error {
		// Under the card lock, two registrations of one identity at once
		// cannot both find it free.
		if err := lockCards(ctx, tx); err != nil {
			return err
		}
		p, err := registrationPatron(ctx, tx, r, now, true)
		if err != nil {
			return err
		}
		if err := identityFree(ctx, tx, in.identityHash, 0); err != nil {
			return err
		}
		if p.CardNumber, err = newCard(ctx, tx, "", p.HomeLibrary); err != nil {
			return err
		}
		patronID, err = insertPatron(ctx, tx, p, in)
		return err
	})
	if err != nil {
		return library.Patron{}, fmt.Errorf("self-register %s, %s: %w", r.FamilyName, r.GivenNames, err)
	}
	return db.Patron(ctx, patronID)
}

// identityFree refuses a strong identity that another account (not
// except) already has.
func identityFree(ctx context.Context, tx txn, hash string, except int64) error {
	if hash == "" {
		return nil
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM patrons WHERE identity_hash = $1 AND id <> $2`, hash, except).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &library.Error{Code: library.ECONFLICT, Key: "error.identity_in_use", Message: "this person already has an account"}
	}
	return nil
}

// ConfirmPatron confirms a provisional account after staff have seen the
// holder's ID. Confirming a confirmed account changes nothing.
func (db *DB) ConfirmPatron(ctx context.Context, by library.Staff, patronID int64, now time.Time) error {
	now = instant(now)
	err := db.inTx(ctx, func(tx txn) error {
		p, err := lockOpenPatron(ctx, tx, patronID)
		if err != nil || !p.Provisional {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE patrons SET provisional = $1, confirmed_at = $2, confirmed_by = $3 WHERE id = $4`,
			false, now, nullID(by.ID), patronID)
		if err != nil {
			return err
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditPatronConfirm, PatronID: patronID,
			Library: p.HomeLibrary}, now)
	})
	if err != nil {
		return fmt.Errorf("confirm patron %d: %w", patronID, err)
	}
	return nil
}

// ConfirmIdentity records a strong identification for a signed-in
// patron's account: a provisional account is confirmed, and the name and
// birth date become the provider's. An identity that another account has
// is ECONFLICT "error.identity_in_use" (staff merge the two).
func (db *DB) ConfirmIdentity(ctx context.Context, patronID int64, id library.StrongIdentity, now time.Time) error {
	now = instant(now)
	if id.SubjectHash == "" || id.FamilyName == "" || id.GivenNames == "" {
		return library.Errorf(library.EINVALID, "strong identity without a subject or name")
	}
	err := db.inTx(ctx, func(tx txn) error {
		p, err := lockOpenPatron(ctx, tx, patronID)
		if err != nil {
			return err
		}
		if err := identityFree(ctx, tx, id.SubjectHash, patronID); err != nil {
			return err
		}
		name := id.FamilyName + ", " + id.GivenNames
		confirmed := p.ConfirmedAt
		if p.Provisional || confirmed.IsZero() {
			confirmed = now
		}
		_, err = tx.ExecContext(ctx, `UPDATE patrons SET identity_hash = $1, name = $2, name_key = $3, birth_date = $4,
			provisional = $5, confirmed_at = $6 WHERE id = $7`,
			id.SubjectHash, name, nameKey(name), dateText(id.BirthDate), false, confirmed, patronID)
		return err
	})
	if isUniqueViolation(err) {
		err = &library.Error{Code: library.ECONFLICT, Key: "error.identity_in_use", Message: "this person already has an account"}
	}
	if err != nil {
		return fmt.Errorf("confirm identity of patron %d: %w", patronID, err)
	}
	return nil
}

// checkProvisionalLoan refuses a physical loan to a provisional account.
func checkProvisionalLoan(p patronRow) error {
	if p.Provisional {
		return &library.Error{Code: library.EFORBIDDEN, Key: "error.patron_provisional",
			Message: fmt.Sprintf("patron %d: provisional account, confirm it with an ID first", p.ID)}
	}
	return nil
}

// checkProvisionalHolds refuses a provisional account more than
// library.MaxProvisionalHolds open holds.
func checkProvisionalHolds(ctx context.Context, tx txn, p patronRow) error {
	if !p.Provisional {
		return nil
	}
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM holds WHERE patron_id = $1 AND status IN ('waiting', 'in_transit', 'ready')`, p.ID).Scan(&n)
	if err != nil {
		return err
	}
	if n >= library.MaxProvisionalHolds {
		return &library.Error{Code: library.EFORBIDDEN, Key: "error.provisional_holds", Count: library.MaxProvisionalHolds,
			Message: fmt.Sprintf("patron %d: a provisional account may have %d holds", p.ID, library.MaxProvisionalHolds)}
	}
	return nil
}

// anonymiseRegistration clears what registration added to an account
// being closed (see anonymise): birth date, search keys, block details,
// strong identity, first sign-in code and retired cards.
func anonymiseRegistration(ctx context.Context, tx txn, id int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE patrons SET birth_date = '', name_key = '', phone_key = '',
		blocked_by = NULL, blocked_at = NULL, identity_hash = NULL, first_pin_hash = '', first_pin_expires = NULL,
		provisional = $1 WHERE id = $2`, false, id)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM patron_cards WHERE patron_id = $1`, id)
	return err
}
