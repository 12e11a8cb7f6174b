package store

import "context"

// ExecForTest runs one statement in a write transaction, for tests that
// set up states no exported method makes (a staff block, say).
func ExecForTest(db *DB, query string, args ...any) error {
	return db.inTx(context.Background(), func(tx txn) error {
		_, err := tx.ExecContext(context.Background(), query, args...)
		return err
	})
}
