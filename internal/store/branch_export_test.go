package store

import "context"

// MigrateTo applies the migrations up to version, so that a test can put
// data in the shape an older release left it and then migrate the rest.
func (db *DB) MigrateTo(ctx context.Context, version int) error {
	files, err := db.migrationFiles()
	if err != nil {
		return err
	}
	err = db.inTx(ctx, func(tx txn) error {
		_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version integer PRIMARY KEY, name text NOT NULL, applied timestamp NOT NULL)`)
		return err
	})
	if err != nil {
		return err
	}
	for _, f := range files {
		if f.version > version {
			break
		}
		if err := db.inTx(ctx, func(tx txn) error { return db.migrateOne(ctx, tx, f) }); err != nil {
			return err
		}
	}
	return nil
}

// ExecForTest runs one statement in a write transaction.
func (db *DB) ExecForTest(ctx context.Context, query string, args ...any) error {
	return db.inTx(ctx, func(tx txn) error {
		_, err := tx.ExecContext(ctx, query, args...)
		return err
	})
}
