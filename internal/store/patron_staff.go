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

// minPassword is the shortest staff password: staff accounts reach every
// patron's details, so a PIN-length secret will not do.
const minPassword = 10

// CreateStaff adds a staff account.
func (db *DB) CreateStaff(ctx context.Context, s library.Staff, password string) (library.Staff, error) {
	s.Username = strings.ToLower(strings.TrimSpace(s.Username))
	if s.Username == "" || s.Name == "" {
		return s, library.Errorf(library.EINVALID, "create staff: username and name are required")
	}
	if len(password) < minPassword {
		return s, &library.Error{Code: library.EINVALID, Key: "error.password_short", Message: "password too short"}
	}
	if s.Role == "" {
		s.Role = library.RoleBranchStaff
	}
	hash, err := db.accountConfig().Hasher.Hash(password)
	if err != nil {
		return s, err
	}
	err = db.inTx(ctx, func(tx txn) error {
		return tx.QueryRowContext(ctx, `
			INSERT INTO staff (username, name, role, branch, password_hash, created)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
			s.Username, s.Name, s.Role, s.Branch, hash, db.timestamp()).Scan(&s.ID)
	})
	if isUniqueViolation(err) {
		return s, library.Errorf(library.ECONFLICT, "staff user %s already exists", s.Username)
	}
	if err != nil {
		return s, fmt.Errorf("create staff %s: %w", s.Username, err)
	}
	return s, nil
}

// Staff returns an enabled staff account.
func (db *DB) Staff(ctx context.Context, id int64) (library.Staff, error) {
	var s library.Staff
	err := db.reader().QueryRowContext(ctx, `SELECT id, username, name, role, branch FROM staff WHERE id = $1 AND disabled_at IS NULL`, id).
		Scan(&s.ID, &s.Username, &s.Name, &s.Role, &s.Branch)
	if errors.Is(err, sql.ErrNoRows) {
		return s, library.Errorf(library.ENOTFOUND, "staff %d not found", id)
	}
	if err != nil {
		return s, fmt.Errorf("staff %d: %w", id, err)
	}
	return s, nil
}

// AuthenticateStaff checks a staff username and password, counted and
// locked like patrons' cards.
func (db *DB) AuthenticateStaff(ctx context.Context, username, password string, now time.Time) (library.Staff, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	a := account{subject: "staff:" + username, table: "staff", column: "password_hash"}
	var s library.Staff
	err := db.reader().QueryRowContext(ctx, `
		SELECT id, username, name, role, branch, password_hash FROM staff
		WHERE username = $1 AND disabled_at IS NULL`, username).
		Scan(&s.ID, &s.Username, &s.Name, &s.Role, &s.Branch, &a.hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("authenticate staff %s: %w", username, err)
	}
	a.id = s.ID
	if err := db.signIn(ctx, a, password, instant(now), nil); err != nil {
		return library.Staff{}, err
	}
	return s, nil
}
