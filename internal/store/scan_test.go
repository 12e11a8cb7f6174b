package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

func TestScanRecords(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// Several chunks, the last one exactly full, with some records
		// without items.
		defer store.SetScanChunk(15)()
		const n = 45
		var all []library.RecordWithItems
		for _, prefix := range []string{"a", "b", "c"} {
			recs := makeRecords(prefix, n/3, 2)
			for i := 0; i < len(recs); i += 7 {
				recs[i].Items = nil
			}
			upsert(t, db, recs)
			all = append(all, recs...)
		}

		var ids []int64
		items := 0
		err := db.ScanRecords(ctx, 0, func(r library.Record, its []library.Item) error {
			ids = append(ids, r.ID)
			items += len(its)
			for _, it := range its {
				if it.RecordID != r.ID {
					t.Fatalf("record %d scanned with item %+v of another record", r.ID, it)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var wantIDs []int64
		wantItems := 0
		for _, r := range all {
			wantIDs = append(wantIDs, r.Record.ID)
			wantItems += len(r.Items)
		}
		if diff := cmp.Diff(wantIDs, ids); diff != "" {
			t.Errorf("scanned IDs mismatch (-want +got):\n%s", diff)
		}
		if items != wantItems {
			t.Errorf("scanned %d items, want %d", items, wantItems)
		}

		// From the middle, and full records.
		var first library.Record
		var firstItems []library.Item
		count := 0
		err = db.ScanRecords(ctx, wantIDs[29], func(r library.Record, its []library.Item) error {
			if count == 0 {
				first, firstItems = r, its
			}
			count++
			return nil
		})
		if err != nil || count != n-30 {
			t.Fatalf("ScanRecords after the 30th: %d records, %v; want %d", count, err, n-30)
		}
		rec, err := db.Record(ctx, wantIDs[30])
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(rec, first); diff != "" {
			t.Errorf("scanned record differs from Record() (-Record +scanned):\n%s", diff)
		}
		its, err := db.Items(ctx, rec.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(its, firstItems); diff != "" {
			t.Errorf("scanned items differ from Items() (-Items +scanned):\n%s", diff)
		}

		// fn's error stops the scan and comes back unchanged.
		stop := errors.New("stop")
		calls := 0
		err = db.ScanRecords(ctx, 0, func(library.Record, []library.Item) error {
			calls++
			return stop
		})
		if err != stop || calls != 1 {
			t.Errorf("ScanRecords with a failing fn: %d calls, %v; want 1 call and the error", calls, err)
		}
	})
}
