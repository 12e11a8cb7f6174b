package stats

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// BenchmarkDashboard measures the dashboard over a year at Helmet's
// volume: 66 branches of two cities, two years of statistics (the year
// shown and the year before it) at 20 million checkouts and renewals a
// year, split as finely as a real roll-up splits them (demo.BuildStats
// with Fine), some 6 million rows of stats_circulation. The rows are
// generated straight into the tables (KIRJASTO_BENCH_STATS_DAYS makes
// fewer days, to try a change quickly). Run it with
//
//	KIRJASTO_TEST_POSTGRES=... go test ./internal/web/stats -run '^$' -bench Dashboard -benchtime 10x
func BenchmarkDashboard(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			db := storetest.Open(b, dialect)
			e := webtest.NewEnv(b, db)
			srv, err := webtest.NewServer(web.Config{Store: db, Search: e.Index, I18n: e.Bundle, Now: func() time.Time { return webtest.Now },
				Patrons: db, Circulation: db, Broker: e.Broker})
			if err != nil {
				b.Fatal(err)
			}
			e.Srv = srv
			ctx := context.Background()
			c := webtest.Consortium()
			for i := len(c.Branches); i < 66; i++ {
				lib := []string{"helsinki", "espoo"}[i%2]
				c.Branches = append(c.Branches, library.Branch{ID: fmt.Sprintf("%s-%02d", lib[:3], i), LibraryID: lib,
					Name: library.Text{"fi": fmt.Sprintf("Kirjasto %d", i)}, Hours: library.Hours{Weekly: webtest.Week(webtest.Hours(9, 20), nil)}})
			}
			if err := db.PutConsortium(ctx, c); err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			days := 731
			if v, err := strconv.Atoi(os.Getenv("KIRJASTO_BENCH_STATS_DAYS")); err == nil && v > 0 {
				days = v // fewer, to try a change quickly
			}
			sum, err := demo.BuildStats(ctx, db, demo.StatsOptions{Seed: 18, Now: webtest.Now, Days: days, LoansPerYear: 20_000_000, Fine: true})
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: %d rows generated in %v", dialect, sum.Rows, time.Since(start).Round(time.Second))
			st, err := db.CreateStaff(ctx, library.Staff{Username: "root", Name: "Root", Role: library.RoleAdmin, Branch: "hki-oodi"}, "a long enough password")
			if err != nil {
				b.Fatal(err)
			}
			sess, err := db.NewSession(ctx, library.Session{StaffID: st.ID, Created: webtest.Now})
			if err != nil {
				b.Fatal(err)
			}
			cookie := "Cookie: " + web.StaffCookie + "=" + sess.Token + "; lang=fi"
			for _, scope := range []string{"all", "helsinki", "helsinki/hki-oodi"} {
				path := "/admin/stats?period=year&year=2026&scope=" + scope
				b.Run(scope, func(b *testing.B) {
					for b.Loop() {
						if resp, _ := e.Get(b, path, cookie); resp.StatusCode != http.StatusOK {
							b.Fatalf("GET %s: %d", path, resp.StatusCode)
						}
					}
				})
			}
		})
	}
}
