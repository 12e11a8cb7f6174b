package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
)

// The TOTP second factor of staff accounts. Enrolment has two steps:
// BeginTOTP keeps a pending secret and gives the QR code's URL,
// ConfirmTOTP makes it active once the staff member types a first code
// from their app, and returns ten single-use recovery codes, kept only as
// hashes. At sign-in, after the password, VerifyTOTP takes a code or a
// recovery code. Every code checked takes a slot of the account's
// sign-in lockout first (see reserve), so codes are guessed no faster
// than passwords.

// RecoveryCodes is how many recovery codes an enrolment gives.
const RecoveryCodes = 10

// settingTOTPRequired is the operator's "administrators must use TOTP".
const settingTOTPRequired = "staff.totp_required_for_admins"

// BeginTOTP starts enrolling staffID's second factor: a fresh secret,
// pending until ConfirmTOTP, and the otpauth:// URL to show as a QR code
// (auth.TOTPQRCode draws it). An account with an active second factor
// must remove it first. issuer names the service in the app ("Helmet
// staff"); "" is "Kirjasto".
func (db *DB) BeginTOTP(ctx context.Context, staffID int64, issuer string, now time.Time) (library.TOTPEnrolment, error) {
	st, err := db.Staff(ctx, staffID)
	if err != nil {
		return library.TOTPEnrolment{}, err
	}
	if st.TOTP {
		return library.TOTPEnrolment{}, &library.Error{Code: library.ECONFLICT, Key: "error.totp_active",
			Message: fmt.Sprintf("staff %d already has a second factor", staffID)}
	}
	if issuer = strings.TrimSpace(issuer); issuer == "" {
		issuer = "Kirjasto"
	}
	secret, url, err := auth.NewTOTP(issuer, st.Username)
	if err != nil {
		return library.TOTPEnrolment{}, err
	}
	sealed, err := db.accountConfig().Hasher.Seal(secret)
	if err != nil {
		return library.TOTPEnrolment{}, err
	}
	err = db.inTx(ctx, func(tx txn) error {
		_, err := tx.ExecContext(ctx, `UPDATE staff SET totp_pending = $1 WHERE id = $2 AND totp_secret = ''`, sealed, staffID)
		return err
	})
	if err != nil {
		return library.TOTPEnrolment{}, fmt.Errorf("begin TOTP of staff %d: %w", staffID, err)
	}
	return library.TOTPEnrolment{Secret: secret, URL: url}, nil
}

