package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/auth/authtest"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// burstSize is how many guesses arrive at once: more than the limit many
// times over, as from many addresses or SIP2 connections.
const burstSize = 30

// watched gives db a hasher whose checks the returned gate counts.
func watched(db *store.DB) *authtest.Gate {
	h := auth.NewHasher([]byte("test pepper"), auth.TestParams)
	db.SetAccountConfig(store.AccountConfig{Hasher: h})
	return authtest.Watch(h)
}

// outcome is the error key of an attempt, "ok" for a success.
func outcome(err error) string {
	if err == nil {
		return "ok"
	}
	return library.ErrorKey(err)
}

// TestLockoutConcurrent sends 30 guesses at once, the right one among
// them, through every check of a secret: at most five are ever checked;
// once the card (account) is locked, the right secret is refused until the
// lock ends, and the message tells the minutes left.
func TestLockoutConcurrent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		g := watched(db)
		const pin, password = "1234", "right password"
		if err := db.PutConsortium(ctx, library.Consortium{Libraries: []library.Library{{ID: "helsinki"}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateStaff(ctx, library.Staff{Username: "desk", Name: "Desk", Library: "helsinki"}, password); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateKiosk(ctx, library.Kiosk{Login: "kiosk"}, password); err != nil {
			t.Fatal(err)
		}
		channels := []struct {
			name, right, lockKey string
			try                  func(p library.Patron, secret string, now time.Time) error
		}{
			{"sign-in", pin, "error.card_locked", func(p library.Patron, secret string, now time.Time) error {
				_, err := db.Authenticate(ctx, p.CardNumber, secret, now)
				return err
			}},
			{"PIN change", pin, "error.card_locked", func(p library.Patron, secret string, now time.Time) error {
				// The same new PIN as the old, so a success changes nothing.
				return db.ChangePIN(ctx, p.ID, secret, pin, now)
			}},
			{"staff", password, "error.account_locked", func(_ library.Patron, secret string, now time.Time) error {
				_, err := db.AuthenticateStaff(ctx, "desk", secret, now)
				return err
			}},
			{"kiosk", password, "error.account_locked", func(_ library.Patron, secret string, now time.Time) error {
				_, err := db.AuthenticateKiosk(ctx, "kiosk", secret, now)
				return err
			}},
		}
		for i, ch := range channels {
			t.Run(ch.name, func(t *testing.T) {
				p := newPatron(t, db, "2700000000010"+string(rune('0'+i)), pin)
				now := t0.Add(time.Duration(i) * time.Hour) // a lock of one channel ends before the next
				try := func(secret string) string { return outcome(ch.try(p, secret, now)) }
				g.LockWithBurst(t, burstSize, ch.right, try, "ok", "error.signin_failed", "error.pin_wrong", ch.lockKey, "error.signin_busy")
				// Five wrong secrets lock; the right one is refused until the
				// lock ends, 15 minutes after the fifth failure.
				err := ch.try(p, ch.right, now.Add(10*time.Minute+time.Second))
				if outcome(err) != ch.lockKey || library.ErrorCode(err) != library.EFORBIDDEN || library.ErrorCount(err) != 5 {
					t.Errorf("right secret 10 min into the lock: %v (count %d), want %s with 5 minutes left",
						err, library.ErrorCount(err), ch.lockKey)
				}
				if g.Checked(ch.right) != 0 {
					t.Errorf("the right secret was checked during the lock")
				}
				if err := ch.try(p, ch.right, now.Add(15*time.Minute+time.Second)); err != nil {
					t.Errorf("right secret after the lock: %v", err)
				}
			})
		}
	})
}

// TestSignInRacingReset resets the PIN while a sign-in with the old one is
// being checked: the old PIN must not sign in after the reset, which ends
// every session on the promise that whoever knew it is out.
func TestSignInRacingReset(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		h := auth.NewHasher([]byte("test pepper"), auth.TestParams)
		db.SetAccountConfig(store.AccountConfig{Hasher: h})
		p := newPatron(t, db, "27000000000201", "1234")
		token := resetToken(t, db, p, p.CardNumber, t0)
		reset := false
		h.Observe(func(secret string) {
			if !reset { // while the old PIN is being checked
				reset = true
				if err := db.ResetPIN(ctx, token, "5678", t0); err != nil {
					t.Error(err)
				}
			}
		})
		if _, err := db.Authenticate(ctx, p.CardNumber, "1234", t0); library.ErrorCode(err) != library.EUNAUTHORIZED {
			t.Errorf("old PIN checked across a reset: %v, want unauthorized", err)
		}
		if _, err := db.Authenticate(ctx, p.CardNumber, "5678", t0); err != nil {
			t.Errorf("new PIN: %v", err)
		}
	})
}
