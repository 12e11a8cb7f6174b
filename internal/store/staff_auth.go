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

// Staff passwords and sign-in: the first step of it. The second, for
// accounts with TOTP, is in totp.go.

// minPassword is the shortest kiosk password (kiosk.go); staff passwords
// follow library.MinStaffPassword.
const minPassword = 10

// checkPassword enforces library.MinStaffPassword, in characters.
func checkPassword(p string) error {
	if utf8.RuneCountInString(p) < library.MinStaffPassword {
		return &library.Error{Code: library.EINVALID, Key: "error.staff_password_short", Count: library.MinStaffPassword,
			Message: fmt.Sprintf("a staff password needs at least %d characters", library.MinStaffPassword)}
	}
	return nil
}

// SetStaffPassword gives the account id a new password, set by someone
// allowed to manage it (a forgotten password). The account's sessions
// end and its lock, if any, is lifted: whoever knew the old password is
// out, and its owner can sign in with the new one at once.
func (db *DB) SetStaffPassword(ctx context.Context, by library.Staff, id int64, password string, now time.Time) error {
	now = instant(now)
	if err := checkPassword(password); err != nil {
		return err
	}
	// Checked before the hash, and again in the transaction.
	if _, err := staffForChange(ctx, db.reader(), by, id); err != nil {
		return err
	}
	hash, err := db.accountConfig().Hasher.Hash(password)
	if err != nil {
		return err
	}
	err = db.inTx(ctx, func(tx txn) error {
		old, err := staffForChange(ctx, tx, by, id)
		if err != nil {
			return err
		}
		if err := setStaffPassword(ctx, tx, old, hash); err != nil {
			return err
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditStaffPassword, TargetStaffID: id,
			Library: old.Library, Detail: old.Username}, now)
	})
	if err != nil {
		return wrapStaff(fmt.Sprintf("set password of staff %d", id), err)
	}
	return nil
}

// setStaffPassword stores hash as st's password, ends st's sessions and
// forgets its failed attempts.
func setStaffPassword(ctx context.Context, tx txn, st library.Staff, hash string) error {
	if _, err := tx.ExecContext(ctx, `UPDATE staff SET password_hash = $1 WHERE id = $2`, hash, st.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE staff_id = $1`, st.ID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM auth_failures WHERE subject = $1 AND pending = 0`, "staff:"+st.Username)
	return err
}

// ChangeStaffPassword lets staff change their own password, the old one
// checked like a sign-in (counted first). Their sessions end; the web
// signs the browser that made the change in again.
func (db *DB) ChangeStaffPassword(ctx context.Context, id int64, oldPassword, newPassword string, now time.Time) error {
	now = instant(now)
	if err := checkPassword(newPassword); err != nil {
		return err
	}
	st, err := db.Staff(ctx, id)
	if err != nil {
		return err
	}
	a := account{subject: "staff:" + st.Username, table: "staff", column: "password_hash", id: id}
	if err := db.reader().QueryRowContext(ctx, `SELECT password_hash FROM staff WHERE id = $1`, id).Scan(&a.hash); err != nil {
		return fmt.Errorf("change password of staff %d: %w", id, err)
	}
	hash, err := db.accountConfig().Hasher.Hash(newPassword)
	if err != nil {
		return err
	}
	err = db.signIn(ctx, a, oldPassword, now, func(ctx context.Context, tx txn) error {
		if err := setStaffPassword(ctx, tx, st, hash); err != nil {
			return err
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: id, Action: library.AuditStaffPassword, TargetStaffID: id,
			Library: st.Library, Detail: st.Username + ": changed by its owner"}, now)
	})
	if library.ErrorCode(err) == library.EUNAUTHORIZED {
		err = &library.Error{Code: library.EUNAUTHORIZED, Key: "error.staff_password_wrong", Message: "wrong current password"}
	}
	return err
}

// AuthenticateStaff checks a staff username and password, counted and
// locked like patrons' cards. A disabled account fails as an unknown one.
// When the returned account has TOTP set, the password was only the first
// step: the caller asks for a code and checks it with VerifyTOTP before
// it starts a session.
func (db *DB) AuthenticateStaff(ctx context.Context, username, password string, now time.Time) (library.Staff, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	a := account{subject: "staff:" + username, table: "staff", column: "password_hash"}
	err := db.reader().QueryRowContext(ctx, `SELECT id, password_hash FROM staff WHERE username = $1 AND disabled_at IS NULL`, username).
		Scan(&a.id, &a.hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return library.Staff{}, fmt.Errorf("authenticate staff %s: %w", username, err)
	}
	if err := db.signIn(ctx, a, password, instant(now), nil); err != nil {
		return library.Staff{}, err
	}
	return db.Staff(ctx, a.id)
}
