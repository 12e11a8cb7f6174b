package store

import (
	"context"
	"time"
)

// TrimBatchSize is how many entries TrimChanges deletes per transaction.
const TrimBatchSize = trimBatch

// AppendChangesAt appends change-feed entries for ids written at at, in
// one transaction, as a test's stand-in for writes made days ago.
func (db *DB) AppendChangesAt(ctx context.Context, at time.Time, ids ...int64) error {
	return db.inTx(ctx, func(tx txn) error { return db.appendChanges(ctx, tx, ids, at) })
}
