package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

func TestPlaceHoldTargetsNearestCopy(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		rec := f.title(library.Book,
			copyAt{barcode: "A-HKI", home: "hki-oodi"},
			copyAt{barcode: "B-ESP", home: "esp-sello"},
			copyAt{barcode: "C-VAN", home: "van-myyrmaki"},
			copyAt{barcode: "D-VAN", home: "van-tikkurila"})
		tests := []struct {
			pickup, want string
		}{
			{"van-tikkurila", "D-VAN"}, // the pickup branch itself
			{"van-tikkurila", "C-VAN"}, // then the same city
			{"esp-iso-omena", "B-ESP"}, // same city, other branch
			{"esp-iso-omena", "A-HKI"}, // then anywhere
			{"esp-iso-omena", ""},      // then wait
		}
		for i, tt := range tests {
			p := f.patron("Varaaja, Veera", library.CategoryAdult, false)
			h, err := db.PlaceHold(ctx, library.Hold{PatronID: p.ID, RecordID: rec, PickupBranch: tt.pickup}, at(""), circNow.Add(time.Duration(i)*time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			if h.ItemBarcode != tt.want {
				t.Errorf("hold %d for pickup at %s got copy %q, want %q", i, tt.pickup, h.ItemBarcode, tt.want)
			}
			if tt.want == "" && (h.Position != 1 || h.Status != library.HoldWaiting) {
				hs, _ := db.Holds(ctx, p.ID)
				if len(hs) != 1 || hs[0].Position != 1 || hs[0].EstimatedWait != 7 {
					t.Errorf("queued hold = %+v; want position 1, about a week (28 days / 4 copies)", hs)
				}
			}
		}
	})
}

func TestPlaceHoldRefusals(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		pol := library.DefaultPolicy()
		pol.MaxHolds = 2
		if err := db.SetPolicy(ctx, pol); err != nil {
			t.Fatal(err)
		}
		f := newCircFixture(t, db)
		book := f.title(library.Book, copyAt{barcode: "B1", home: "esp-sello"})
		ebook := f.title(library.EBook)
		others := []int64{f.title(library.Book), f.title(library.Book), f.title(library.Book)}
		p := f.patron("Paljon, Pekka", library.CategoryAdult, false)
		if _, err := db.Checkout(ctx, p.ID, "B1", at("esp-sello"), circNow); err != nil {
			t.Fatal(err)
		}
		place := func(rec int64, pickup string) error {
			_, err := db.PlaceHold(ctx, library.Hold{PatronID: p.ID, RecordID: rec, PickupBranch: pickup}, at(""), circNow)
			return err
		}
		wantKey(t, place(book, "esp-sello"), "error.already_borrowed")
		wantKey(t, place(ebook, "esp-sello"), "error.holds_not_allowed")
		wantKey(t, place(others[0], "no-such-branch"), "error.pickup_branch")
		if err := place(others[0], "esp-sello"); err != nil {
			t.Fatal(err)
		}
		wantKey(t, place(others[0], "hki-oodi"), "error.already_holding")
		if err := place(others[1], "esp-sello"); err != nil {
			t.Fatal(err)
		}
		wantKey(t, place(others[2], "esp-sello"), "error.hold_limit")
	})
}

