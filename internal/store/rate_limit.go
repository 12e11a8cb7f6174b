package store

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"
)

// Rate limits shared by every node (issue 19, point 1; docs/deploy.md).
//
// A limit counts events per key in fixed windows, in the table
// rate_counts: one upsert adds the event and returns the window's count,
// so that requests arriving at the same moment on several nodes are all
// counted, each once (PostgreSQL locks the row for the increment, SQLite
// has one writer). A fixed window lets through at most twice its maximum
// across a window's edge; the limits are set with that in mind.
//
// The key (a client's address) is stored only as a keyed hash with the
// server's pepper: every node of a deployment has the same pepper, so
// they count under the same name, and the table never holds an address.

// rateKeep is how long a window's count is kept: longer than any
// limit's window, after which the next sweep deletes it.
const rateKeep = 10 * time.Minute

// rateSweepEvery is how often, at most, a limit deletes old windows.
const rateSweepEvery = time.Minute

// RateLimit is a limit of max events per key and window, shared by every
// node of the database. It implements auth.RateLimiter.
type RateLimit struct {
	db     *DB
	name   string
	window int64 // seconds
	max    int
	swept  atomic.Int64 // Unix second of the last sweep
}

// RateLimit returns the limit named name (which keeps its counts apart
// from other limits') of max events per key in each window. The window is
// whole seconds, at most rateKeep.
func (db *DB) RateLimit(name string, window time.Duration, max int) *RateLimit {
	secs := int64(window / time.Second)
	if secs < 1 || window > rateKeep {
		panic(fmt.Sprintf("store: rate limit %s: window %s not within 1s..%s", name, window, rateKeep))
	}
	return &RateLimit{db: db, name: name, window: secs, max: max}
}

// Allow counts an event for key at now and reports whether it is within
// the limit. When the database fails, the event is let through and the
// failure logged: a limit that refuses everybody while the database
// recovers would shut out more than the attacker, and the per-card
// lockout, which does fail closed, still guards every PIN.
func (l *RateLimit) Allow(ctx context.Context, key string, now time.Time) bool {
	n, err := l.Count(ctx, key, now)
	if err != nil {
		l.db.logger.Error("rate limit: count failed, request let through", "limit", l.name, "err", err)
		return true
	}
	return n <= l.max
}

// RetryAfter is the time from now until the next window starts, when
// key's count begins again from zero. A refused key has used up its
// window, so that is when it may come back; it costs no query.
func (l *RateLimit) RetryAfter(_ string, now time.Time) time.Duration {
	sec := now.Unix()
	next := sec - sec%l.window + l.window
	return time.Unix(next, 0).Sub(now)
}

// Count adds an event for key at now and returns the events of its
// window so far, this one included.
func (l *RateLimit) Count(ctx context.Context, key string, now time.Time) (int, error) {
	subject := l.name + ":" + l.db.accountConfig().Hasher.Pseudonym("rate "+l.name, key)
	sec := now.Unix()
	start := sec - sec%l.window
	var n int
	err := pool{l.db.write, l.db.dialect}.QueryRowContext(ctx, `
		INSERT INTO rate_counts (subject, window_start, hits) VALUES ($1, $2, 1)
		ON CONFLICT (subject, window_start) DO UPDATE SET hits = rate_counts.hits + 1
		RETURNING hits`, subject, start).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("rate limit %s: %w", l.name, err)
	}
	if last := l.swept.Load(); sec-last >= int64(rateSweepEvery/time.Second) && l.swept.CompareAndSwap(last, sec) {
		l.sweep(ctx, sec)
	}
	return n, nil
}

// sweep deletes the windows that ended more than rateKeep ago, of every
// limit: old counts say nothing, and the table stays as small as the
// last few minutes' traffic. A failure only delays the deletion.
func (l *RateLimit) sweep(ctx context.Context, sec int64) {
	query, args := l.db.dialect.bind(`DELETE FROM rate_counts WHERE window_start < $1`,
		[]any{sec - int64(rateKeep/time.Second)})
	_, err := l.db.write.ExecContext(ctx, query, args...)
	if err != nil {
		l.db.logger.Warn("rate limit: deleting old windows failed", "err", err)
	}
}
