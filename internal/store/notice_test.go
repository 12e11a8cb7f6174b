package store_test

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// resetToken asks for a PIN reset and returns the token from the notice.
func resetToken(t *testing.T, db *store.DB, p library.Patron, who string, now time.Time) string {
	t.Helper()
	ctx := context.Background()
	if err := db.RequestPINReset(ctx, who, now); err != nil {
		t.Fatal(err)
	}
	ns, err := db.Notices(ctx, p.ID)
	if err != nil || len(ns) == 0 {
		t.Fatalf("Notices after reset request: %v, %v", ns, err)
	}
	n := ns[0]
	if n.Kind != library.NoticePINReset || n.Channel != library.ChannelEmail {
		t.Fatalf("notice %+v, want an e-mailed pin_reset", n)
	}
	tok, ok := strings.CutPrefix(n.Params["link"], "/pin/reset/")
	if !ok {
		t.Fatalf("link %q", n.Params["link"])
	}
	return tok
}

func TestPINReset(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		accounts(db)
		ctx := context.Background()
		p := newPatron(t, db, "27000000000001", "1234")
		s, _ := db.NewSession(ctx, library.Session{PatronID: p.ID, Created: t0})

		// Unknown cards and addresses: no error, no notice.
		for _, who := range []string{"27009999999999", "nobody@example.fi", ""} {
			if err := db.RequestPINReset(ctx, who, t0); err != nil {
				t.Errorf("RequestPINReset(%q): %v", who, err)
			}
		}
		if ns, _ := db.RecentNotices(ctx, "", 10); len(ns) != 0 {
			t.Errorf("notices for unknown patrons: %+v", ns)
		}

		tok := resetToken(t, db, p, "AINO@example.fi", t0)
		if err := db.CheckResetToken(ctx, tok, t0); err != nil {
			t.Errorf("CheckResetToken: %v", err)
		}
		if k := errKey(db.ResetPIN(ctx, tok, "12", t0)); k != "error.pin_format" {
			t.Errorf("reset to a bad PIN: key %q", k)
		}
		if err := db.ResetPIN(ctx, tok, "9876", t0.Add(time.Minute)); err != nil {
			t.Fatalf("ResetPIN: %v", err)
		}
		if k := errKey(db.ResetPIN(ctx, tok, "5555", t0.Add(2*time.Minute))); k != "error.reset_invalid" {
			t.Errorf("second use of a token: key %q, want error.reset_invalid", k)
		}
		if _, err := db.Authenticate(ctx, p.CardNumber, "9876", t0.Add(3*time.Minute)); err != nil {
			t.Errorf("sign in with reset PIN: %v", err)
		}
		if _, err := db.SessionByToken(ctx, s.Token, t0.Add(3*time.Minute)); err == nil {
			t.Errorf("session from before the reset still live")
		}

		old := resetToken(t, db, p, p.CardNumber, t0)
		if k := errKey(db.ResetPIN(ctx, old, "5555", t0.Add(time.Hour+time.Second))); k != "error.reset_invalid" {
			t.Errorf("token after an hour: key %q, want error.reset_invalid", k)
		}
		if k := errKey(db.ResetPIN(ctx, "made-up", "5555", t0)); k != "error.reset_invalid" {
			t.Errorf("unknown token: key %q", k)
		}
	})
}

func TestResetUnlocksCard(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		accounts(db)
		ctx := context.Background()
		p := newPatron(t, db, "27000000000001", "1234")
		for range 5 {
			db.Authenticate(ctx, p.CardNumber, "0000", t0)
		}
		tok := resetToken(t, db, p, p.CardNumber, t0)
		if err := db.ResetPIN(ctx, tok, "2468", t0); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Authenticate(ctx, p.CardNumber, "2468", t0); err != nil {
			t.Errorf("sign in after reset of a locked card: %v", err)
		}
	})
}

func TestNoticesReadAndSent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		accounts(db)
		ctx := context.Background()
		p := newPatron(t, db, "27000000000001", "1234")
		resetToken(t, db, p, p.CardNumber, t0)
		pending, err := db.PendingNotices(ctx, 10)
		if err != nil || len(pending) != 1 {
			t.Fatalf("PendingNotices = %v, %v", pending, err)
		}
		if err := db.FinishNotice(ctx, pending[0].ID, library.DeliverySent, t0.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkNoticesRead(ctx, p.ID, t0.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		ns, err := db.Notices(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []library.Notice{{
			ID: pending[0].ID, PatronID: p.ID, Kind: library.NoticePINReset, Params: pending[0].Params,
			Channel: library.ChannelEmail, Created: t0, Delivery: library.DeliverySent, SentAt: t0.Add(time.Second), ReadAt: t0.Add(time.Minute),
		}}
		if diff := cmp.Diff(want, ns); diff != "" {
			t.Errorf("Notices (-want +got):\n%s", diff)
		}
		if pending, _ := db.PendingNotices(ctx, 10); len(pending) != 0 {
			t.Errorf("still pending after sent: %+v", pending)
		}
	})
}

