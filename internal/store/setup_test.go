package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

var helmet = library.Text{"fi": "Helmet-kirjastot", "sv": "Helmet-biblioteken", "en": "Helmet Libraries"}

func TestInitConsortium(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, tc := range []struct {
			name library.Text
			key  string
		}{
			{library.Text{"sv": "Helmet", "en": "Helmet"}, "error.setup_consortium_name"},
			{library.Text{"fi": "  "}, "error.setup_consortium_name"},
			{library.Text{"fi": "Helmet", "xx": "Helmet"}, "error.lang"},
			{library.Text{"fi": "Helmet", "sv": ""}, "error.setup_consortium_name"},
		} {
			if _, err := db.InitConsortium(ctx, tc.name, t0, time.Hour); errKey(err) != tc.key {
				t.Errorf("InitConsortium(%v): %v, want %s", tc.name, err, tc.key)
			}
		}
		if has, err := db.HasConsortium(ctx); err != nil || has {
			t.Fatalf("HasConsortium after refusals = %v, %v; want false", has, err)
		}
		st, err := db.InitConsortium(ctx, helmet, t0, 24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if len(st.Token) != 43 || !st.Expires.Equal(t0.Add(24*time.Hour)) {
			t.Errorf("setup token %+v: want 43 characters, expiring 24 h after %v", st, t0)
		}
		if has, err := db.HasConsortium(ctx); err != nil || !has {
			t.Errorf("HasConsortium after init = %v, %v; want true", has, err)
		}
		// A second init is refused and changes nothing.
		if _, err := db.InitConsortium(ctx, library.Text{"fi": "Toinen"}, t0, time.Hour); errKey(err) != "error.setup_consortium_exists" {
			t.Errorf("second InitConsortium: %v, want error.setup_consortium_exists", err)
		}
		c, err := db.Consortium(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(helmet, c.Name); diff != "" {
			t.Errorf("consortium name after a refused second init (-want +got):\n%s", diff)
		}
	})
}

// TestInitConsortiumRefusesDemo: a database whose consortium was stored
// with PutConsortium (the demo, an older version) counts as set up.
func TestInitConsortiumRefusesDemo(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		err := db.PutConsortium(ctx, library.Consortium{Libraries: []library.Library{{ID: "espoo", Name: library.Text{"fi": "Espoo"}}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.InitConsortium(ctx, helmet, t0, time.Hour); errKey(err) != "error.setup_consortium_exists" {
			t.Errorf("InitConsortium on a database with a library: %v, want error.setup_consortium_exists", err)
		}
	})
}

// TestRaceInitConsortium runs kirjasto init's store side eight times at
// once: one consortium is created, the others are refused.
func TestRaceInitConsortium(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		errs := parallel(8, func(i int) error {
			_, err := db.InitConsortium(ctx, library.Text{"fi": fmt.Sprint("Kimppa ", i)}, t0, time.Hour)
			return err
		})
		got := tally(t, errs)
		if got[""] != 1 || got["error.setup_consortium_exists"] != 7 {
			t.Fatalf("8 inits at once: %v; want 1 success and 7 error.setup_consortium_exists", got)
		}
		c, err := db.Consortium(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for i, err := range errs {
			if want := fmt.Sprint("Kimppa ", i); err == nil && c.Name["fi"] != want {
				t.Errorf("consortium is called %q, want the winner's %q", c.Name["fi"], want)
			}
		}
	})
}

