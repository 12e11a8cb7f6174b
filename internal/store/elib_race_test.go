package store_test

import (
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestRaceELibLastLicence: 20 patrons borrow the last free place at once;
// exactly one gets it.
func TestRaceELibLastLicence(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		rec := f.etitle(odl(2, 0))
		ps := f.patrons(21)
		f.borrow(ps[20], rec, circNow)
		errs := parallel(20, func(i int) error {
			_, _, err := db.BorrowE(f.ctx, ps[i].ID, rec, circNow)
			return err
		})
		got := tally(t, errs)
		if got[""] != 1 || got["error.elib_none_free"] != 19 {
			t.Fatalf("outcomes %v, want one loan and 19 refusals", got)
		}
		ls, _ := db.Licences(f.ctx, rec)
		if ls[0].Loans != 2 {
			t.Fatalf("licence has %d loans, want 2", ls[0].Loans)
		}
	})
}

// TestRaceELibBudget: 10 patrons spend a budget with room for 3 loans at
// once; exactly 3 get one.
func TestRaceELibBudget(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		rec := f.etitle(library.Licence{Model: library.ModelCostPerCirculation, Price: 100})
		if err := db.SetEBudget(f.ctx, f.admin, library.EBudget{Library: "vantaa", Monthly: 300, WhenOut: library.BudgetRefuse}); err != nil {
			t.Fatal(err)
		}
		ps := f.patrons(10)
		errs := parallel(10, func(i int) error {
			_, _, err := db.BorrowE(f.ctx, ps[i].ID, rec, circNow)
			return err
		})
		if got := tally(t, errs); got[""] != 3 || got["error.elib_budget_spent"] != 7 {
			t.Fatalf("outcomes %v, want 3 loans and 7 refusals", got)
		}
	})
}

// TestRaceELibSweep: sweeps on several nodes at once end a loan, offer
// its place and let the offer pass once each.
func TestRaceELibSweep(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		rec := f.etitle(odl(1, 0))
		ps := f.patrons(3)
		loan := f.borrow(ps[0], rec, circNow)
		f.reserve(ps[1], rec, circNow)
		f.reserve(ps[2], rec, circNow)
		for _, at := range []time.Time{loan.Due, loan.Due.Add(library.EHoldWindow)} {
			ns := make([]int, 4)
			errs := parallel(4, func(i int) error {
				var err error
				ns[i], err = db.ExpireELoans(f.ctx, at)
				return err
			})
			if got := tally(t, errs); got[""] != 4 {
				t.Fatalf("sweeps at %v: %v", at, got)
			}
			if sum := ns[0] + ns[1] + ns[2] + ns[3]; sum != 2 {
				t.Fatalf("sweeps at %v settled %v, want 2 in all", at, ns)
			}
		}
		if f.noticeCount(ps[1], library.NoticeELibOffered) != 1 || f.noticeCount(ps[1], library.NoticeELibOfferExpired) != 1 ||
			f.noticeCount(ps[2], library.NoticeELibOffered) != 1 {
			t.Fatal("a notice went out twice or not at all")
		}
	})
}
