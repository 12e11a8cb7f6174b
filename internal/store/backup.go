package store

import (
	"context"
	"fmt"
	"os"
)

// Backup writes a consistent copy of a SQLite database to path, while the
// server goes on serving: VACUUM INTO reads one snapshot (WAL lets writers
// go on meanwhile) and writes a compact database file, ready to open. The
// file must not exist. PostgreSQL has its own tools (pg_dump, base backups
// with WAL archiving; docs/deploy.md), so Backup refuses it.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.dialect != sqlite {
		return fmt.Errorf("kirjasto backup copies SQLite databases; back PostgreSQL up with pg_dump or a base backup (docs/deploy.md)")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s exists; give a new file", path)
	}
	// The writer's connection, as the readers' are query_only, which
	// refuses VACUUM INTO; VACUUM INTO itself only reads the database.
	if _, err := db.write.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path) // a half-written copy is no backup
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}
