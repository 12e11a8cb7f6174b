package store

import (
	"context"
	"time"
)

// SetClock makes db read the time from now, so that tests can move it.
func (db *DB) SetClock(now func() time.Time) { db.now = now }

// ExecSQL runs one statement on the writer, for tests that set up what
// only an older Kirjasto could have written.
func ExecSQL(ctx context.Context, db *DB, query string, args ...any) error {
	_, err := db.write.ExecContext(ctx, query, args...)
	return err
}
