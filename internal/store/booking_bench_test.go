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

// BenchmarkBranchWeekAvailability reads and computes a week's grids of a
// branch with 20 resources and a year of bookings (half a year before
// circNow and half after, six a day on each resource's open days: about
// 37,000), as a branch's booking page asks for them: the store's read in
// one snapshot and the pure computation together.
func BenchmarkBranchWeekAvailability(b *testing.B) {
	for _, d := range storetest.Dialects {
		b.Run(d, func(b *testing.B) {
			db := storetest.Open(b, d)
			n := seedBranchYear(b, db)
			ctx := context.Background()
			monday := library.DateOf(circNow.In(library.Helsinki))
			runs := 0
			cpu0 := cpuTime()
			for b.Loop() {
				as, err := db.BranchAvailability(ctx, "esp-sello", "", monday, monday.AddDays(6), circNow)
				if err != nil {
					b.Fatal(err)
				}
				if len(as) != 20 {
					b.Fatalf("%d resources", len(as))
				}
				runs++
			}
			b.ReportMetric(float64(n), "bookings")
			// On a shared machine wall time depends on the neighbours; the
			// process's own CPU time much less (PostgreSQL's is not in it).
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(runs), "cpu-ms/op")
		})
	}
}

// seedBranchYear stores the circulation fixture's consortium, 20
// resources at Sello with hour slots (a quarter of them with a
// 15-minute buffer), and their bookings over a year; it returns how many.
func seedBranchYear(b *testing.B, db *store.DB) int {
	b.Helper()
	ctx := context.Background()
	if err := db.PutConsortium(ctx, circConsortium()); err != nil {
		b.Fatal(err)
	}
	var bs []library.Booking
	for i := range 20 {
		r, err := db.CreateResource(ctx, library.Resource{BranchID: "esp-sello", Kind: library.ResourceKinds[i%len(library.ResourceKinds)],
			Name: library.Text{"fi": fmt.Sprintf("Varattava %d", i)}, Capacity: 4, SlotMinutes: 60, MinMinutes: 60, MaxMinutes: 120,
			BufferMinutes: 15 * (i % 4 / 3), HorizonDays: 28}, library.SystemStaff, circNow)
		if err != nil {
			b.Fatal(err)
		}
		first := library.DateOf(circNow.In(library.Helsinki)).AddDays(-182)
		for day := range 365 {
			d := first.AddDays(day)
			if d.Weekday() == time.Sunday {
				continue // circHours: closed
			}
			// 9–20: six bookings of an hour, every other hour from 9 or 10.
			for h := 9 + (i+day)%2; h+1 <= 20 && h < 21; h += 2 {
				start := d.In(library.Helsinki, library.NewClock(h, 0)).UTC()
				bs = append(bs, library.Booking{ResourceID: r.ID, Start: start, End: start.Add(time.Hour),
					Status: library.BookingConfirmed, Block: true, Reason: "bench", Created: circNow, Updated: circNow})
			}
		}
	}
	if err := store.InsertBookingsForTest(db, bs); err != nil {
		b.Fatal(err)
	}
	return len(bs)
}

// BenchmarkAvailableTimes is the computation alone: a week of one
// resource with two bookings a day.
func BenchmarkAvailableTimes(b *testing.B) {
	r := library.Resource{SlotMinutes: 60, MinMinutes: 60, MaxMinutes: 120, BufferMinutes: 15, HorizonDays: 28}
	h := circHours()
	monday := library.DateOf(circNow.In(library.Helsinki))
	var taken []library.Interval
	for day := range 7 {
		for _, hh := range []int{10, 15} {
			s := monday.AddDays(day).In(library.Helsinki, library.NewClock(hh, 0))
			taken = append(taken, library.Interval{Start: s, End: s.Add(time.Hour)})
		}
	}
	for b.Loop() {
		library.AvailableTimes(r, h, taken, monday, monday.AddDays(6), circNow)
	}
}
