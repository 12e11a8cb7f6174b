package demo_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// demoNow is a Thursday afternoon in Helsinki.
var demoNow = time.Date(2026, time.October, 8, 14, 0, 0, 0, library.Helsinki).UTC()

// buildEvents builds the demo consortium, patrons and events into a fresh
// database and returns every event as the staff's upcoming and past lists
// show them.
func buildEvents(t *testing.T, db *store.DB, seed uint64) (demo.EventSummary, []library.Event) {
	t.Helper()
	ctx := context.Background()
	db.SetAccountConfig(store.AccountConfig{Hasher: auth.NewHasher(nil, auth.TestParams)})
	if err := db.PutConsortium(ctx, demo.Consortium(2026)); err != nil {
		t.Fatal(err)
	}
	dps, _, err := demo.BuildPatrons(ctx, db, seed)
	if err != nil {
		t.Fatal(err)
	}
	var ps []library.Patron
	for _, p := range dps {
		ps = append(ps, p.Patron)
	}
	sum, err := demo.BuildEvents(ctx, db, seed, ps, demoNow)
	if err != nil {
		t.Fatal(err)
	}
	var all []library.Event
	for _, view := range []string{library.ViewUpcoming, library.ViewPast} {
		page, err := db.StaffEvents(ctx, library.StaffEventFilter{View: view, Limit: 500}, demoNow)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, page.Events...)
	}
	return sum, all
}

func TestBuildEvents(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		sum, all := buildEvents(t, db, 1)
		if sum.Events != len(all) || sum.Series < 10 || sum.Signups < 50 {
			t.Errorf("summary %+v with %d events stored", sum, len(all))
		}
		categories, langs := map[string]int{}, map[string]bool{}
		var full, waiting, cancelled, changed, drafts, scheduled int
		music := map[string]bool{}
		for _, b := range demo.Consortium(2026).Branches {
			if slices.Contains(b.Services, "music-studio") {
				music[b.ID] = true
			}
		}
		first, last := demoNow.AddDate(0, 0, -11), demoNow.AddDate(0, 0, 57) // an exhibition is on already
		for _, e := range all {
			categories[e.Category]++
			for _, l := range e.Languages {
				langs[l] = true
			}
			if e.Category == library.Music && !music[e.Branch] {
				t.Errorf("a music workshop at %s, which has no music studio", e.Branch)
			}
			if e.Start.Before(first) || e.Start.After(last) {
				t.Errorf("%s at %s starts %s, outside the demo's eight weeks", e.Title["fi"], e.Branch, e.Start)
			}
			if e.Registration && e.Full() {
				full++
			}
			if e.WaitingSignups > 0 {
				waiting++
			}
			if e.Cancelled() {
				cancelled++
			}
			if e.Changed && !e.Cancelled() {
				changed++
			}
			if e.Status == library.EventDraft {
				drafts++
			}
			if e.Scheduled(demoNow) {
				scheduled++
			}
		}
		for _, c := range []string{library.StoryTime, library.LanguageCafe, library.DigitalHelp, library.Music, library.Concert,
			library.AuthorVisit, library.Exhibition, library.ReadingGroup, library.Workshop} {
			if categories[c] == 0 {
				t.Errorf("no %s in the demo", c)
			}
		}
		for _, l := range []string{"fi", "sv", "en", "ru", "ar"} {
			if !langs[l] {
				t.Errorf("no event in %s", l)
			}
		}
		if full < 2 || waiting != 1 || cancelled != 2 || changed != 1 || drafts != 1 || scheduled != 1 {
			t.Errorf("full %d, with a waiting list %d, cancelled %d, changed %d, drafts %d, scheduled %d; want ≥2, 1, 2, 1, 1, 1",
				full, waiting, cancelled, changed, drafts, scheduled)
		}
		page, err := db.UpcomingEvents(context.Background(), library.EventFilter{Limit: 1}, demoNow)
		if err != nil || page.Total != len(all)-2 {
			t.Errorf("public calendar: %d events, %v; want all but the draft and the scheduled one (%d)", page.Total, err, len(all)-2)
		}
	})
}

func TestBuildEventsDeterministic(t *testing.T) {
	view := func(es []library.Event) []string {
		var out []string
		for _, e := range es {
			out = append(out, fmt.Sprintf("%s %s %s %s taken %d waiting %d", e.Start.Format(time.RFC3339), e.Branch, e.Title["fi"], e.Status,
				e.Taken, e.WaitingSignups))
		}
		return out
	}
	_, a := buildEvents(t, storetest.Open(t, "sqlite"), 7)
	_, b := buildEvents(t, storetest.Open(t, "sqlite"), 7)
	if diff := cmp.Diff(view(a), view(b)); diff != "" {
		t.Errorf("same seed, different events (-first +second):\n%s", diff)
	}
	_, c := buildEvents(t, storetest.Open(t, "sqlite"), 8)
	if cmp.Equal(view(a), view(c)) {
		t.Error("seeds 7 and 8 give the same events")
	}
}
