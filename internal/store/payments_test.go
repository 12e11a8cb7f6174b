package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

func TestOnlinePayment(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		p := newPatron(t, db, "3001", "1234")
		other := newPatron(t, db, "3002", "1234")
		var fees []library.Fee
		for _, amt := range []int64{120, 300, 50} {
			f, err := db.ChargeFeeForTest(ctx, library.Fee{PatronID: p.ID, Kind: library.FeeManual, Amount: amt, Created: now})
			if err != nil {
				t.Fatal(err)
			}
			fees = append(fees, f)
		}
		if _, err := db.StartPayment(ctx, other.ID, []int64{fees[0].ID}, now); library.ErrorCode(err) != library.ECONFLICT {
			t.Errorf("paying another's fee: %v, want conflict", err)
		}
		// A cancelled payment leaves its fees open.
		c, err := db.StartPayment(ctx, p.ID, []int64{fees[2].ID}, now)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.FailPayment(ctx, c.ID, now); err != nil {
			t.Fatal(err)
		}
		pay, err := db.StartPayment(ctx, p.ID, []int64{fees[0].ID, fees[1].ID}, now)
		if err != nil {
			t.Fatal(err)
		}
		if pay.Amount != 420 || pay.Status != library.PaymentPending || len(pay.Fees) != 2 || pay.Reference == "" {
			t.Fatalf("started %+v", pay)
		}
		if _, err := db.CompletePayment(ctx, pay.ID, 419, now); library.ErrorCode(err) != library.EINVALID {
			t.Errorf("wrong amount: %v, want invalid", err)
		}
		paidAt := now.Add(time.Minute)
		done, err := db.CompletePayment(ctx, pay.ID, 420, paidAt)
		if err != nil {
			t.Fatal(err)
		}
		if done.Status != library.PaymentPaid || !done.PaidAt.Equal(paidAt) {
			t.Errorf("completed %+v", done)
		}
		// A replay changes nothing.
		again, err := db.CompletePayment(ctx, pay.ID, 420, paidAt.Add(time.Hour))
		if err != nil || !again.PaidAt.Equal(paidAt) {
			t.Errorf("replay: %+v, %v", again, err)
		}
		got, err := db.Fees(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		open := map[int64]bool{}
		for _, f := range got {
			open[f.ID] = f.PaidAt.IsZero()
			if !f.PaidAt.IsZero() && f.PaymentID != pay.ID {
				t.Errorf("fee %d paid by payment %d, want %d", f.ID, f.PaymentID, pay.ID)
			}
		}
		if open[fees[0].ID] || open[fees[1].ID] || !open[fees[2].ID] {
			t.Errorf("open fees after payment: %v", open)
		}
		if _, err := db.Payment(ctx, other.ID, pay.ID); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("another's payment: %v, want not found", err)
		}
		r, err := db.Payment(ctx, p.ID, pay.ID)
		if err != nil || len(r.Fees) != 2 || r.Amount != 420 {
			t.Errorf("receipt payment: %+v, %v", r, err)
		}
	})
}
