package store

import (
	"context"

	"github.com/kirjasto/kirjasto/internal/library"
)

// InsertBookingsForTest writes bookings as they are, unchecked, in one
// transaction: for benchmarks that need a year of them fast.
func InsertBookingsForTest(db *DB, bs []library.Booking) error {
	ctx := context.Background()
	return db.inTx(ctx, func(tx txn) error {
		for _, b := range bs {
			if _, err := insertBooking(ctx, tx, b, ""); err != nil {
				return err
			}
		}
		return nil
	})
}
