package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Card numbers: each member library hands out numbers from its own range
// (card_ranges), or the desk scans a pre-printed card. A number is used
// once, ever: a replaced card's number stays in patron_cards, so that the
// old card is recognised as lost rather than unknown, and is never given
// to anyone else.

// SetCardRange creates or replaces a member library's card range.
func (db *DB) SetCardRange(ctx context.Context, by library.Staff, r library.CardRange) error {
	if err := checkCardRange(r); err != nil {
		return err
	}
	err := db.inTx(ctx, func(tx txn) error {
		if err := checkLibrary(ctx, tx, r.Library); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `
			INSERT INTO card_ranges (library_id, prefix, length, next_number, last_number, check_digit)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (library_id) DO UPDATE SET prefix = excluded.prefix, length = excluded.length,
				next_number = excluded.next_number, last_number = excluded.last_number,
				check_digit = excluded.check_digit`,
			r.Library, r.Prefix, r.Length, r.Next, r.Last, r.CheckDigit)
		if err != nil {
			return err
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditCardRange, Library: r.Library,
			Detail: fmt.Sprintf("prefix %s, %d digits, numbers %d–%d, check digit %t", r.Prefix, r.Length, r.Next, r.Last, r.CheckDigit)},
			db.timestamp())
	})
	if err != nil {
		return fmt.Errorf("set card range of %s: %w", r.Library, err)
	}
	return nil
}

func checkCardRange(r library.CardRange) error {
	bad := func(msg string) error {
		return &library.Error{Code: library.EINVALID, Key: "error.card_range", Message: msg}
	}
	for _, c := range r.Prefix {
		if c < '0' || c > '9' {
			return bad(fmt.Sprintf("prefix %q: digits only", r.Prefix))
		}
	}
	digits := r.Length - len(r.Prefix)
	if r.CheckDigit {
		digits--
	}
	switch {
	case r.Length < 6 || r.Length > 20:
		return bad(fmt.Sprintf("length %d: 6 to 20", r.Length))
	case r.Next < 1 || r.Last < r.Next:
		return bad(fmt.Sprintf("numbers %d to %d: from 1, first not after last", r.Next, r.Last))
	case digits < 1 || len(strconv.FormatInt(r.Last, 10)) > digits:
		return bad(fmt.Sprintf("%d does not fit in %d digits after prefix %q", r.Last, digits, r.Prefix))
	}
	return nil
}

// CardRanges returns the member libraries' card ranges.
func (db *DB) CardRanges(ctx context.Context) ([]library.CardRange, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT library_id, prefix, length, next_number, last_number, check_digit
		FROM card_ranges ORDER BY library_id`)
	if err != nil {
		return nil, fmt.Errorf("card ranges: %w", err)
	}
	defer rows.Close()
	var out []library.CardRange
	for rows.Next() {
		var r library.CardRange
		if err := rows.Scan(&r.Library, &r.Prefix, &r.Length, &r.Next, &r.Last, &r.CheckDigit); err != nil {
			return nil, fmt.Errorf("card ranges: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// formatCard returns number n of range r.
func formatCard(r library.CardRange, n int64) string {
	width := r.Length - len(r.Prefix)
	if r.CheckDigit {
		width--
	}
	s := r.Prefix + fmt.Sprintf("%0*d", width, n)
	if r.CheckDigit {
		s += strconv.Itoa(luhnDigit(s))
	}
	return s
}

// luhnDigit returns the Luhn check digit for the digits of s.
func luhnDigit(s string) int {
	sum := 0
	double := true // the rightmost digit of s is next to the check digit
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return (10 - sum%10) % 10
}

// lockCards serialises the transactions that give out or retire card
// numbers, so that a number checked free stays free until commit. SQLite's
// single writer does this already. It is taken before any patron row is
// locked, in every transaction that takes both, so that they cannot
// deadlock; taking it again in one transaction is harmless.
func lockCards(ctx context.Context, tx txn) error {
	if tx.d != postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(4242424261)`)
	return err
}

// nextCard hands out the next free number of a library's range. The
// conditional UPDATE moves the range on atomically; numbers already taken
// (a pre-printed card scanned earlier) are skipped.
func nextCard(ctx context.Context, tx txn, lib string) (string, error) {
	for range 1000 {
		var r library.CardRange
		var n int64
		err := tx.QueryRowContext(ctx, `
			UPDATE card_ranges SET next_number = next_number + 1
			WHERE library_id = $1 AND next_number <= last_number
			RETURNING next_number - 1, prefix, length, check_digit`, lib).
			Scan(&n, &r.Prefix, &r.Length, &r.CheckDigit)
		if errors.Is(err, sql.ErrNoRows) {
			var one int
			err := tx.QueryRowContext(ctx, `SELECT 1 FROM card_ranges WHERE library_id = $1`, lib).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				return "", &library.Error{Code: library.EINVALID, Key: "error.card_range_missing",
					Message: fmt.Sprintf("library %s has no card range: scan a card or set a range", lib)}
			}
			if err != nil {
				return "", err
			}
			return "", &library.Error{Code: library.ECONFLICT, Key: "error.card_range_full",
				Message: fmt.Sprintf("the card range of library %s is used up", lib)}
		}
		if err != nil {
			return "", fmt.Errorf("next card of %s: %w", lib, err)
		}
		card := formatCard(r, n)
		used, err := cardUsed(ctx, tx, card)
		if err != nil {
			return "", err
		}
		if !used {
			return card, nil
		}
	}
	return "", fmt.Errorf("next card of %s: 1000 numbers in a row already taken", lib)
}

