package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

func TestUpsertInsertThenUpdate(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		recs := makeRecords("u", 2, 3)
		res := upsert(t, db, recs)
		for i, r := range res {
			if !r.Created || r.ID == 0 || recs[i].Record.ID != r.ID {
				t.Fatalf("first upsert result %d = %+v, record ID %d; want created with an ID", i, r, recs[i].Record.ID)
			}
			for _, it := range recs[i].Items {
				if it.ID == 0 || it.RecordID != r.ID {
					t.Fatalf("item %s after insert: ID %d, RecordID %d; want IDs filled in", it.Barcode, it.ID, it.RecordID)
				}
			}
		}
		got, err := db.Record(ctx, res[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		want := recs[0].Record
		if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(library.Record{}, "Created", "Updated")); diff != "" {
			t.Errorf("Record() after insert mismatch (-want +got):\n%s", diff)
		}
		if got.Created.IsZero() || !got.Created.Equal(got.Updated) || got.Created.Location() != time.UTC {
			t.Errorf("Created %v, Updated %v: want equal, set, in UTC", got.Created, got.Updated)
		}

		// Same source IDs again: the record's fields change, item 0 is
		// gone, item 1 moves shelf, item 2 stays, and item 3 is new.
		again := makeRecords("u", 2, 0)
		again[0].Record.Title = "Muumipappa ja meri"
		again[0].Record.Authors = append(again[0].Record.Authors, library.Contributor{Name: "Kunnas, Mauri", Role: "illustrator"})
		again[0].Record.MARC = nil
		again[0].Record.Links = nil // an 856 removed at the source
		again[0].Items = []library.Item{recs[0].Items[1], recs[0].Items[2],
			{Barcode: "u-new", HomeBranch: "branch-9", CallNumber: "84.2", Shelf: "Uutuudet", Collection: "adult"}}
		again[0].Items[0].ID, again[0].Items[0].Shelf = 0, "Uutuudet"
		res2 := upsert(t, db, again)
		for i := range res2 {
			if res2[i].Created || res2[i].ID != res[i].ID {
				t.Fatalf("second upsert result %d = %+v, want update of record %d", i, res2[i], res[i].ID)
			}
		}
		if n, err := db.CountRecords(ctx); err != nil || n != 2 {
			t.Fatalf("CountRecords = %d, %v; want 2", n, err)
		}
		got, err = db.Record(ctx, res[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		want = again[0].Record
		if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(library.Record{}, "Created", "Updated")); diff != "" {
			t.Errorf("Record() after update mismatch (-want +got):\n%s", diff)
		}
		if !got.Updated.After(got.Created) && !got.Updated.Equal(got.Created) {
			t.Errorf("Updated %v before Created %v", got.Updated, got.Created)
		}
		items, err := db.Items(ctx, res[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		var gotItems []string
		for _, it := range items {
			gotItems = append(gotItems, it.Barcode+" "+it.Shelf+" "+string(it.Status))
			if it.ID == 0 || it.RecordID != res[0].ID {
				t.Errorf("stored item %+v: IDs not set", it)
			}
		}
		wantItems := []string{"u-0-1 Uutuudet available", "u-0-2 Lasten kirjat available", "u-new Uutuudet available"}
		if diff := cmp.Diff(wantItems, gotItems); diff != "" {
			t.Errorf("Items() after update mismatch (-want +got):\n%s", diff)
		}
		if again[0].Items[0].ID != recs[0].Items[1].ID {
			t.Errorf("kept item got ID %d, want its old ID %d", again[0].Items[0].ID, recs[0].Items[1].ID)
		}
		if _, err := db.Item(ctx, "u-0-0"); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("Item(u-0-0) after it was dropped: %v, want not found", err)
		}
		if items, _ := db.Items(ctx, res[1].ID); len(items) != 0 {
			t.Errorf("record 1 listed without items still has %d", len(items))
		}
	})
}

func TestUpsertKeepsItemOnLoan(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		recs := makeRecords("loan", 1, 2)
		upsert(t, db, recs)
		due := time.Date(2026, 12, 1, 18, 0, 0, 0, time.UTC)
		if _, err := db.SetItemStatus(ctx, "loan-0-0", library.Available, library.OnLoan, "hki-oodi", due); err != nil {
			t.Fatal(err)
		}
		recs[0].Items = nil
		upsert(t, db, recs)
		items, err := db.Items(ctx, recs[0].Record.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 1 || items[0].Barcode != "loan-0-0" || items[0].Status != library.OnLoan || !items[0].DueAt.Equal(due) {
			t.Errorf("items after re-import without copies = %+v, want only the copy on loan, still on loan", items)
		}
	})
}

