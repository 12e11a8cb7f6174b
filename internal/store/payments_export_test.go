package store

import (
	"context"

	"github.com/kirjasto/kirjasto/internal/library"
)

// ChargeFeeForTest adds a fee to a patron's account, as circulation does.
func (db *DB) ChargeFeeForTest(ctx context.Context, f library.Fee) (library.Fee, error) {
	var out library.Fee
	err := db.inTx(ctx, func(tx txn) error {
		var err error
		out, err = chargeFee(ctx, tx, f)
		return err
	})
	return out, err
}

// CountEventsForTest returns how many circulation events of an action
// were logged.
func (db *DB) CountEventsForTest(ctx context.Context, action string) (int, error) {
	var n int
	err := db.reader().QueryRowContext(ctx, `SELECT count(*) FROM circulation_events WHERE action = $1`, action).Scan(&n)
	return n, err
}
