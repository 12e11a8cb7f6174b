package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
	sqlitedrv "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect names a database. Everything that differs between the two is in
// this file and in the migration folders; the queries themselves are shared.
type dialect string

const (
	sqlite   dialect = "sqlite"
	postgres dialect = "postgres"
)

// sqlitePragmas apply to every SQLite connection.
//
// synchronous(FULL): in WAL mode FULL costs one fsync per commit and
// NORMAL none, at the price that a power cut may forget the last commits.
// A checkout the desk has confirmed to a patron must not be forgotten, and
// commits are either small and rare (circulation: a few a second at the
// busiest) or large (imports: one per thousand records), so FULL's cost does
// not show in throughput.
//
// _time_format=sqlite stores instants as "2006-01-02 15:04:05.999999-07:00"
// text, which SQLite's date functions understand and which, always in UTC,
// sorts in time order; the driver's default is Go's time.String form.
//
// busy_timeout covers other processes (a `kirjasto import` next to
// `kirjasto serve`); within one process the single writer connection
// means writers queue in Go rather than in SQLite.
const sqlitePragmas = "_pragma=busy_timeout(10000)" +
	"&_pragma=journal_mode(WAL)" +
	"&_pragma=foreign_keys(1)" +
	"&_pragma=synchronous(FULL)" +
	"&_pragma=cache_size(-65536)" +
	"&_pragma=temp_store(MEMORY)" +
	"&_time_format=sqlite"

