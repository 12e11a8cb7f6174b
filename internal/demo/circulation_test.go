package demo

import (
	"context"
	"fmt"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

func TestBuildCirculation(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := Build(ctx, db, Options{Seed: 1, Records: 2000, Now: testNow}); err != nil {
			t.Fatal(err)
		}
		var ps []library.Patron
		for i := range 5 {
			p, err := db.CreatePatron(ctx, library.Patron{
				CardNumber: fmt.Sprintf("24000000%04d", i), Name: fmt.Sprintf("Demo, %d", i),
				Category: library.CategoryAdult, HomeLibrary: "espoo", Lang: "fi",
				NoticeChannel: library.ChannelAccount, HistoryOptIn: i%2 == 0,
			}, "")
			if err != nil {
				t.Fatal(err)
			}
			ps = append(ps, p)
		}
		sum, err := BuildCirculation(ctx, db, ps, testNow)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Loans != 10 || sum.Overdue != 5 || sum.Fees != 10 {
			t.Errorf("summary %+v; want 10 loans (5 overdue) and 10 fees (a late return and a no-show each)", sum)
		}
		for _, s := range []string{library.HoldWaiting, "frozen", library.HoldInTransit, library.HoldReady, library.HoldExpired} {
			if sum.Holds[s] == 0 {
				t.Errorf("no %s holds: %v", s, sum.Holds)
			}
		}
		h, err := db.ReadingHistory(ctx, ps[0].ID)
		if err != nil || len(h) != 3 {
			t.Errorf("reading history of an opted-in demo patron = %d entries, %v; want 3", len(h), err)
		}
	})
}
