package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// Helmet's volume: about 20 million checkouts and renewals a year across
// 66 branches, some 55,000 a day, with returns and holds besides.
var statsBenchDay = struct{ checkouts, renewals, checkins, holds, days int }{40_000, 15_000, 35_000, 3_000, 15}

// statsBenchDB generates the first half of a month at Helmet's volume:
// 66 branches of four libraries, 20,000 titles in 100,000 copies, 100,000
// patrons, and for each of 15 days the trail's checkouts, renewals,
// returns and holds and the day's loans. A third of the renewals are on
// the web, at no branch, so the roll-up looks up the branch that lent
// the copy. The roll-up of the 15th reads
// the day's 93,000 events, and for the month's active patrons and top
// titles the half month's 600,000 loans and checkouts.
func statsBenchDB(b *testing.B, dialect string) (*store.DB, library.Date) {
	ctx := context.Background()
	db := storetest.Open(b, dialect)
	libs := []string{"helsinki", "espoo", "vantaa", "kauniainen"}
	var c library.Consortium
	for _, l := range libs {
		c.Libraries = append(c.Libraries, library.Library{ID: l, Name: library.Text{"fi": l}})
	}
	var branches []string
	for i := range 66 {
		id := fmt.Sprintf("b%02d", i)
		branches = append(branches, id)
		c.Branches = append(c.Branches, library.Branch{ID: id, LibraryID: libs[i%len(libs)], Name: library.Text{"fi": id}, Hours: circHours()})
	}
	if err := db.PutConsortium(ctx, c); err != nil {
		b.Fatal(err)
	}
	recs := makeRecords("stats", 20_000, 5)
	for i := range recs {
		recs[i].Record.Material = library.Materials[i%4]
		for j := range recs[i].Items {
			home := branches[(i+j)%len(branches)]
			recs[i].Items[j].HomeBranch, recs[i].Items[j].Branch = home, home
		}
	}
	var recordIDs []int64
	for len(recs) > 0 {
		n := min(len(recs), 1000)
		res, err := db.UpsertRecords(ctx, recs[:n])
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res {
			recordIDs = append(recordIDs, r.ID)
		}
		recs = recs[n:]
	}
	const patrons = 100_000
	rows := make([][]any, 0, patrons)
	for i := range patrons {
		birth := ""
		if i%5 != 0 {
			birth = fmt.Sprintf("%04d-%02d-15", 1940+i%80, 1+i%12)
		}
		rows = append(rows, []any{fmt.Sprintf("S%07d", i), "Bench", library.CategoryAdult, libs[i%len(libs)], birth, circNow})
	}
	if err := store.InsertRowsForTest(db, "patrons", "card_number, name, category, home_library, birth_date, created", rows); err != nil {
		b.Fatal(err)
	}
	var firstPatron, firstItem int64
	if err := store.QueryRowForTest(db, `SELECT min(id) FROM patrons`).Scan(&firstPatron); err != nil {
		b.Fatal(err)
	}
	// The copies were written in order, five a title.
	if err := store.QueryRowForTest(db, `SELECT min(id) FROM items`).Scan(&firstItem); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	last := today(circNow)
	ages := store.AgeGroups
	for d := range statsBenchDay.days {
		day := last.AddDays(d - statsBenchDay.days + 1)
		start := day.In(library.Helsinki, library.NewClock(9, 0)).UTC()
		var events, loans [][]any
		add := func(action string, n int) {
			for range n {
				at := start.Add(time.Duration(rng.IntN(11*3600)) * time.Second)
				rec := rng.IntN(len(recordIDs))
				item := firstItem + int64(rec*5+rng.IntN(5))
				branch := branches[rng.IntN(len(branches))]
				home := branches[(rec+rng.IntN(5))%len(branches)]
				var staff any
				kiosk, byPatron := "", false
				switch rng.IntN(3) {
				case 0:
					staff = int64(1)
				case 1:
					kiosk, byPatron = "k1", true
				default:
					byPatron = true
					if action == "renew" {
						branch = "" // on the web: the roll-up finds the loan's branch
					}
				}
				events = append(events, []any{at, action, item, fmt.Sprintf("S%d", item), recordIDs[rec], branch, staff, kiosk, byPatron,
					library.CategoryAdult, libs[rng.IntN(len(libs))], ages[rng.IntN(len(ages))], home})
				if action == "checkout" {
					loans = append(loans, []any{item, fmt.Sprintf("S%d", item), recordIDs[rec], firstPatron + int64(rng.IntN(patrons)), branch, at, at.AddDate(0, 0, 28)})
				}
			}
		}
		add("checkout", statsBenchDay.checkouts)
		add("renew", statsBenchDay.renewals)
		add("checkin", statsBenchDay.checkins)
		add("hold_placed", statsBenchDay.holds)
		if err := store.InsertRowsForTest(db, "circulation_events",
			"at, action, item_id, barcode, record_id, branch, staff_id, kiosk, by_patron, patron_category, patron_library, age_group, home_branch", events); err != nil {
			b.Fatal(err)
		}
		if err := store.InsertRowsForTest(db, "loans", "item_id, barcode, record_id, patron_id, branch, loaned_at, due_at, returned_at", withReturned(loans)); err != nil {
			b.Fatal(err)
		}
	}
	return db, last
}

// withReturned marks the generated loans returned, as most of a month's
// loans are, so that they stay clear of the open-loan indexes.
func withReturned(loans [][]any) [][]any {
	for i, l := range loans {
		loans[i] = append(l, l[5].(time.Time).Add(time.Hour))
	}
	return loans
}

// BenchmarkRollUpStats rolls up one day at Helmet's volume (see
// statsBenchDB), replacing the day's rows each time, as a re-run does.
func BenchmarkRollUpStats(b *testing.B) {
	for _, d := range storetest.Dialects {
		if d == "postgres" && os.Getenv("KIRJASTO_TEST_POSTGRES") == "" {
			b.Run(d, func(b *testing.B) { storetest.PostgresDSN(b) })
			continue
		}
		db, day := statsBenchDB(b, d)
		b.Run(d, func(b *testing.B) {
			for b.Loop() {
				if err := db.RollUpStats(context.Background(), day); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
