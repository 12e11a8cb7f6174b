package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
)

// TestBackup copies a SQLite database that a server has open and is
// serving from, and finds in the copy what was written before it; it
// refuses to overwrite a file, and refuses PostgreSQL.
func TestBackup(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	run(t, "init", "--data", data, "--name", "fi=Testikirjasto", "--log-level", "warn")
	db, err := store.Open(ctx, filepath.Join(data, "kirjasto.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateKiosk(ctx, library.Kiosk{Login: "before-backup", Name: "Kiosk"}, "secret-secret"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	start(t, "serve", "--addr", "127.0.0.1:0", "--data", data, "--log-level", "warn") // holds the database open

	out := filepath.Join(t.TempDir(), "copy.db")
	if got := run(t, "backup", "--data", data, "--log-level", "warn", out); !strings.Contains(got, "backed up to") {
		t.Errorf("backup printed %q", got)
	}
	cp, err := store.Open(ctx, out, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if _, err := cp.CreateKiosk(ctx, library.Kiosk{Login: "before-backup", Name: "Kiosk"}, "secret-secret"); library.ErrorCode(err) != library.ECONFLICT {
		t.Errorf("the copy lacks the kiosk written before the backup: adding it again gave %v", err)
	}

	if err := cp.Backup(ctx, out); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("backup over an existing file: %v", err)
	}
}
