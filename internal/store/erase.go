package store

import (
	"context"
	"fmt"
	"strings"
)

// Erase deletes every row of every table but the migrations' own, in one
// transaction, and restarts the IDs: the schema stays, the data is gone.
// It exists for `kirjasto demo`, which redoes a build it finds interrupted;
// nothing else calls it.
func (db *DB) Erase(ctx context.Context) error {
	err := db.inTx(ctx, func(tx txn) error {
		tables, err := db.tables(ctx, tx)
		if err != nil {
			return err
		}
		if db.dialect == postgres {
			_, err := tx.ExecContext(ctx, `TRUNCATE `+strings.Join(tables, ", ")+` RESTART IDENTITY CASCADE`)
			return err
		}
		// Foreign keys are checked at commit, when every table is empty,
		// so the order of the deletes does not matter.
		if _, err := tx.ExecContext(ctx, `PRAGMA defer_foreign_keys = ON`); err != nil {
			return err
		}
		for _, t := range tables {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("erase: %w", err)
	}
	db.notify()
	return nil
}

// tables lists the tables of the schema, but schema_migrations; on SQLite
// the AUTOINCREMENT counters in sqlite_sequence too.
func (db *DB) tables(ctx context.Context, tx txn) ([]string, error) {
	query := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' AND name <> 'schema_migrations'
		UNION ALL SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'`
	if db.dialect == postgres {
		query = `SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migrations'`
	}
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		// Table names come from the schema, never from users; quote
		// them all the same.
		tables = append(tables, `"`+strings.ReplaceAll(t, `"`, `""`)+`"`)
	}
	return tables, rows.Err()
}
