package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestNoticeRetry checks the back-off of a notice that a mail server or SMS
// gateway did not accept: given back with RetryNotice it is not claimed
// before its retry time, then by exactly one of several nodes claiming at
// once; the outbox shows why it failed; given up it is "failed" for good,
// with the reason, and never "sent".
func TestNoticeRetry(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		accounts(db)
		ctx := context.Background()
		p := newPatron(t, db, "27000000000001", "1234")
		if err := db.RequestPINReset(ctx, p.CardNumber, t0); err != nil {
			t.Fatal(err)
		}
		ns, err := db.ClaimNotices(ctx, 10, t0)
		if err != nil || len(ns) != 1 || ns[0].Attempts != 1 {
			t.Fatalf("first claim = %+v, %v; want one notice on its first attempt", ns, err)
		}
		id := ns[0].ID
		if err := db.RetryNotice(ctx, id, "421 try again later", t0.Add(5*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if ns, err := db.ClaimNotices(ctx, 10, t0.Add(4*time.Minute)); err != nil || len(ns) != 0 {
			t.Errorf("claimed before its retry time: %+v, %v", ns, err)
		}
		out, err := db.RecentNotices(ctx, "", 10)
		if err != nil || len(out) != 1 {
			t.Fatalf("RecentNotices = %+v, %v", out, err)
		}
		if o := out[0]; o.Delivery != library.DeliveryWaiting || !o.Failed || o.Reason != "421 try again later" {
			t.Errorf("outbox row %+v; want waiting, failed with the reason", o)
		}

		// Several nodes at the retry time: one gets it.
		var got atomic.Int32
		var wg sync.WaitGroup
		for range 5 {
			wg.Go(func() {
				ns, err := db.ClaimNotices(ctx, 10, t0.Add(5*time.Minute))
				if err != nil {
					t.Error(err)
				}
				for _, n := range ns {
					if n.Attempts != 2 {
						t.Errorf("second claim: attempts %d, want 2", n.Attempts)
					}
					got.Add(1)
				}
			})
		}
		wg.Wait()
		if got.Load() != 1 {
			t.Fatalf("notice claimed %d times at its retry time, want once", got.Load())
		}

		if err := db.GiveUpNotice(ctx, id, "gateway refused: invalid number"); err != nil {
			t.Fatal(err)
		}
		if ns, err := db.ClaimNotices(ctx, 10, t0.Add(48*time.Hour)); err != nil || len(ns) != 0 {
			t.Errorf("a given-up notice was claimed again: %+v, %v", ns, err)
		}
		mine, err := db.Notices(ctx, p.ID)
		if err != nil || len(mine) != 1 || mine[0].Delivery != library.DeliveryFailed || !mine[0].SentAt.IsZero() {
			t.Errorf("patron's notice = %+v, %v; want failed and not sent", mine, err)
		}
		out, _ = db.RecentNotices(ctx, "", 10)
		if len(out) != 1 || out[0].Delivery != library.DeliveryFailed || out[0].Reason != "gateway refused: invalid number" {
			t.Errorf("outbox row %+v; want failed with the gateway's reason", out)
		}
		// Giving up or finishing a notice that is no longer waiting changes nothing.
		if err := db.FinishNotice(ctx, id, library.DeliverySent, t0.Add(49*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if mine, _ := db.Notices(ctx, p.ID); mine[0].Delivery != library.DeliveryFailed {
			t.Errorf("a failed notice became %q", mine[0].Delivery)
		}
	})
}
