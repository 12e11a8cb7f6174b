package demo_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// buildAskTell builds the demo consortium, patrons and their questions,
// feedback and suggestions into db.
func buildAskTell(t *testing.T, db *store.DB, seed uint64) demo.AskTellSummary {
	t.Helper()
	ctx := context.Background()
	db.SetAccountConfig(store.AccountConfig{Hasher: auth.NewHasher(nil, auth.TestParams)})
	if err := db.PutConsortium(ctx, demo.Consortium(2026)); err != nil {
		t.Fatal(err)
	}
	dps, staff, err := demo.BuildPatrons(ctx, db, seed)
	if err != nil {
		t.Fatal(err)
	}
	var ps []library.Patron
	for _, p := range dps {
		ps = append(ps, p.Patron)
	}
	var admin library.Staff
	for _, s := range staff {
		if s.Role == library.RoleAdmin {
			admin = s.Staff
		}
	}
	sum, err := demo.BuildAskTell(ctx, db, seed, admin, ps, demoNow)
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

// TestBuildAskTell: every library has published answers for its "you
// asked, we answered" page, something waiting for staff, and purchase
// suggestions, some asked by several residents and some accepted; the
// same seed builds the same suggestions.
func TestBuildAskTell(t *testing.T) {
	var first []library.SuggestionGroup
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		sum := buildAskTell(t, db, 7)
		if sum.Questions == 0 || sum.Feedback == 0 || sum.Suggestions == 0 || sum.Accepted == 0 {
			t.Fatalf("built %+v", sum)
		}
		for _, lib := range []string{"helsinki", "espoo", "vantaa", "kauniainen"} {
			if fs, err := db.PublishedFeedback(ctx, lib, 10); err != nil || len(fs) == 0 {
				t.Errorf("%s has no published answers: %v", lib, err)
			}
		}
		waiting, err := db.AskSummaries(ctx, nil)
		if err != nil || len(waiting) < 4 {
			t.Errorf("waiting for staff: %+v, %v", waiting, err)
		}
		groups, err := db.SuggestionGroups(ctx, library.SuggestionFilter{})
		if err != nil {
			t.Fatal(err)
		}
		several, accepted := 0, 0
		for _, g := range groups {
			if g.Count > 1 {
				several++
			}
			if g.Suggestions[0].Status == library.SuggestionAccepted {
				accepted++
			}
		}
		if several < 3 || accepted < 3 {
			t.Errorf("%d groups of several residents, %d accepted, in %d groups", several, accepted, len(groups))
		}
		if first == nil {
			first = groups
		} else if diff := cmp.Diff(first, groups); diff != "" {
			t.Errorf("the same seed built other suggestions on another database (-first +second):\n%s", diff)
		}
	})
}