// cardUsed reports whether a number is, or was, someone's card.
func cardUsed(ctx context.Context, q queryer, card string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM patrons WHERE card_number = $1) +
		(SELECT count(*) FROM patron_cards WHERE card_number = $1)`, card).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("card %s in use: %w", card, err)
	}
	return n > 0, nil
}

// checkScannedCard validates a scanned card number: 4 to 20 letters and
// digits; a number that falls in a library's range with check digits must
// have a right one (a misread scan usually breaks it); and it must never
// have been anyone's card.
func checkScannedCard(ctx context.Context, tx txn, card string) error {
	ok := len(card) >= 4 && len(card) <= 20
	digits := true
	for _, c := range card {
		isDigit := '0' <= c && c <= '9'
		digits = digits && isDigit
		ok = ok && (isDigit || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z')
	}
	if !ok {
		return &library.Error{Code: library.EINVALID, Key: "error.card_format", Message: fmt.Sprintf("card %q: 4 to 20 letters and digits", card)}
	}
	if digits {
		rows, err := tx.QueryContext(ctx, `SELECT prefix, length FROM card_ranges WHERE check_digit = $1`, true)
		if err != nil {
			return err
		}
		var ranges []library.CardRange
		for rows.Next() {
			var r library.CardRange
			if err := rows.Scan(&r.Prefix, &r.Length); err != nil {
				rows.Close()
				return err
			}
			ranges = append(ranges, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, r := range ranges {
			body := card[:len(card)-1]
			if len(card) == r.Length && strings.HasPrefix(card, r.Prefix) && strconv.Itoa(luhnDigit(body)) != card[len(card)-1:] {
				return &library.Error{Code: library.EINVALID, Key: "error.card_check_digit", Message: fmt.Sprintf("card %s: wrong check digit", card)}
			}
		}
	}
	used, err := cardUsed(ctx, tx, card)
	if err != nil {
		return err
	}
	if used {
		return cardInUse(card)
	}
	return nil
}

func cardInUse(card string) error {
	return &library.Error{Code: library.ECONFLICT, Key: "error.card_in_use", Message: fmt.Sprintf("card %s in use", card)}
}

// newCard returns the scanned card after checking it, or the next number
// of lib's range when scanned is "".
func newCard(ctx context.Context, tx txn, scanned, lib string) (string, error) {
	if err := lockCards(ctx, tx); err != nil {
		return "", err
	}
	scanned = strings.TrimSpace(scanned)
	if scanned == "" {
		return nextCard(ctx, tx, lib)
	}
	return scanned, checkScannedCard(ctx, tx, scanned)
}

// unknownCard is the error for a number that is no patron's current card:
// ENOTFOUND either way, so nothing lends to it, with Key
// "error.card_lost" or "error.card_replaced" when it is a retired card.
func unknownCard(ctx context.Context, q queryer, card string) error {
	var status string
	err := q.QueryRowContext(ctx, `SELECT status FROM patron_cards WHERE card_number = $1`, card).Scan(&status)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return library.Errorf(library.ENOTFOUND, "card %s not found", card)
	case err != nil:
		return fmt.Errorf("card %s: %w", card, err)
	case status == library.CardLost:
		return &library.Error{Code: library.ENOTFOUND, Key: "error.card_lost", Message: fmt.Sprintf("card %s was reported lost", card)}
	}
	return &library.Error{Code: library.ENOTFOUND, Key: "error.card_replaced", Message: fmt.Sprintf("card %s was replaced", card)}
}

// OldCard returns a retired card number with its account, for the desk:
// "this card was reported lost; the patron's card is now ...". A number
// that was never retired is ENOTFOUND.
func (db *DB) OldCard(ctx context.Context, card string) (library.OldCard, library.Patron, error) {
	card = strings.TrimSpace(card)
	var c library.OldCard
	var by sql.NullInt64
	err := db.reader().QueryRowContext(ctx, `SELECT card_number, patron_id, status, retired_at, retired_by
		FROM patron_cards WHERE card_number = $1`, card).Scan(&c.CardNumber, &c.PatronID, &c.Status, &c.RetiredAt, &by)
	if errors.Is(err, sql.ErrNoRows) {
		return c, library.Patron{}, library.Errorf(library.ENOTFOUND, "card %s was never retired", card)
	}
	if err != nil {
		return c, library.Patron{}, fmt.Errorf("old card %s: %w", card, err)
	}
	c.RetiredAt, c.RetiredBy = c.RetiredAt.UTC(), by.Int64
	p, err := db.Patron(ctx, c.PatronID)
	return c, p, err
}

// OldCards returns a patron's retired card numbers, newest first.
func (db *DB) OldCards(ctx context.Context, patronID int64) ([]library.OldCard, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT card_number, patron_id, status, retired_at, retired_by
		FROM patron_cards WHERE patron_id = $1 ORDER BY retired_at DESC, card_number`, patronID)
	if err != nil {
		return nil, fmt.Errorf("old cards of %d: %w", patronID, err)
	}
	defer rows.Close()
	var out []library.OldCard
	for rows.Next() {
		var c library.OldCard
		var by sql.NullInt64
		if err := rows.Scan(&c.CardNumber, &c.PatronID, &c.Status, &c.RetiredAt, &by); err != nil {
			return nil, fmt.Errorf("old cards of %d: %w", patronID, err)
		}
		c.RetiredAt, c.RetiredBy = c.RetiredAt.UTC(), by.Int64
		out = append(out, c)
	}
	return out, rows.Err()
}

