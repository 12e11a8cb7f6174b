package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// secondNode opens db's database again, as another node would: its own
// connections, the same pepper.
func secondNode(t *testing.T, db *store.DB) *store.DB {
	t.Helper()
	other, err := store.Open(context.Background(), db.DSN(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	other.SetAccountConfig(store.AccountConfig{Hasher: auth.NewHasher(nil, auth.TestParams)})
	return other
}

// TestRateLimitConcurrent sends 60 events for one address at the same
// moment, half through each of two nodes' connections: exactly the
// limit's 20 are allowed, whichever node counted them. Another address
// and the next window start afresh.
func TestRateLimitConcurrent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		nodes := []*store.RateLimit{db.RateLimit("signin", time.Minute, 20), secondNode(t, db).RateLimit("signin", time.Minute, 20)}
		now := time.Date(2026, 12, 7, 12, 0, 30, 0, time.UTC)
		var wg sync.WaitGroup
		allowed := make(chan bool, 60)
		for i := range 60 {
			wg.Go(func() { allowed <- nodes[i%2].Allow(ctx, "192.0.2.7", now) })
		}
		wg.Wait()
		close(allowed)
		n := 0
		for ok := range allowed {
			if ok {
				n++
			}
		}
		if n != 20 {
			t.Errorf("%d of 60 simultaneous events allowed on two nodes, want the limit's 20", n)
		}
		if !nodes[0].Allow(ctx, "192.0.2.8", now) {
			t.Error("another address is limited too")
		}
		if !nodes[1].Allow(ctx, "192.0.2.7", now.Add(30*time.Second)) {
			t.Error("the next window is limited too")
		}
		// Another limit counts apart.
		if !db.RateLimit("api", time.Minute, 1).Allow(ctx, "192.0.2.7", now) {
			t.Error("the sign-in limit's count limits the API too")
		}
	})
}

// TestRateLimitPrivateAndSwept checks that the table never holds an
// address, and that windows long over are deleted by the next count.
func TestRateLimitPrivateAndSwept(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
		if _, err := db.RateLimit("signin", time.Minute, 20).Count(ctx, "192.0.2.7", now); err != nil {
			t.Fatal(err)
		}
		subjects := rateSubjects(t, db)
		if len(subjects) != 1 || strings.Contains(subjects[0], "192.0.2") {
			t.Fatalf("rate_counts holds %q: want one row, keyed without the address", subjects)
		}
		// A fresh limit (a restarted node) sweeps at its first count.
		if _, err := db.RateLimit("signin", time.Minute, 20).Count(ctx, "192.0.2.9", now.Add(11*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if after := rateSubjects(t, db); len(after) != 1 || after[0] == subjects[0] {
			t.Errorf("after eleven minutes rate_counts holds %q, want only the new window", after)
		}
	})
}

func rateSubjects(t *testing.T, db *store.DB) []string {
	t.Helper()
	s, err := db.RateSubjects(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// BenchmarkRateLimit is the sign-in limit's check of one request: one
// upsert. Serial is one client's cost; parallel is many clients at once
// (distinct addresses), which on SQLite queue for its one writer.
func BenchmarkRateLimit(b *testing.B) {
	for _, d := range storetest.Dialects {
		b.Run(d, func(b *testing.B) {
			db := storetest.Open(b, d)
			ctx := context.Background()
			l := db.RateLimit("signin", time.Minute, 1<<30)
			now := time.Now()
			b.Run("serial", func(b *testing.B) {
				for b.Loop() {
					l.Allow(ctx, "192.0.2.7", now)
				}
			})
			b.Run("parallel", func(b *testing.B) {
				b.SetParallelism(4)
				var next atomic.Int64
				b.RunParallel(func(pb *testing.PB) {
					addr := fmt.Sprintf("198.51.100.%d", next.Add(1))
					for pb.Next() {
						l.Allow(ctx, addr, now)
					}
				})
			})
		})
	}
}
