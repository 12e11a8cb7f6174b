package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestPaymentSettledOnce settles one online payment the ways a provider
// answers: the patron's return and the server-to-server callback at the
// same moment, then the callback again, then a cancel that comes late.
// The fees are paid exactly once, by that payment, with one fee_paid
// event, and the payment keeps its first paid time.
func TestPaymentSettledOnce(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		p := newPatron(t, db, "3001", "1234")
		var ids []int64
		for _, amt := range []int64{120, 300} {
			f, err := db.ChargeFeeForTest(ctx, library.Fee{PatronID: p.ID, Kind: library.FeeManual, Amount: amt, Created: now})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, f.ID)
		}
		pay, err := db.StartPayment(ctx, p.ID, ids, now)
		if err != nil {
			t.Fatal(err)
		}

		// Return and callback (and a retried callback) at once.
		var wg sync.WaitGroup
		paid := make(chan time.Time, 4)
		for i := range 4 {
			wg.Go(func() {
				at := now.Add(time.Duration(i+1) * time.Second)
				got, err := db.CompletePayment(ctx, pay.ID, 420, at)
				if err != nil {
					t.Errorf("CompletePayment %d: %v", i, err)
					return
				}
				if got.Status != library.PaymentPaid {
					t.Errorf("CompletePayment %d: status %q", i, got.Status)
				}
				paid <- got.PaidAt
			})
		}
		wg.Wait()
		close(paid)
		var first time.Time
		for at := range paid {
			if first.IsZero() {
				first = at
			} else if !at.Equal(first) {
				t.Errorf("the simultaneous answers saw paid times %v and %v; want one", first, at)
			}
		}

		// The callback again, later, and a late cancel: nothing changes.
		again, err := db.CompletePayment(ctx, pay.ID, 420, now.Add(time.Hour))
		if err != nil || !again.PaidAt.Equal(first) {
			t.Errorf("the callback again: %+v, %v; want paid at %v", again, err, first)
		}
		if err := db.FailPayment(ctx, pay.ID, now.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		// A forged or mistaken amount is refused and changes nothing.
		if _, err := db.CompletePayment(ctx, pay.ID, 1, now.Add(3*time.Hour)); library.ErrorCode(err) != library.EINVALID {
			t.Errorf("wrong amount on a paid payment: %v, want invalid", err)
		}
		if _, err := db.CompletePayment(ctx, pay.ID+1000, 420, now); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("unknown payment: %v, want not found", err)
		}
		if err := db.FailPayment(ctx, pay.ID+1000, now); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("cancelling an unknown payment: %v, want not found", err)
		}
		got, err := db.Payment(ctx, p.ID, pay.ID)
		if err != nil || got.Status != library.PaymentPaid || !got.PaidAt.Equal(first) {
			t.Errorf("payment after all answers: %+v, %v", got, err)
		}
		fees, err := db.Fees(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fees {
			if f.PaidAt.IsZero() || f.PaymentID != pay.ID || !f.PaidAt.Equal(first) {
				t.Errorf("fee %d: paid at %v by %d; want paid once, at %v by %d", f.ID, f.PaidAt, f.PaymentID, first, pay.ID)
			}
		}
		if n, err := db.CountEventsForTest(ctx, "fee_paid"); err != nil || n != 1 {
			t.Errorf("fee_paid events: %d, %v; want 1", n, err)
		}
	})
}
