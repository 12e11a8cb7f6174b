package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// BenchmarkEAvailability reads the e-availability of a search page's 20
// e-titles, each with two ODL licences, a loan on every place and a
// queue of three, as the results page asks for it.
func BenchmarkEAvailability(b *testing.B) {
	for _, d := range storetest.Dialects {
		b.Run(d, func(b *testing.B) {
			db := storetest.Open(b, d)
			ctx := context.Background()
			if err := db.PutConsortium(ctx, circConsortium()); err != nil {
				b.Fatal(err)
			}
			admin, err := db.CreateStaff(ctx, library.Staff{Username: "admin", Name: "admin", Role: library.RoleAdmin, Branch: "hki-oodi"}, "long enough password")
			if err != nil {
				b.Fatal(err)
			}
			if err := db.SetELimits(ctx, admin, "", library.ELimits{Loans: 100, Holds: 100, LoanDays: 14}); err != nil {
				b.Fatal(err)
			}
			var recs []library.RecordWithItems
			for i := range 20 {
				recs = append(recs, library.RecordWithItems{Record: library.Record{SourceID: fmt.Sprintf("eb-%d", i),
					Title: fmt.Sprintf("E-title %d", i), Material: library.EBook, Language: "fin"}})
			}
			res, err := db.UpsertRecords(ctx, recs)
			if err != nil {
				b.Fatal(err)
			}
			var ps []library.Patron
			for i := range 5 {
				p, err := db.CreatePatron(ctx, library.Patron{CardNumber: fmt.Sprintf("2100%08d", i), Name: fmt.Sprintf("Reader %d", i),
					Category: library.CategoryAdult, HomeLibrary: "vantaa", Lang: "fi", NoticeChannel: library.ChannelEmail,
					Email: fmt.Sprintf("r%d@example.fi", i)}, "")
				if err != nil {
					b.Fatal(err)
				}
				ps = append(ps, p)
			}
			var ids []int64
			for i, r := range res {
				ids = append(ids, r.ID)
				var ls []library.Licence
				for j := range 2 {
					l := odl(1, 10)
					l.RecordID, l.Distributor, l.Identifier = r.ID, "bench", fmt.Sprintf("urn:%d:%d", i, j)
					ls = append(ls, l)
				}
				if _, err := db.UpsertLicences(ctx, admin, ls, circNow); err != nil {
					b.Fatal(err)
				}
				for k, p := range ps {
					var err error
					if k < 2 {
						_, _, err = db.BorrowE(ctx, p.ID, r.ID, circNow)
					} else {
						_, err = db.ReserveE(ctx, p.ID, r.ID, circNow)
					}
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			cpu0, runs := cpuTime(), 0
			for b.Loop() {
				m, err := db.EAvailability(ctx, ids, circNow)
				if err != nil || len(m) != 20 || m[ids[0]].Waiting != 3 {
					b.Fatalf("availability %v, %v", m[ids[0]], err)
				}
				runs++
			}
			b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(runs), "cpu-ms/op")
		})
	}
}
