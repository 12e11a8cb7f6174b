package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestCirculationStory is issue 3's story: a patron in Vantaa reserves a
// title whose only free copy is in Espoo, and the copy travels to her.
func TestCirculationStory(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		rec := f.title(library.Book, copyAt{barcode: "ESP1", home: "esp-sello"})
		aino := f.patron("Virtanen, Aino", library.CategoryAdult, true)

		h, err := db.PlaceHold(ctx, library.Hold{PatronID: aino.ID, RecordID: rec, PickupBranch: "van-tikkurila"},
			library.Actor{PatronID: aino.ID}, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if h.Status != library.HoldWaiting || h.ItemBarcode != "ESP1" {
			t.Fatalf("new hold = %+v; want waiting with ESP1 given to it", h)
		}
		picks, err := db.PickList(ctx, "esp-sello")
		if err != nil {
			t.Fatal(err)
		}
		if len(picks) != 1 || picks[0].Barcode != "ESP1" || picks[0].PickupBranch != "van-tikkurila" || picks[0].HoldID != h.ID {
			t.Fatalf("Sello's pick list = %+v", picks)
		}
		if other, _ := db.PickList(ctx, "van-tikkurila"); len(other) != 0 {
			t.Errorf("Tikkurila's pick list = %+v, want empty", other)
		}
		if st, _ := itemStatus(t, db, "ESP1"); st != library.Available {
			t.Errorf("a copy on the pick list is %s, want still available", st)
		}

		// Picking it is checking it in at Sello: it goes to Vantaa.
		res, err := db.Checkin(ctx, "ESP1", at("esp-sello"), circNow.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if res.Route != library.RouteTransit || res.To != "van-tikkurila" || res.Hold.ID != h.ID || res.Hold.Status != library.HoldInTransit {
			t.Fatalf("checkin at Sello = %+v", res)
		}
		out, _, err := db.Transits(ctx, "esp-sello")
		if err != nil {
			t.Fatal(err)
		}
		_, in, err := db.Transits(ctx, "van-tikkurila")
		if err != nil {
			t.Fatal(err)
		}
		if len(out) != 1 || len(in) != 1 || out[0] != in[0] || in[0].From != "esp-sello" || in[0].HoldID != h.ID {
			t.Fatalf("transits: out of Sello %+v, into Tikkurila %+v", out, in)
		}
		if picks, _ := db.PickList(ctx, "esp-sello"); len(picks) != 0 {
			t.Errorf("pick list after picking = %+v", picks)
		}

		// Arriving at Tikkurila it goes on the hold shelf.
		res, err = db.Checkin(ctx, "ESP1", at("van-tikkurila"), day(1))
		if err != nil {
			t.Fatal(err)
		}
		if res.Route != library.RouteHoldShelf || res.Hold.Status != library.HoldReady || res.Hold.ShelfCode == "" {
			t.Fatalf("checkin at Tikkurila = %+v", res)
		}
		if want := (library.Date{Year: 2026, Month: time.December, Day: 1}); res.Hold.PickupBy != want {
			t.Errorf("pickup by %v, want %v", res.Hold.PickupBy, want)
		}
		shelf, err := db.HoldShelf(ctx, "van-tikkurila", day(1))
		if err != nil {
			t.Fatal(err)
		}
		if len(shelf) != 1 || shelf[0].Barcode != "ESP1" || shelf[0].CardLast4 != aino.CardNumber[len(aino.CardNumber)-4:] || shelf[0].Expired {
			t.Fatalf("hold shelf = %+v", shelf)
		}
		notices, err := db.Notices(ctx, aino.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(notices) != 1 || notices[0].Kind != library.NoticeHoldReady || notices[0].Params["shelf"] != res.Hold.ShelfCode ||
			notices[0].Params["title"] == "" || notices[0].Params["pickup_by"] != "2026-12-01" {
			t.Errorf("notices after the copy arrived = %+v; want one hold_ready", notices)
		}
		if _, in, _ := db.Transits(ctx, "van-tikkurila"); len(in) != 0 {
			t.Errorf("transits into Tikkurila after arrival = %+v", in)
		}

		// Someone else cannot take it; Aino can.
		bob := f.patron("Korhonen, Bob", library.CategoryAdult, false)
		_, err = db.Checkout(ctx, bob.ID, "ESP1", at("van-tikkurila"), day(2))
		wantKey(t, err, "error.item_on_hold_shelf")
		loan, err := db.Checkout(ctx, aino.ID, "ESP1", at("van-tikkurila"), day(2))
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2026, time.December, 23, 23, 59, 59, 0, library.Helsinki); !loan.DueAt.Equal(want) {
			t.Errorf("due %v, want %v", loan.DueAt, want)
		}
		if hs, _ := db.Holds(ctx, aino.ID); len(hs) != 0 {
			t.Errorf("open holds after collecting = %+v", hs)
		}
		if shelf, _ := db.HoldShelf(ctx, "van-tikkurila", day(2)); len(shelf) != 0 {
			t.Errorf("hold shelf after collecting = %+v", shelf)
		}

		renewed, err := db.Renew(ctx, aino.ID, "ESP1", library.Actor{PatronID: aino.ID}, day(10))
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2026, time.December, 31, 23, 59, 59, 0, library.Helsinki); !renewed.DueAt.Equal(want) || renewed.Renewals != 1 {
			t.Errorf("renewed loan = %+v, want due %v after 1 renewal", renewed, want)
		}
		loans, err := db.Loans(ctx, aino.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]library.Loan{renewed}, loans); diff != "" {
			t.Errorf("Loans (-want +got):\n%s", diff)
		}

		// Ten days late, at Oodi: a fee, and the copy goes home to Sello.
		res, err = db.Checkin(ctx, "ESP1", at("hki-oodi"), time.Date(2027, time.January, 10, 12, 0, 0, 0, library.Helsinki))
		if err != nil {
			t.Fatal(err)
		}
		if res.Route != library.RouteTransit || res.To != "esp-sello" || res.Fee.Amount != 200 || res.Fee.Kind != library.FeeOverdue || res.Loan.ID != loan.ID {
			t.Fatalf("late return = %+v", res)
		}
		fees, err := db.Fees(ctx, aino.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]library.Fee{res.Fee}, fees); diff != "" {
			t.Errorf("Fees (-want +got):\n%s", diff)
		}
		if loans, _ := db.Loans(ctx, aino.ID); len(loans) != 0 {
			t.Errorf("loans after return = %+v", loans)
		}
		hist, err := db.ReadingHistory(ctx, aino.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != 1 || hist[0].RecordID != rec {
			t.Errorf("reading history = %+v", hist)
		}
		if h, _ := db.ReadingHistory(ctx, bob.ID); len(h) != 0 {
			t.Errorf("history of a patron who did not opt in = %+v", h)
		}
	})
}

