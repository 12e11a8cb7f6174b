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
