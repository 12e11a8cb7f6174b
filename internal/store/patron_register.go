package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Registration at the desk: the desk first asks PossibleDuplicates and
// shows what it finds; RegisterPatron checks again in its transaction and
// saves only with Registration.ConfirmDuplicates when there are any.

// DB implements library.PatronDesk.
var _ library.PatronDesk = (*DB)(nil)

// RegisterPatron opens an account at the desk for by, the staff member
// registering it (who may do so is permission.go's question, asked by the
// web layer). It returns the account with its PIN letter or first sign-in
// code, by r.PIN. Bad input is EINVALID with a Key per field; a card in
// use or unconfirmed duplicates are ECONFLICT.
func (db *DB) RegisterPatron(ctx context.Context, by library.Staff, r library.Registration, now time.Time) (library.Registered, error) {
	now = instant(now)
	if r.PIN == "" {
		r.PIN = library.PINLetter
	}
	secret, err := newSecrets(db, r.PIN)
	if err != nil {
		return library.Registered{}, err
	}
	var out library.Registered
	err = db.inTx(ctx, func(tx txn) error {
		p, err := registrationPatron(ctx, tx, r, now, false)
		if err != nil {
			return err
		}
		if p.CardNumber, err = newCard(ctx, tx, r.CardNumber, p.HomeLibrary); err != nil {
			return err
		}
		ins := insertion{pinHash: secret.pinHash, firstHash: secret.codeHash, confirmedBy: by.ID, confirmedAt: now}
		if secret.codeHash != "" {
			ins.firstExpires = now.Add(firstCodeTTL)
		}
		if p.ID, err = insertPatron(ctx, tx, p, ins); err != nil {
			return err
		}
		if err := audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditPatronRegister, PatronID: p.ID,
			Library: p.HomeLibrary, Detail: p.Category}, now); err != nil {
			return err
		}
		out.Patron = p
		switch {
		case secret.pin != "":
			letter, err := pinLetter(ctx, tx, p, r.Branch, secret.pin, now)
			if err != nil {
				return err
			}
			out.Letter = &letter
		case secret.code != "":
			out.FirstCode = &library.FirstSignInCode{CardNumber: p.CardNumber, Code: secret.code, Expires: ins.firstExpires}
		}
		return nil
	})
	if err != nil {
		return library.Registered{}, fmt.Errorf("register patron %s, %s: %w", r.FamilyName, r.GivenNames, err)
	}
	out.Patron, err = db.Patron(ctx, out.Patron.ID)
	return out, err
}

