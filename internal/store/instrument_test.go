package store_test

import (
	"context"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestInstrumentLoanRule: an instrument lent home takes the default
// policy's rule of its material: two weeks, one at a time, holds allowed.
func TestInstrumentLoanRule(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		f.title(library.Instrument, copyAt{barcode: "U1", home: "esp-sello"})
		f.title(library.Instrument, copyAt{barcode: "K1", home: "esp-sello"})
		p := f.patron("Soittaja, Sanni", library.CategoryAdult, false)
		res, err := db.Checkout(ctx, p.ID, "U1", at("esp-sello"), circNow)
		if err != nil {
			t.Fatal(err)
		}
		want := library.DateOf(circNow.In(library.Helsinki)).AddDays(14)
		if got := library.DateOf(res.DueAt.In(library.Helsinki)); got != want {
			t.Errorf("an instrument is due %s, want %s (14 days)", got, want)
		}
		// One instrument at a time.
		_, err = db.Checkout(ctx, p.ID, "K1", at("esp-sello"), circNow)
		wantKey(t, err, "error.loan_limit")
		if rule, ok := library.DefaultPolicy().Rule(library.CategoryAdult, library.Instrument, "espoo"); !ok || !rule.HoldsAllowed {
			t.Errorf("instruments' rule %+v: holds not allowed", rule)
		}
	})
}
