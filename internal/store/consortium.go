package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// PutConsortium inserts or updates the consortium's name, its member
// libraries and its branches, with their weekly hours and exceptions (a
// branch's exceptions are replaced by those in b.Hours.Exceptions). It is
// the demo's bulk path and checks no more than IDs; staff edits go through
// CreateBranch, UpdateBranch and the others, and files through
// ImportBranches, which validate everything. Libraries and branches it
// does not list are kept: closing a branch is a decision, not a side
// effect of an import.
func (db *DB) PutConsortium(ctx context.Context, c library.Consortium) error {
	now := db.timestamp()
	err := db.inTx(ctx, func(tx txn) error {
		if _, err := bumpConsortium(ctx, tx); err != nil {
			return err
		}
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
			if err := replaceExceptions(ctx, tx, b.ID, mergeExceptions(b.ID, b.Hours.Exceptions), now); err != nil {
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
		if c.Libraries, err = libraries(ctx, tx, ""); err != nil {
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

// ConsortiumVersion returns a number that grows with every committed
// change to the libraries, the branches, their hours, exceptions and
// photos. A cache of them (the web's) stays valid while the number stays
// the same; reading it is one primary-key lookup.
func (db *DB) ConsortiumVersion(ctx context.Context) (int64, error) {
	var v int64
	err := db.reader().QueryRowContext(ctx, `SELECT version FROM consortium_version WHERE id = 1`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("consortium version: %w", err)
	}
	return v, nil
}

// bumpConsortium raises the consortium version. Every write to
// libraries, branches, exceptions and photos calls it first: on
// PostgreSQL the row lock it takes also serialises those writes, so two
// staff adding overlapping exceptions at once cannot both pass the
// overlap check (SQLite's single writer does that anyway), and since it
// always comes first, they cannot deadlock on each other.
func bumpConsortium(ctx context.Context, tx txn) (int64, error) {
	// The row is there from migration 14 on, but Erase empties every
	// table; it comes back then at a number from the clock, which is
	// larger than any the counter reached before, so that a cache never
	// takes the new consortium for the one it holds.
	var v int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO consortium_version (id, version) VALUES (1, $1)
		ON CONFLICT (id) DO UPDATE SET version = consortium_version.version + 1
		RETURNING version`, time.Now().UnixMicro()).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("bump consortium version: %w", err)
	}
	return v, nil
}

// Libraries returns the member libraries ordered by ID, closed ones too.
func (db *DB) Libraries(ctx context.Context) ([]library.Library, error) {
	ls, err := libraries(ctx, db.reader(), "")
	if err != nil {
		return nil, fmt.Errorf("libraries: %w", err)
	}
	return ls, nil
}

// Library returns one member library, or an ENOTFOUND error.
func (db *DB) Library(ctx context.Context, id string) (library.Library, error) {
	ls, err := libraries(ctx, db.reader(), id)
	if err != nil {
		return library.Library{}, fmt.Errorf("library %s: %w", id, err)
	}
	if len(ls) == 0 || id == "" {
		return library.Library{}, &library.Error{Code: library.ENOTFOUND, Key: "error.library_not_found", Message: fmt.Sprintf("library %s not found", id)}
	}
	return ls[0], nil
}

// Branches returns all branches with their hours, ordered by ID. Closed
// branches are among them (see Branch.Closed): old loans and holds name
// them, and pages that offer a branch to choose must leave them out.
func (db *DB) Branches(ctx context.Context) ([]library.Branch, error) {
	var bs []library.Branch
	err := db.inReadTx(ctx, func(tx txn) error {
		var err error
		bs, err = branches(ctx, tx, "")
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("branches: %w", err)
	}
	return bs, nil
}

// Branch returns one branch, or an ENOTFOUND error.
func (db *DB) Branch(ctx context.Context, id string) (library.Branch, error) {
	var bs []library.Branch
	err := db.inReadTx(ctx, func(tx txn) error {
		var err error
		bs, err = branches(ctx, tx, id)
		return err
	})
	if err != nil {
		return library.Branch{}, fmt.Errorf("branch %s: %w", id, err)
	}
	if len(bs) == 0 || id == "" {
		// No key of its own: the public pages say "not found" as for any
		// page (the admin methods name the branch, error.branch_not_found).
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

// putLibrary inserts or updates a library's name and description, bumping
// its version when it existed. A closed library stays closed.
func putLibrary(ctx context.Context, tx txn, l library.Library) error {
	if l.ID == "" {
		return library.Errorf(library.EINVALID, "library without an ID")
	}
	if l.Description == nil {
		l.Description = library.Text{}
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO libraries (id, name, description) VALUES ($1, $2, $3)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description,
			version = libraries.version + 1`,
		l.ID, jsonText(l.Name), jsonText(l.Description))
	if err != nil {
		return fmt.Errorf("library %s: %w", l.ID, err)
	}
	return nil
}

// putBranch inserts or updates a branch's details and weekly hours (not
// its exceptions, not whether it is closed), bumping its version when it
// existed.
func putBranch(ctx context.Context, tx txn, b library.Branch) error {
	if b.ID == "" {
		return library.Errorf(library.EINVALID, "branch without an ID")
	}
	if b.Description == nil {
		b.Description = library.Text{}
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO branches (id, library_id, name, description, street, postal_code, city, lat, lon,
			phone, email, services, accessibility, hours)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
		ON CONFLICT (id) DO UPDATE SET
			library_id = excluded.library_id, name = excluded.name, description = excluded.description,
			street = excluded.street, postal_code = excluded.postal_code, city = excluded.city,
			lat = excluded.lat, lon = excluded.lon, phone = excluded.phone, email = excluded.email,
			services = excluded.services, accessibility = excluded.accessibility, hours = excluded.hours,
			version = branches.version + 1`,
		b.ID, b.LibraryID, jsonText(b.Name), jsonText(b.Description), b.Address.Street, b.Address.PostalCode,
		jsonText(b.Address.City), b.Lat, b.Lon, b.Phone, b.Email, jsonText(b.Services), jsonText(b.Accessibility),
		jsonText(weeklyHours{Weekly: b.Hours.Weekly}))
	if err != nil {
		return fmt.Errorf("branch %s: %w", b.ID, err)
	}
	return nil
}

// weeklyHours is what branches.hours holds: the weekly schedule. (The
// exceptions have a table of their own since migration 14.)
type weeklyHours struct {
	Weekly [7]library.Day
}

// libraries returns the library with the given ID, or all if id is "".
func libraries(ctx context.Context, q queryer, id string) ([]library.Library, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT id, name, description, closed_at, version FROM libraries
		WHERE $1 = '' OR id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ls []library.Library
	for rows.Next() {
		var l library.Library
		var name, desc []byte
		var closed sql.NullTime
		if err := rows.Scan(&l.ID, &name, &desc, &closed, &l.Version); err != nil {
			return nil, err
		}
		if err := unmarshalAll(name, &l.Name, desc, &l.Description); err != nil {
			return nil, fmt.Errorf("library %s: %w", l.ID, err)
		}
		l.Description = nilIfEmpty(l.Description)
		if closed.Valid {
			l.ClosedAt = closed.Time.UTC()
		}
		ls = append(ls, l)
	}
	return ls, rows.Err()
}

// branches returns the branch with the given ID, or all branches if id is
// "", with their exceptions expanded into Hours.Exceptions. Callers that
// want one consistent view pass a transaction.
func branches(ctx context.Context, q queryer, id string) ([]library.Branch, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT b.id, b.library_id, b.name, b.description, b.street, b.postal_code, b.city, b.lat, b.lon,
			b.phone, b.email, b.services, b.accessibility, b.hours, b.closed_at, b.version,
			coalesce(p.hash, '')
		FROM branches b LEFT JOIN branch_photos p ON p.branch_id = b.id AND p.variant = 'full'
		WHERE $1 = '' OR b.id = $1
		ORDER BY b.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var bs []library.Branch
	for rows.Next() {
		var b library.Branch
		var name, desc, city, services, access, hours []byte
		var closed sql.NullTime
		err := rows.Scan(&b.ID, &b.LibraryID, &name, &desc, &b.Address.Street, &b.Address.PostalCode, &city,
			&b.Lat, &b.Lon, &b.Phone, &b.Email, &services, &access, &hours, &closed, &b.Version, &b.Photo)
		if err != nil {
			return nil, err
		}
		var week weeklyHours
		err = unmarshalAll(name, &b.Name, desc, &b.Description, city, &b.Address.City, services, &b.Services,
			access, &b.Accessibility, hours, &week)
		if err != nil {
			return nil, fmt.Errorf("branch %s: %w", b.ID, err)
		}
		b.Hours.Weekly = week.Weekly
		b.Description = nilIfEmpty(b.Description)
		if closed.Valid {
			b.ClosedAt = closed.Time.UTC()
		}
		bs = append(bs, b)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(bs) == 0 {
		return bs, nil
	}
	es, err := exceptions(ctx, q, id, "", "")
	if err != nil {
		return nil, err
	}
	byBranch := map[string][]library.HoursException{}
	for _, e := range es {
		byBranch[e.BranchID] = append(byBranch[e.BranchID], e)
	}
	for i := range bs {
		bs[i].Hours.Exceptions = library.ExpandExceptions(byBranch[bs[i].ID])
	}
	return bs, nil
}

// mergeExceptions turns per-date exceptions (as the demo and older data
// give them) into ranges: consecutive dates with the same hours and
// reason become one exception.
func mergeExceptions(branch string, es []library.Exception) []library.HoursException {
	sorted := slices.Clone(es)
	slices.SortStableFunc(sorted, func(a, b library.Exception) int { return cmpDate(a.Date, b.Date) })
	var out []library.HoursException
	for _, e := range sorted {
		if n := len(out); n > 0 && out[n-1].To.AddDays(1) == e.Date && sameDay(out[n-1].Day(), e.Day) {
			out[n-1].To = e.Date
			continue
		} else if n > 0 && out[n-1].To == e.Date {
			continue // a date listed twice: the first wins, as Hours.On reads it
		}
		out = append(out, library.HoursException{BranchID: branch, From: e.Date, To: e.Date,
			Reason: e.Note, Staffed: e.Staffed, SelfService: e.SelfService})
	}
	return out
}

// cmpDate orders dates for the slices package.
func cmpDate(a, b library.Date) int {
	switch {
	case a.Before(b):
		return -1
	case b.Before(a):
		return 1
	}
	return 0
}

// nilIfEmpty reads a text never given (the column's default, {}) as nil,
// as it was before it was written.
func nilIfEmpty(t library.Text) library.Text {
	if len(t) == 0 {
		return nil
	}
	return t
}

func sameDay(a, b library.Day) bool {
	return jsonText(a) == jsonText(b)
}
