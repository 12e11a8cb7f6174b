package auth

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// RateLimiter limits events per key: Allow says whether one more may
// happen at now, and counts it. A limiter shared by several nodes keeps
// its counts in the database (store.DB's RateLimit); Limiter keeps them
// in one process, for tests and tools.
//
// RetryAfter is how long from now until key may have one more event: what
// a refusal's Retry-After tells the client.
type RateLimiter interface {
	Allow(ctx context.Context, key string, now time.Time) bool
	RetryAfter(key string, now time.Time) time.Duration
}

// Limiter limits events (sign-in attempts) per key (a client address). It
// complements the per-card lockout: the lockout stops guessing one card's
// PIN, the limiter stops one address from trying a PIN on many cards.
//
// Its memory is bounded: keys idle longer than the time to refill the
// bucket are forgotten (a fresh bucket is the same as a full one), and
// when the map is still full the least recently seen key is dropped.
type Limiter struct {
	mu      sync.Mutex
	every   rate.Limit
	burst   int
	max     int
	idle    time.Duration
	buckets map[string]*bucket
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

// NewLimiter allows burst events at once per key, refilled at one per
// every, and remembers at most max keys.
func NewLimiter(every time.Duration, burst, max int) *Limiter {
	return &Limiter{
		every:   rate.Every(every),
		burst:   burst,
		max:     max,
		idle:    every * time.Duration(burst),
		buckets: make(map[string]*bucket),
	}
}

// Allow reports whether an event for key may happen at now, and counts it.
func (l *Limiter) Allow(_ context.Context, key string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= l.max {
			l.evict(now)
		}
		b = &bucket{lim: rate.NewLimiter(l.every, l.burst)}
		l.buckets[key] = b
	}
	b.seen = now
	return b.lim.AllowN(now, 1)
}

// RetryAfter is the time from now until key's bucket holds a whole
// event again: zero for a key with one to spare.
func (l *Limiter) RetryAfter(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[key]
	if b == nil {
		return 0
	}
	tokens := b.lim.TokensAt(now)
	if tokens >= 1 {
		return 0
	}
	return time.Duration((1 - tokens) / float64(l.every) * float64(time.Second))
}

// Len returns how many keys the limiter remembers.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// evict forgets idle keys, and if none were, the least recently seen one.
func (l *Limiter) evict(now time.Time) {
	var oldest string
	var oldestSeen time.Time
	for k, b := range l.buckets {
		if now.Sub(b.seen) > l.idle {
			delete(l.buckets, k)
			continue
		}
		if oldest == "" || b.seen.Before(oldestSeen) {
			oldest, oldestSeen = k, b.seen
		}
	}
	if len(l.buckets) >= l.max && oldest != "" {
		delete(l.buckets, oldest)
	}
}
