// Package store is Kirjasto's system of record: the library.Store
// interface on SQL, with SQLite as the embedded default and PostgreSQL for
// deployments where many stateless nodes share one database.
//
// Both databases run the same SQL wherever they can: $N placeholders, ON
// CONFLICT, RETURNING, UPDATE ... FROM (VALUES ...). What differs is kept in
// dialect.go (drivers, pragmas, locks, and rewriting $N to ? for SQLite)
// and in the two migration folders.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"golang.org/x/sync/singleflight"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// DB is a Kirjasto database. It implements library.Store and is safe for
// concurrent use.
type DB struct {
	// write takes every write transaction; read serves queries. On
	// PostgreSQL both are the same pool. On SQLite write has a single
	// connection, because SQLite runs one writer at a time anyway and
	// queueing in Go is cheaper and fairer than SQLITE_BUSY retries.
	write   *sql.DB
	read    *sql.DB
	dialect dialect
	dsn     string // for what needs a connection of its own (realtime's LISTEN)
	logger  *slog.Logger
	changed chan struct{}
	now     func() time.Time
	// accounts configures PIN hashing, lockout and sessions (patron.go);
	// nil until SetAccountConfig, meaning DefaultAccountConfig.
	accounts atomic.Pointer[AccountConfig]
	// signins lets simultaneous sign-ins with the same secret share one
	// check (auth_attempt.go).
	signins singleflight.Group
}

// Open opens the database named by dsn: a postgres:// or postgresql://
// URL opens PostgreSQL, anything else is the path of a SQLite file (created
// if missing). Open does not migrate; call Migrate.
func Open(ctx context.Context, dsn string, logger *slog.Logger) (*DB, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	db := &DB{
		dsn:     dsn,
		logger:  logger,
		changed: make(chan struct{}, 1),
		now:     func() time.Time { return time.Now() },
	}
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		db.dialect = postgres
		db.write, err = openPostgres(dsn)
		db.read = db.write
	} else {
		db.dialect = sqlite
		db.write, db.read, err = openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	if err := db.read.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s database: %w", db.dialect, err)
	}
	return db, nil
}

// Close closes the database's connections.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// DSN returns the DSN the database was opened with, for what needs a
// connection of its own, such as the real-time broker's LISTEN. It may
// hold a password: never log it.
func (db *DB) DSN() string { return db.dsn }

// Dialect returns "sqlite" or "postgres".
func (db *DB) Dialect() string { return string(db.dialect) }

// Changed returns a channel that receives a value after every commit that
// appended to the change feed, so that an in-process search index can
// catch up at once rather than poll. It holds at most one pending signal:
// a reader that wakes up should read the feed until it is empty.
func (db *DB) Changed() <-chan struct{} { return db.changed }

// notify signals Changed without ever blocking a writer.
func (db *DB) notify() {
	select {
	case db.changed <- struct{}{}:
	default:
	}
}

// timestamp returns the current time as the database keeps it: UTC with
// microseconds, which is what PostgreSQL stores, so that a value read back
// equals the value written on both databases.
func (db *DB) timestamp() time.Time {
	return db.now().UTC().Truncate(time.Microsecond)
}

// inTx runs fn in a write transaction and commits if fn succeeds.
func (db *DB) inTx(ctx context.Context, fn func(tx txn) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	t := txn{Tx: tx, d: db.dialect}
	if db.dialect == sqlite {
		t.stmts = make(map[string]*sql.Stmt)
	}
	if err := fn(t); err != nil {
		return err
	}
	return tx.Commit()
}

// inReadTx runs fn in a read-only transaction on one consistent snapshot.
func (db *DB) inReadTx(ctx context.Context, fn func(tx txn) error) error {
	tx, err := db.read.BeginTx(ctx, db.dialect.readTxOptions())
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(txn{Tx: tx, d: db.dialect}); err != nil {
		return err
	}
	return tx.Commit()
}

// queryer is what read helpers need, so that they run on a transaction or
// on the pool alike.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// DB implements library.Store.
var _ library.Store = (*DB)(nil)
