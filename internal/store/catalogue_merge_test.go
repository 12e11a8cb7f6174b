package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

func TestCatalogueMerge(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		keep := f.title(library.Book, copyAt{barcode: "K1", home: "esp-sello"})
		drop := f.title(library.Book, copyAt{barcode: "D1", home: "hki-oodi"}, copyAt{barcode: "D2", home: "van-tikkurila"})
		audio := f.title(library.AudioBook)

		reader := f.patron("Lukija, Liisa", library.CategoryAdult, true) // reading history on
		both := f.patron("Molemmat, Matti", library.CategoryAdult, false)
		waiter := f.patron("Odottaja, Olli", library.CategoryAdult, false)

		// The dropped record is borrowed (reading history), rated and listed.
		if _, err := db.Checkout(ctx, reader.ID, "D1", at("hki-oodi"), circNow); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Checkin(ctx, "D1", at("hki-oodi"), circNow); err != nil {
			t.Fatal(err)
		}
		mustDo(t, db.Rate(ctx, reader.ID, drop, 4))
		mustDo(t, db.Rate(ctx, both.ID, drop, 2))
		mustDo(t, db.Rate(ctx, both.ID, keep, 5))
		readerList, err := db.CreateList(ctx, reader.ID, "Luettavat")
		mustDo(t, err)
		mustDo(t, db.AddToList(ctx, reader.ID, readerList.ID, drop))
		bothList, err := db.CreateList(ctx, both.ID, "Kaikki")
		mustDo(t, err)
		mustDo(t, db.AddToList(ctx, both.ID, bothList.ID, drop))
		mustDo(t, db.AddToList(ctx, both.ID, bothList.ID, keep))
		// Holds: one patron waits for the dropped record, another for both.
		place := func(p library.Patron, rec int64) {
			t.Helper()
			if _, err := db.PlaceHold(ctx, library.Hold{PatronID: p.ID, RecordID: rec, PickupBranch: "esp-sello"}, at(""), circNow); err != nil {
				t.Fatal(err)
			}
		}
		place(waiter, drop)
		place(both, keep)
		place(both, drop)

		_, err = db.MergeRecords(ctx, cataloguer, keep, keep)
		wantKey(t, err, "error.catalogue_merge_same")
		_, err = db.MergeRecords(ctx, cataloguer, keep, audio)
		wantKey(t, err, "error.catalogue_merge_material")
		_, err = db.MergeRecords(ctx, cataloguer, keep, 9999)
		wantKey(t, err, "error.catalogue_record_not_found")

		res, err := db.MergeRecords(ctx, cataloguer, keep, drop)
		if err != nil {
			t.Fatal(err)
		}
		want := library.RecordMerge{Kept: keep, Deleted: drop, Items: 2, Holds: 2, HoldsCancelled: 1, Ratings: 1, ListEntries: 1, ReadingHistory: 1}
		if res != want {
			t.Errorf("MergeRecords = %+v, want %+v", res, want)
		}

		// Nothing lost: the copies, holds, ratings, lists and history are on keep.
		items, _ := db.Items(ctx, keep)
		var barcodes []string
		for _, it := range items {
			barcodes = append(barcodes, it.Barcode)
		}
		slices.Sort(barcodes)
		if !slices.Equal(barcodes, []string{"D1", "D2", "K1"}) {
			t.Errorf("copies of the kept record: %v", barcodes)
		}
		openHolds := func(p library.Patron) []int64 {
			hs, err := db.Holds(ctx, p.ID)
			mustDo(t, err)
			var recs []int64
			for _, h := range hs {
				if h.Status == "waiting" || h.Status == "in_transit" || h.Status == "ready" {
					recs = append(recs, h.RecordID)
				}
			}
			return recs
		}
		if got := openHolds(waiter); !slices.Equal(got, []int64{keep}) {
			t.Errorf("the waiting patron's open holds: %v, want one on %d", got, keep)
		}
		if got := openHolds(both); !slices.Equal(got, []int64{keep}) {
			t.Errorf("open holds of the patron who had both: %v, want one on %d", got, keep)
		}
		if stars, _ := db.PatronRating(ctx, reader.ID, keep); stars != 4 {
			t.Errorf("moved rating: %d stars, want 4", stars)
		}
		if stars, _ := db.PatronRating(ctx, both.ID, keep); stars != 5 {
			t.Errorf("the kept record's rating: %d stars, want 5 (its own)", stars)
		}
		for _, l := range []struct {
			p  library.Patron
			id int64
		}{{reader, readerList.ID}, {both, bothList.ID}} {
			_, entries, err := db.List(ctx, l.p.ID, l.id)
			mustDo(t, err)
			if len(entries) != 1 || entries[0].RecordID != keep {
				t.Errorf("list of %s: %+v, want the kept record once", l.p.Name, entries)
			}
		}
		history, err := db.ReadingHistory(ctx, reader.ID)
		mustDo(t, err)
		if len(history) != 1 || history[0].RecordID != keep {
			t.Errorf("reading history: %+v", history)
		}

		// The dropped record is gone, with a tombstone for harvesters in
		// the sets of the libraries whose copies it had.
		_, err = db.Record(ctx, drop)
		wantKey(t, err, "error.not_found")
		h, err := db.HarvestRecord(ctx, drop)
		mustDo(t, err)
		if !h.Deleted || !slices.Contains(h.Sets, "library:helsinki") || !slices.Contains(h.Sets, "library:vantaa") {
			t.Errorf("tombstone = %+v", h)
		}
		feedMark(t, db) // waits for the feed
		changes, err := db.ChangesSince(ctx, library.FeedPos{}, 1000)
		mustDo(t, err)
		last := changes[len(changes)-2:]
		if last[0].RecordID != keep || last[1].RecordID != drop {
			t.Errorf("change feed ends with %+v, want both records", last)
		}
	})
}

