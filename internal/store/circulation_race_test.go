package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// parallel runs fn(i) for i in [0, n) at once and returns the errors.
func parallel(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = fn(i)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

// tally counts errors by message key ("" for success) and fails on any
// internal error.
func tally(t *testing.T, errs []error) map[string]int {
	t.Helper()
	m := make(map[string]int)
	for _, err := range errs {
		if err == nil {
			m[""]++
			continue
		}
		if library.ErrorCode(err) == library.EINTERNAL {
			t.Errorf("internal error: %v", err)
		}
		m[library.ErrorKey(err)]++
	}
	return m
}

func TestRaceCheckoutSameItem(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		f.title(library.Book, copyAt{barcode: "ONE", home: "esp-sello"})
		var ps []library.Patron
		for i := range 20 {
			ps = append(ps, f.patron(fmt.Sprintf("Patron, %d", i), library.CategoryAdult, false))
		}
		errs := parallel(20, func(i int) error {
			_, err := db.Checkout(ctx, ps[i].ID, "ONE", at("esp-sello"), circNow)
			return err
		})
		if got := tally(t, errs); got[""] != 1 || got["error.item_on_loan"] != 19 {
			t.Errorf("20 checkouts of one copy: %v; want 1 success and 19 error.item_on_loan", got)
		}
		loans := 0
		for _, p := range ps {
			ls, err := db.Loans(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			loans += len(ls)
		}
		if loans != 1 {
			t.Errorf("%d open loans of one copy", loans)
		}
	})
}

func TestRaceLoanLimit(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		pol := library.DefaultPolicy()
		pol.MaxLoans = 3
		if err := db.SetPolicy(ctx, pol); err != nil {
			t.Fatal(err)
		}
		f := newCircFixture(t, db)
		for i := range 10 {
			f.title(library.Book, copyAt{barcode: fmt.Sprintf("L%d", i), home: "esp-sello"})
		}
		p := f.patron("Limit, Lasse", library.CategoryAdult, false)
		errs := parallel(10, func(i int) error {
			_, err := db.Checkout(ctx, p.ID, fmt.Sprintf("L%d", i), at("esp-sello"), circNow)
			return err
		})
		if got := tally(t, errs); got[""] != 3 || got["error.loan_limit"] != 7 {
			t.Errorf("10 checkouts with a limit of 3: %v", got)
		}
		if ls, _ := db.Loans(ctx, p.ID); len(ls) != 3 {
			t.Errorf("%d open loans, want 3", len(ls))
		}
	})
}

func TestRaceCheckinSameItem(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		f.title(library.DVD, copyAt{barcode: "TWICE", home: "esp-sello"})
		p := f.patron("Late, Liisa", library.CategoryAdult, false)
		if _, err := db.Checkout(ctx, p.ID, "TWICE", at("esp-sello"), circNow); err != nil {
			t.Fatal(err)
		}
		late := day(10)
		var mu sync.Mutex
		ended := 0
		errs := parallel(2, func(int) error {
			res, err := db.Checkin(ctx, "TWICE", at("esp-sello"), late)
			if res.Loan.ID != 0 {
				mu.Lock()
				ended++
				mu.Unlock()
			}
			return err
		})
		if got := tally(t, errs); got[""] != 2 {
			t.Errorf("two check-ins: %v, want both to succeed", got)
		}
		if ended != 1 {
			t.Errorf("%d check-ins ended the loan, want 1", ended)
		}
		if fees, _ := db.Fees(ctx, p.ID); len(fees) != 1 {
			t.Errorf("fees = %+v, want one overdue fee", fees)
		}
	})
}

