package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

var tokenNow = time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)

func TestAPITokens(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newPatron(t, db, "3001", "1234")
		b := newPatron(t, db, "3002", "1234")
		tok, err := db.NewAPIToken(ctx, a.ID, " Kirjasto app ", tokenNow)
		if err != nil {
			t.Fatal(err)
		}
		if len(tok.Token) < 40 {
			t.Fatalf("token %q is too short to be unguessable", tok.Token)
		}
		got, err := db.APITokenByValue(ctx, tok.Token, tokenNow.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		want := library.APIToken{ID: tok.ID, PatronID: a.ID, Token: tok.Token, Name: "Kirjasto app",
			Created: tokenNow, LastUsed: tokenNow.Add(time.Hour), ExpiresAt: tokenNow.Add(time.Hour + store.APITokenIdle)}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("APITokenByValue (-want +got):\n%s", diff)
		}
		list, err := db.APITokens(ctx, a.ID, tokenNow.Add(2*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		want.Token = "" // never listed
		if diff := cmp.Diff([]library.APIToken{want}, list); diff != "" {
			t.Errorf("APITokens (-want +got):\n%s", diff)
		}

		for _, tc := range []struct {
			name  string
			token string
			at    time.Time
		}{
			{"empty", "", tokenNow},
			{"unknown", "x" + tok.Token, tokenNow},
			{"idle", tok.Token, tokenNow.Add(time.Hour + store.APITokenIdle + time.Second)},
		} {
			if _, err := db.APITokenByValue(ctx, tc.token, tc.at); library.ErrorCode(err) != library.EUNAUTHORIZED {
				t.Errorf("%s token: %v, want unauthorized", tc.name, err)
			}
		}
		if _, err := db.NewAPIToken(ctx, a.ID, strings.Repeat("x", 101), tokenNow); library.ErrorCode(err) != library.EINVALID {
			t.Errorf("long name: %v, want invalid", err)
		}
		if err := db.RevokeAPIToken(ctx, b.ID, tok.ID); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("other patron's revoke: %v, want not found", err)
		}
		if err := db.RevokeAPIToken(ctx, a.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.APITokenByValue(ctx, tok.Token, tokenNow); library.ErrorCode(err) != library.EUNAUTHORIZED {
			t.Errorf("revoked token: %v, want unauthorized", err)
		}
		if err := db.RevokeAPIToken(ctx, a.ID, tok.ID); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("second revoke: %v, want not found", err)
		}
	})
}

// TestAPITokenLife: a token in use is renewed by its use, up to the hard
// limit; one left unused ends at the idle limit.
func TestAPITokenLife(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newPatron(t, db, "3006", "1234")
		used, err := db.NewAPIToken(ctx, a.ID, "used", tokenNow)
		if err != nil {
			t.Fatal(err)
		}
		idle, err := db.NewAPIToken(ctx, a.ID, "idle", tokenNow)
		if err != nil {
			t.Fatal(err)
		}
		now := tokenNow
		for now.Before(tokenNow.Add(store.APITokenMax - 20*24*time.Hour)) {
			now = now.Add(20 * 24 * time.Hour)
			if _, err := db.APITokenByValue(ctx, used.Token, now); err != nil {
				t.Fatalf("used every 20 days, on day %v: %v", now.Sub(tokenNow).Hours()/24, err)
			}
		}
		if _, err := db.APITokenByValue(ctx, used.Token, tokenNow.Add(store.APITokenMax)); library.ErrorCode(err) != library.EUNAUTHORIZED {
			t.Errorf("used token past the hard limit: %v, want unauthorized", err)
		}
		if _, err := db.APITokenByValue(ctx, idle.Token, tokenNow.Add(store.APITokenIdle)); library.ErrorCode(err) != library.EUNAUTHORIZED {
			t.Errorf("token idle for %v: %v, want unauthorized", store.APITokenIdle, err)
		}
	})
}

