package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestBuildStats: the history covers the days asked, ends the day before
// now, and adds up to about the loans asked for.
func TestBuildStats(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Build(ctx, db, demo.Options{Seed: 1, Records: 50, Now: time.Now()}); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 3, 15, 12, 0, 0, 0, library.Helsinki)
		start := time.Now()
		sum, err := demo.BuildStats(ctx, db, demo.StatsOptions{Seed: 1, Now: now, Days: 60, LoansPerYear: 3_650_000})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%d rows in %v", sum.Rows, time.Since(start))
		cells, err := db.CirculationStats(ctx, store.StatsQuery{By: []string{"action"}, Actions: []string{"checkout", "renew"},
			From: library.Date{Year: 2026, Month: 1, Day: 14}, To: library.Date{Year: 2026, Month: 3, Day: 14}})
		if err != nil {
			t.Fatal(err)
		}
		var loans int64
		for _, c := range cells {
			loans += c.N
		}
		// 60 days of 10,000 loans a day, give or take the week's and the
		// rounding's swings.
		if loans < 450_000 || loans > 650_000 {
			t.Errorf("%d loans in 60 days, want about 600,000", loans)
		}
		after, err := db.CirculationStats(ctx, store.StatsQuery{From: library.Date{Year: 2026, Month: 3, Day: 15}})
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != 1 || after[0].N != 0 {
			t.Errorf("figures from today on: %v", after)
		}
	})
}