// registrationPatron checks a registration and returns the account it
// makes, without a card number. Online registrations (online) may not be
// children's: those need a guardian at the desk.
func registrationPatron(ctx context.Context, tx txn, r library.Registration, now time.Time, online bool) (library.Patron, error) {
	invalid := func(key, format string, args ...any) error {
		return &library.Error{Code: library.EINVALID, Key: key, Message: fmt.Sprintf(format, args...)}
	}
	family, given := strings.Join(strings.Fields(r.FamilyName), " "), strings.Join(strings.Fields(r.GivenNames), " ")
	if family == "" || given == "" || strings.Contains(family, ",") {
		return library.Patron{}, invalid("error.name_required", "family name and given names are required (no comma)")
	}
	p := library.Patron{
		Name: family + ", " + given, BirthDate: r.BirthDate, Category: r.Category, Lang: r.Lang,
		Email: strings.TrimSpace(r.Email), Phone: strings.TrimSpace(r.Phone), Street: strings.TrimSpace(r.Street),
		PostalCode: strings.TrimSpace(r.PostalCode), City: strings.TrimSpace(r.City),
		HomeLibrary: r.HomeLibrary, GuardianID: r.GuardianID, Created: now,
	}
	if p.BirthDate == (library.Date{}) && p.Category == "" {
		return p, invalid("error.birth_date_required", "a birth date or a category is required")
	}
	child := false
	if p.BirthDate != (library.Date{}) {
		age, err := ageOn(p.BirthDate, today(now))
		if err != nil {
			return p, err
		}
		child = age < library.ChildAge
		derived := library.CategoryAdult
		if child {
			derived = library.CategoryChild
		}
		switch {
		case p.Category == "":
			p.Category = derived
		case child != (p.Category == library.CategoryChild):
			return p, invalid("error.category_age", "category %s does not fit the age %d", p.Category, age)
		}
	}
	cats, err := categories(ctx, tx, now)
	if err != nil {
		return p, err
	}
	if !slices.Contains(cats, p.Category) {
		return p, invalid("error.category", "unknown category %q", p.Category)
	}
	child = p.Category == library.CategoryChild
	if online && child {
		return p, invalid("error.child_online", "a child's account is opened at the desk with a guardian")
	}
	defaults(&p)
	if err := checkPreferences(p); err != nil {
		return p, err
	}
	if p.Phone != "" && len(phoneKey(p.Phone)) < 5 {
		return p, invalid("error.phone_format", "not a phone number: %q", p.Phone)
	}
	if err := checkLibrary(ctx, tx, p.HomeLibrary); err != nil {
		return p, err
	}
	if r.Branch != "" {
		if bs, err := branches(ctx, tx, r.Branch); err != nil {
			return p, err
		} else if len(bs) == 0 {
			return p, invalid("error.branch_unknown", "no branch %q", r.Branch)
		}
	}
	if child && p.GuardianID == 0 {
		return p, invalid("error.guardian_required", "a child's account needs a guardian's account")
	}
	if p.GuardianID != 0 {
		if err := checkGuardian(ctx, tx, p.GuardianID, now); err != nil {
			return p, err
		}
	}
	if !r.ConfirmDuplicates {
		dups, err := duplicates(ctx, tx, p.Name, p.BirthDate)
		if err != nil {
			return p, err
		}
		if len(dups) > 0 {
			return p, &library.Error{Code: library.ECONFLICT, Key: "error.possible_duplicates",
				Message: fmt.Sprintf("%d accounts with the same name and birth date; confirm to save", len(dups))}
		}
	}
	return p, nil
}

// ageOn returns the age in whole years on day of someone born on birth,
// refusing dates that do not exist, lie in the future or more than 130
// years back.
func ageOn(birth, day library.Date) (int, error) {
	if library.DateOf(time.Date(birth.Year, birth.Month, birth.Day, 12, 0, 0, 0, time.UTC)) != birth ||
		day.Before(birth) || birth.Year < day.Year-130 {
		return 0, &library.Error{Code: library.EINVALID, Key: "error.birth_date", Message: fmt.Sprintf("birth date %s", birth)}
	}
	age := day.Year - birth.Year
	if day.Month < birth.Month || day.Month == birth.Month && day.Day < birth.Day {
		age--
	}
	return age, nil
}

// categories returns the patron categories: the built-in ones and any
// other that the loan rules in force at now name.
func categories(ctx context.Context, tx txn, now time.Time) ([]string, error) {
	pol, err := policy(ctx, tx, now)
	if err != nil {
		return nil, err
	}
	cats := slices.Clone(library.PatronCategories)
	for _, r := range pol.Rules {
		if r.Category != "" && !slices.Contains(cats, r.Category) {
			cats = append(cats, r.Category)
		}
	}
	return cats, nil
}

// checkGuardian refuses a guardian who is not an open, confirmed adult
// account.
func checkGuardian(ctx context.Context, tx txn, id int64, now time.Time) error {
	var g library.Patron
	err := scanPatron(tx.QueryRowContext(ctx, `SELECT `+patronColumns+` FROM patrons WHERE id = $1`, id), &g)
	if errors.Is(err, sql.ErrNoRows) {
		return &library.Error{Code: library.EINVALID, Key: "error.guardian_invalid", Message: fmt.Sprintf("no patron %d to be guardian", id)}
	}
	if err != nil {
		return err
	}
	adult := g.Category != library.CategoryChild
	if g.BirthDate != (library.Date{}) {
		age, _ := ageOn(g.BirthDate, today(now))
		adult = adult && age >= 18
	}
	if !g.ClosedAt.IsZero() || g.Provisional || !adult {
		return &library.Error{Code: library.EINVALID, Key: "error.guardian_invalid",
			Message: fmt.Sprintf("patron %d cannot be a guardian: closed, provisional or not an adult", id)}
	}
	return nil
}