func TestUpsertUnchangedIsSkipped(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		upsert(t, db, makeRecords("same", 3, 2))
		before := feedMark(t, db)
		recs := makeRecords("same", 3, 2)
		recs[2].Record.Popularity++
		res := upsert(t, db, recs)
		for i, r := range res {
			if r.Created || r.ID == 0 || recs[i].Items[1].ID == 0 || recs[i].Items[1].RecordID != r.ID {
				t.Errorf("result %d = %+v, items %+v: want an update with IDs filled in", i, r, recs[i].Items)
			}
		}
		feedMark(t, db) // waits for the feed
		changes, err := db.ChangesSince(ctx, before, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(changes) != 1 || changes[0].RecordID != res[2].ID {
			t.Errorf("changes after re-importing one changed record of three = %+v, want one for record %d", changes, res[2].ID)
		}
	})
}

func TestUpsertAllOrNothing(t *testing.T) {
	tests := []struct {
		name   string
		mangle func(recs []library.RecordWithItems)
		code   string
		msg    string
	}{
		{"duplicate barcode in batch", func(recs []library.RecordWithItems) {
			recs[3].Items[0].Barcode = recs[1].Items[1].Barcode
		}, library.EINVALID, `barcode bad-1-1 is on both record "bad-1" and record "bad-3"`},
		{"barcode of another stored record", func(recs []library.RecordWithItems) {
			recs[3].Items[0].Barcode = "existing-0-0"
		}, library.ECONFLICT, `barcode existing-0-0 of record "bad-3" already belongs to record "existing-0"`},
		{"duplicate source ID", func(recs []library.RecordWithItems) {
			recs[4].Record.SourceID = recs[0].Record.SourceID
		}, library.EINVALID, `same source ID "bad-0"`},
		{"no source ID", func(recs []library.RecordWithItems) {
			recs[2].Record.SourceID = ""
		}, library.EINVALID, "no source ID"},
		{"unknown status", func(recs []library.RecordWithItems) {
			recs[2].Items[0].Status = "lost-in-space"
		}, library.EINVALID, "lost-in-space"},
	}
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		upsert(t, db, makeRecords("existing", 1, 1))
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				recs := makeRecords("bad", 5, 2)
				tt.mangle(recs)
				_, err := db.UpsertRecords(ctx, recs)
				wantCode(t, err, tt.code)
				if !strings.Contains(err.Error(), tt.msg) {
					t.Errorf("error %q does not say %q", err, tt.msg)
				}
				if n, err := db.CountRecords(ctx); err != nil || n != 1 {
					t.Errorf("CountRecords after a failed batch = %d, %v; want 1", n, err)
				}
				if _, err := db.Item(ctx, "bad-0-0"); library.ErrorCode(err) != library.ENOTFOUND {
					t.Errorf("item of the failed batch: %v, want not found", err)
				}
			})
		}
	})
}

func TestUpsertMovesItemBetweenRecordsOfABatch(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		recs := makeRecords("move", 2, 1)
		upsert(t, db, recs)
		recs[1].Items = append(recs[1].Items, recs[0].Items[0])
		recs[0].Items = nil
		upsert(t, db, recs)
		it, err := db.Item(ctx, "move-0-0")
		if err != nil {
			t.Fatal(err)
		}
		if it.RecordID != recs[1].Record.ID {
			t.Errorf("moved item is on record %d, want %d", it.RecordID, recs[1].Record.ID)
		}
	})
}
