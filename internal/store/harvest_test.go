package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// harvestFixture stores the test consortium and n records: even ones with
// a copy in Espoo, every third one a DVD, and returns them.
func harvestFixture(t *testing.T, db *store.DB, n int) []library.RecordWithItems {
	t.Helper()
	if err := db.PutConsortium(context.Background(), circConsortium()); err != nil {
		t.Fatal(err)
	}
	recs := makeRecords("h", n, 0)
	for i := range recs {
		if i%2 == 0 {
			recs[i].Items = []library.Item{{Barcode: fmt.Sprintf("h-%d", i), HomeBranch: "esp-sello", Branch: "esp-sello", Status: library.Available}}
		}
		if i%3 == 0 {
			recs[i].Record.Material = library.DVD
		}
	}
	upsert(t, db, recs)
	return recs
}

// harvestAll pages through a harvest and returns the IDs it listed.
func harvestAll(t *testing.T, db *store.DB, q library.HarvestQuery) []int64 {
	t.Helper()
	var ids []int64
	for range 100 {
		page, err := db.Harvest(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page {
			ids = append(ids, e.ID)
			q.AfterID = e.ID
		}
		if len(page) < q.Limit {
			return ids
		}
	}
	t.Fatal("harvest did not end")
	return nil
}

func TestHarvestSets(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		recs := harvestFixture(t, db, 12)
		want := func(keep func(i int) bool) []int64 {
			var ids []int64
			for i, r := range recs {
				if keep(i) {
					ids = append(ids, r.Record.ID)
				}
			}
			return ids
		}
		for _, tc := range []struct {
			set  string
			want []int64
		}{
			{"", want(func(int) bool { return true })},
			{"library", want(func(i int) bool { return i%2 == 0 })},
			{"library:espoo", want(func(i int) bool { return i%2 == 0 })},
			{"library:helsinki", nil},
			{"material", want(func(int) bool { return true })},
			{"material:dvd", want(func(i int) bool { return i%3 == 0 })},
			{"material:book", want(func(i int) bool { return i%3 != 0 })},
		} {
			t.Run(tc.set, func(t *testing.T) {
				got := harvestAll(t, db, library.HarvestQuery{Set: tc.set, Limit: 5})
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("harvest of set %q (-want +got):\n%s", tc.set, diff)
				}
			})
		}
	})
}

func TestHarvestDatestampsAndRecords(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		recs := harvestFixture(t, db, 4)
		page, err := db.Harvest(ctx, library.HarvestQuery{Limit: 10, WithRecords: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) != 4 {
			t.Fatalf("harvested %d records, want 4", len(page))
		}
		e := page[0]
		if e.Record.Title != recs[0].Record.Title || e.Record.ID != e.ID {
			t.Errorf("entry %d has record %d %q, want %q", e.ID, e.Record.ID, e.Record.Title, recs[0].Record.Title)
		}
		if diff := cmp.Diff([]string{"library:espoo", "material:dvd"}, e.Sets); diff != "" {
			t.Errorf("sets (-want +got):\n%s", diff)
		}
		if !e.Datestamp.Equal(e.Record.Updated) {
			t.Errorf("datestamp %v, want the record's update time %v", e.Datestamp, e.Record.Updated)
		}
		earliest, err := db.EarliestDatestamp(ctx)
		if err != nil || !earliest.Equal(e.Datestamp) {
			t.Errorf("EarliestDatestamp = %v, %v; want %v", earliest, err, e.Datestamp)
		}

		// Until is exclusive, From inclusive.
		stamp := page[0].Datestamp
		before := harvestAll(t, db, library.HarvestQuery{Until: stamp, Limit: 10})
		if len(before) != 0 {
			t.Errorf("until %v listed %v, want nothing", stamp, before)
		}
		after := harvestAll(t, db, library.HarvestQuery{From: stamp, Limit: 10})
		if len(after) != 4 {
			t.Errorf("from %v listed %v, want all 4", stamp, after)
		}
		later := time.Now().Add(time.Hour)
		if got := harvestAll(t, db, library.HarvestQuery{From: later, Limit: 10}); len(got) != 0 {
			t.Errorf("from %v listed %v, want nothing", later, got)
		}
	})
}

func TestDeleteRecordLeavesTombstone(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		recs := harvestFixture(t, db, 3)
		id := recs[0].Record.ID
		before := feedMark(t, db)

		// On loan: refused, nothing changes.
		if _, err := db.SetItemStatus(ctx, "h-0", library.Available, library.OnLoan, "esp-sello", time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.DeleteRecord(ctx, id), library.ECONFLICT)
		if _, err := db.Record(ctx, id); err != nil {
			t.Fatalf("refused deletion removed the record: %v", err)
		}
		if _, err := db.SetItemStatus(ctx, "h-0", library.OnLoan, library.Available, "esp-sello", time.Time{}); err != nil {
			t.Fatal(err)
		}

		if err := db.DeleteRecord(ctx, id); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.DeleteRecord(ctx, id), library.ENOTFOUND)
		wantCode(t, db.DeleteRecord(ctx, 999999), library.ENOTFOUND)
		_, err := db.Record(ctx, id)
		wantCode(t, err, library.ENOTFOUND)
		if _, err := db.Item(ctx, "h-0"); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("the deleted record's copy is still there: %v", err)
		}
		feedMark(t, db) // waits for the feed
		changes, err := db.ChangesSince(ctx, before, 10)
		if err != nil || len(changes) == 0 || changes[len(changes)-1].RecordID != id {
			t.Errorf("change feed after deletion: %v, %v; want an entry for record %d", changes, err, id)
		}

		e, err := db.HarvestRecord(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !e.Deleted || e.ID != id {
			t.Errorf("HarvestRecord(%d) = %+v, want a deleted entry", id, e)
		}
		if diff := cmp.Diff([]string{"library:espoo", "material:dvd"}, e.Sets); diff != "" {
			t.Errorf("tombstone sets (-want +got):\n%s", diff)
		}
		for _, set := range []string{"", "library", "library:espoo", "material:dvd"} {
			page, err := db.Harvest(ctx, library.HarvestQuery{Set: set, Limit: 10, WithRecords: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 || page[0].ID != id || !page[0].Deleted {
				t.Errorf("harvest of set %q starts with %+v, want the tombstone of %d", set, page, id)
			}
		}
		if page, _ := db.Harvest(ctx, library.HarvestQuery{Set: "material:book", Limit: 10}); len(page) != 2 {
			t.Errorf("harvest of material:book = %+v, want the 2 books", page)
		}
		_, err = db.HarvestRecord(ctx, 999999)
		wantCode(t, err, library.ENOTFOUND)
	})
}
