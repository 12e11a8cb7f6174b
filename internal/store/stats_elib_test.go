package store_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestRollUpEStats rolls up a day of e-lending with the budget running
// out mid-day, and the next day, and reads the month back per title and
// in all, with borrowers below five suppressed.
func TestRollUpEStats(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		cpc := f.etitle(library.Licence{Model: library.ModelCostPerCirculation, Price: 300})
		sim := f.etitle(library.Licence{Model: library.ModelSimultaneous})
		one := f.etitle(odl(1, 0))
		if err := db.SetEBudget(f.ctx, f.admin, library.EBudget{Library: "vantaa", Monthly: 1000, WhenOut: library.BudgetRefuse}); err != nil {
			t.Fatal(err)
		}
		ps := f.patrons(7)
		at := func(m int) time.Time { return circNow.Add(time.Duration(m) * time.Minute) }
		for i, p := range ps[:3] {
			f.borrow(p, cpc, at(i))
		}
		// The budget runs out: the fourth is refused and spends nothing.
		f.refused(ps[3], cpc, at(3), "error.elib_budget_spent")
		for i, p := range ps[:6] {
			f.borrow(p, sim, at(10+i))
		}
		f.borrow(ps[0], one, at(20))
		f.reserve(ps[1], one, at(21))
		f.reserve(ps[2], one, at(22))
		// The next day: one more borrower of the simultaneous title.
		f.borrow(ps[6], sim, circNow.AddDate(0, 0, 1))

		d := today(circNow)
		for _, day := range []library.Date{d, d.AddDays(1), d} { // rolling up a day again changes nothing
			if err := db.RollUpStats(f.ctx, day); err != nil {
				t.Fatal(err)
			}
		}
		bs, err := db.EBudgets(f.ctx, []string{"vantaa"}, circNow)
		if err != nil || len(bs) != 1 || bs[0].Spent != 900 {
			t.Fatalf("budgets %+v, %v", bs, err)
		}

		rep, err := db.EStats(f.ctx, library.EStatsQuery{Library: "vantaa", Month: "2026-11"})
		if err != nil {
			t.Fatal(err)
		}
		titles := map[int64]library.ETitleStats{}
		for _, ts := range rep.Titles {
			ts.Title = ""
			titles[ts.RecordID] = ts
		}
		want := map[int64]library.ETitleStats{
			sim: {RecordID: sim, Loans: 7, Borrowers: 7},
			cpc: {RecordID: cpc, Loans: 3, Cost: 900, Suppressed: true},
			one: {RecordID: one, Loans: 1, Holds: 2, Suppressed: true},
		}
		if diff := cmp.Diff(want, titles); diff != "" {
			t.Errorf("titles (-want +got):\n%s", diff)
		}
		if rep.Titles[0].RecordID != sim {
			t.Errorf("the most borrowed first: %+v", rep.Titles)
		}
		wantTotal := library.EMonthStats{Month: "2026-11", Loans: 11, Holds: 2, Cost: 900, Borrowers: 7}
		if diff := cmp.Diff(wantTotal, rep.Total); diff != "" {
			t.Errorf("total (-want +got):\n%s", diff)
		}
		if len(rep.Months) != 1 || rep.Months[0] != wantTotal {
			t.Errorf("months %+v", rep.Months)
		}

		// Every library together is the same here; another library has
		// nothing.
		all, err := db.EStats(f.ctx, library.EStatsQuery{Month: "2026-11"})
		if err != nil || all.Total != wantTotal {
			t.Fatalf("all libraries: %+v, %v", all.Total, err)
		}
		espoo, err := db.EStats(f.ctx, library.EStatsQuery{Library: "espoo", Month: "2026-11"})
		if err != nil || len(espoo.Titles) != 0 || espoo.Total.Loans != 0 || !espoo.Total.Suppressed {
			t.Fatalf("Espoo: %+v, %v", espoo, err)
		}
		_, err = db.EStats(f.ctx, library.EStatsQuery{Month: "November"})
		wantKey(t, err, "error.elib_stats_month")

		// The national report's e-loans are the roll-up's: a loan of a
		// day not rolled up yet is not counted, as no physical loan of
		// that day is.
		f.borrow(ps[5], f.etitle(library.Licence{Model: library.ModelSimultaneous}), circNow.AddDate(0, 0, 2))
		counts, err := db.ELoanCounts(f.ctx, d, d.AddDays(2))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[string]int64{"vantaa": wantTotal.Loans}, counts); diff != "" {
			t.Errorf("ELoanCounts (-rolled up +got):\n%s", diff)
		}
	})
}

// TestELicencesList lists the e-collection by library, filter and page.
func TestELicencesList(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		f.etitle(odl(1, 10), library.Licence{Model: library.ModelCostPerCirculation, Price: 100})
		f.etitle(library.Licence{Model: library.ModelSimultaneous, Library: "espoo"})
		all, err := db.ELicences(f.ctx, library.ELicenceFilter{})
		if err != nil || all.Total != 3 || len(all.Licences) != 3 || len(all.Distributors) != 1 || all.Licences[0].Title == "" {
			t.Fatalf("all: %+v, %v", all, err)
		}
		espoo, err := db.ELicences(f.ctx, library.ELicenceFilter{Libraries: []string{"espoo"}})
		if err != nil || espoo.Total != 1 || espoo.Licences[0].Model != library.ModelSimultaneous {
			t.Fatalf("Espoo's: %+v, %v", espoo, err)
		}
		cpc, err := db.ELicences(f.ctx, library.ELicenceFilter{Libraries: []string{"", "vantaa"}, Model: library.ModelCostPerCirculation})
		if err != nil || cpc.Total != 1 || cpc.Licences[0].Price != 100 {
			t.Fatalf("cost per circulation: %+v, %v", cpc, err)
		}
		page2, err := db.ELicences(f.ctx, library.ELicenceFilter{Offset: 2, Limit: 2})
		if err != nil || page2.Total != 3 || len(page2.Licences) != 1 {
			t.Fatalf("the second page: %+v, %v", page2, err)
		}
		none, err := db.ELicences(f.ctx, library.ELicenceFilter{Libraries: []string{}})
		if err != nil || none.Total != 0 {
			t.Fatalf("no libraries: %+v, %v", none, err)
		}
	})
}
