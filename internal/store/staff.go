package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Staff accounts. Every change to an account is made for a staff member
// (by), who must be allowed it by library.MayGrant or library.MayManage,
// and is written to the audit trail in the change's own transaction. The
// system itself (kirjasto init, the demo) acts as library.SystemStaff.

// DB keeps staff accounts and the audit trail.
var (
	_ library.StaffAccounts = (*DB)(nil)
	_ library.AuditTrail    = (*DB)(nil)
)

// staffSelect reads an account with its library resolved: the library
// the account names, else its default branch's.
const staffSelect = `SELECT st.id, st.username, st.name, st.role, st.branch,
	CASE WHEN st.library <> '' THEN st.library ELSE COALESCE(b.library_id, '') END AS library,
	st.created, st.disabled_at, st.totp_secret <> '' AS totp
	FROM staff st LEFT JOIN branches b ON b.id = st.branch`

// scanStaff reads a row of staffSelect.
func scanStaff(row interface{ Scan(...any) error }) (library.Staff, error) {
	var s library.Staff
	var disabled sql.NullTime
	err := row.Scan(&s.ID, &s.Username, &s.Name, &s.Role, &s.Branch, &s.Library, &s.Created, &disabled, &s.TOTP)
	s.Created = s.Created.UTC()
	if disabled.Valid {
		s.DisabledAt = disabled.Time.UTC()
	}
	return s, err
}

// staffByID reads an account, disabled or not.
func staffByID(ctx context.Context, q queryer, id int64) (library.Staff, error) {
	s, err := scanStaff(q.QueryRowContext(ctx, staffSelect+` WHERE st.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, &library.Error{Code: library.ENOTFOUND, Key: "error.staff_not_found", Message: fmt.Sprintf("staff %d not found", id)}
	}
	if err != nil {
		return s, fmt.Errorf("staff %d: %w", id, err)
	}
	return s, nil
}

// Staff returns an enabled staff account, its library resolved.
func (db *DB) Staff(ctx context.Context, id int64) (library.Staff, error) {
	s, err := staffByID(ctx, db.reader(), id)
	if err == nil && !s.DisabledAt.IsZero() {
		return library.Staff{}, &library.Error{Code: library.ENOTFOUND, Key: "error.staff_not_found", Message: fmt.Sprintf("staff %d is disabled", id)}
	}
	return s, err
}

// StaffAccount returns a staff account, disabled or not.
func (db *DB) StaffAccount(ctx context.Context, id int64) (library.Staff, error) {
	return staffByID(ctx, db.reader(), id)
}

// ListStaff returns the accounts f selects, by name.
func (db *DB) ListStaff(ctx context.Context, f library.StaffFilter) ([]library.Staff, error) {
	q := `SELECT * FROM (` + staffSelect + `) s WHERE 1 = 1`
	var args []any
	if f.Library != "" {
		args = append(args, f.Library)
		q += fmt.Sprintf(` AND s.library = $%d`, len(args))
	}
	if f.Role != "" {
		args = append(args, f.Role)
		q += fmt.Sprintf(` AND s.role = $%d`, len(args))
	}
	switch f.State {
	case "":
	case library.StaffActive:
		q += ` AND s.disabled_at IS NULL`
	case library.StaffDisabled:
		q += ` AND s.disabled_at IS NOT NULL`
	default:
		return nil, library.Errorf(library.EINVALID, "list staff: unknown state %q", f.State)
	}
	q += ` ORDER BY s.name, s.id`
	rows, err := db.reader().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list staff: %w", err)
	}
	defer rows.Close()
	var out []library.Staff
	for rows.Next() {
		s, err := scanStaff(rows)
		if err != nil {
			return nil, fmt.Errorf("list staff: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list staff: %w", err)
	}
	return out, nil
}

// CreateStaff adds a staff account as the system: kirjasto init and the
// demo use it. Staff pages use AddStaff, which checks who asks.
func (db *DB) CreateStaff(ctx context.Context, s library.Staff, password string) (library.Staff, error) {
	return db.AddStaff(ctx, library.SystemStaff, s, password, db.timestamp())
}

// AddStaff adds a staff account for by: a username (unique whatever its
// case), a name, a role (branch staff when empty), and a library or a
// default branch of it (the branch must belong to the library; a library
// left empty is the branch's).
func (db *DB) AddStaff(ctx context.Context, by, s library.Staff, password string, now time.Time) (library.Staff, error) {
	now = instant(now)
	s.Username = strings.ToLower(strings.TrimSpace(s.Username))
	s.Name = strings.TrimSpace(s.Name)
	s.Branch = strings.TrimSpace(s.Branch)
	s.Library = strings.TrimSpace(s.Library)
	if s.Role == "" {
		s.Role = library.RoleBranchStaff
	}
	if err := checkUsername(s.Username); err != nil {
		return s, err
	}
	if s.Name == "" {
		return s, &library.Error{Code: library.EINVALID, Key: "error.staff_name_required", Message: "a staff account needs a name"}
	}
	if err := checkPassword(password); err != nil {
		return s, err
	}
	// The rights are checked before the hash, so that a refusal costs no
	// argon2 work; they are checked again on the transaction's snapshot.
	if _, err := staffLibrary(ctx, db.reader(), s, by); err != nil {
		return s, err
	}
	hash, err := db.accountConfig().Hasher.Hash(password)
	if err != nil {
		return s, err
	}
	err = db.inTx(ctx, func(tx txn) error {
		if s.Library, err = staffLibrary(ctx, tx, s, by); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `
			INSERT INTO staff (username, name, role, branch, library, password_hash, created)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			s.Username, s.Name, s.Role, s.Branch, s.Library, hash, now).Scan(&s.ID); err != nil {
			return err
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditStaffCreated, TargetStaffID: s.ID,
			Library: s.Library, Detail: fmt.Sprintf("%s: %s", s.Username, s.Role)}, now)
	})
	if isUniqueViolation(err) {
		return s, &library.Error{Code: library.ECONFLICT, Key: "error.staff_username_taken",
			Message: fmt.Sprintf("staff user %s already exists", s.Username)}
	}
	if err != nil {
		return s, wrapStaff("create staff "+s.Username, err)
	}
	s.Created = now
	return s, nil
}

