package store

import (
	"context"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// AuditWith writes e to the audit trail in a transaction that also adds
// a staff account named username, as a staff action would, and then
// fails with fail when it is not nil: the tests see that the action and
// its entry commit together or not at all.
func (db *DB) AuditWith(ctx context.Context, username string, e library.AuditEntry, now time.Time, fail error) error {
	return db.inTx(ctx, func(tx txn) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO staff (username, name, role, password_hash, created) VALUES ($1, $1, $2, '', $3)`,
			username, library.RoleStatistics, instant(now)); err != nil {
			return err
		}
		if err := audit(ctx, tx, e, now); err != nil {
			return err
		}
		return fail
	})
}
