// Package storetest opens real, migrated, private databases for tests, so
// that tests of every package can run against SQLite and PostgreSQL alike.
//
// SQLite lives in the test's temporary directory. PostgreSQL is used when
// KIRJASTO_TEST_POSTGRES holds a postgres:// URL; each test gets a
// database of its own, dropped when the test ends, so concurrent test runs
// never see each other's rows. Without the variable PostgreSQL tests skip,
// unless KIRJASTO_TEST_STRICT=1, under which the skip is a failure.
//
// Migrating takes a second or two under the race detector, and a test run
// opens hundreds of databases: so each test process migrates one template
// per dialect, from empty with the real Migrate, and Open copies it (the
// SQLite file; on PostgreSQL CREATE DATABASE … TEMPLATE, which needs a
// role that may create databases, else each database is migrated anew).
// Its databases hash PINs and passwords cheaply (auth.TestParams).
package storetest

import (
	"context"
	"errors"
	"log/slog"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/kirjasto/kirjasto/internal/auth"
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
		dsn = sqliteCopy(tb)
	case "postgres":
		dsn = postgresCopy(tb)
	default:
		tb.Fatalf("storetest: unknown dialect %q", dialect)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, logger(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	// Hashing at production cost (argon2id, 64 MiB) would only slow the
	// tests; the store's own tests check that it is the default. The
	// pepper is the default's, none.
	db.SetAccountConfig(store.AccountConfig{Hasher: auth.NewHasher(nil, auth.TestParams)})
	// On a copy of the template this finds nothing to do, and so also
	// checks that migrating again is harmless.
	if err := db.Migrate(ctx); err != nil {
		tb.Fatal(err)
	}
	return db
}

func logger(tb testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(tb.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// migrate opens dsn, migrates it from empty and closes it: the templates
// are made this way, as a server makes its database.
func migrate(dsn string) error {
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, nil)
	if err != nil {
		return err
	}
	err = db.Migrate(ctx)
	return errors.Join(err, db.Close())
}

// PostgresDSN creates an empty schema of its own for tb, dropped when tb
// ends, and returns a postgres:// DSN whose search_path points at it: for
// tests that hand a database to something else, such as the kirjasto
// binary, which migrates it itself. Without KIRJASTO_TEST_POSTGRES it skips
// tb (fails it under KIRJASTO_TEST_STRICT=1).
func PostgresDSN(tb testing.TB) string {
	tb.Helper()
	p := process(tb)
	schema := p.newName()
	if _, err := p.admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		tb.Fatalf("create test schema: %v", err)
	}
	// Registered before Open's cleanup, so it runs after the store is closed.
	tb.Cleanup(func() { p.later(`DROP SCHEMA IF EXISTS ` + schema + ` CASCADE`) })
	u := *p.base
	q := u.Query()
	q.Set("search_path", schema) // pgx sends unknown parameters as run-time settings
	u.RawQuery = q.Encode()
	return u.String()
}

// baseURL returns KIRJASTO_TEST_POSTGRES, or skips tb without it (fails
// it under KIRJASTO_TEST_STRICT=1).
func baseURL(tb testing.TB) *url.URL {
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
	return u
}

// isPermission reports whether err is PostgreSQL's "permission denied".
func isPermission(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "42501"
}
