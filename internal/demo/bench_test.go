package demo

import (
	"context"
	"testing"

	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// BenchmarkRecords measures generation alone; records/s is the figure
// that matters for a demo of three million records.
func BenchmarkRecords(b *testing.B) {
	c := Consortium(2026)
	n := 0
	for b.Loop() {
		for range Records(1, 10000, c, testNow) {
			n++
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkBuildSQLite stores 50,000 records in SQLite, the size the demo
// must build and serve within a minute on two cores.
func BenchmarkBuildSQLite(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		db := storetest.Open(b, "sqlite")
		b.StartTimer()
		if _, err := Build(context.Background(), db, Options{Seed: 1, Records: 50000, Now: testNow}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(50000*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