// ConfirmTOTP makes the pending second factor of staffID active when
// code is right for it, and returns the recovery codes: the only time
// they are seen. Any recovery codes of an earlier enrolment stop working.
func (db *DB) ConfirmTOTP(ctx context.Context, staffID int64, code string, now time.Time) ([]string, error) {
	now = instant(now)
	st, err := db.Staff(ctx, staffID)
	if err != nil {
		return nil, err
	}
	codes := auth.NewRecoveryCodes(RecoveryCodes)
	err = db.checkCode(ctx, st, now, func(ctx context.Context, tx txn) (bool, error) {
		var pending string
		if err := tx.QueryRowContext(ctx, `SELECT totp_pending FROM staff WHERE id = $1`, staffID).Scan(&pending); err != nil {
			return false, err
		}
		if pending == "" {
			return false, &library.Error{Code: library.ECONFLICT, Key: "error.totp_not_started",
				Message: fmt.Sprintf("staff %d has no enrolment to confirm", staffID)}
		}
		secret, err := db.accountConfig().Hasher.Unseal(pending)
		if err != nil {
			return false, err
		}
		step, ok := auth.MatchTOTP(secret, code, now)
		if !ok {
			return false, nil
		}
		res, err := tx.ExecContext(ctx, `UPDATE staff SET totp_secret = totp_pending, totp_pending = '',
			totp_step = CASE WHEN totp_step > $1 THEN totp_step ELSE $1 END
			WHERE id = $2 AND totp_pending = $3`, step, staffID, pending)
		if err != nil {
			return false, err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return false, err // confirmed or restarted meanwhile
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM staff_recovery_codes WHERE staff_id = $1`, staffID); err != nil {
			return false, err
		}
		for _, c := range codes {
			if _, err := tx.ExecContext(ctx, `INSERT INTO staff_recovery_codes (code_hash, staff_id) VALUES ($1, $2)`,
				auth.HashToken(auth.NormalizeRecoveryCode(c)), staffID); err != nil {
				return false, err
			}
		}
		return true, audit(ctx, tx, library.AuditEntry{StaffID: staffID, Action: library.AuditTOTPEnrolled, TargetStaffID: staffID,
			Library: st.Library, Detail: st.Username}, now)
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// VerifyTOTP checks the second step of staffID's sign-in: a six-digit
// code from their app, within one time step of now and of a step not
// accepted before, or one of their recovery codes, which then stops
// working. A wrong code counts toward the account's lockout; a refusal is
// EUNAUTHORIZED "error.totp_wrong", or the lockout's own errors.
func (db *DB) VerifyTOTP(ctx context.Context, staffID int64, code string, now time.Time) error {
	now = instant(now)
	st, err := db.Staff(ctx, staffID)
	if err != nil {
		return err
	}
	if !st.TOTP {
		return &library.Error{Code: library.ECONFLICT, Key: "error.totp_not_enrolled",
			Message: fmt.Sprintf("staff %d has no second factor", staffID)}
	}
	// Six digits are a code from the app (typed with a space in the
	// middle, as some apps show it); anything else is a recovery code.
	if c := strings.ReplaceAll(strings.TrimSpace(code), " ", ""); len(c) == 6 && isDigits(c) {
		code = c
		return db.checkCode(ctx, st, now, func(ctx context.Context, tx txn) (bool, error) {
			var stored string
			var last int64
			if err := tx.QueryRowContext(ctx, `SELECT totp_secret, totp_step FROM staff WHERE id = $1`, staffID).Scan(&stored, &last); err != nil {
				return false, err
			}
			h := db.accountConfig().Hasher
			secret, err := h.Unseal(stored)
			if err != nil {
				return false, err
			}
			step, ok := auth.MatchTOTP(secret, code, now)
			if !ok || step <= last || secret == "" {
				return false, nil
			}
			// A secret kept before secrets were sealed is sealed now.
			resealed := stored
			if !auth.Sealed(stored) {
				if resealed, err = h.Seal(secret); err != nil {
					return false, err
				}
			}
			// The guard makes a replay lose even when both arrive at
			// once: PostgreSQL re-checks it on the row it waited for.
			res, err := tx.ExecContext(ctx, `UPDATE staff SET totp_step = $1, totp_secret = $4
				WHERE id = $2 AND totp_step < $1 AND totp_secret = $3`,
				step, staffID, stored, resealed)
			if err != nil {
				return false, err
			}
			n, err := res.RowsAffected()
			return n == 1, err
		})
	}
	return db.checkCode(ctx, st, now, func(ctx context.Context, tx txn) (bool, error) {
		res, err := tx.ExecContext(ctx, `UPDATE staff_recovery_codes SET used_at = $1
			WHERE code_hash = $2 AND staff_id = $3 AND used_at IS NULL`,
			now, auth.HashToken(auth.NormalizeRecoveryCode(code)), staffID)
		if err != nil {
			return false, err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return false, err
		}
		var left int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM staff_recovery_codes WHERE staff_id = $1 AND used_at IS NULL`,
			staffID).Scan(&left); err != nil {
			return false, err
		}
		return true, audit(ctx, tx, library.AuditEntry{StaffID: staffID, Action: library.AuditRecoveryCodeUsed, TargetStaffID: staffID,
			Library: st.Library, Detail: fmt.Sprintf("%s: %d recovery codes left", st.Username, left)}, now)
	})
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// checkCode checks a second-factor code of st like a password: a slot of
// the account's lockout is taken first, a wrong code stays counted (and
// may lock the account), a right one forgets the failures. check runs in
// the transaction that writes the outcome and says whether the code was
// right, having recorded its use so that it cannot be used again.
func (db *DB) checkCode(ctx context.Context, st library.Staff, now time.Time, check func(ctx context.Context, tx txn) (bool, error)) error {
	subject := "staff:" + st.Username
	if err := db.reserve(ctx, subject, now); err != nil {
		return err
	}
	// The attempt is counted now; its outcome is written even if the
	// client goes away, so that it cannot stay in flight.
	ctx = context.WithoutCancel(ctx)
	var refusal error
	err := db.inTx(ctx, func(tx txn) error {
		ok, err := check(ctx, tx)
		if err != nil {
			return err
		}
		if !ok {
			refusal = db.countFailure(ctx, tx, subject, now)
			if library.ErrorCode(refusal) == library.EINTERNAL {
				return refusal
			}
			return nil
		}
		return forgetFailures(ctx, tx, subject)
	})
	if err != nil {
		// The attempt ends without a verdict: give its slot back.
		db.release(ctx, subject)
		return wrapStaff(fmt.Sprintf("second factor of staff %d", st.ID), err)
	}
	if library.ErrorCode(refusal) == library.EUNAUTHORIZED {
		return &library.Error{Code: library.EUNAUTHORIZED, Key: "error.totp_wrong", Message: "wrong or used code"}
	}
	return refusal
}

// release ends a reserved attempt that was not checked.
func (db *DB) release(ctx context.Context, subject string) {
	err := db.inTx(ctx, func(tx txn) error {
		_, err := tx.ExecContext(ctx, `UPDATE auth_failures SET `+pendingDone+` WHERE subject = $1`, subject)
		return err
	})
	if err != nil {
		db.logger.Warn("release sign-in attempt", "subject", subject, "err", err)
	}
}

// RecoveryCodesLeft is how many unused recovery codes staffID has.
func (db *DB) RecoveryCodesLeft(ctx context.Context, staffID int64) (int, error) {
	var n int
	err := db.reader().QueryRowContext(ctx, `SELECT count(*) FROM staff_recovery_codes WHERE staff_id = $1 AND used_at IS NULL`, staffID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("recovery codes of staff %d: %w", staffID, err)
	}
	return n, nil
}

// RemoveTOTP removes staffID's second factor (active or pending) and its
// recovery codes: by is the staff member themselves, or someone allowed
// to manage their account (a lost phone).
func (db *DB) RemoveTOTP(ctx context.Context, by library.Staff, staffID int64, now time.Time) error {
	now = instant(now)
	err := db.inTx(ctx, func(tx txn) error {
		st, err := staffByID(ctx, tx, staffID)
		if err != nil {
			return err
		}
		if by.ID != staffID || by.ID == 0 {
			if err := library.MayManage(by, st); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE staff SET totp_secret = '', totp_pending = ''
			WHERE id = $1 AND (totp_secret <> '' OR totp_pending <> '')`, staffID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM staff_recovery_codes WHERE staff_id = $1`, staffID); err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 || !st.TOTP {
			return err // nothing active was removed: nothing to audit
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditTOTPRemoved, TargetStaffID: staffID,
			Library: st.Library, Detail: st.Username}, now)
	})
	if err != nil {
		return wrapStaff(fmt.Sprintf("remove TOTP of staff %d", staffID), err)
	}
	return nil
}

