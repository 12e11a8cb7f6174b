package main

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/realtime"
	"github.com/kirjasto/kirjasto/internal/search"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// feedNode is what a serve process puts together to follow the feed: its
// own connection pool, real-time broker (its own LISTEN connection) and
// search index.
type feedNode struct {
	db *store.DB
	ix *search.Index
}

func startFeedNode(b *testing.B, ctx context.Context, dsn string) *feedNode {
	db, err := store.Open(ctx, dsn, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	branches, err := db.Branches(ctx)
	if err != nil {
		b.Fatal(err)
	}
	ix := search.New(search.Config{Branches: search.BranchCities(branches), Logger: slog.New(slog.DiscardHandler)})
	if err := ix.Rebuild(ctx, db, nil); err != nil {
		b.Fatal(err)
	}
	broker, err := realtime.Open(ctx, db.DSN(), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { broker.Close() })
	followFeed(ctx, ix, db, broker, slog.New(slog.DiscardHandler))
	return &feedNode{db, ix}
}

// BenchmarkFeedAcrossNodes measures how long a loan made through node A
// takes to show in node B's availability filter: two nodes on one
// PostgreSQL, each with its own pool, LISTEN connection and index, as two
// serve processes have. Each operation lends a copy that is its title's
// only one on the shelf of its branch (the circulation primitive that
// the desk's and kiosks' checkouts build on, with the same change-feed
// entry) and waits until B's index no longer finds the title available
// there.
func BenchmarkFeedAcrossNodes(b *testing.B) {
	dsn := storetest.PostgresDSN(b)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	setup, err := store.Open(ctx, dsn, nil)
	if err != nil {
		b.Fatal(err)
	}
	if err := setup.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := demo.Build(ctx, setup, demo.Options{Seed: 19, Records: 1000}); err != nil {
		b.Fatal(err)
	}
	setup.Close()
	lendable := lendableCopies(b, ctx, dsn)
	a, other := startFeedNode(b, ctx, dsn), startFeedNode(b, ctx, dsn)
	availableAt := func(branch string) int {
		res, err := other.ix.Search(ctx, library.SearchQuery{Filters: map[string][]string{library.FacetAvailableBranch: {branch}}, Limit: 1})
		if err != nil {
			b.Fatal(err)
		}
		return res.Total
	}
	var lat []time.Duration
	b.ResetTimer()
	for i := range b.N {
		if i >= len(lendable) {
			b.Fatalf("only %d copies to lend", len(lendable))
		}
		c := lendable[i]
		before := availableAt(c.branch)
		start := time.Now()
		if _, err := a.db.SetItemStatus(ctx, c.barcode, library.Available, library.OnLoan, c.branch, start.Add(28*24*time.Hour)); err != nil {
			b.Fatal(err)
		}
		for availableAt(c.branch) != before-1 {
			if time.Since(start) > time.Minute {
				b.Fatalf("copy %s: node B still shows it on the shelf after a minute", c.barcode)
			}
			time.Sleep(200 * time.Microsecond)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
}