// TestRaceReturnsFillHolds returns N copies at once against M holds on the
// title: every hold gets exactly one copy and no copy serves two holds.
func TestRaceReturnsFillHolds(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		const copies, holds = 8, 5
		var cs []copyAt
		for i := range copies {
			cs = append(cs, copyAt{barcode: fmt.Sprintf("C%d", i), home: "esp-sello"})
		}
		rec := f.title(library.Book, cs...)
		reader := f.patron("Reader, Rea", library.CategoryAdult, false)
		for _, c := range cs {
			if _, err := db.Checkout(ctx, reader.ID, c.barcode, at("esp-sello"), circNow); err != nil {
				t.Fatal(err)
			}
		}
		pickups := []string{"esp-sello", "van-tikkurila", "hki-oodi"}
		var hs []library.Patron
		for i := range holds {
			p := f.patron(fmt.Sprintf("Waiting, %d", i), library.CategoryAdult, false)
			hs = append(hs, p)
			if _, err := db.PlaceHold(ctx, library.Hold{PatronID: p.ID, RecordID: rec, PickupBranch: pickups[i%3]},
				library.Actor{PatronID: p.ID}, circNow.Add(time.Duration(i+1)*time.Second)); err != nil {
				t.Fatal(err)
			}
		}
		results := make([]library.CheckinResult, copies)
		errs := parallel(copies, func(i int) error {
			var err error
			results[i], err = db.Checkin(ctx, cs[i].barcode, at("esp-sello"), day(1))
			return err
		})
		if got := tally(t, errs); got[""] != copies {
			t.Fatalf("check-ins: %v", got)
		}
		byHold := make(map[int64]string)
		for _, r := range results {
			if r.Hold.ID == 0 {
				continue
			}
			if prev, dup := byHold[r.Hold.ID]; dup {
				t.Errorf("hold %d filled by %s and %s", r.Hold.ID, prev, r.Item.Barcode)
			}
			byHold[r.Hold.ID] = r.Item.Barcode
		}
		if len(byHold) != holds {
			t.Errorf("%d holds filled by the returns, want %d", len(byHold), holds)
		}
		items := make(map[string]bool)
		for _, p := range hs {
			got, err := db.Holds(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].ItemBarcode == "" || got[0].Status == library.HoldWaiting {
				t.Errorf("holds of %s = %+v; want one, with a copy, on its way or ready", p.Name, got)
				continue
			}
			if items[got[0].ItemBarcode] {
				t.Errorf("copy %s serves two holds", got[0].ItemBarcode)
			}
			items[got[0].ItemBarcode] = true
		}
	})
}

// TestRaceHoldsMeetReturns places holds while copies of the title come
// back: whichever comes second must see the other, so that in the end no
// hold waits while a copy sits free on a shelf.
func TestRaceHoldsMeetReturns(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		const n = 6
		var cs []copyAt
		for i := range n {
			cs = append(cs, copyAt{barcode: fmt.Sprintf("R%d", i), home: "hki-oodi", floating: true})
		}
		rec := f.title(library.Book, cs...)
		reader := f.patron("Lukija, Lauri", library.CategoryAdult, false)
		for _, c := range cs {
			if _, err := db.Checkout(ctx, reader.ID, c.barcode, at("hki-oodi"), circNow); err != nil {
				t.Fatal(err)
			}
		}
		var ps []library.Patron
		for i := range n {
			ps = append(ps, f.patron(fmt.Sprintf("Varaaja, %d", i), library.CategoryAdult, false))
		}
		errs := parallel(2*n, func(i int) error {
			if i%2 == 0 {
				_, err := db.Checkin(ctx, cs[i/2].barcode, at("hki-oodi"), day(1))
				return err
			}
			p := ps[i/2]
			_, err := db.PlaceHold(ctx, library.Hold{PatronID: p.ID, RecordID: rec, PickupBranch: "esp-sello"}, at(""), day(1))
			return err
		})
		if got := tally(t, errs); got[""] != 2*n {
			t.Fatalf("returns and holds: %v", got)
		}
		seen := make(map[string]bool)
		for _, p := range ps {
			bc := holdCopy(t, db, p.ID)
			if bc == "" || seen[bc] {
				t.Errorf("patron %s's hold has copy %q; want a copy of its own", p.Name, bc)
			}
			seen[bc] = true
		}
	})
}
