package demo

import (
	"context"
	"errors"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

func TestBuild(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		opts := Options{Seed: 1, Records: 2000, Now: testNow}
		var calls, last int
		opts.Progress = func(done, total int) { calls, last = calls+1, done }
		sum, err := Build(ctx, db, opts)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Libraries != 4 || sum.Branches != len(branchSpecs) || sum.Records != 2000 || sum.Items < 2000 || sum.Loans == 0 {
			t.Errorf("summary %+v", sum)
		}
		if calls != 2 || last != 2000 {
			t.Errorf("progress called %d times, last with %d; want 2 and 2000", calls, last)
		}
		assertCount(t, db, 2000)
		branches, err := db.Branches(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(branches) != len(branchSpecs) {
			t.Errorf("store has %d branches, want %d", len(branches), len(branchSpecs))
		}
		// A second build updates the same records rather than adding more.
		if _, err := Build(ctx, db, opts); err != nil {
			t.Fatal(err)
		}
		assertCount(t, db, 2000)
		it, err := db.Item(ctx, barcode(0, 0))
		if err != nil {
			t.Fatal(err)
		}
		rec, err := db.Record(ctx, it.RecordID)
		if err != nil {
			t.Fatal(err)
		}
		if rec.Title != "Seitsemän veljestä" {
			t.Errorf("item %s belongs to %q, want Seitsemän veljestä", it.Barcode, rec.Title)
		}
	})
}

func assertCount(t *testing.T, st library.Store, want int) {
	t.Helper()
	n, err := st.CountRecords(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n != want {
		t.Errorf("CountRecords = %d, want %d", n, want)
	}
}

func TestBuildCancel(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	opts := Options{Seed: 1, Records: 5000, Now: testNow, Progress: func(done, total int) { cancel() }}
	sum, err := Build(ctx, db, opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Build after cancel: %v, want context.Canceled", err)
	}
	if sum.Records != batchSize {
		t.Errorf("stored %d records before stopping, want %d", sum.Records, batchSize)
	}
	assertCount(t, db, batchSize)
}