// wrapStaff adds context to an internal error and leaves a library.Error
// as it is, so that its code and key reach the user.
func wrapStaff(what string, err error) error {
	var le *library.Error
	if errors.As(err, &le) {
		return err
	}
	return fmt.Errorf("%s: %w", what, err)
}

// staffLibrary resolves and checks the library s will work for: the
// library of its branch, which must agree with s.Library when both are
// given. It then asks whether by may give s's role there.
func staffLibrary(ctx context.Context, q queryer, s library.Staff, by library.Staff) (string, error) {
	lib := s.Library
	if s.Branch != "" {
		var bl string
		err := q.QueryRowContext(ctx, `SELECT library_id FROM branches WHERE id = $1`, s.Branch).Scan(&bl)
		if errors.Is(err, sql.ErrNoRows) {
			return "", &library.Error{Code: library.EINVALID, Key: "error.staff_branch_unknown", Message: fmt.Sprintf("no branch %q", s.Branch)}
		}
		if err != nil {
			return "", err
		}
		if lib != "" && lib != bl {
			return "", &library.Error{Code: library.EINVALID, Key: "error.staff_branch_library",
				Message: fmt.Sprintf("branch %s belongs to %s, not %s", s.Branch, bl, lib)}
		}
		lib = bl
	} else if lib != "" {
		var one int
		err := q.QueryRowContext(ctx, `SELECT 1 FROM libraries WHERE id = $1`, lib).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return "", &library.Error{Code: library.EINVALID, Key: "error.staff_library_unknown", Message: fmt.Sprintf("no library %q", lib)}
		}
		if err != nil {
			return "", err
		}
	}
	if err := library.MayGrant(by, s.Role, lib); err != nil {
		return "", err
	}
	return lib, nil
}

// checkUsername allows what people type as a sign-in name: letters,
// digits and . _ - @, 2 to 64 of them.
func checkUsername(u string) error {
	ok := utf8.RuneCountInString(u) >= 2 && utf8.RuneCountInString(u) <= 64
	for _, c := range u {
		ok = ok && (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.ContainsRune("._-@", c) || c > 127 && c != ' ')
	}
	if !ok {
		return &library.Error{Code: library.EINVALID, Key: "error.staff_username_format", Message: fmt.Sprintf("bad staff username %q", u)}
	}
	return nil
}

