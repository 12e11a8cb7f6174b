package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// benchEvents stores 10,000 occurrences: 50 series of 200 (four days a
// week for a year) across the five branches of the circulation
// consortium, in several categories and languages, a quarter of them with
// sign-up. It returns the staff member who made them.
func benchEvents(b *testing.B, db *store.DB) library.Staff {
	b.Helper()
	ctx := context.Background()
	if err := db.PutConsortium(ctx, circConsortium()); err != nil {
		b.Fatal(err)
	}
	admin, err := db.CreateStaff(ctx, library.Staff{Username: "admin", Name: "Admin", Role: library.RoleAdmin}, "correct horse battery")
	if err != nil {
		b.Fatal(err)
	}
	branches := circConsortium().Branches
	langs := []string{"fi", "sv", "en", "ru", "ar"}
	for i := range 50 {
		br := branches[i%len(branches)]
		t := library.Event{Library: br.LibraryID, Branch: br.ID, Room: fmt.Sprintf("Tila %d", i%7),
			Title:       library.Text{"fi": fmt.Sprintf("Tapahtuma %d", i), "en": fmt.Sprintf("Event %d", i)},
			Description: library.Text{"fi": fmt.Sprintf("Kuvaus numero %d: satuja, musiikkia ja keskustelua.", i)},
			Category:    library.EventCategories[i%len(library.EventCategories)],
			Audiences:   []string{library.EventAudiences[i%len(library.EventAudiences)]},
			Languages:   []string{langs[i%len(langs)]},
			Status:      library.EventPublished, Registration: i%4 == 0, Capacity: 20}
		s := library.Series{Template: t, Rule: library.Recurrence{
			Weekdays: []time.Weekday{time.Monday, time.Tuesday, time.Thursday, time.Saturday},
			From:     date(2026, 11, 24), Count: 200, Start: library.NewClock(9+i%10, 0), End: library.NewClock(10+i%10, 0)}}
		if _, err := db.CreateSeries(ctx, admin, s, circNow); err != nil {
			b.Fatal(err)
		}
	}
	return admin
}

// BenchmarkEventQueries times the calendar's queries over 10,000
// occurrences: the first page of everything to come (with its total), a
// city and an audience, a free-text search, a month of one branch, and a
// branch page's next five.
func BenchmarkEventQueries(b *testing.B) {
	for _, d := range storetest.Dialects {
		b.Run(d, func(b *testing.B) {
			db := storetest.Open(b, d)
			benchEvents(b, db)
			ctx := context.Background()
			if n := count0(b, db); n != 10_000 {
				b.Fatalf("%d events stored, want 10,000", n)
			}
			for _, q := range []struct {
				name string
				f    library.EventFilter
			}{
				{"all", library.EventFilter{}},
				{"city_audience", library.EventFilter{Library: "espoo", Audiences: []string{library.ForChildren}}},
				{"text", library.EventFilter{Text: "musiikkia event 17"}},
				{"branch_month", library.EventFilter{Branch: "hki-oodi", From: date(2027, 3, 1), To: date(2027, 3, 31)}},
			} {
				b.Run(q.name, func(b *testing.B) {
					cpu0 := cpuTime()
					for b.Loop() {
						if _, err := db.UpcomingEvents(ctx, q.f, circNow); err != nil {
							b.Fatal(err)
						}
					}
					reportCPU(b, cpu0)
				})
			}
			b.Run("branch_next_5", func(b *testing.B) {
				cpu0 := cpuTime()
				for b.Loop() {
					if _, err := db.BranchEvents(ctx, "esp-sello", 5, circNow); err != nil {
						b.Fatal(err)
					}
				}
				reportCPU(b, cpu0)
			})
		})
	}
}

// reportCPU reports the process's CPU time per operation since cpu0: on a
// shared machine wall time says more about the neighbours. (On PostgreSQL
// the server's own time is not in it.)
func reportCPU(b *testing.B, cpu0 time.Duration) {
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

func count0(b *testing.B, db *store.DB) int {
	n, err := store.CountForTest(db, `SELECT count(*) FROM events`)
	if err != nil {
		b.Fatal(err)
	}
	return n
}
