// Package storetest opens real, migrated, private databases for tests, so
// that tests of every package can run against SQLite and PostgreSQL alike.
//
// SQLite lives in the test's temporary directory. PostgreSQL is used when
// KIRJASTO_TEST_POSTGRES holds a postgres:// URL; each database gets a
// schema of its own, dropped when the test ends, so concurrent test runs
// never see each other's rows. Without the variable PostgreSQL tests skip,
// unless KIRJASTO_TEST_STRICT=1, under which the skip is a failure.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/kirjasto/kirjasto/internal/store"
)

// Dialects lists the databases Open knows, in the order ForEach runs them.
var Dialects = []string{"sqlite", "postgres"}

// ForEach runs fn as a subtest, named for the dialect, on a fresh database
// of each dialect.
func ForEach(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) {
			fn(t, Open(t, d))
		})
	}
}

// Open returns a fresh, migrated database of dialect ("sqlite" or
// "postgres") that is closed, and on PostgreSQL dropped, when tb ends.
func Open(tb testing.TB, dialect string) *store.DB {
	tb.Helper()
	var dsn string
	switch dialect {
	case "sqlite":
		dsn = filepath.Join(tb.TempDir(), "kirjasto.db")
	case "postgres":
		dsn = PostgresDSN(tb)
	default:
		tb.Fatalf("storetest: unknown dialect %q", dialect)
	}
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(tb.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	db, err := store.Open(ctx, dsn, logger)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return db
}

// PostgresDSN creates an empty schema of its own for tb, dropped when tb
// ends, and returns a postgres:// DSN whose search_path points at it: for
// tests that hand a database to something else, such as the kirjasto
// binary, which migrates it itself. Without KIRJASTO_TEST_POSTGRES it skips
// tb (fails it under KIRJASTO_TEST_STRICT=1).
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	dsn := os.Getenv("KIRJASTO_TEST_POSTGRES")
	if dsn == "" {
		const how = "PostgreSQL tests skipped: set KIRJASTO_TEST_POSTGRES=postgres://user@host:5432/db?sslmode=disable to run them"
		if os.Getenv("KIRJASTO_TEST_STRICT") == "1" {
			tb.Fatal(how + " (KIRJASTO_TEST_STRICT=1 makes this a failure)")
		}
		tb.Skip(how)
	}
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		tb.Fatalf("KIRJASTO_TEST_POSTGRES=%q: want a postgres:// URL", dsn)
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		tb.Fatal(err)
	}
	schema := "kirjasto_test_" + randomHex(8)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		tb.Fatalf("create test schema: %v", err)
	}
	// Registered before Open's cleanup, so it runs after the store is closed.
	tb.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			tb.Errorf("drop test schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema) // pgx sends unknown parameters as run-time settings
	u.RawQuery = q.Encode()
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("storetest: %v", err))
	}
	return hex.EncodeToString(b)
}