// PossibleDuplicates returns open accounts with the same name (case and
// accents ignored) and the same birth date, or no birth date on record,
// for the desk to show before it saves a registration.
func (db *DB) PossibleDuplicates(ctx context.Context, familyName, givenNames string, birth library.Date) ([]library.Patron, error) {
	name := strings.Join(strings.Fields(familyName), " ") + ", " + strings.Join(strings.Fields(givenNames), " ")
	ps, err := duplicates(ctx, db.reader(), name, birth)
	if err != nil {
		return nil, fmt.Errorf("possible duplicates of %s: %w", name, err)
	}
	return ps, nil
}

func duplicates(ctx context.Context, q queryer, name string, birth library.Date) ([]library.Patron, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+patronColumns+` FROM patrons
		WHERE name_key = $1 AND closed_at IS NULL AND ($2 = '' OR birth_date = '' OR birth_date = $2)
		ORDER BY id LIMIT 20`, nameKey(name), dateText(birth))
	if err != nil {
		return nil, err
	}
	return scanPatrons(rows)
}

func scanPatrons(rows *sql.Rows) ([]library.Patron, error) {
	defer rows.Close()
	var out []library.Patron
	for rows.Next() {
		var p library.Patron
		if err := scanPatron(rows, &p); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// insertion is what insertPatron writes beside the patron's own fields.
type insertion struct {
	pinHash, firstHash, identityHash string
	firstExpires                     time.Time
	provisional                      bool
	confirmedBy                      int64 // staff; 0 with confirmedAt set: strong identification
	confirmedAt                      time.Time
}

func insertPatron(ctx context.Context, tx txn, p library.Patron, in insertion) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO patrons (card_number, name, email, phone, street, postal_code, city, lang,
			notice_channel, pickup_branch, category, home_library, guardian_id, created,
			name_key, phone_key, birth_date, pin_hash, first_pin_hash, first_pin_expires,
			provisional, confirmed_at, confirmed_by, identity_hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
			$21, $22, $23, $24)
		RETURNING id`,
		p.CardNumber, p.Name, p.Email, p.Phone, p.Street, p.PostalCode, p.City, p.Lang,
		p.NoticeChannel, p.PickupBranch, p.Category, p.HomeLibrary, nullID(p.GuardianID), p.Created,
		nameKey(p.Name), phoneKey(p.Phone), dateText(p.BirthDate), in.pinHash, in.firstHash, nullTime(in.firstExpires),
		in.provisional, nullTime(in.confirmedAt), nullID(in.confirmedBy), sql.NullString{String: in.identityHash, Valid: in.identityHash != ""}).
		Scan(&id)
	if isUniqueViolation(err) {
		return 0, cardInUse(p.CardNumber)
	}
	if err != nil {
		return 0, fmt.Errorf("insert patron: %w", err)
	}
	return id, nil
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// nameKey folds a name for searching: lower case, accents off, words
// separated by single spaces, with a leading space so that "% word%"
// finds a word's start.
func nameKey(name string) string {
	var b strings.Builder
	space := true
	for _, r := range norm.NFD.String(strings.ToLower(name)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			space = false
		default:
			space = true
		}
	}
	return b.String()
}

// phoneKey returns a phone number's digits as dialled in Finland, so that
// "+358 40 123 4567" and "040-123 4567" are the same.
func phoneKey(phone string) string {
	phone = strings.TrimSpace(phone)
	var b strings.Builder
	for _, r := range phone {
		if '0' <= r && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	if strings.HasPrefix(phone, "+") {
		d = "00" + d
	}
	if rest, ok := strings.CutPrefix(d, "00358"); ok {
		d = "0" + rest
	}
	return d
}

// dateText is a birth date as stored: "YYYY-MM-DD", or "" when not known.
func dateText(d library.Date) string {
	if d == (library.Date{}) {
		return ""
	}
	return d.String()
}