func TestCheckinRoutes(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		f.title(library.Book, copyAt{barcode: "HOME", home: "esp-sello"})
		f.title(library.Book, copyAt{barcode: "AWAY", home: "esp-sello"})
		f.title(library.Book, copyAt{barcode: "FLOAT", home: "esp-sello", floating: true})
		p := f.patron("Palauttaja, Paula", library.CategoryAdult, false)
		for _, bc := range []string{"HOME", "AWAY", "FLOAT"} {
			if _, err := db.Checkout(ctx, p.ID, bc, at("esp-sello"), circNow); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			barcode, branch string
			route, to       string
			status          library.ItemStatus
			where           string
		}{
			{"HOME", "esp-sello", library.RouteShelf, "", library.Available, "esp-sello"},
			{"AWAY", "hki-oodi", library.RouteTransit, "esp-sello", library.InTransit, "esp-sello"},
			{"FLOAT", "hki-oodi", library.RouteShelf, "", library.Available, "hki-oodi"},
			// The copy on its way home arrives: the transit ends.
			{"AWAY", "esp-sello", library.RouteShelf, "", library.Available, "esp-sello"},
		}
		for i, tt := range tests {
			res, err := db.Checkin(ctx, tt.barcode, at(tt.branch), day(1+i))
			if err != nil {
				t.Fatal(err)
			}
			if res.Route != tt.route || res.To != tt.to || res.Item.Status != tt.status || res.Item.Branch != tt.where {
				t.Errorf("check-in %d of %s at %s = route %s to %q, item %s at %s; want %s to %q, %s at %s", i, tt.barcode, tt.branch,
					res.Route, res.To, res.Item.Status, res.Item.Branch, tt.route, tt.to, tt.status, tt.where)
			}
			if st, where := itemStatus(t, db, tt.barcode); st != tt.status || where != tt.where {
				t.Errorf("stored item %s is %s at %s", tt.barcode, st, where)
			}
		}
		out, in, err := db.Transits(ctx, "esp-sello")
		if err != nil || len(out)+len(in) != 0 {
			t.Errorf("transits left = %+v %+v, %v", out, in, err)
		}
		if _, err := db.Checkout(ctx, p.ID, "AWAY", at("esp-sello"), day(9)); err != nil {
			t.Errorf("lending again after the round trip: %v", err)
		}
	})
}
