package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// UpdateRegistration corrects an account's registration details at the
// desk: name, birth date or category, address, contacts, language, home
// library and guardian, checked as RegisterPatron checks them (a child
// still needs a guardian). The card, PIN, block and notice preferences
// are changed by their own methods; a notice channel that the new
// contacts cannot serve (e-mail without an address) is refused.
func (db *DB) UpdateRegistration(ctx context.Context, by library.Staff, patronID int64, r library.Registration, now time.Time) (library.Patron, error) {
	now = instant(now)
	r.ConfirmDuplicates = true // the desk is editing this very account
	err := db.inTx(ctx, func(tx txn) error {
		cur, err := lockOpenPatron(ctx, tx, patronID)
		if err != nil {
			return err
		}
		if r.GuardianID == patronID {
			return &library.Error{Code: library.EINVALID, Key: "error.guardian_invalid", Message: "a patron cannot be their own guardian"}
		}
		p, err := registrationPatron(ctx, tx, r, now, false)
		if err != nil {
			return err
		}
		p.NoticeChannel, p.PickupBranch = cur.NoticeChannel, cur.PickupBranch
		if err := checkPreferences(p); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `
			UPDATE patrons SET name = $1, name_key = $2, birth_date = $3, category = $4, street = $5,
				postal_code = $6, city = $7, email = $8, phone = $9, phone_key = $10, lang = $11,
				home_library = $12, guardian_id = $13
			WHERE id = $14`,
			p.Name, nameKey(p.Name), dateText(p.BirthDate), p.Category, p.Street, p.PostalCode, p.City,
			p.Email, p.Phone, phoneKey(p.Phone), p.Lang, p.HomeLibrary, nullID(p.GuardianID), patronID)
		if err != nil {
			return err
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditPatronUpdate, PatronID: patronID,
			Library: p.HomeLibrary, Detail: registrationChanges(cur, p)}, now)
	})
	if err != nil {
		return library.Patron{}, fmt.Errorf("update registration of patron %d: %w", patronID, err)
	}
	return db.Patron(ctx, patronID)
}
