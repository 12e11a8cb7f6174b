package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// migrations holds the schema changes, one folder per database. A file is
// named NNNN_what.sql; NNNN is its version. Files are never edited once
// released: a change is a new file.
//
//go:embed migrations
var migrations embed.FS

// Migrate brings the schema up to date. Each migration runs in its own
// transaction together with its row in schema_migrations, so a failed
// migration leaves nothing behind, and running Migrate again is harmless.
func (db *DB) Migrate(ctx context.Context) error {
	files, err := db.migrationFiles()
	if err != nil {
		return err
	}
	err = db.inTx(ctx, func(tx txn) error {
		return db.lockAndExec(ctx, tx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version integer PRIMARY KEY,
			name    text NOT NULL,
			applied timestamp NOT NULL
		)`)
	})
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, f := range files {
		err := db.inTx(ctx, func(tx txn) error { return db.migrateOne(ctx, tx, f) })
		if err != nil {
			return fmt.Errorf("migrate %s: %w", f.name, err)
		}
	}
	return nil
}

type migration struct {
	version int
	name    string
}

// migrationFiles lists this database's migrations in version order.
func (db *DB) migrationFiles() ([]migration, error) {
	dir := path.Join("migrations", string(db.dialect))
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	var files []migration
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		prefix, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(prefix)
		if err != nil {
			return nil, fmt.Errorf("migrate: %s: name does not start with a version number", e.Name())
		}
		files = append(files, migration{v, e.Name()})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].version < files[j].version })
	return files, nil
}

// migrateOne applies one migration unless it has been applied. The check
// happens under the migration lock, so two nodes starting at once cannot
// both apply it.
func (db *DB) migrateOne(ctx context.Context, tx txn, m migration) error {
	if err := db.lockAndExec(ctx, tx, ""); err != nil {
		return err
	}
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n)
	if err != nil || n > 0 {
		return err
	}
	script, err := migrations.ReadFile(path.Join("migrations", string(db.dialect), m.name))
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(script)); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied) VALUES ($1, $2, $3)`,
		m.version, m.name, db.timestamp())
	if err == nil {
		db.logger.Info("applied migration", "database", db.dialect, "migration", m.name)
	}
	return err
}

// lockAndExec takes the migration lock, then runs query if there is one.
func (db *DB) lockAndExec(ctx context.Context, tx txn, query string) error {
	if lock := db.dialect.lockMigrations(); lock != "" {
		if _, err := tx.ExecContext(ctx, lock); err != nil {
			return err
		}
	}
	if query == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, query)
	return err
}
