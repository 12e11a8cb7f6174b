package realtime

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Channel is the PostgreSQL channel the brokers of one database share.
// A broker whose DSN puts it in a schema other than public (tests give
// each test a schema of its own) uses Channel + "." + the schema, so
// that databases in different schemas never hear each other.
const Channel = "kirjasto_realtime"

// Timing of the listening connection. pingAfter is how long it may be
// silent before the broker checks that it is still there (a dead peer
// on a half-open TCP connection would otherwise leave it waiting for
// ever); the backoff is how long it waits between attempts to reconnect.
var (
	pingAfter  = 30 * time.Second
	minBackoff = 50 * time.Millisecond
	maxBackoff = 5 * time.Second
)

// pgTransport is a Postgres broker's connection to the database: one
// dedicated connection that listens, and a small pool that publishes.
type pgTransport struct {
	b       *Broker
	cfg     *pgx.ConnConfig
	channel string
	pool    *pgxpool.Pool
	log     *slog.Logger

	cancel context.CancelFunc
	done   chan struct{}

	mu   sync.Mutex
	conn *pgx.Conn // the listening connection; nil while reconnecting
}

// NewPostgres returns a broker on the PostgreSQL database at dsn. It
// returns once its connection listens, so an event published after it
// returns reaches its subscribers. logger receives lost and regained
// connections; nil discards.
func NewPostgres(ctx context.Context, dsn string, logger *slog.Logger) (*Broker, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("realtime: %w", err)
	}
	poolCfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("realtime: %w", err)
	}
	// Publishing is one short statement; a few connections keep up with
	// many publishers without taking many from the database.
	poolCfg.MaxConns = 4
	pool, err := pgxpool.NewWithConfig(ctx, poolCfg)
	if err != nil {
		return nil, fmt.Errorf("realtime: %w", err)
	}
	b := NewLocal()
	b.log = logger
	t := &pgTransport{b: b, cfg: cfg, pool: pool, log: logger, done: make(chan struct{})}
	conn, err := t.connect(ctx)
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("realtime: listen: %w", err)
	}
	b.pg = t
	runCtx, cancel := context.WithCancel(context.Background())
	t.cancel = cancel
	go t.run(runCtx, conn)
	return b, nil
}

// connect opens the listening connection, names the channel after the
// connection's schema the first time, and listens.
func (t *pgTransport) connect(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.ConnectConfig(ctx, t.cfg)
	if err != nil {
		return nil, err
	}
	if t.channel == "" {
		var schema string
		if err := conn.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
			conn.Close(context.Background())
			return nil, err
		}
		t.channel = channelFor(schema)
	}
	if _, err := conn.Exec(ctx, `LISTEN `+pgx.Identifier{t.channel}.Sanitize()); err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	t.mu.Lock()
	t.conn = conn
	t.mu.Unlock()
	return conn, nil
}

// channelFor returns the channel of the brokers whose connections are in
// schema. Channel names are identifiers of at most 63 bytes, so a long
// schema is shortened to a hash of it.
func channelFor(schema string) string {
	if schema == "" || schema == "public" {
		return Channel
	}
	ch := Channel + "." + schema
	if len(ch) > 63 {
		sum := sha256.Sum256([]byte(schema))
		ch = Channel + "." + hex.EncodeToString(sum[:16])
	}
	return ch
}

// publish sends the notification. The payload is the topic, a line
// break and the event.
func (t *pgTransport) publish(ctx context.Context, topic string, event []byte) error {
	payload := topic + "\n" + string(event)
	if _, err := t.pool.Exec(ctx, `SELECT pg_notify($1, $2)`, t.channel, payload); err != nil {
		return fmt.Errorf("realtime: publish: %w", err)
	}
	return nil
}

// run listens until ctx ends, reconnecting whenever the connection is
// lost, and then tells every subscriber to resync.
func (t *pgTransport) run(ctx context.Context, conn *pgx.Conn) {
	defer close(t.done)
	for {
		err := t.listen(ctx, conn)
		t.mu.Lock()
		t.conn = nil
		t.mu.Unlock()
		conn.Close(context.Background())
		if ctx.Err() != nil {
			return
		}
		t.log.Warn("realtime: lost the listening connection; reconnecting", "err", err)
		conn = t.reconnect(ctx)
		if conn == nil {
			return
		}
		t.log.Info("realtime: listening again")
		t.b.resyncAll()
	}
}

// listen delivers notifications until the connection fails or ctx ends.
func (t *pgTransport) listen(ctx context.Context, conn *pgx.Conn) error {
	for {
		waitCtx, cancel := context.WithTimeout(ctx, pingAfter)
		n, err := conn.WaitForNotification(waitCtx)
		cancel()
		switch {
		case err == nil:
			topic, event, ok := strings.Cut(n.Payload, "\n")
			if ok && n.Channel == t.channel {
				t.b.deliver(topic, []byte(event))
			}
		case ctx.Err() != nil:
			return ctx.Err()
		case errors.Is(err, context.DeadlineExceeded) && !conn.IsClosed():
			pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
			err := conn.Ping(pingCtx)
			cancel()
			if err != nil {
				return err
			}
		default:
			return err
		}
	}
}

// reconnect tries to listen again, waiting longer after each failure,
// until it does or ctx ends (nil).
func (t *pgTransport) reconnect(ctx context.Context) *pgx.Conn {
	wait := minBackoff
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		connCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		conn, err := t.connect(connCtx)
		cancel()
		if err == nil {
			return conn
		}
		if ctx.Err() != nil {
			return nil
		}
		t.log.Warn("realtime: reconnect failed", "err", err, "retry_in", wait)
		wait = min(2*wait, maxBackoff)
	}
}

// close stops listening and closes the connections.
func (t *pgTransport) close() {
	t.cancel()
	<-t.done
	t.pool.Close()
}

// backendPID returns the listening connection's server process ID, or 0
// while it reconnects: tests end it to see the broker come back.
func (t *pgTransport) backendPID() uint32 {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.conn == nil {
		return 0
	}
	return t.conn.PgConn().PID()
}
