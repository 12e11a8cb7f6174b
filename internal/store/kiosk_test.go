package store_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

func TestKiosks(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		newCircFixture(t, db)
		k, err := db.CreateKiosk(ctx, library.Kiosk{Login: " Sello-1 ", Name: "Sello 1", Branch: "esp-sello"}, "kiosk-secret")
		if err != nil {
			t.Fatal(err)
		}
		if k.Login != "sello-1" {
			t.Errorf("login %q, want it trimmed and lowercased", k.Login)
		}
		for _, tc := range []struct {
			name     string
			k        library.Kiosk
			password string
			wantCode string
		}{
			{"taken", library.Kiosk{Login: "sello-1"}, "kiosk-secret", library.ECONFLICT},
			{"short password", library.Kiosk{Login: "sello-2"}, "short", library.EINVALID},
			{"no login", library.Kiosk{}, "kiosk-secret", library.EINVALID},
			{"pipe in login", library.Kiosk{Login: "a|b"}, "kiosk-secret", library.EINVALID},
			{"unknown branch", library.Kiosk{Login: "sello-3", Branch: "nowhere"}, "kiosk-secret", library.ENOTFOUND},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := db.CreateKiosk(ctx, tc.k, tc.password)
				if got := library.ErrorCode(err); got != tc.wantCode {
					t.Errorf("CreateKiosk: %v, want code %s", err, tc.wantCode)
				}
			})
		}

		got, err := db.AuthenticateKiosk(ctx, "SELLO-1", "kiosk-secret", circNow)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(k, got); diff != "" {
			t.Errorf("AuthenticateKiosk (-created +authenticated):\n%s", diff)
		}
		for _, bad := range [][2]string{{"sello-1", "wrong-secret"}, {"nobody", "kiosk-secret"}} {
			if _, err := db.AuthenticateKiosk(ctx, bad[0], bad[1], circNow); library.ErrorCode(err) != library.EUNAUTHORIZED {
				t.Errorf("AuthenticateKiosk(%q, %q): %v, want unauthorized", bad[0], bad[1], err)
			}
		}
		if err := db.DisableKiosk(ctx, "sello-1", circNow); err != nil {
			t.Fatal(err)
		}
		if _, err := db.AuthenticateKiosk(ctx, "sello-1", "kiosk-secret", circNow); library.ErrorCode(err) != library.EUNAUTHORIZED {
			t.Errorf("disabled kiosk logged in: %v", err)
		}
		if err := db.DisableKiosk(ctx, "sello-1", circNow); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("disabling twice: %v, want not found", err)
		}
	})
}

// TestKioskBlocks checks that a kiosk lifts only the blocks kiosks set.
func TestKioskBlocks(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		f.title(library.Book, copyAt{barcode: "B1", home: "esp-sello"})
		kiosk := library.Actor{Kiosk: "sello-1", Branch: "esp-sello"}

		p := f.patron("Kiosk, Kaisa", library.CategoryAdult, false)
		if err := db.BlockCard(ctx, p.ID, "card retained", kiosk, circNow); err != nil {
			t.Fatal(err)
		}
		_, err := db.Checkout(ctx, p.ID, "B1", kiosk, circNow)
		wantKey(t, err, "error.patron_blocked")
		got, err := db.EnableCard(ctx, p.ID, kiosk, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if got.BlockReason != "" {
			t.Errorf("after EnableCard: block %q, want none", got.BlockReason)
		}
		if _, err := db.Checkout(ctx, p.ID, "B1", kiosk, circNow); err != nil {
			t.Errorf("checkout after EnableCard: %v", err)
		}

		q := f.patron("Staff, Blocked", library.CategoryAdult, false)
		if err := store.ExecForTest(db, `UPDATE patrons SET block_reason = 'lost card' WHERE id = $1`, q.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.BlockCard(ctx, q.ID, "kiosk kept it", kiosk, circNow); err != nil {
			t.Fatal(err)
		}
		got, err = db.EnableCard(ctx, q.ID, kiosk, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if got.BlockReason != "lost card" {
			t.Errorf("a kiosk changed staff's block to %q", got.BlockReason)
		}
		if _, err := db.EnableCard(ctx, 999999, kiosk, circNow); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("EnableCard of no patron: %v", err)
		}
	})
}
