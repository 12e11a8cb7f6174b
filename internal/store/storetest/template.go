package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// sqliteTemplate returns this process's migrated SQLite database, the
// bytes of its file.
var sqliteTemplate = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "kirjasto-storetest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "kirjasto.db")
	if err := migrate(path); err != nil {
		return nil, fmt.Errorf("storetest: migrate the SQLite template: %w", err)
	}
	// Closing the last connection checkpoints the WAL into the file.
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return nil, errors.New("storetest: the SQLite template kept a WAL after closing")
	}
	return os.ReadFile(path)
})

// sqliteCopy writes the template into tb's temporary directory and
// returns its path.
func sqliteCopy(tb testing.TB) string {
	tb.Helper()
	data, err := sqliteTemplate()
	if err != nil {
		tb.Fatal(err)
	}
	path := filepath.Join(tb.TempDir(), "kirjasto.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// postgresCopy creates a database of tb's own from this process's
// template, dropped when tb ends, and returns its DSN. A role that may not
// create databases gets an empty schema instead, which Open migrates.
func postgresCopy(tb testing.TB) string {
	tb.Helper()
	p := process(tb)
	tmpl, err := p.template()
	if err != nil {
		tb.Fatal(err)
	}
	if tmpl == "" {
		return PostgresDSN(tb)
	}
	name, err := p.copy(tmpl)
	if err != nil {
		tb.Fatalf("storetest: copy the template: %v", err)
	}
	// Registered before Open's cleanup, so it runs after the store is
	// closed; FORCE ends any connection a test left open.
	tb.Cleanup(func() { p.later(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`) })
	return p.dsn(name)
}

// A test's database costs two waits on the server: CREATE DATABASE copies
// the template (a few tenths of a second) and DROP DATABASE waits for a
// checkpoint (about a second). Over the hundreds of databases a test run
// makes, that was a good part of its time, so both happen beside the
// tests: copies are made one ahead, and drops are queued to one goroutine
// (at most one checkpoint at a time). What a process leaves when it ends,
// the next process's collect drops.

// copied is a copy of the template made ahead of need.
type copied struct {
	name string
	err  error
}

// copy returns the name of a fresh copy of tmpl.
func (p *pgProcess) copy(tmpl string) (string, error) {
	p.copyOnce.Do(func() {
		p.spare = make(chan copied, 1)
		go func() {
			for {
				name := p.newName()
				_, err := p.admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE ` + tmpl)
				p.spare <- copied{name, err}
			}
		}()
	})
	c := <-p.spare
	return c.name, c.err
}

// later runs the DROP statement drop in the background, in turn with the
// others.
func (p *pgProcess) later(drop string) {
	select {
	case p.drops <- drop:
	default: // far behind: wait for this one rather than pile up more
		p.drop(drop)
	}
}

// dropper runs the queued drops, after collecting what ended processes left.
func (p *pgProcess) dropper() {
	if err := p.collect(context.Background()); err != nil {
		fmt.Fprintf(os.Stderr, "storetest: drop what ended test processes left: %v\n", err)
	}
	for d := range p.drops {
		p.drop(d)
	}
}

// drop runs one DROP statement. A failure fails no test (the test is
// over) but is reported: what was not dropped, a later process collects.
func (p *pgProcess) drop(d string) {
	if _, err := p.admin.Exec(d); err != nil {
		fmt.Fprintf(os.Stderr, "storetest: %s: %v\n", d, err)
	}
}

// pgProcess is this test process on the PostgreSQL server: its number,
// which names its template, databases and schemas, and a connection that
// holds an advisory lock on that number for as long as the process runs.
// A later process that can take the lock knows the owner has ended, and
// drops what it left behind (a test that timed out runs no cleanups).
type pgProcess struct {
	base  *url.URL
	admin *sql.DB   // on KIRJASTO_TEST_POSTGRES's database
	alive *sql.Conn // holds the lock; kept, so that it is never collected
	owner string    // 8 hex digits
	n     atomic.Int64

	template func() (string, error)
	copyOnce sync.Once
	spare    chan copied // a copy of the template made ahead of need
	drops    chan string // DROP statements for dropper
}

// pgLockClass is the first key of the locks that say a test process is
// alive; the second is its number.
const pgLockClass = 0x6b6a7374

var (
	pgOnce sync.Once
	pgProc *pgProcess
	pgErr  error
)