// UpdateStaff changes the name, role, library and default branch of the
// account s.ID. by must be allowed to manage the account as it is and to
// give it its new role where it will work. The last enabled consortium
// administrator keeps the role, so that someone can always administer.
func (db *DB) UpdateStaff(ctx context.Context, by, s library.Staff, now time.Time) (library.Staff, error) {
	now = instant(now)
	s.Name = strings.TrimSpace(s.Name)
	s.Branch = strings.TrimSpace(s.Branch)
	s.Library = strings.TrimSpace(s.Library)
	if s.Name == "" {
		return s, &library.Error{Code: library.EINVALID, Key: "error.staff_name_required", Message: "a staff account needs a name"}
	}
	var out library.Staff
	err := db.inTx(ctx, func(tx txn) error {
		old, err := staffForChange(ctx, tx, by, s.ID)
		if err != nil {
			return err
		}
		if s.Library, err = staffLibrary(ctx, tx, s, by); err != nil {
			return err
		}
		if old.Role == library.RoleAdmin && s.Role != library.RoleAdmin && old.DisabledAt.IsZero() {
			if err := keepOneAdmin(ctx, tx, old.ID); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE staff SET name = $1, role = $2, branch = $3, library = $4 WHERE id = $5`,
			s.Name, s.Role, s.Branch, s.Library, s.ID); err != nil {
			return err
		}
		e := library.AuditEntry{StaffID: by.ID, Action: library.AuditStaffChanged, TargetStaffID: s.ID, Library: s.Library,
			Detail: fmt.Sprintf("%s: name %q, branch %q", old.Username, s.Name, s.Branch)}
		if old.Role != s.Role || old.Library != s.Library {
			e.Action = library.AuditStaffRoleChanged
			e.Detail = fmt.Sprintf("%s: %s of %q → %s of %q", old.Username, old.Role, old.Library, s.Role, s.Library)
		}
		if err := audit(ctx, tx, e, now); err != nil {
			return err
		}
		out, err = staffByID(ctx, tx, s.ID)
		return err
	})
	if err != nil {
		return s, wrapStaff(fmt.Sprintf("update staff %d", s.ID), err)
	}
	return out, nil
}

// staffForChange reads the account id for a change by by, who must be
// allowed to manage it.
func staffForChange(ctx context.Context, tx queryer, by library.Staff, id int64) (library.Staff, error) {
	old, err := staffByID(ctx, tx, id)
	if err != nil {
		return old, err
	}
	return old, library.MayManage(by, old)
}

// keepOneAdmin refuses a change that would leave no enabled consortium
// administrator but the account id.
func keepOneAdmin(ctx context.Context, tx txn, id int64) error {
	// The administrators' rows are locked (on PostgreSQL; SQLite has one
	// writer), so that two administrators disabling each other at once
	// cannot both succeed: the second sees the first's change.
	rows, err := tx.QueryContext(ctx, `SELECT id FROM staff WHERE role = $1 AND disabled_at IS NULL`+tx.d.lockRow("FOR UPDATE"),
		library.RoleAdmin)
	if err != nil {
		return err
	}
	defer rows.Close()
	others := 0
	for rows.Next() {
		var other int64
		if err := rows.Scan(&other); err != nil {
			return err
		}
		if other != id {
			others++
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if others == 0 {
		return &library.Error{Code: library.ECONFLICT, Key: "error.staff_last_admin", Message: "the last consortium administrator stays"}
	}
	return nil
}

// DisableStaff stops the account id from signing in and ends its sessions
// at once. Staff cannot disable themselves, nor the last enabled
// consortium administrator. Disabling a disabled account changes nothing.
func (db *DB) DisableStaff(ctx context.Context, by library.Staff, id int64, now time.Time) error {
	now = instant(now)
	if by.ID == id {
		return &library.Error{Code: library.ECONFLICT, Key: "error.staff_disable_self", Message: "staff cannot disable their own account"}
	}
	err := db.inTx(ctx, func(tx txn) error {
		old, err := staffForChange(ctx, tx, by, id)
		if err != nil {
			return err
		}
		if old.Role == library.RoleAdmin {
			if err := keepOneAdmin(ctx, tx, id); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE staff SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL`, now, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE staff_id = $1`, id); err != nil {
			return err
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditStaffDisabled, TargetStaffID: id,
			Library: old.Library, Detail: old.Username}, now)
	})
	if err != nil {
		return wrapStaff(fmt.Sprintf("disable staff %d", id), err)
	}
	return nil
}

// EnableStaff lets a disabled account sign in again. Enabling an enabled
// account changes nothing.
func (db *DB) EnableStaff(ctx context.Context, by library.Staff, id int64, now time.Time) error {
	now = instant(now)
	err := db.inTx(ctx, func(tx txn) error {
		old, err := staffForChange(ctx, tx, by, id)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE staff SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL`, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditStaffEnabled, TargetStaffID: id,
			Library: old.Library, Detail: old.Username}, now)
	})
	if err != nil {
		return wrapStaff(fmt.Sprintf("enable staff %d", id), err)
	}
	return nil
}
