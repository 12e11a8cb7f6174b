package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/kirjasto/kirjasto/internal/library"
)

// PutConsortium inserts or updates the consortium's name, its member
// libraries and its branches. Libraries and branches it does not list are
// kept: closing a branch is a decision, not a side effect of an import.
func (db *DB) PutConsortium(ctx context.Context, c library.Consortium) error {
	err := db.inTx(ctx, func(tx txn) error {
		if err := putSetting(ctx, tx, "consortium.name", c.Name); err != nil {
			return err
		}
		for _, l := range c.Libraries {
			if err := putLibrary(ctx, tx, l); err != nil {
				return err
			}
		}
		for _, b := range c.Branches {
			if err := putBranch(ctx, tx, b); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("put consortium: %w", err)
	}
	return nil
}

// Consortium returns the consortium as PutConsortium stored it.
func (db *DB) Consortium(ctx context.Context) (library.Consortium, error) {
	var c library.Consortium
	err := db.inReadTx(ctx, func(tx txn) error {
		var name string
		err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'consortium.name'`).Scan(&name)
		if err != nil && err != sql.ErrNoRows {
			return err
		}
		if name != "" {
			if err := json.Unmarshal([]byte(name), &c.Name); err != nil {
				return err
			}
		}
		if c.Libraries, err = libraries(ctx, tx); err != nil {
			return err
		}
		c.Branches, err = branches(ctx, tx, "")
		return err
	})
	if err != nil {
		return library.Consortium{}, fmt.Errorf("consortium: %w", err)
	}
	return c, nil
}

// Libraries returns the member libraries ordered by ID.
func (db *DB) Libraries(ctx context.Context) ([]library.Library, error) {
	ls, err := libraries(ctx, db.reader())
	if err != nil {
		return nil, fmt.Errorf("libraries: %w", err)
	}
	return ls, nil
}

// Branches returns all branches with their hours, ordered by ID.
func (db *DB) Branches(ctx context.Context) ([]library.Branch, error) {
	bs, err := branches(ctx, db.reader(), "")
	if err != nil {
		return nil, fmt.Errorf("branches: %w", err)
	}
	return bs, nil
}

// Branch returns one branch, or an ENOTFOUND error.
func (db *DB) Branch(ctx context.Context, id string) (library.Branch, error) {
	bs, err := branches(ctx, db.reader(), id)
	if err != nil {
		return library.Branch{}, fmt.Errorf("branch %s: %w", id, err)
	}
	if len(bs) == 0 {
		return library.Branch{}, library.Errorf(library.ENOTFOUND, "branch %s not found", id)
	}
	return bs[0], nil
}

func putSetting(ctx context.Context, tx txn, key string, v any) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
		key, jsonText(v))
	return err
}

func putLibrary(ctx context.Context, tx txn, l library.Library) error {
	if l.ID == "" {
		return library.Errorf(library.EINVALID, "library without an ID")
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO libraries (id, name) VALUES ($1, $2)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name`,
		l.ID, jsonText(l.Name))
	if err != nil {
		return fmt.Errorf("library %s: %w", l.ID, err)
	}
	return nil
}

func putBranch(ctx context.Context, tx txn, b library.Branch) error {
	if b.ID == "" {
		return library.Errorf(library.EINVALID, "branch without an ID")
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO branches (id, library_id, name, street, postal_code, city, lat, lon,
			phone, email, services, accessibility, hours)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (id) DO UPDATE SET
			library_id = excluded.library_id, name = excluded.name,
			street = excluded.street, postal_code = excluded.postal_code, city = excluded.city,
			lat = excluded.lat, lon = excluded.lon, phone = excluded.phone, email = excluded.email,
			services = excluded.services, accessibility = excluded.accessibility, hours = excluded.hours`,
		b.ID, b.LibraryID, jsonText(b.Name), b.Address.Street, b.Address.PostalCode, jsonText(b.Address.City),
		b.Lat, b.Lon, b.Phone, b.Email, jsonText(b.Services), jsonText(b.Accessibility), jsonText(b.Hours))
	if err != nil {
		return fmt.Errorf("branch %s: %w", b.ID, err)
	}
	return nil
}

func libraries(ctx context.Context, q queryer) ([]library.Library, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM libraries ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ls []library.Library
	for rows.Next() {
		var l library.Library
		var name []byte
		if err := rows.Scan(&l.ID, &name); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(name, &l.Name); err != nil {
			return nil, fmt.Errorf("library %s: %w", l.ID, err)
		}
		ls = append(ls, l)
	}
	return ls, rows.Err()
}

// branches returns the branch with the given ID, or all branches if id is "".
func branches(ctx context.Context, q queryer, id string) ([]library.Branch, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT id, library_id, name, street, postal_code, city, lat, lon,
			phone, email, services, accessibility, hours
		FROM branches
		WHERE $1 = '' OR id = $1
		ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var bs []library.Branch
	for rows.Next() {
		var b library.Branch
		var name, city, services, access, hours []byte
		err := rows.Scan(&b.ID, &b.LibraryID, &name, &b.Address.Street, &b.Address.PostalCode, &city,
			&b.Lat, &b.Lon, &b.Phone, &b.Email, &services, &access, &hours)
		if err != nil {
			return nil, err
		}
		err = unmarshalAll(name, &b.Name, city, &b.Address.City, services, &b.Services,
			access, &b.Accessibility, hours, &b.Hours)
		if err != nil {
			return nil, fmt.Errorf("branch %s: %w", b.ID, err)
		}
		bs = append(bs, b)
	}
	return bs, rows.Err()
}