func TestClaimSetupToken(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		accounts(db)
		ctx := context.Background()
		st, err := db.InitConsortium(ctx, helmet, t0, 24*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		const password = "correct horse battery"
		// Refused accounts create nobody and leave the token usable.
		for _, tc := range []struct{ username, name, password, key string }{
			{"", "Aino", password, "error.setup_username_invalid"},
			{"aino virtanen", "Aino", password, "error.setup_username_invalid"},
			{"aino", " ", password, "error.setup_name_required"},
			{"aino", "Aino", "short pass", "error.setup_password_short"},
			{"aino", "Aino", "ääääääääääö", "error.setup_password_short"}, // 11 letters, 22 bytes
		} {
			_, err := db.ClaimSetupToken(ctx, st.Token, tc.username, tc.name, tc.password, t0)
			if errKey(err) != tc.key {
				t.Errorf("claim as %q %q with %q: %v, want %s", tc.username, tc.name, tc.password, err, tc.key)
			}
		}
		if err := db.CheckSetupToken(ctx, st.Token, t0.Add(time.Hour)); err != nil {
			t.Fatalf("token after refused claims: %v", err)
		}
		if _, err := db.CreateStaff(ctx, library.Staff{Username: "taken", Name: "Taken", Role: library.RoleAdmin}, "long enough password"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ClaimSetupToken(ctx, st.Token, "Taken", "Aino", password, t0); errKey(err) != "error.setup_username_taken" {
			t.Errorf("claim with a taken username: %v, want error.setup_username_taken", err)
		}

		admin, err := db.ClaimSetupToken(ctx, st.Token, " Aino.Virtanen ", "Aino Virtanen", password, t0.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		want := library.Staff{ID: admin.ID, Username: "aino.virtanen", Name: "Aino Virtanen", Role: library.RoleAdmin, Created: t0.Add(time.Hour)}
		if diff := cmp.Diff(want, admin); diff != "" {
			t.Errorf("claimed admin (-want +got):\n%s", diff)
		}
		signedIn, err := db.AuthenticateStaff(ctx, "aino.virtanen", password, t0.Add(2*time.Hour))
		if err != nil {
			t.Fatalf("the new administrator cannot sign in: %v", err)
		}
		if diff := cmp.Diff(want, signedIn); diff != "" {
			t.Errorf("signed-in admin (-want +got):\n%s", diff)
		}
		// Used once, never again.
		if err := db.CheckSetupToken(ctx, st.Token, t0.Add(2*time.Hour)); errKey(err) != "error.setup_link_used" {
			t.Errorf("check of a used token: %v, want error.setup_link_used", err)
		}
		if _, err := db.ClaimSetupToken(ctx, st.Token, "second", "Second", password, t0.Add(2*time.Hour)); errKey(err) != "error.setup_link_used" {
			t.Errorf("second claim: %v, want error.setup_link_used", err)
		}
		if _, err := db.AuthenticateStaff(ctx, "second", password, t0.Add(2*time.Hour)); err == nil {
			t.Error("a used token created a second administrator")
		}

		// Expired and unknown tokens.
		late, err := db.CreateSetupToken(ctx, t0, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ClaimSetupToken(ctx, late.Token, "late", "Late", password, t0.Add(time.Hour)); errKey(err) != "error.setup_link_expired" {
			t.Errorf("claim at expiry: %v, want error.setup_link_expired", err)
		}
		if _, err := db.ClaimSetupToken(ctx, "no-such-token", "nobody", "Nobody", password, t0); errKey(err) != "error.setup_link_unknown" {
			t.Errorf("claim of an unknown token: %v, want error.setup_link_unknown", err)
		}
		if _, err := db.ClaimSetupToken(ctx, late.Token, "early", "Early", password, t0.Add(59*time.Minute)); err != nil {
			t.Errorf("claim a minute before expiry: %v", err)
		}
	})
}

// TestRaceClaimSetupToken claims one token eight times at once, each with
// a username of its own: exactly one administrator is created.
func TestRaceClaimSetupToken(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		accounts(db)
		ctx := context.Background()
		st, err := db.InitConsortium(ctx, helmet, t0, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		const password = "correct horse battery"
		errs := parallel(8, func(i int) error {
			_, err := db.ClaimSetupToken(ctx, st.Token, fmt.Sprint("admin", i), "Admin", password, t0)
			return err
		})
		if got := tally(t, errs); got[""] != 1 || got["error.setup_link_used"] != 7 {
			t.Errorf("8 claims of one token: %v; want 1 success and 7 error.setup_link_used", got)
		}
		admins := 0
		for i := range 8 {
			if _, err := db.AuthenticateStaff(ctx, fmt.Sprint("admin", i), password, t0); err == nil {
				admins++
			}
		}
		if admins != 1 {
			t.Errorf("%d administrators can sign in, want 1", admins)
		}
	})
}
