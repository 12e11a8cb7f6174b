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
		if _, err := lockOpenPatron(ctx, tx, patronID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE patrons SET block_reason = $1, blocked_by = $2, blocked_at = $3 WHERE id = $4`,
			reason, nullID(by.ID), now, patronID)
		// AUDIT: audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: "patron.block", PatronID: patronID, Detail: reason}, now)
		return err
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
		// AUDIT: audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: "patron.unblock", PatronID: patronID, Detail: p.BlockReason}, now)
		return err
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
	err := db.inTx(ctx, func(tx txn) error {
		if err := closeAccount(ctx, tx, patronID, now); err != nil {
			return err
		}
		// AUDIT: audit(ctx, tx, library.AuditEntry{StaffID: by.ID, Action: "patron.close", PatronID: patronID}, now)
		return nil
	})
	if err != nil {
		return fmt.Errorf("close account of patron %d: %w", patronID, err)
	}
	return nil
}