func TestFreezeCancelAndMissing(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		rec := f.title(library.Book, copyAt{barcode: "X1", home: "esp-sello"}, copyAt{barcode: "X2", home: "hki-oodi"})
		borrower := f.patron("Lainaaja, Lea", library.CategoryAdult, false)
		if _, err := db.Checkout(ctx, borrower.ID, "X2", at("hki-oodi"), circNow); err != nil {
			t.Fatal(err)
		}
		first := f.patron("Eka, Eija", library.CategoryAdult, false)
		second := f.patron("Toka, Toni", library.CategoryAdult, false)
		h1, err := db.PlaceHold(ctx, library.Hold{PatronID: first.ID, RecordID: rec, PickupBranch: "esp-sello"}, at(""), circNow)
		if err != nil {
			t.Fatal(err)
		}
		h2, err := db.PlaceHold(ctx, library.Hold{PatronID: second.ID, RecordID: rec, PickupBranch: "esp-sello"}, at(""), circNow.Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if h1.ItemBarcode != "X1" || h2.ItemBarcode != "" || h2.Position != 1 {
			t.Fatalf("holds: %+v, %+v", h1, h2)
		}
		// The first hold has its copy, so the second is next in the queue.
		if hs, _ := db.Holds(ctx, second.ID); hs[0].Position != 1 || hs[0].EstimatedWait != 14 {
			t.Errorf("second hold = %+v, want position 1 and about 14 days (28 days / 2 copies)", hs[0])
		}

		// Freezing the first hold passes X1 to the second.
		if err := db.FreezeHold(ctx, first.ID, h1.ID, today(day(20)), circNow); err != nil {
			t.Fatal(err)
		}
		if got := holdCopy(t, db, second.ID); got != "X1" {
			t.Errorf("after freezing the first hold the second has copy %q, want X1", got)
		}
		if got := holdCopy(t, db, first.ID); got != "" {
			t.Errorf("a frozen hold keeps copy %q", got)
		}
		// X2 comes back while the first hold is frozen: it skips it.
		res, err := db.Checkin(ctx, "X2", at("hki-oodi"), day(1))
		if err != nil {
			t.Fatal(err)
		}
		if res.Hold.ID != 0 || res.Route != library.RouteShelf {
			t.Errorf("return with only a frozen hold waiting = %+v", res)
		}
		// Resuming targets it at once: X2 is on Oodi's shelf.
		if err := db.FreezeHold(ctx, first.ID, h1.ID, library.Date{}, day(2)); err != nil {
			t.Fatal(err)
		}
		if got := holdCopy(t, db, first.ID); got != "X2" {
			t.Errorf("resumed hold has copy %q, want X2", got)
		}
		// X2 cannot be found: the hold goes back to waiting, with nothing to give it.
		if _, err := db.MarkMissing(ctx, "X2", at("hki-oodi"), day(2)); err != nil {
			t.Fatal(err)
		}
		if got := holdCopy(t, db, first.ID); got != "" {
			t.Errorf("hold keeps missing copy %q", got)
		}
		// Cancelling the second hold passes X1 to the first.
		if err := db.CancelHold(ctx, second.ID, h2.ID, at(""), day(3)); err != nil {
			t.Fatal(err)
		}
		if got := holdCopy(t, db, first.ID); got != "X1" {
			t.Errorf("after the cancel the first hold has copy %q, want X1", got)
		}
		err = db.CancelHold(ctx, second.ID, h2.ID, at(""), day(3))
		wantKey(t, err, "error.hold_not_found")
		err = db.CancelHold(ctx, second.ID, h1.ID, at(""), day(3))
		wantKey(t, err, "error.hold_not_found")

		// A new pickup branch: X1 (in Espoo) still suits Vantaa best, as the only copy.
		if err := db.ChangePickup(ctx, first.ID, h1.ID, "van-tikkurila", day(3)); err != nil {
			t.Fatal(err)
		}
		res, err = db.Checkin(ctx, "X1", at("esp-sello"), day(3))
		if err != nil {
			t.Fatal(err)
		}
		if res.Route != library.RouteTransit || res.To != "van-tikkurila" {
			t.Errorf("picked after the pickup change: %+v", res)
		}
		// In transit, the pickup can still change; the copy is redirected.
		if err := db.ChangePickup(ctx, first.ID, h1.ID, "hki-oodi", day(3)); err != nil {
			t.Fatal(err)
		}
		if _, in, _ := db.Transits(ctx, "hki-oodi"); len(in) != 1 || in[0].Barcode != "X1" {
			t.Errorf("transits to Oodi after the change = %+v", in)
		}
		res, err = db.Checkin(ctx, "X1", at("hki-oodi"), day(4))
		if err != nil {
			t.Fatal(err)
		}
		if res.Route != library.RouteHoldShelf {
			t.Errorf("arrival at the new pickup branch: %+v", res)
		}
		err = db.ChangePickup(ctx, first.ID, h1.ID, "esp-sello", day(4))
		wantKey(t, err, "error.hold_ready")
		err = db.FreezeHold(ctx, first.ID, h1.ID, today(day(20)), day(4))
		wantKey(t, err, "error.hold_not_waiting")
	})
}

// holdCopy returns the barcode given to a patron's only open hold.
func holdCopy(t *testing.T, db *store.DB, patronID int64) string {
	t.Helper()
	hs, err := db.Holds(context.Background(), patronID)
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 1 {
		t.Fatalf("patron %d has %d open holds, want 1", patronID, len(hs))
	}
	return hs[0].ItemBarcode
}