// ReplaceCard gives a patron a new card: scanned, or the next number of
// the home library's range when newCard is "". The old number is kept as
// retired with status (library.CardLost or library.CardReplaced): it no
// longer signs in or lends, and the desk and kiosks say why. Loans,
// holds, fees and history belong to the account and stay. Sessions and
// API tokens end, since whoever holds the lost card may have used them.
func (db *DB) ReplaceCard(ctx context.Context, by library.Staff, patronID int64, scanned, status string, now time.Time) (library.Patron, error) {
	now = instant(now)
	if status != library.CardLost && status != library.CardReplaced {
		return library.Patron{}, library.Errorf(library.EINVALID, "replace card: status %q is neither lost nor replaced", status)
	}
	var p library.Patron
	err := db.inTx(ctx, func(tx txn) error {
		// The card lock before the patron's row, as everywhere (see lockCards).
		if err := lockCards(ctx, tx); err != nil {
			return err
		}
		var err error
		if p, err = lockOpenPatron(ctx, tx, patronID); err != nil {
			return err
		}
		card, err := newCard(ctx, tx, scanned, p.HomeLibrary)
		if err != nil {
			return err
		}
		if err := retireCard(ctx, tx, p.CardNumber, p.ID, status, by.ID, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE patrons SET card_number = $1 WHERE id = $2`, card, p.ID); err != nil {
			return err
		}
		if err := endAllSessions(ctx, tx, p.ID); err != nil {
			return err
		}
		p.CardNumber = card
		// The card numbers stay out of the entry: the old ones are
		// deleted when the account closes, the entry is not.
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditCardReplace, PatronID: p.ID,
			Library: p.HomeLibrary, Detail: "old card " + status}, now)
	})
	if err != nil {
		return library.Patron{}, fmt.Errorf("replace card of patron %d: %w", patronID, err)
	}
	return db.Patron(ctx, patronID)
}

// retireCard keeps a card number as a patron's old card and forgets its
// failed sign-ins.
func retireCard(ctx context.Context, tx txn, card string, patronID int64, status string, staffID int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO patron_cards (card_number, patron_id, status, retired_at, retired_by)
		VALUES ($1, $2, $3, $4, $5)`, card, patronID, status, now, sql.NullInt64{Int64: staffID, Valid: staffID != 0})
	if err != nil {
		return fmt.Errorf("retire card %s: %w", card, err)
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM auth_failures WHERE subject = $1`, "card:"+card)
	return err
}

// lockOpenPatron reads an open account and, on PostgreSQL, locks its row
// until commit.
func lockOpenPatron(ctx context.Context, tx txn, id int64) (library.Patron, error) {
	var p library.Patron
	err := scanPatron(tx.QueryRowContext(ctx, `SELECT `+patronColumns+` FROM patrons WHERE id = $1`+tx.d.lockRow("FOR UPDATE"), id), &p)
	if errors.Is(err, sql.ErrNoRows) {
		return p, library.Errorf(library.ENOTFOUND, "patron %d not found", id)
	}
	if err != nil {
		return p, fmt.Errorf("patron %d: %w", id, err)
	}
	if !p.ClosedAt.IsZero() {
		return p, &library.Error{Code: library.ECONFLICT, Key: "error.account_closed", Message: fmt.Sprintf("patron %d: account closed", id)}
	}
	return p, nil
}

// checkLibrary refuses a member library that does not exist.
func checkLibrary(ctx context.Context, q queryer, id string) error {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM libraries WHERE id = $1`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return &library.Error{Code: library.EINVALID, Key: "error.library_unknown", Message: fmt.Sprintf("no member library %q", id)}
	}
	return err
}
