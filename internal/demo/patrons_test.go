package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

func TestPatronsDeterministic(t *testing.T) {
	a, as := demo.Patrons(7)
	b, bs := demo.Patrons(7)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("same seed, different patrons (-first +second):\n%s", diff)
	}
	if diff := cmp.Diff(as, bs); diff != "" {
		t.Errorf("same seed, different staff (-first +second):\n%s", diff)
	}
	c, _ := demo.Patrons(8)
	if a[0].CardNumber == c[0].CardNumber {
		t.Errorf("seeds 7 and 8 give the same first card %s", a[0].CardNumber)
	}
	cards := make(map[string]bool)
	cities, langs := make(map[string]bool), make(map[string]bool)
	for _, p := range a {
		if len(p.CardNumber) != 14 || !strings.HasPrefix(p.CardNumber, "2700") {
			t.Errorf("card %q: want 14 digits starting 2700", p.CardNumber)
		}
		if len(p.PIN) != 4 {
			t.Errorf("PIN %q: want 4 digits", p.PIN)
		}
		cards[p.CardNumber] = true
		cities[p.HomeLibrary], langs[p.Lang] = true, true
	}
	if len(cards) != len(a) {
		t.Errorf("%d distinct cards for %d patrons", len(cards), len(a))
	}
	if len(cities) != 4 || len(langs) != 4 {
		t.Errorf("home libraries %v, languages %v: want all four of each", cities, langs)
	}
}

func TestBuildPatrons(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		db.SetAccountConfig(store.AccountConfig{Hasher: auth.NewHasher(nil, auth.TestParams)})
		ctx := context.Background()
		// Staff accounts work at branches the consortium must have.
		if err := db.PutConsortium(ctx, demo.Consortium(2026)); err != nil {
			t.Fatal(err)
		}
		ps, ss, err := demo.BuildPatrons(ctx, db, 1)
		if err != nil {
			t.Fatal(err)
		}
		var child, guardian, blocked, history int
		for _, p := range ps {
			got, err := db.Authenticate(ctx, p.CardNumber, p.PIN, time.Now())
			if err != nil {
				t.Errorf("sign in as %s with printed PIN: %v", p.Name, err)
				continue
			}
			if got.ID != p.ID {
				t.Errorf("%s: signed in as %d, want %d", p.Name, got.ID, p.ID)
			}
			if p.Category == library.CategoryChild {
				child++
				if p.GuardianID == 0 {
					t.Errorf("child %s has no guardian", p.Name)
				}
				guardian++
			}
			if p.BlockReason != "" {
				blocked++
			}
			if p.HistoryOptIn {
				history++
			}
		}
		if child == 0 || guardian == 0 || blocked == 0 || history == 0 {
			t.Errorf("children %d with guardian %d, blocked %d, history %d: want each", child, guardian, blocked, history)
		}
		for _, s := range ss {
			if _, err := db.AuthenticateStaff(ctx, s.Username, s.Password, time.Now()); err != nil {
				t.Errorf("staff %s with printed password: %v", s.Username, err)
			}
		}
	})
}
