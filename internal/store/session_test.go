package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

func TestSessions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		accounts(db) // 12 h at most, 30 min idle
		ctx := context.Background()
		p := newPatron(t, db, "27000000000001", "1234")
		s, err := db.NewSession(ctx, library.Session{PatronID: p.ID, Created: t0})
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Token) != 43 {
			t.Errorf("token %q: want 43 base64url characters (32 bytes)", s.Token)
		}
		want := library.Session{Token: s.Token, PatronID: p.ID, Created: t0, ExpiresAt: t0.Add(12 * time.Hour)}
		got, err := db.SessionByToken(ctx, s.Token, t0.Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("SessionByToken (-want +got):\n%s", diff)
		}
		// Kept alive by use every 20 minutes until the absolute limit.
		now := t0
		for now.Before(t0.Add(11 * time.Hour)) {
			now = now.Add(20 * time.Minute)
			if _, err := db.SessionByToken(ctx, s.Token, now); err != nil {
				t.Fatalf("in use at %v: %v", now.Sub(t0), err)
			}
		}
		if _, err := db.SessionByToken(ctx, s.Token, t0.Add(12*time.Hour)); library.ErrorCode(err) != library.EUNAUTHORIZED {
			t.Errorf("after 12 hours: %v, want unauthorized", err)
		}
	})
}

func TestSessionIdle(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		accounts(db)
		ctx := context.Background()
		p := newPatron(t, db, "27000000000001", "1234")
		s, err := db.NewSession(ctx, library.Session{PatronID: p.ID, Created: t0})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionByToken(ctx, s.Token, t0.Add(29*time.Minute)); err != nil {
			t.Errorf("29 minutes idle: %v", err)
		}
		if _, err := db.SessionByToken(ctx, s.Token, t0.Add(60*time.Minute)); library.ErrorCode(err) != library.EUNAUTHORIZED {
			t.Errorf("31 minutes idle: %v, want unauthorized", err)
		}
		for _, tok := range []string{"", "nonsense", s.Token + "x"} {
			if _, err := db.SessionByToken(ctx, tok, t0); library.ErrorCode(err) != library.EUNAUTHORIZED {
				t.Errorf("token %q: %v, want unauthorized", tok, err)
			}
		}
	})
}

func TestEndSessions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		accounts(db)
		ctx := context.Background()
		p := newPatron(t, db, "27000000000001", "1234")
		other := newPatron(t, db, "27000000000002", "1234")
		start := func(id int64) string {
			s, err := db.NewSession(ctx, library.Session{PatronID: id, Created: t0})
			if err != nil {
				t.Fatal(err)
			}
			return s.Token
		}
		a, b, c, d := start(p.ID), start(p.ID), start(p.ID), start(other.ID)
		live := func() []bool {
			var out []bool
			for _, tok := range []string{a, b, c, d} {
				_, err := db.SessionByToken(ctx, tok, t0)
				out = append(out, err == nil)
			}
			return out
		}
		if err := db.EndSession(ctx, a); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]bool{false, true, true, true}, live()); diff != "" {
			t.Errorf("after EndSession (-want +got):\n%s", diff)
		}
		if err := db.EndAllSessions(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]bool{false, false, false, true}, live()); diff != "" {
			t.Errorf("after EndAllSessions (-want +got):\n%s", diff)
		}
		if _, err := db.NewSession(ctx, library.Session{}); library.ErrorCode(err) != library.EINVALID {
			t.Errorf("session for nobody: %v, want invalid", err)
		}
	})
}
