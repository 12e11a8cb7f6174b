package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

func TestCheckoutRefusals(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		pol := library.DefaultPolicy()
		for i, r := range pol.Rules {
			if r.Material == library.BoardGame && r.Category == "" {
				pol.Rules[i].MaxLoans = 1
			}
		}
		if err := db.SetPolicy(ctx, pol); err != nil {
			t.Fatal(err)
		}
		f := newCircFixture(t, db)
		f.title(library.Book, copyAt{barcode: "B1", home: "esp-sello"})
		f.title(library.EBook, copyAt{barcode: "E1", home: "esp-sello"})
		f.title(library.BoardGame, copyAt{barcode: "G1", home: "esp-sello"}, copyAt{barcode: "G2", home: "esp-sello"})
		ok := f.patron("Hyvä, Hanna", library.CategoryAdult, false)
		if _, err := db.Checkout(ctx, ok.ID, "G1", at("esp-sello"), circNow); err != nil {
			t.Fatal(err)
		}
		blocked := f.patron("Esto, Eero", library.CategoryAdult, false)
		// Fees over the threshold: three late DVD returns at 6 € each.
		owes := f.patron("Velka, Ville", library.CategoryAdult, false)
		for _, bc := range []string{"D1", "D2"} {
			f.title(library.DVD, copyAt{barcode: bc, home: "esp-sello"})
			if _, err := db.Checkout(ctx, owes.ID, bc, at("esp-sello"), circNow); err != nil {
				t.Fatal(err)
			}
			if res, err := db.Checkin(ctx, bc, at("esp-sello"), day(30)); err != nil || res.Fee.Amount != 600 {
				t.Fatalf("late DVD return: %+v, %v", res, err)
			}
		}
		blockManually(t, db, blocked.ID)

		tests := []struct {
			name    string
			patron  int64
			barcode string
			key     string
		}{
			{"manual block", blocked.ID, "B1", "error.patron_blocked"},
			{"fees over the threshold", owes.ID, "B1", "error.patron_blocked_fees"},
			{"not lent", ok.ID, "E1", "error.not_loanable"},
			{"on loan", owes.ID, "G1", "error.patron_blocked_fees"},
			{"on loan to someone", f.patron("Muu, Matti", library.CategoryAdult, false).ID, "G1", "error.item_on_loan"},
			{"limit of the material", ok.ID, "G2", "error.loan_limit"},
			{"no such item", ok.ID, "NOPE", "error.item_not_found"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := db.Checkout(ctx, tt.patron, tt.barcode, at("esp-sello"), day(31))
				wantKey(t, err, tt.key)
			})
		}
		// Paying opens the account again.
		fees, err := db.Fees(ctx, owes.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.PayFees(ctx, owes.ID, []int64{fees[0].ID}, library.Actor{StaffID: 1, Branch: "esp-sello"}, day(31)); err != nil {
			t.Fatal(err)
		}
		err = db.PayFees(ctx, owes.ID, []int64{fees[0].ID, fees[1].ID}, library.Actor{Branch: "esp-sello"}, day(31))
		wantKey(t, err, "error.fee_not_open")
		if _, err := db.Checkout(ctx, owes.ID, "B1", at("esp-sello"), day(31)); err != nil {
			t.Errorf("checkout after paying down to 6 €: %v", err)
		}
		fees, _ = db.Fees(ctx, owes.ID)
		if len(fees) != 2 || !fees[0].PaidAt.IsZero() || fees[1].PaidAt.IsZero() || fees[1].PaymentID == 0 {
			t.Errorf("fees after paying one = %+v; want the open one first", fees)
		}
	})
}

func TestRenewRefusals(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		rec := f.title(library.Magazine, copyAt{barcode: "M1", home: "esp-sello"})
		f.title(library.Book, copyAt{barcode: "B1", home: "esp-sello"}, copyAt{barcode: "B2", home: "esp-sello"})
		p := f.patron("Lukija, Liisa", library.CategoryAdult, false)
		other := f.patron("Toinen, Tiina", library.CategoryAdult, false)
		for _, bc := range []string{"M1", "B1"} {
			if _, err := db.Checkout(ctx, p.ID, bc, at("esp-sello"), circNow); err != nil {
				t.Fatal(err)
			}
		}
		// Magazines renew twice.
		for i := range 2 {
			if _, err := db.Renew(ctx, p.ID, "M1", at(""), day(i+1)); err != nil {
				t.Fatal(err)
			}
		}
		_, err := db.Renew(ctx, p.ID, "M1", at(""), day(3))
		wantKey(t, err, "error.renew_limit")

		// A hold with a copy on the shelf (B2) does not stop renewing B1.
		bookRec := rec + 1
		if _, err := db.PlaceHold(ctx, library.Hold{PatronID: other.ID, RecordID: bookRec, PickupBranch: "esp-sello"}, at(""), day(1)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Renew(ctx, p.ID, "B1", at(""), day(2)); err != nil {
			t.Errorf("renew with another copy free: %v", err)
		}
		third := f.patron("Kolmas, Kalle", library.CategoryAdult, false)
		if _, err := db.Checkout(ctx, third.ID, "B2", at("esp-sello"), day(2)); err != nil {
			t.Fatal(err)
		}
		// Now other's hold lost B2 to Kalle and waits: no renewing.
		_, err = db.Renew(ctx, p.ID, "B1", at(""), day(3))
		wantKey(t, err, "error.renew_held")
		// A frozen hold does not stand in the way.
		hs, _ := db.Holds(ctx, other.ID)
		if err := db.FreezeHold(ctx, other.ID, hs[0].ID, today(day(30)), day(3)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Renew(ctx, p.ID, "B1", at(""), day(3)); err != nil {
			t.Errorf("renew with the only hold frozen: %v", err)
		}
		_, err = db.Renew(ctx, other.ID, "B1", at(""), day(3))
		wantKey(t, err, "error.not_on_loan")
		blockManually(t, db, p.ID)
		_, err = db.Renew(ctx, p.ID, "B1", at(""), day(4))
		wantKey(t, err, "error.patron_blocked")
	})
}

func today(t time.Time) library.Date { return library.DateOf(t.In(library.Helsinki)) }

// blockManually sets a staff block on a patron.
func blockManually(t *testing.T, db *store.DB, patronID int64) {
	t.Helper()
	if err := store.ExecForTest(db, `UPDATE patrons SET block_reason = 'lost card' WHERE id = $1`, patronID); err != nil {
		t.Fatal(err)
	}
}
