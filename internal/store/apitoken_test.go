package store_test

import (
	"context"
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
			Created: tokenNow, LastUsed: tokenNow.Add(time.Hour), ExpiresAt: tokenNow.Add(store.APITokenMax)}
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
			{"expired", tok.Token, tokenNow.Add(store.APITokenMax + time.Second)},
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
