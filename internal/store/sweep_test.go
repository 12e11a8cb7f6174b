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

func TestExpireHolds(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		rec := f.title(library.Book, copyAt{barcode: "S1", home: "esp-sello"})
		late := f.patron("Myöhässä, Mika", library.CategoryAdult, false)
		next := f.patron("Seuraava, Saara", library.CategoryAdult, false)
		h1, err := db.PlaceHold(ctx, library.Hold{PatronID: late.ID, RecordID: rec, PickupBranch: "esp-sello"}, at(""), circNow)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.PlaceHold(ctx, library.Hold{PatronID: next.ID, RecordID: rec, PickupBranch: "esp-sello"}, at(""), circNow.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		res, err := db.Checkin(ctx, "S1", at("esp-sello"), circNow.Add(time.Hour))
		if err != nil || res.Hold.ID != h1.ID || res.Route != library.RouteHoldShelf {
			t.Fatalf("picking: %+v, %v", res, err)
		}
		lastDay := res.Hold.PickupBy // Monday + 7 = next Monday
		if want := (library.Date{Year: 2026, Month: time.November, Day: 30}); lastDay != want {
			t.Errorf("pickup by %v, want %v", lastDay, want)
		}
		onLastDay := lastDay.In(library.Helsinki, library.NewClock(21, 0))
		if n, err := db.ExpireHolds(ctx, onLastDay); err != nil || n != 0 {
			t.Fatalf("ExpireHolds on the last day = %d, %v; want 0", n, err)
		}
		shelf, _ := db.HoldShelf(ctx, "esp-sello", onLastDay)
		if len(shelf) != 1 || !shelf[0].ExpiresToday || shelf[0].Expired {
			t.Errorf("hold shelf on the last day = %+v", shelf)
		}
		after := lastDay.AddDays(1).In(library.Helsinki, library.NewClock(0, 5))
		shelf, _ = db.HoldShelf(ctx, "esp-sello", after)
		if len(shelf) != 1 || !shelf[0].Expired {
			t.Errorf("hold shelf after the last day, before the sweep = %+v", shelf)
		}
		for run, want := range []int{1, 0} {
			if n, err := db.ExpireHolds(ctx, after); err != nil || n != want {
				t.Fatalf("ExpireHolds run %d = %d, %v; want %d", run, n, err, want)
			}
		}
		fees, _ := db.Fees(ctx, late.ID)
		if len(fees) != 1 || fees[0].Kind != library.FeeNoShow || fees[0].Amount != 100 {
			t.Errorf("fees after a no-show = %+v", fees)
		}
		if ns, _ := db.Notices(ctx, late.ID); len(ns) != 2 || ns[0].Kind != library.NoticeHoldExpired {
			t.Errorf("notices of the no-show = %+v; want hold_expired after hold_ready", ns)
		}
		if hs, _ := db.Holds(ctx, late.ID); len(hs) != 0 {
			t.Errorf("open holds after expiry = %+v", hs)
		}
		// The copy went to the next hold, on the same shelf.
		hs, _ := db.Holds(ctx, next.ID)
		if len(hs) != 1 || hs[0].Status != library.HoldReady || hs[0].ItemBarcode != "S1" {
			t.Errorf("next hold after expiry = %+v", hs)
		}
		shelf, _ = db.HoldShelf(ctx, "esp-sello", after)
		if len(shelf) != 2 || shelf[0].Status == shelf[1].Status {
			t.Errorf("hold shelf after the sweep = %+v; want the expired and the new ready hold", shelf)
		}
	})
}

func TestDueNoticesAndAutoRenew(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		f.title(library.DVD, copyAt{barcode: "DVD1", home: "esp-sello"})
		heldRec := f.title(library.DVD, copyAt{barcode: "DVD2", home: "esp-sello"})
		p := f.patron("Elokuva, Elli", library.CategoryAdult, false)
		for _, bc := range []string{"DVD1", "DVD2"} {
			if _, err := db.Checkout(ctx, p.ID, bc, at("esp-sello"), circNow); err != nil {
				t.Fatal(err)
			}
		}
		waiter := f.patron("Odottaja, Olli", library.CategoryAdult, false)
		if _, err := db.PlaceHold(ctx, library.Hold{PatronID: waiter.ID, RecordID: heldRec, PickupBranch: "esp-sello"}, at(""), circNow); err != nil {
			t.Fatal(err)
		}
		// Due next Monday, the 30th, at midnight. Three days before: due soon.
		for run, want := range []int{2, 0} {
			if n, err := db.DueNotices(ctx, day(4)); err != nil || n != want {
				t.Errorf("DueNotices run %d three days before = %d, %v; want %d", run, n, err, want)
			}
		}
		// A day before: DVD1 renews; DVD2 has a hold and does not.
		for run, want := range []int{1, 0} {
			if n, err := db.AutoRenew(ctx, day(7)); err != nil || n != want {
				t.Errorf("AutoRenew run %d = %d, %v; want %d", run, n, err, want)
			}
		}
		loans, _ := db.Loans(ctx, p.ID)
		if len(loans) != 2 || loans[0].Barcode != "DVD2" || loans[1].Renewals != 1 {
			t.Fatalf("loans after auto-renewal = %+v", loans)
		}
		kinds := func() []string {
			ns, err := db.Notices(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			var ks []string
			for _, n := range ns {
				ks = append(ks, n.Kind)
			}
			return ks
		}
		if diff := cmp.Diff([]string{library.NoticeRenewed, library.NoticeDueSoon, library.NoticeDueSoon}, kinds()); diff != "" {
			t.Errorf("notices, newest first (-want +got):\n%s", diff)
		}
		// The day after the due date: DVD2 is overdue, once.
		for run, want := range []int{1, 0} {
			if n, err := db.DueNotices(ctx, day(8)); err != nil || n != want {
				t.Errorf("DueNotices run %d the day after = %d, %v; want %d", run, n, err, want)
			}
		}
	})
}

func TestReadingHistoryDelete(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		p := f.patron("Historia, Hilkka", library.CategoryAdult, true)
		for i, bc := range []string{"H1", "H2", "H3"} {
			f.title(library.Book, copyAt{barcode: bc, home: "esp-sello"})
			if _, err := db.Checkout(ctx, p.ID, bc, at("esp-sello"), circNow.Add(time.Duration(i)*time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		h, err := db.ReadingHistory(ctx, p.ID)
		if err != nil || len(h) != 3 || !h[0].LoanedAt.After(h[1].LoanedAt) {
			t.Fatalf("history = %+v, %v; want 3, newest first", h, err)
		}
		if err := db.DeleteHistory(ctx, p.ID, []int64{h[0].ID}); err != nil {
			t.Fatal(err)
		}
		if h2, _ := db.ReadingHistory(ctx, p.ID); len(h2) != 2 || h2[0].ID != h[1].ID {
			t.Errorf("after deleting one = %+v", h2)
		}
		if err := db.DeleteHistory(ctx, p.ID, nil); err != nil {
			t.Fatal(err)
		}
		if h3, _ := db.ReadingHistory(ctx, p.ID); len(h3) != 0 {
			t.Errorf("after deleting all = %+v", h3)
		}
	})
}