// process returns this process's pgProcess, or skips tb without
// KIRJASTO_TEST_POSTGRES.
func process(tb testing.TB) *pgProcess {
	tb.Helper()
	base := baseURL(tb)
	pgOnce.Do(func() { pgProc, pgErr = newProcess(base) })
	if pgErr != nil {
		tb.Fatalf("storetest: %v", pgErr)
	}
	return pgProc
}

func newProcess(base *url.URL) (*pgProcess, error) {
	ctx := context.Background()
	admin, err := sql.Open("pgx", base.String())
	if err != nil {
		return nil, err
	}
	alive, err := admin.Conn(ctx)
	if err != nil {
		return nil, err
	}
	p := &pgProcess{base: base, admin: admin, alive: alive}
	for p.owner == "" {
		var b [4]byte
		rand.Read(b[:])
		num := int32(binary.BigEndian.Uint32(b[:]) >> 1)
		var ok bool
		if err := alive.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1, $2)`, pgLockClass, num).Scan(&ok); err != nil {
			return nil, err
		}
		if ok {
			p.owner = fmt.Sprintf("%08x", num)
		}
	}
	p.drops = make(chan string, 1024)
	go p.dropper()
	p.template = sync.OnceValues(func() (string, error) { return p.makeTemplate(ctx) })
	return p, nil
}

// newName returns a name for a database or schema of this process.
func (p *pgProcess) newName() string {
	return fmt.Sprintf("kirjasto_test_%s_%d", p.owner, p.n.Add(1))
}

// dsn returns the DSN of database name on the server.
func (p *pgProcess) dsn(name string) string {
	u := *p.base
	u.Path = "/" + name
	return u.String()
}

// makeTemplate creates and migrates the template database, with the
// encoding and collation of KIRJASTO_TEST_POSTGRES's own, and returns its
// name; "" when the role may not create databases.
func (p *pgProcess) makeTemplate(ctx context.Context) (string, error) {
	var enc, collate, ctype string
	err := p.admin.QueryRowContext(ctx, `SELECT pg_encoding_to_char(encoding), datcollate, datctype
		FROM pg_database WHERE datname = current_database()`).Scan(&enc, &collate, &ctype)
	if err != nil {
		return "", err
	}
	name := "kirjasto_tmpl_" + p.owner
	_, err = p.admin.ExecContext(ctx, fmt.Sprintf(`CREATE DATABASE %s TEMPLATE template0 ENCODING %s LC_COLLATE %s LC_CTYPE %s`,
		name, quote(enc), quote(collate), quote(ctype)))
	if isPermission(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("storetest: create the template: %w", err)
	}
	if err := migrate(p.dsn(name)); err != nil {
		return "", fmt.Errorf("storetest: migrate the PostgreSQL template: %w", err)
	}
	return name, nil
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// leftName matches the names of what test processes make, with the
// owner's number.
var leftName = regexp.MustCompile(`^kirjasto_(?:tmpl|test)_([0-9a-f]{8})(?:_[0-9]+)?$`)

// collect drops the databases and schemas of test processes that have
// ended: those whose lock can be taken.
func (p *pgProcess) collect(ctx context.Context) error {
	left := map[string][]string{} // owner's number: DROP statements
	for _, q := range []struct{ list, drop string }{
		{`SELECT datname FROM pg_database WHERE datname LIKE 'kirjasto\_t%'`, `DROP DATABASE IF EXISTS %s WITH (FORCE)`},
		{`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'kirjasto\_test\_%'`, `DROP SCHEMA IF EXISTS %s CASCADE`},
	} {
		names, err := column(ctx, p.admin, q.list)
		if err != nil {
			return err
		}
		for _, n := range names {
			if m := leftName.FindStringSubmatch(n); m != nil && m[1] != p.owner {
				left[m[1]] = append(left[m[1]], fmt.Sprintf(q.drop, n))
			}
		}
	}
	for owner, drops := range left {
		var num int32
		fmt.Sscanf(owner, "%08x", &num)
		var ended bool
		if err := p.alive.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1, $2)`, pgLockClass, num).Scan(&ended); err != nil {
			return err
		}
		if !ended {
			continue
		}
		for _, d := range drops {
			if _, err := p.admin.ExecContext(ctx, d); err != nil {
				return err
			}
		}
		if _, err := p.alive.ExecContext(ctx, `SELECT pg_advisory_unlock($1, $2)`, pgLockClass, num); err != nil {
			return err
		}
	}
	return nil
}

// column returns the one column of query's rows.
func column(ctx context.Context, db *sql.DB, query string) ([]string, error) {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