// TestClaimOnce has several senders claim the same notices at once, as
// several nodes do: every notice is claimed exactly once.
func TestClaimOnce(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		accounts(db)
		ctx := context.Background()
		p := newPatron(t, db, "27000000000001", "1234")
		const notices = 60
		for range notices {
			if err := db.RequestPINReset(ctx, p.CardNumber, t0); err != nil {
				t.Fatal(err)
			}
		}
		var mu sync.Mutex
		claims := make(map[int64]int)
		var wg sync.WaitGroup
		for range 6 {
			wg.Go(func() {
				for {
					ns, err := db.ClaimNotices(ctx, 7, t0.Add(time.Minute))
					if err != nil {
						t.Error(err)
						return
					}
					if len(ns) == 0 {
						return
					}
					mu.Lock()
					for _, n := range ns {
						claims[n.ID]++
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if len(claims) != notices {
			t.Errorf("%d notices claimed, want %d", len(claims), notices)
		}
		for id, n := range claims {
			if n != 1 {
				t.Errorf("notice %d claimed %d times", id, n)
			}
		}
		// A claim that was never finished is taken again after the timeout.
		again, err := db.ClaimNotices(ctx, notices, t0.Add(time.Hour))
		if err != nil || len(again) != notices {
			t.Errorf("reclaim after timeout: %d notices, %v; want %d", len(again), err, notices)
		}
	})
}

// TestNoticeDelivery checks that a notice is "sent" only when the sender
// says a mail server took it: an account-only notice is settled as such at
// once, and a notice that could not be sent says why and has no sent time.
func TestNoticeDelivery(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		accounts(db)
		ctx := context.Background()
		withMail := newPatron(t, db, "27000000000001", "1234")
		noMail, err := db.CreatePatron(ctx, library.Patron{CardNumber: "27000000000002", Name: "Korhonen, Mikko",
			HomeLibrary: "espoo", Created: t0}, "1234")
		if err != nil {
			t.Fatal(err)
		}
		for _, card := range []string{withMail.CardNumber, noMail.CardNumber} {
			if err := db.RequestPINReset(ctx, card, t0); err != nil {
				t.Fatal(err)
			}
		}
		pending, err := db.PendingNotices(ctx, 10)
		if err != nil || len(pending) != 1 || pending[0].PatronID != withMail.ID || pending[0].Delivery != library.DeliveryWaiting {
			t.Fatalf("pending = %+v, %v; want only the e-mail notice, waiting", pending, err)
		}
		if err := db.FinishNotice(ctx, pending[0].ID, library.DeliveryWaiting, t0); err == nil {
			t.Error("FinishNotice accepted waiting as an outcome")
		}
		if err := db.FinishNotice(ctx, pending[0].ID, library.DeliveryNoMailServer, t0.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			p    library.Patron
			want string
		}{{withMail, library.DeliveryNoMailServer}, {noMail, library.DeliveryAccountOnly}} {
			ns, err := db.Notices(ctx, tt.p.ID)
			if err != nil || len(ns) != 1 {
				t.Fatalf("notices of %s: %+v, %v", tt.p.Name, ns, err)
			}
			if ns[0].Delivery != tt.want || !ns[0].SentAt.IsZero() {
				t.Errorf("%s: delivery %q sent at %v; want %q and no sent time", tt.p.Name, ns[0].Delivery, ns[0].SentAt, tt.want)
			}
		}

		// The outbox of a library lists its own patrons' notices, by name.
		for _, tt := range []struct {
			library string
			want    []string
		}{{"", []string{"Korhonen, Mikko", "Virtanen, Aino"}}, {"espoo", []string{"Korhonen, Mikko"}}, {"vantaa", nil}} {
			ns, err := db.RecentNotices(ctx, tt.library, 10)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, n := range ns {
				names = append(names, n.PatronName)
			}
			slices.Sort(names)
			if diff := cmp.Diff(tt.want, names); diff != "" {
				t.Errorf("outbox of %q (-want +got):\n%s", tt.library, diff)
			}
		}
	})
}
