package store_test

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// BenchmarkUpsertRecords loads new records in batches of 1,000 with five
// items each, as an import does. It reports records per second.
func BenchmarkUpsertRecords(b *testing.B) {
	for _, d := range storetest.Dialects {
		b.Run(d, func(b *testing.B) {
			db := storetest.Open(b, d)
			ctx := context.Background()
			const batch = 1000
			n := 0
			cpu0 := cpuTime()
			for b.Loop() {
				b.StopTimer()
				recs := makeRecords(fmt.Sprintf("bench%d", n), batch, 5)
				n++
				b.StartTimer()
				if _, err := db.UpsertRecords(ctx, recs); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n*batch)/b.Elapsed().Seconds(), "records/s")
			// On a shared machine wall time depends on the neighbours; the
			// process's CPU time per batch (test data generation included)
			// does much less.
			b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(n), "cpu-ms/batch")
		})
	}
}

// cpuTime returns the user and system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
