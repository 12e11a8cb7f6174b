package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// Migration 0017 widens the items status CHECK on SQLite by editing the
// schema text; the database must come out whole: intact, the foreign keys
// of loans, holds and transits still on items, and the CHECK still
// refusing a status nobody defined.
func TestSQLiteItemsStatusMigration(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "k.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var ok string
	if err := db.write.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q, %v", ok, err)
	}
	for _, table := range []string{"loans", "holds", "transits"} {
		var sql string
		if err := db.write.QueryRowContext(ctx, `SELECT sql FROM sqlite_schema WHERE name = ?`, table).Scan(&sql); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(sql, "REFERENCES items (id)") {
			t.Errorf("%s no longer references items:\n%s", table, sql)
		}
	}
	if _, err := db.write.ExecContext(ctx, `INSERT INTO records (source_id, title, subtitle, authors, subjects, genres,
		language, year, publisher, material, isbns, issns, series, summary, audience, notes, popularity, content_hash,
		created, updated) VALUES ('x', 't', '', '[]', '[]', '[]', '', 0, '', 'book', '[]', '[]', '', '', '', '[]', 0, '',
		CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`); err != nil {
		t.Fatal(err)
	}
	insert := func(barcode, status string) error {
		_, err := db.write.ExecContext(ctx, `INSERT INTO items (record_id, barcode, home_branch, branch, call_number,
			shelf, collection, status, updated) VALUES (1, ?, 'b', 'b', '', '', '', ?, CURRENT_TIMESTAMP)`, barcode, status)
		return err
	}
	for _, s := range []string{"withdrawn", "lost", "damaged", "available"} {
		if err := insert("bc-"+s, s); err != nil {
			t.Errorf("status %s refused: %v", s, err)
		}
	}
	if err := insert("bc-x", "eaten"); err == nil {
		t.Errorf("status eaten accepted: the CHECK is gone")
	}
}
