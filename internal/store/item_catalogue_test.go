package store_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// wantBlocked fails unless err is a BlockedError with the key and barcodes.
func wantBlocked(t *testing.T, err error, key string, barcodes ...string) {
	t.Helper()
	wantKey(t, err, key)
	var be *library.BlockedError
	if !errors.As(err, &be) || !slices.Equal(be.Barcodes, barcodes) || library.ErrorCode(err) != library.ECONFLICT {
		t.Errorf("error %v: want a conflict naming %v", err, barcodes)
	}
}

func TestCatalogueItems(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		rec := f.title(library.Book)
		it, err := db.AddItem(ctx, cataloguer, library.Item{RecordID: rec, Barcode: " N1 ", HomeBranch: "esp-sello",
			CallNumber: "84.2 LIN", Shelf: "Aikuiset", Price: 2990})
		if err != nil {
			t.Fatal(err)
		}
		if it.ID == 0 || it.Barcode != "N1" || it.Branch != "esp-sello" || it.Status != library.Available || it.Price != 2990 {
			t.Errorf("added item = %+v", it)
		}
		if items, _ := db.Items(ctx, rec); len(items) != 1 || items[0].Price != 2990 {
			t.Errorf("items of the record = %+v", items)
		}

		for _, tc := range []struct {
			it  library.Item
			key string
		}{
			{library.Item{RecordID: rec, Barcode: "N1", HomeBranch: "esp-sello"}, "error.catalogue_barcode_in_use"},
			{library.Item{RecordID: rec, Barcode: "N 2", HomeBranch: "esp-sello"}, "error.catalogue_barcode_invalid"},
			{library.Item{RecordID: rec, Barcode: "N2", HomeBranch: "nowhere"}, "error.catalogue_branch_unknown"},
			{library.Item{RecordID: rec, Barcode: "N2", HomeBranch: "esp-sello", Status: library.OnLoan}, "error.catalogue_status_not_allowed"},
			{library.Item{RecordID: rec, Barcode: "N2", HomeBranch: "esp-sello", Price: -1}, "error.catalogue_price_invalid"},
			{library.Item{RecordID: 9999, Barcode: "N2", HomeBranch: "esp-sello"}, "error.catalogue_record_not_found"},
		} {
			_, err := db.AddItem(ctx, cataloguer, tc.it)
			wantKey(t, err, tc.key)
		}

		// Edit: description and status; a stale edit is refused.
		edit := it
		edit.CallNumber, edit.Shelf, edit.Status, edit.HomeBranch = "84.2 LINNA", "Klassikot", library.Damaged, "hki-oodi"
		edited, err := db.UpdateItem(ctx, cataloguer, edit)
		if err != nil {
			t.Fatal(err)
		}
		if edited.CallNumber != "84.2 LINNA" || edited.Status != library.Damaged || edited.HomeBranch != "hki-oodi" || edited.Branch != "esp-sello" {
			t.Errorf("edited item = %+v", edited)
		}
		_, err = db.UpdateItem(ctx, cataloguer, edit)
		wantKey(t, err, "error.catalogue_item_changed")

		// Back on the shelf, lent: circulation has it now.
		edited.Status = library.Available
		if _, err := db.UpdateItem(ctx, cataloguer, edited); err != nil {
			t.Fatal(err)
		}
		p := f.patron("Lukija, Liisa", library.CategoryAdult, false)
		if _, err := db.Checkout(ctx, p.ID, "N1", at("esp-sello"), circNow); err != nil {
			t.Fatal(err)
		}
		_, err = db.WithdrawItem(ctx, cataloguer, "N1")
		wantBlocked(t, err, "error.catalogue_item_on_loan", "N1")
		wantBlocked(t, db.DeleteItem(ctx, cataloguer, "N1"), "error.catalogue_item_on_loan", "N1")
		cur, _ := db.Item(ctx, "N1")
		cur.Status = library.Lost
		_, err = db.UpdateItem(ctx, cataloguer, cur)
		wantBlocked(t, err, "error.catalogue_item_on_loan", "N1")
		// Its description can still be corrected, and is still checked.
		cur, _ = db.Item(ctx, "N1")
		cur.Price = -5
		_, err = db.UpdateItem(ctx, cataloguer, cur)
		wantKey(t, err, "error.catalogue_price_invalid")
		cur.Price = 0
		cur.Shelf = "Uutuudet"
		if got, err := db.UpdateItem(ctx, cataloguer, cur); err != nil || got.Status != library.OnLoan || got.Shelf != "Uutuudet" {
			t.Errorf("description of a lent copy: %+v, %v", got, err)
		}

		// Returned away from its new home, it is on its way there.
		if _, err := db.Checkin(ctx, "N1", at("esp-sello"), circNow); err != nil {
			t.Fatal(err)
		}
		_, err = db.WithdrawItem(ctx, cataloguer, "N1")
		wantBlocked(t, err, "error.catalogue_item_in_transit", "N1")

		// A copy picked for a hold is refused; so is one on the hold shelf.
		rec2 := f.title(library.Book, copyAt{barcode: "H1", home: "esp-sello"})
		holder := f.patron("Varaaja, Ville", library.CategoryAdult, false)
		if _, err := db.PlaceHold(ctx, library.Hold{PatronID: holder.ID, RecordID: rec2, PickupBranch: "esp-sello"}, at(""), circNow); err != nil {
			t.Fatal(err)
		}
		st, _ := itemStatus(t, db, "H1")
		_, err = db.WithdrawItem(ctx, cataloguer, "H1")
		if st == library.OnHoldShelf {
			wantBlocked(t, err, "error.catalogue_item_on_hold_shelf", "H1")
		} else {
			wantBlocked(t, err, "error.catalogue_item_held", "H1")
		}
		if _, err := db.Checkin(ctx, "H1", at("esp-sello"), circNow); err != nil {
			t.Fatal(err)
		}
		if st, _ := itemStatus(t, db, "H1"); st != library.OnHoldShelf {
			t.Fatalf("H1 is %s after check-in, want on the hold shelf", st)
		}
		wantBlocked(t, db.DeleteItem(ctx, cataloguer, "H1"), "error.catalogue_item_on_hold_shelf", "H1")

		// A free copy is withdrawn, then deleted.
		if _, err := db.AddItem(ctx, cataloguer, library.Item{RecordID: rec, Barcode: "N3", HomeBranch: "van-tikkurila"}); err != nil {
			t.Fatal(err)
		}
		w, err := db.WithdrawItem(ctx, cataloguer, "N3")
		if err != nil || w.Status != library.Withdrawn {
			t.Fatalf("withdraw: %+v, %v", w, err)
		}
		if err := db.DeleteItem(ctx, cataloguer, "N3"); err != nil {
			t.Fatal(err)
		}
		_, err = db.Item(ctx, "N3")
		wantKey(t, err, "error.not_found")
		wantKey(t, db.DeleteItem(ctx, cataloguer, "N3"), "error.catalogue_item_not_found")
	})
}

