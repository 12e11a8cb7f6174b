package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// BlockPatron sets a manual block with its reason, who set it and when.
// A blocked patron may not borrow, renew or place holds (checkNotBlocked
// in circulation), at the desk, the web or a kiosk. Blocking a blocked
// patron replaces the reason.
func (db *DB) BlockPatron(ctx context.Context, by library.Staff, patronID int64, reason string, now time.Time) error {
	now = instant(now)
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return &library.Error{Code: library.EINVALID, Key: "error.block_reason", Message: "a block needs a reason"}
	}
	err := db.inTx(ctx, func(tx txn) error {
		p, err := lockOpenPatron(ctx, tx, patronID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE patrons SET block_reason = $1, blocked_by = $2, blocked_at = $3 WHERE id = $4`,
			reason, nullID(by.ID), now, patronID)
		if err != nil {
			return err
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditPatronBlock, PatronID: patronID,
			Library: p.HomeLibrary, Detail: reason}, now)
	})
	if err != nil {
		return fmt.Errorf("block patron %d: %w", patronID, err)
	}
	return nil
}

// UnblockPatron lifts a manual block. Lifting a block that is not there
// is not an error (two staff members may lift it at once).
func (db *DB) UnblockPatron(ctx context.Context, by library.Staff, patronID int64, now time.Time) error {
	now = instant(now)
	err := db.inTx(ctx, func(tx txn) error {
		p, err := lockOpenPatron(ctx, tx, patronID)
		if err != nil {
			return err
		}
		if p.BlockReason == "" {
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE patrons SET block_reason = '', blocked_by = NULL, blocked_at = NULL WHERE id = $1`, patronID)
		if err != nil {
			return err
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditPatronUnblock, PatronID: patronID,
			Library: p.HomeLibrary, Detail: p.BlockReason}, now)
	})
	if err != nil {
		return fmt.Errorf("unblock patron %d: %w", patronID, err)
	}
	return nil
}

// CloseAccountByStaff closes and anonymises an account at the desk, by
// the rules of CloseAccount (privacy.go): refused with ECONFLICT
// "error.close_blocked" while loans, open holds or unpaid fees remain.
func (db *DB) CloseAccountByStaff(ctx context.Context, by library.Staff, patronID int64, now time.Time) error {
	now = instant(now)
	err := db.circTx(ctx, func(tx txn) error {
		if err := closeAccount(ctx, tx, patronID, now); err != nil {
			return err
		}
		// The home library outlives anonymisation; the entry keeps the
		// account's number and no name (see docs/security.md).
		var home string
		if err := tx.QueryRowContext(ctx, `SELECT home_library FROM patrons WHERE id = $1`, patronID).Scan(&home); err != nil {
			return err
		}
		return audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: library.AuditPatronClose, PatronID: patronID, Library: home}, now)
	})
	if err != nil {
		return fmt.Errorf("close account of patron %d: %w", patronID, err)
	}
	return nil
}