// openSQLite opens one writer connection and a pool of read-only readers.
func openSQLite(path string) (write, read *sql.DB, err error) {
	if path == "" {
		return nil, nil, fmt.Errorf("open sqlite: empty path")
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	// _txlock=immediate takes the write lock at BEGIN, so a transaction
	// that reads before it writes cannot fail halfway with SQLITE_BUSY.
	write, err = sql.Open("sqlite", path+sep+sqlitePragmas+"&_txlock=immediate")
	if err != nil {
		return nil, nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	// query_only keeps a write that was sent to the reader pool by mistake
	// from ever bypassing the single writer.
	read, err = sql.Open("sqlite", path+sep+sqlitePragmas+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	return write, read, nil
}

// openPostgres opens a pool through pgx's database/sql driver, so that one
// code path (database/sql transactions, rows and scans) serves both
// databases; pgx still caches prepared statements per connection.
func openPostgres(dsn string) (*sql.DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(10)
	db.SetConnMaxIdleTime(5 * time.Minute)
	return db, nil
}

// readTxOptions returns the options for a read transaction that sees one
// snapshot. SQLite in WAL mode gives a snapshot to every transaction; on
// PostgreSQL that takes REPEATABLE READ.
func (d dialect) readTxOptions() *sql.TxOptions {
	if d == postgres {
		return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	return nil
}

// lockMigrations returns the statement that serialises migrations between
// processes, or "" where the write transaction already does (SQLite's
// BEGIN IMMEDIATE).
func (d dialect) lockMigrations() string {
	if d == postgres {
		return `SELECT pg_advisory_xact_lock(4242424242)`
	}
	return ""
}

// maxParams is how many bind parameters one statement may carry: SQLite
// allows 32766 and PostgreSQL 65535; both stay well below.
const maxParams = 30000

// isUniqueViolation reports whether err is a unique constraint failure.
func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var se *sqlitedrv.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// bind returns query and args as the database wants them. Queries are
// written with PostgreSQL's $N parameters. SQLite accepts those too, but
// as named parameters, which it finds by a linear search of a list, so a
// statement with thousands of them (a batch insert) takes seconds to
// prepare and bind. Plain ? parameters are numbered as they come, so on
// SQLite each $N becomes ? and its argument is repeated in text order.
func (d dialect) bind(query string, args []any) (string, []any) {
	if d != sqlite || !strings.Contains(query, "$") {
		return query, args
	}
	var sb strings.Builder
	sb.Grow(len(query))
	bound := make([]any, 0, len(args))
	quoted := false
	for i := 0; i < len(query); i++ {
		c := query[i]
		if c == '\'' {
			quoted = !quoted
		}
		if c != '$' || quoted {
			sb.WriteByte(c)
			continue
		}
		j := i + 1
		n := 0
		for j < len(query) && '0' <= query[j] && query[j] <= '9' {
			n = 10*n + int(query[j]-'0')
			j++
		}
		if n < 1 || n > len(args) {
			// Not ours to rewrite; let SQLite report it.
			sb.WriteByte(c)
			continue
		}
		sb.WriteByte('?')
		bound = append(bound, args[n-1])
		i = j - 1
	}
	return sb.String(), bound
}

// txn is a transaction whose statements go through bind, so that every
// query in the package is written once, in one placeholder style.
type txn struct {
	*sql.Tx
	d dialect
	// stmts holds the transaction's batch statements on SQLite, whose
	// driver would otherwise parse a statement of thousands of rows for
	// every chunk of a batch. (pgx caches prepared statements itself.)
	stmts map[string]*sql.Stmt
}

// batchArgs is the number of arguments from which a statement is worth
// keeping prepared for the rest of the transaction.
const batchArgs = 1000

// stmt returns the transaction's prepared statement for query, or nil if
// it is not worth preparing.
func (t txn) stmt(ctx context.Context, query string, nargs int) (*sql.Stmt, error) {
	if t.stmts == nil || nargs < batchArgs {
		return nil, nil
	}
	if s := t.stmts[query]; s != nil {
		return s, nil
	}
	s, err := t.Tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	t.stmts[query] = s
	return s, nil
}

// ExecContext runs a statement with the dialect's parameters.
func (t txn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	query, args = t.d.bind(query, args)
	s, err := t.stmt(ctx, query, len(args))
	if err != nil || s != nil {
		if err != nil {
			return nil, err
		}
		return s.ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, query, args...)
}

// QueryContext runs a query with the dialect's parameters.
func (t txn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	query, args = t.d.bind(query, args)
	s, err := t.stmt(ctx, query, len(args))
	if err != nil || s != nil {
		if err != nil {
			return nil, err
		}
		return s.QueryContext(ctx, args...)
	}
	return t.Tx.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a one-row query with the dialect's parameters.
func (t txn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	query, args = t.d.bind(query, args)
	return t.Tx.QueryRowContext(ctx, query, args...)
}

// reader returns the read pool, binding parameters the dialect's way.
func (db *DB) reader() pool { return pool{db.read, db.dialect} }

// pool is a connection pool whose queries go through bind, like txn's.
type pool struct {
	*sql.DB
	d dialect
}

// QueryContext runs a query with the dialect's parameters.
func (p pool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	query, args = p.d.bind(query, args)
	return p.DB.QueryContext(ctx, query, args...)
}

// QueryRowContext runs a one-row query with the dialect's parameters.
func (p pool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	query, args = p.d.bind(query, args)
	return p.DB.QueryRowContext(ctx, query, args...)
}

// contains returns the condition that the text column col holds the
// parameter ? as it is (a folded word of a search): instr on SQLite,
// whose LIKE folds case and takes twice as long, strpos on PostgreSQL.
func (d dialect) contains(col string) string {
	if d == postgres {
		return "strpos(" + col + ", ?) > 0"
	}
	return "instr(" + col + ", ?) > 0"
}

// epoch returns the SQL for an instant column as whole seconds since
// 1970, for queries that read thousands of instants (a branch's
// bookings): an integer scans far faster than a timestamp the driver
// parses from text on SQLite.
func (d dialect) epoch(col string) string {
	if d == postgres {
		return `CAST(extract(epoch FROM ` + col + `) AS bigint)`
	}
	return `CAST(strftime('%s', ` + col + `) AS INTEGER)`
}
