package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestNoticeSendingUnderClaim is the notice sender's guard across nodes: a
// node sends a notice only while it holds the claim (StartSending), so
// another node cannot claim it until the lease after the send began has
// passed, nor begin sending it; and the one notice a node that died had
// begun sending, and only that one, comes back marked Interrupted, the
// at-least-once boundary of docs/jobs.md.
func TestNoticeSendingUnderClaim(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		accounts(db)
		ctx := context.Background()
		p := newPatron(t, db, "27000000000001", "1234")
		for range 3 {
			if err := db.RequestPINReset(ctx, p.CardNumber, t0); err != nil {
				t.Fatal(err)
			}
		}
		const lease = time.Minute
		ns, err := db.ClaimNoticesAs(ctx, "a", lease, 10, t0)
		if err != nil || len(ns) != 3 {
			t.Fatalf("node a claims: %d notices, %v; want 3", len(ns), err)
		}
		begun := ns[1].ID
		start := func(node string, at time.Time) bool {
			t.Helper()
			ok, err := db.StartSending(ctx, begun, node, lease, at)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !start("a", t0.Add(30*time.Second)) {
			t.Fatal("node a may not send a notice it holds")
		}
		if start("b", t0.Add(30*time.Second)) {
			t.Error("node b began sending a notice node a holds")
		}
		// Node a dies. At t0+61s the two it never began are node b's; the
		// one it began is still a's, its claim renewed when sending began.
		ns, err = db.ClaimNoticesAs(ctx, "b", lease, 10, t0.Add(61*time.Second))
		if err != nil || len(ns) != 2 {
			t.Fatalf("node b after a's first lease: %d notices, %v; want the 2 not begun", len(ns), err)
		}
		for _, n := range ns {
			if n.ID == begun || n.Interrupted {
				t.Errorf("notice %d claimed by b (interrupted %v): want only those a never began", n.ID, n.Interrupted)
			}
		}
		if start("a", t0.Add(91*time.Second)) {
			t.Error("node a began sending again after its lease had passed")
		}
		ns, err = db.ClaimNoticesAs(ctx, "b", lease, 10, t0.Add(92*time.Second))
		if err != nil || len(ns) != 1 || ns[0].ID != begun || !ns[0].Interrupted {
			t.Fatalf("node b once the begun notice's lease passed: %+v, %v; want notice %d, interrupted", ns, err, begun)
		}
		if !start("b", t0.Add(93*time.Second)) {
			t.Error("node b may not send the notice it took over")
		}
	})
}