// TOTPRequired reports the operator's setting "administrators must use
// TOTP"; it is off until set.
func (db *DB) TOTPRequired(ctx context.Context) (bool, error) {
	var on bool
	err := db.Setting(ctx, settingTOTPRequired, &on)
	if library.ErrorCode(err) == library.ENOTFOUND {
		return false, nil
	}
	return on, err
}

// SetTOTPRequired turns the operator's setting "administrators must use
// TOTP" on or off; by must have the consortium's rights.
func (db *DB) SetTOTPRequired(ctx context.Context, by library.Staff, on bool, now time.Time) error {
	if err := library.Permit(by, library.ActConsortium, library.ConsortiumScope); err != nil {
		return err
	}
	err := db.inTx(ctx, func(tx txn) error {
		if err := putSetting(ctx, tx, settingTOTPRequired, on); err != nil {
			return err
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: "consortium.totp_required",
			Detail: fmt.Sprintf("administrators must use TOTP: %v", on)}, instant(now))
	})
	if err != nil {
		return fmt.Errorf("set TOTP requirement: %w", err)
	}
	return nil
}

// MustEnrolTOTP reports whether st must set up a second factor before
// anything else: the operator requires it of administrators (consortium
// and library administrators), st is one, and has none active. The
// sign-in sends such a member to the enrolment page.
func (db *DB) MustEnrolTOTP(ctx context.Context, st library.Staff) (bool, error) {
	cur, err := db.StaffAccount(ctx, st.ID)
	if err != nil {
		return false, err
	}
	if !library.IsAdministrator(cur.Role) || cur.TOTP {
		return false, nil
	}
	return db.TOTPRequired(ctx)
}