// TestSignedOutEverywhere: signing out everywhere, a new PIN and a PIN
// reset each end every session and every API token of the patron, and
// nobody else's.
func TestSignedOutEverywhere(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		accounts(db)
		ctx := context.Background()
		other := newPatron(t, db, "3100", "1234")
		ways := []struct {
			name string
			end  func(t *testing.T, p library.Patron)
		}{
			{"sign out everywhere", func(t *testing.T, p library.Patron) {
				if err := db.EndAllSessions(ctx, p.ID); err != nil {
					t.Fatal(err)
				}
			}},
			{"PIN change", func(t *testing.T, p library.Patron) {
				if err := db.ChangePIN(ctx, p.ID, "1234", "5678", t0); err != nil {
					t.Fatal(err)
				}
			}},
			{"PIN reset", func(t *testing.T, p library.Patron) {
				if err := db.ResetPIN(ctx, resetToken(t, db, p, p.CardNumber, t0), "5678", t0); err != nil {
					t.Fatal(err)
				}
			}},
		}
		for i, w := range ways {
			t.Run(w.name, func(t *testing.T) {
				p := newPatron(t, db, fmt.Sprintf("310%d", i+1), "1234")
				var sessions, tokens []string
				for _, id := range []int64{p.ID, p.ID, other.ID} {
					s, err := db.NewSession(ctx, library.Session{PatronID: id, Created: t0})
					if err != nil {
						t.Fatal(err)
					}
					tok, err := db.NewAPIToken(ctx, id, "app", t0)
					if err != nil {
						t.Fatal(err)
					}
					sessions, tokens = append(sessions, s.Token), append(tokens, tok.Token)
				}
				w.end(t, p)
				var live []bool
				for i := range sessions {
					_, serr := db.SessionByToken(ctx, sessions[i], t0)
					_, terr := db.APITokenByValue(ctx, tokens[i], t0)
					live = append(live, serr == nil, terr == nil)
				}
				// The patron's two sessions and two tokens end; the other
				// patron's session and token live on.
				if diff := cmp.Diff([]bool{false, false, false, false, true, true}, live); diff != "" {
					t.Errorf("session, token live after %s (-want +got):\n%s", w.name, diff)
				}
			})
		}
	})
}

func TestAPITokenOfClosedAccount(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newPatron(t, db, "3003", "1234")
		tok, err := db.NewAPIToken(ctx, a.ID, "app", tokenNow)
		if err != nil {
			t.Fatal(err)
		}
		key, err := db.ResetDueFeedKey(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.CloseAccount(ctx, a.ID, tokenNow); err != nil {
			t.Fatal(err)
		}
		if _, err := db.APITokenByValue(ctx, tok.Token, tokenNow); library.ErrorCode(err) != library.EUNAUTHORIZED {
			t.Errorf("token of closed account: %v, want unauthorized", err)
		}
		if _, err := db.DueFeedPatron(ctx, key); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("feed of closed account: %v, want not found", err)
		}
	})
}

func TestDueFeedKey(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newPatron(t, db, "3004", "1234")
		b := newPatron(t, db, "3005", "1234")
		if _, err := db.DueFeedKey(ctx, a.ID); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("key before any: %v, want not found", err)
		}
		first, err := db.ResetDueFeedKey(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := db.DueFeedKey(ctx, a.ID); err != nil || got != first {
			t.Errorf("DueFeedKey = %q, %v; want %q", got, err, first)
		}
		if id, err := db.DueFeedPatron(ctx, first); err != nil || id != a.ID {
			t.Errorf("DueFeedPatron = %d, %v; want %d", id, err, a.ID)
		}
		second, err := db.ResetDueFeedKey(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if second == first {
			t.Fatal("reset kept the key")
		}
		if _, err := db.DueFeedPatron(ctx, first); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("old key after reset: %v, want not found", err)
		}
		if id, err := db.DueFeedPatron(ctx, second); err != nil || id != a.ID {
			t.Errorf("DueFeedPatron(new) = %d, %v; want %d", id, err, a.ID)
		}
		if _, err := db.DueFeedKey(ctx, b.ID); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("other patron's key: %v, want not found", err)
		}
	})
}
