package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// benchCirc is a database with 10,000 copies of 2,000 titles on the
// shelves of five branches and 1,000 patrons.
type benchCirc struct {
	db       *store.DB
	patrons  []int64
	branches []string     // the consortium's, in order: copy (i, j) belongs to (i+j) % len
	next     atomic.Int64 // the next copy to lend
}

var benchSize = struct{ titles, copies, patrons int }{2000, 5, 1000}

func benchDB(b *testing.B, dialect string) *benchCirc {
	ctx := context.Background()
	db := storetest.Open(b, dialect)
	c := circConsortium()
	if err := db.PutConsortium(ctx, c); err != nil {
		b.Fatal(err)
	}
	recs := makeRecords("bench", benchSize.titles, benchSize.copies)
	for i := range recs {
		recs[i].Record.Material = library.Book
		for j := range recs[i].Items {
			home := c.Branches[(i+j)%len(c.Branches)].ID
			recs[i].Items[j].HomeBranch, recs[i].Items[j].Branch = home, home
		}
	}
	for len(recs) > 0 {
		n := min(len(recs), 1000)
		if _, err := db.UpsertRecords(ctx, recs[:n]); err != nil {
			b.Fatal(err)
		}
		recs = recs[n:]
	}
	bc := &benchCirc{db: db}
	for _, br := range c.Branches {
		bc.branches = append(bc.branches, br.ID)
	}
	for i := range benchSize.patrons {
		p, err := db.CreatePatron(ctx, library.Patron{CardNumber: fmt.Sprintf("B%07d", i), Name: fmt.Sprintf("Bench, %d", i),
			Category: library.CategoryAdult, HomeLibrary: "espoo", HistoryOptIn: i%3 == 0}, "")
		if err != nil {
			b.Fatal(err)
		}
		bc.patrons = append(bc.patrons, p.ID)
	}
	return bc
}

// BenchmarkCheckout lends copies to random patrons from 16 and 64
// parallel clients, with commits as durable as in production (SQLite
// synchronous=FULL; PostgreSQL as configured, fsync on by default). Each
// checkout is the whole transaction: patron lock and block check, loan
// limits, due date from the rules and the branch's hours, the item, the
// loan, popularity, reading history, the audit event and the change feed.
// Once every copy is out, a client checks a copy in before lending it
// again; only the checkout is timed for the latency.
func BenchmarkCheckout(b *testing.B) {
	for _, d := range storetest.Dialects {
		if d == "postgres" && os.Getenv("KIRJASTO_TEST_POSTGRES") == "" {
			b.Run(d, func(b *testing.B) { storetest.PostgresDSN(b) }) // skips, saying how to run it
			continue
		}
		// A benchmark with sub-benchmarks runs once; the leaves run
		// several times, with growing b.N, on the same database.
		b.Run(d, func(b *testing.B) {
			bc := benchDB(b, d)
			for _, clients := range []int{16, 64} {
				b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) { benchCheckouts(b, bc, clients) })
			}
		})
	}
}

func benchCheckouts(b *testing.B, bc *benchCirc, clients int) {
	ctx := context.Background()
	total := int64(benchSize.titles * benchSize.copies)
	var mu sync.Mutex
	var lat []time.Duration
	var checkouts atomic.Int64
	b.SetParallelism(max(1, clients/runtime.GOMAXPROCS(0)))
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
		var mine []time.Duration
		for pb.Next() {
			n := bc.next.Add(1) - 1
			i, j := (n%total)/int64(benchSize.copies), (n%total)%int64(benchSize.copies)
			barcode := fmt.Sprintf("bench-%d-%d", i, j)
			now := circNow.Add(time.Duration(n) * time.Second)
			if n >= total {
				// Returned at its own branch, so that it goes back on the
				// shelf rather than into transit (where the next lap could
				// not lend it: the benchmark's faster runs got that far).
				home := bc.branches[(i+j)%int64(len(bc.branches))]
				if _, err := bc.db.Checkin(ctx, barcode, library.Actor{Branch: home}, now); err != nil {
					b.Error(err)
					return
				}
			}
			t0 := time.Now()
			_, err := bc.db.Checkout(ctx, bc.patrons[r.IntN(len(bc.patrons))], barcode, library.Actor{Branch: "esp-sello", StaffID: 1}, now)
			mine = append(mine, time.Since(t0))
			if err != nil && library.ErrorKey(err) != "error.loan_limit" {
				b.Error(err)
				return
			}
			checkouts.Add(1)
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	b.ReportMetric(float64(checkouts.Load())/elapsed.Seconds(), "checkouts/s")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
}
