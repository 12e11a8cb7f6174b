package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// FindPatrons searches accounts for the desk by name, card number
// (current or retired), e-mail or phone, as PatronQuery says. Results
// carry their home library, so that the web layer can keep to the staff
// member's scope; closed accounts are left out unless asked for. A name
// is matched by word prefixes ("virt ai" finds "Virtanen, Aino"), case
// and accents ignored, and ordered by name.
func (db *DB) FindPatrons(ctx context.Context, q library.PatronQuery) ([]library.PatronMatch, error) {
	text := strings.TrimSpace(q.Text)
	if text == "" {
		return nil, nil
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, 100)
	field := q.Field
	if field == "" {
		field = guessField(text)
	}
	open := ` AND closed_at IS NULL`
	if q.IncludeClosed {
		open = ""
	}
	var conds []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	via := field
	switch field {
	case "name":
		words := strings.Fields(nameKey(text))
		if len(words) == 0 {
			return nil, nil
		}
		for _, w := range words {
			// nameKey leaves only letters and digits, so w holds no LIKE wildcard.
			conds = append(conds, `name_key LIKE `+arg("% "+w+"%"))
		}
	case "card":
		// The current card first, then a retired one (via "old_card").
		conds = append(conds, `(card_number = `+arg(text)+` OR id IN (SELECT patron_id FROM patron_cards WHERE card_number = $1))`)
	case "email":
		conds = append(conds, `email <> '' AND lower(email) = lower(`+arg(text)+`)`)
	case "phone":
		key := phoneKey(text)
		if len(key) < 5 {
			return nil, &library.Error{Code: library.EINVALID, Key: "error.phone_format", Message: fmt.Sprintf("not a phone number: %q", text)}
		}
		conds = append(conds, `phone_key = `+arg(key))
	default:
		return nil, library.Errorf(library.EINVALID, "find patrons: unknown field %q", field)
	}
	query := `SELECT ` + patronColumns + ` FROM patrons WHERE ` + strings.Join(conds, " AND ") + open +
		` ORDER BY name, id LIMIT ` + arg(limit)
	rows, err := db.reader().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("find patrons %q: %w", text, err)
	}
	ps, err := scanPatrons(rows)
	if err != nil {
		return nil, fmt.Errorf("find patrons %q: %w", text, err)
	}
	out := make([]library.PatronMatch, 0, len(ps))
	for _, p := range ps {
		m := library.PatronMatch{Patron: p, Via: via}
		if field == "card" && p.CardNumber != text {
			m.Via = "old_card"
		}
		out = append(out, m)
	}
	return out, nil
}

// guessField reads a search text: an address has "@"; digits with a
// leading "+" or "0" and phone punctuation are a phone number; other
// digits and letters without spaces that hold a digit are a card; the
// rest is a name.
func guessField(text string) string {
	if strings.Contains(text, "@") {
		return "email"
	}
	digits, phoneish, other := 0, 0, 0
	for _, r := range text {
		switch {
		case '0' <= r && r <= '9':
			digits++
		case strings.ContainsRune("+-() ", r):
			phoneish++
		default:
			other++
		}
	}
	switch {
	case digits > 0 && other == 0 && (strings.HasPrefix(text, "+") || strings.HasPrefix(text, "0")) && len(text) <= 20:
		return "phone"
	case digits > 0 && !strings.ContainsRune(text, ' '):
		return "card"
	}
	return "name"
}
