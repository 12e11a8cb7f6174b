package store_test

import (
	"testing"

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
