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

// TestStatsSummariesAgree: the summaries the roll-up keeps (migrations
// 0031 and 0039) answer as stats_circulation itself does. A query by
// action and branch reads the per-dimension summary (by day, per branch);
// by material and channel over whole months the months'; by day and
// material the rows themselves. TestStatsDimsAgree checks the
// per-dimension summary at every scope.
func TestStatsSummariesAgree(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		day, _ := statsActivity(t, db)
		if err := db.RollUpStats(ctx, day); err != nil {
			t.Fatal(err)
		}
		sum := func(q store.StatsQuery, keep int) map[string]int64 {
			t.Helper()
			cells, err := db.CirculationStats(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]int64{}
			for _, c := range cells {
				out[strings.Join(c.Key[len(c.Key)-keep:], "|")] += c.N
			}
			return out
		}
		first := library.Date{Year: day.Year, Month: day.Month, Day: 1}
		last := library.DateOf(time.Date(day.Year, day.Month+1, 0, 12, 0, 0, 0, time.UTC))
		// By action and branch: the per-dimension summary against the rows
		// by material, added up.
		byDays := sum(store.StatsQuery{From: day, To: day, By: []string{"action", "branch"}}, 2)
		byRows := sum(store.StatsQuery{From: day, To: day, By: []string{"material", "action", "branch"}}, 2)
		if diff := cmp.Diff(byRows, byDays); diff != "" || len(byDays) == 0 {
			t.Errorf("the days' summary (-rows +summary):\n%s", diff)
		}
		// By material over the whole month: the months' summary against
		// the rows by day.
		byMonths := sum(store.StatsQuery{From: first, To: last, By: []string{"action", "material", "channel"}}, 3)
		byRows = sum(store.StatsQuery{From: first, To: last, By: []string{"day", "action", "material", "channel"}}, 3)
		if diff := cmp.Diff(byRows, byMonths); diff != "" || len(byMonths) == 0 {
			t.Errorf("the months' summary (-rows +summary):\n%s", diff)
		}
		// Rolling the day up again writes the same summaries, not twice.
		if err := db.RollUpStats(ctx, day); err != nil {
			t.Fatal(err)
		}
		if again := sum(store.StatsQuery{From: first, To: last, By: []string{"action", "material", "channel"}}, 3); !cmp.Equal(again, byMonths) {
			t.Errorf("after a second roll-up: %v, want %v", again, byMonths)
		}
	})
}
