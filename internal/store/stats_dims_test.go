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

// TestStatsDimsAgree: the per-dimension summaries (migration 0039) answer
// every breakdown the dashboard asks, at every scope, as
// stats_circulation itself does; after the day is rolled up again; and
// after a back-dated return is rolled up into a day already rolled up.
func TestStatsDimsAgree(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		day, _ := statsActivity(t, db)
		for _, d := range []library.Date{day, day.AddDays(1), day} {
			if err := db.RollUpStats(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		first := library.Date{Year: day.Year, Month: day.Month, Day: 1}
		last := library.DateOf(time.Date(day.Year, day.Month+1, 0, 12, 0, 0, 0, time.UTC))
		checkDims(t, db, first, last)
		returns := func() int64 {
			t.Helper()
			got, err := store.CirculationSumsForTest(db, store.StatsQuery{From: day, To: day, Actions: []string{"checkin"}}, true)
			if err != nil {
				t.Fatal(err)
			}
			return got[""]
		}
		before := returns()

		// A return recorded late, at a time of the day already rolled up,
		// and the day rolled up again.
		if _, err := db.Checkin(ctx, "a1", library.Actor{StaffID: 1, Branch: "hki-oodi"}, circNow.Add(40*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := db.RollUpStats(ctx, day); err != nil {
			t.Fatal(err)
		}
		if after := returns(); after != before+1 {
			t.Errorf("returns of the day after the correction: %d, want %d", after, before+1)
		}
		checkDims(t, db, first, last)
	})
}

// checkDims compares the summaries with stats_circulation over from..to.
func checkDims(t *testing.T, db *store.DB, from, to library.Date) {
	t.Helper()
	scopes := []store.StatsQuery{{}, {Library: "espoo"}, {Library: "helsinki"}, {Branch: "esp-sello"},
		{Library: "vantaa", Branch: "van-tikkurila"}, {Library: "vantaa", Branch: "van-myyrmaki"}}
	dims := []string{"day", "month", "material", "channel", "age_group", "patron_category", "owner_library", "patron_library"}
	nonEmpty := 0
	for _, sc := range scopes {
		for _, dim := range dims {
			for _, by := range [][]string{{dim}, {dim, "action"}, {"library", dim}, {"branch", "action", dim}} {
				q := store.StatsQuery{From: from, To: to, Library: sc.Library, Branch: sc.Branch, By: by}
				for _, actions := range [][]string{nil, {"checkout", "renew"}} {
					q.Actions = actions
					raw, err := store.CirculationSumsForTest(db, q, false)
					if err != nil {
						t.Fatal(err)
					}
					sum, err := store.CirculationSumsForTest(db, q, true)
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(raw, sum); diff != "" {
						t.Errorf("%+v (-rows +summary):\n%s", q, diff)
					}
					if len(raw) > 0 {
						nonEmpty++
					}
				}
			}
		}
	}
	if nonEmpty < len(scopes)*len(dims) {
		t.Errorf("only %d of the comparisons had figures", nonEmpty)
	}
}
