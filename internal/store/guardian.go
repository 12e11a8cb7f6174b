package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Linked cards: a guardian manages the cards of the children whose
// guardian_id names them, from their own account.

// Wards returns the open accounts whose guardian is guardianID, by name.
func (db *DB) Wards(ctx context.Context, guardianID int64) ([]library.Patron, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT `+patronColumns+` FROM patrons
		WHERE guardian_id = $1 AND closed_at IS NULL ORDER BY name, id`, guardianID)
	if err != nil {
		return nil, fmt.Errorf("wards of patron %d: %w", guardianID, err)
	}
	defer rows.Close()
	var out []library.Patron
	for rows.Next() {
		var p library.Patron
		if err := scanPatron(rows, &p); err != nil {
			return nil, fmt.Errorf("wards of patron %d: %w", guardianID, err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("wards of patron %d: %w", guardianID, err)
	}
	return out, nil
}

// Ward returns the open account wardID if guardianID is its guardian.
// Any other account, existing or not, is the same ENOTFOUND, so that a
// guardian's pages do not tell which card IDs exist.
func (db *DB) Ward(ctx context.Context, guardianID, wardID int64) (library.Patron, error) {
	var p library.Patron
	err := scanPatron(db.reader().QueryRowContext(ctx, `SELECT `+patronColumns+` FROM patrons
		WHERE id = $1 AND guardian_id = $2 AND closed_at IS NULL`, wardID, guardianID), &p)
	if errors.Is(err, sql.ErrNoRows) {
		return library.Patron{}, library.Errorf(library.ENOTFOUND, "patron %d is not a ward of patron %d", wardID, guardianID)
	}
	if err != nil {
		return library.Patron{}, fmt.Errorf("ward %d of patron %d: %w", wardID, guardianID, err)
	}
	return p, nil
}
