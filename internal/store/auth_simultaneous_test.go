package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/auth/authtest"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestSimultaneousRightLogins is issue 19's SIP2 kiosk that opens 16
// connections at once, half of them through a second node (a second
// handle on the database), all with its right password: every login
// succeeds, however many more than the lockout's five are in flight. Wrong
// passwords still count: five lock the account, and the right one is then
// refused.
func TestSimultaneousRightLogins(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const password = "right password"
		h := auth.NewHasher([]byte("test pepper"), auth.TestParams)
		// Each check takes a while, as argon2 does at production cost, so
		// that the logins are all in flight at once.
		h.Observe(func(string) { time.Sleep(100 * time.Millisecond) })
		db.SetAccountConfig(store.AccountConfig{Hasher: h})
		other, err := store.Open(ctx, db.DSN(), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		other.SetAccountConfig(store.AccountConfig{Hasher: h})
		if _, err := db.CreateKiosk(ctx, library.Kiosk{Login: "kiosk"}, password); err != nil {
			t.Fatal(err)
		}

		nodes := []*store.DB{db, other}
		outcomes := make([]string, 16)
		var wg sync.WaitGroup
		for i := range outcomes {
			wg.Go(func() {
				_, err := nodes[i%2].AuthenticateKiosk(ctx, "kiosk", password, t0)
				outcomes[i] = outcome(err)
			})
		}
		wg.Wait()
		for i, o := range outcomes {
			if o != "ok" {
				t.Errorf("login %d of 16 at once: %s, want ok", i+1, o)
			}
		}

		// Wrong passwords, five at once, still lock the account.
		wrong := authtest.Wrong(5, password)
		for i, w := range wrong {
			wg.Go(func() { outcomes[i] = outcome(errOf(nodes[i%2].AuthenticateKiosk(ctx, "kiosk", w, t0))) })
		}
		wg.Wait()
		if _, err := db.AuthenticateKiosk(ctx, "kiosk", password, t0.Add(time.Minute)); library.ErrorKey(err) != "error.account_locked" {
			t.Errorf("right password after five wrong ones at once (%v): %v, want error.account_locked", outcomes[:5], err)
		}
	})
}

func errOf(_ library.Kiosk, err error) error { return err }

// TestSimultaneousLoginsRehash is the same kiosk's 16 logins at once on
// two nodes the first time after an upgrade that changed the hashing
// parameters: each node stores a new hash of the password, and the node
// whose new hash comes second finds the hash it checked replaced. That is
// a rehash of the same password, not a reset: its logins succeed too, and
// no failure is counted.
func TestSimultaneousLoginsRehash(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		const password = "right password"
		pepper := []byte("test pepper")
		db.SetAccountConfig(store.AccountConfig{Hasher: auth.NewHasher(pepper, auth.Params{Time: 1, MemoryKiB: 32, Threads: 1})})
		if _, err := db.CreateKiosk(ctx, library.Kiosk{Login: "kiosk"}, password); err != nil {
			t.Fatal(err)
		}
		other, err := store.Open(ctx, db.DSN(), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		// Today's parameters, on both nodes, with a check slow enough
		// that both nodes' logins are in flight at once.
		h := auth.NewHasher(pepper, auth.TestParams)
		h.Observe(func(string) { time.Sleep(100 * time.Millisecond) })
		db.SetAccountConfig(store.AccountConfig{Hasher: h})
		other.SetAccountConfig(store.AccountConfig{Hasher: h})

		nodes := []*store.DB{db, other}
		outcomes := make([]string, 16)
		var wg sync.WaitGroup
		for i := range outcomes {
			wg.Go(func() { outcomes[i] = outcome(errOf(nodes[i%2].AuthenticateKiosk(ctx, "kiosk", password, t0))) })
		}
		wg.Wait()
		for i, o := range outcomes {
			if o != "ok" {
				t.Errorf("login %d of 16 at once across a rehash: %s, want ok", i+1, o)
			}
		}
		// No failure was counted: four wrong passwords and the right one
		// still get in.
		for _, w := range authtest.Wrong(4, password) {
			db.AuthenticateKiosk(ctx, "kiosk", w, t0)
		}
		if _, err := db.AuthenticateKiosk(ctx, "kiosk", password, t0); err != nil {
			t.Errorf("right password after four wrong ones: %v", err)
		}
	})
}