func TestCatalogueDeleteRecord(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		rec := f.title(library.Book, copyAt{barcode: "A1", home: "esp-sello"}, copyAt{barcode: "A2", home: "esp-sello"})
		p := f.patron("Lukija, Liisa", library.CategoryAdult, false)
		if _, err := db.Checkout(ctx, p.ID, "A2", at("esp-sello"), circNow); err != nil {
			t.Fatal(err)
		}
		wantBlocked(t, db.DeleteCatalogueRecord(ctx, cataloguer, rec, true), "error.catalogue_record_has_loans", "A2")
		if _, err := db.Checkin(ctx, "A2", at("esp-sello"), circNow); err != nil {
			t.Fatal(err)
		}
		// A patron waits: the hold is on the hold shelf or picked.
		place, err := db.PlaceHold(ctx, library.Hold{PatronID: p.ID, RecordID: rec, PickupBranch: "esp-sello"}, at(""), circNow)
		mustDo(t, err)
		err = db.DeleteCatalogueRecord(ctx, cataloguer, rec, true)
		if library.ErrorKey(err) != "error.catalogue_record_has_held_items" && library.ErrorKey(err) != "error.catalogue_record_has_holds" {
			t.Errorf("delete with a hold: %v", err)
		}
		mustDo(t, db.CancelHold(ctx, p.ID, place.ID, at(""), circNow))

		// Copies that are not withdrawn need consent.
		err = db.DeleteCatalogueRecord(ctx, cataloguer, rec, false)
		wantKey(t, err, "error.catalogue_record_has_items")
		if library.ErrorCount(err) != 2 {
			t.Errorf("count %d, want 2 copies", library.ErrorCount(err))
		}
		for _, bc := range []string{"A1", "A2"} {
			if _, err := db.WithdrawItem(ctx, cataloguer, bc); err != nil {
				t.Fatal(err)
			}
		}
		mustDo(t, db.DeleteCatalogueRecord(ctx, cataloguer, rec, false))
		_, err = db.Record(ctx, rec)
		wantKey(t, err, "error.not_found")
		if _, err := db.Item(ctx, "A1"); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("copy of a deleted record: %v", err)
		}
		h, err := db.HarvestRecord(ctx, rec)
		mustDo(t, err)
		if !h.Deleted || !slices.Contains(h.Sets, "library:espoo") {
			t.Errorf("tombstone = %+v", h)
		}
		wantKey(t, db.DeleteCatalogueRecord(ctx, cataloguer, rec, true), "error.catalogue_record_not_found")

		// With consent, copies on the shelf go with the record.
		other := f.title(library.Book, copyAt{barcode: "C1", home: "hki-oodi"})
		mustDo(t, db.DeleteCatalogueRecord(ctx, cataloguer, other, true))
		if _, err := db.Item(ctx, "C1"); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("copy deleted with consent: %v", err)
		}
	})
}

func mustDo(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