// Cataloguers at two branches add the same barcode at once: one wins.
func TestCatalogueBarcodeRace(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		recs := []int64{f.title(library.Book), f.title(library.Book)}
		const n = 6
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				_, errs[i] = db.AddItem(ctx, cataloguer, library.Item{RecordID: recs[i%2], Barcode: "SAME", HomeBranch: "esp-sello",
					CallNumber: strconv.Itoa(i)})
			})
		}
		close(start)
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case library.ErrorKey(err) != "error.catalogue_barcode_in_use" || library.ErrorCode(err) != library.ECONFLICT:
				t.Errorf("loser's error %v", err)
			}
		}
		if won != 1 {
			t.Errorf("%d cataloguers added barcode SAME, want 1", won)
		}
	})
}

func TestCatalogueBatch(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		rec := f.title(library.Book, copyAt{barcode: "B1", home: "esp-sello"}, copyAt{barcode: "B2", home: "esp-sello"},
			copyAt{barcode: "B3", home: "esp-sello"})
		p := f.patron("Lukija, Liisa", library.CategoryAdult, false)
		if _, err := db.Checkout(ctx, p.ID, "B2", at("esp-sello"), circNow); err != nil {
			t.Fatal(err)
		}
		batch := library.ItemBatch{Barcodes: []string{"B1", "B2", "NOPE", "B1", " B3 "}, Status: library.InRepair,
			HomeBranch: "esp-iso-omena", CallNumberPrefix: "84.21"}
		outcome := func(os []library.BatchOutcome) []string {
			var s []string
			for _, o := range os {
				s = append(s, o.Barcode+" "+o.Outcome+" "+o.Key)
			}
			return s
		}
		want := []string{"B1 changed ", "B2 refused error.catalogue_item_on_loan", "NOPE not_found error.catalogue_item_not_found", "B3 changed "}

		// The dry run says what would happen and changes nothing.
		before, _ := db.Items(ctx, rec)
		last := feedMark(t, db)
		preview, err := db.BatchItems(ctx, cataloguer, batch, true)
		if err != nil {
			t.Fatal(err)
		}
		if got := outcome(preview); !slices.Equal(got, want) {
			t.Errorf("dry run outcomes %q, want %q", got, want)
		}
		if preview[0].Item.Status != library.InRepair || preview[0].Item.CallNumber != "84.21" || preview[0].Item.Branch != "esp-iso-omena" {
			t.Errorf("dry run's item = %+v", preview[0].Item)
		}
		after, _ := db.Items(ctx, rec)
		if !slices.EqualFunc(before, after, func(a, b library.Item) bool { return a == b }) {
			t.Errorf("the dry run changed items:\n%+v\n%+v", before, after)
		}
		feedMark(t, db) // waits for the feed
		if cs, _ := db.ChangesSince(ctx, last, 10); len(cs) != 0 {
			t.Errorf("the dry run wrote the change feed")
		}

		done, err := db.BatchItems(ctx, cataloguer, batch, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := outcome(done); !slices.Equal(got, want) {
			t.Errorf("outcomes %q, want %q", got, want)
		}
		for _, bc := range []string{"B1", "B3"} {
			it, _ := db.Item(ctx, bc)
			if it.Status != library.InRepair || it.HomeBranch != "esp-iso-omena" || it.Branch != "esp-iso-omena" || it.CallNumber != "84.21" {
				t.Errorf("%s after the batch = %+v", bc, it)
			}
		}
		if it, _ := db.Item(ctx, "B2"); it.Status != library.OnLoan || it.HomeBranch != "esp-sello" {
			t.Errorf("the refused copy changed: %+v", it)
		}
		feedMark(t, db) // waits for the feed
		if cs, _ := db.ChangesSince(ctx, last, 10); len(cs) == 0 {
			t.Errorf("the batch did not reach the change feed")
		}
		// A second run finds them done; the lent copy's description may change.
		again, err := db.BatchItems(ctx, cataloguer, library.ItemBatch{Barcodes: []string{"B1", "B2"}, Shelf: "Korjaus"}, false)
		if err != nil {
			t.Fatal(err)
		}
		if got := outcome(again); !slices.Equal(got, []string{"B1 changed ", "B2 changed "}) {
			t.Errorf("outcomes %q", got)
		}
		again, _ = db.BatchItems(ctx, cataloguer, library.ItemBatch{Barcodes: []string{"B1"}, Shelf: "Korjaus"}, false)
		if got := outcome(again); !slices.Equal(got, []string{"B1 unchanged "}) {
			t.Errorf("outcomes %q", got)
		}

		for _, tc := range []struct {
			b   library.ItemBatch
			key string
		}{
			{library.ItemBatch{Status: library.Lost}, "error.catalogue_batch_empty"},
			{library.ItemBatch{Barcodes: []string{"B1"}}, "error.catalogue_batch_nothing"},
			{library.ItemBatch{Barcodes: []string{"B1"}, Status: library.OnLoan}, "error.catalogue_status_not_allowed"},
			{library.ItemBatch{Barcodes: []string{"B1"}, HomeBranch: "nowhere"}, "error.catalogue_branch_unknown"},
			{library.ItemBatch{Barcodes: []string{"B1"}, CallNumberPrefix: "84 2"}, "error.catalogue_call_number_prefix"},
			{library.ItemBatch{Barcodes: make([]string, store.MaxBatchItems+1), Status: library.Lost}, "error.catalogue_batch_empty"},
		} {
			_, err := db.BatchItems(ctx, cataloguer, tc.b, false)
			wantKey(t, err, tc.key)
		}
		many := make([]string, store.MaxBatchItems+1)
		for i := range many {
			many[i] = strconv.Itoa(i)
		}
		_, err = db.BatchItems(ctx, cataloguer, library.ItemBatch{Barcodes: many, Status: library.Lost}, false)
		wantKey(t, err, "error.catalogue_batch_too_large")
	})
}
