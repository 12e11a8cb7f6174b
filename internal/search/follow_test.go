package search

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// seedStore stores the consortium of testBranches and n corpus records,
// and returns the records with their store IDs, keyed by SourceID.
func seedStore(t *testing.T, db *store.DB, n int) {
	t.Helper()
	ctx := context.Background()
	var cons library.Consortium
	cities := map[string]bool{}
	for b, city := range testBranches {
		cons.Branches = append(cons.Branches, library.Branch{ID: b, LibraryID: city, Name: library.Text{"fi": b}})
		if !cities[city] {
			cities[city] = true
			cons.Libraries = append(cons.Libraries, library.Library{ID: city, Name: library.Text{"fi": city}})
		}
	}
	if err := db.PutConsortium(ctx, cons); err != nil {
		t.Fatal(err)
	}
	c := newCorpus(11, 300)
	var recs []library.RecordWithItems
	for i := range n {
		rec, items := c.record(int64(i + 1))
		rec.ID, rec.SourceID = 0, fmt.Sprintf("test %d", i+1)
		for j := range items {
			items[j].ID, items[j].RecordID = 0, 0
		}
		recs = append(recs, library.RecordWithItems{Record: rec, Items: items})
	}
	if _, err := db.UpsertRecords(ctx, recs); err != nil {
		t.Fatal(err)
	}
}

// availableIn returns the IDs of records with a copy on the shelf at branch.
func availableIn(t *testing.T, ix *Index, branch string) []int64 {
	return sorted(ids(t, ix, library.SearchQuery{Filters: map[string][]string{library.FacetAvailableBranch: {branch}}}))
}

func TestFollowStore(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedStore(t, db, 500)
		// Finnish morphology, for the words of the new record.
		cfg := Config{Branches: testBranches, Finnish: testMorph, FinnishID: "test"}
		ix := New(cfg)
		var progress []int
		if err := ix.Rebuild(ctx, db, func(n int) { progress = append(progress, n) }); err != nil {
			t.Fatal(err)
		}
		if ix.Len() != 500 || len(progress) == 0 || progress[len(progress)-1] != 500 {
			t.Fatalf("after Rebuild: Len %d, progress %v; want 500 records", ix.Len(), progress)
		}
		var saved bytes.Buffer
		if err := ix.Save(&saved); err != nil {
			t.Fatal(err)
		}

		// A checkout and a new record reach the index through CatchUp.
		items, err := db.Items(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		it := items[0]
		wasThere := availableIn(t, ix, it.Branch)
		from := it.Status
		if _, err := db.SetItemStatus(ctx, it.Barcode, from, library.OnLoan, "", time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		newRec := library.RecordWithItems{
			Record: library.Record{SourceID: "new 1", Title: "Zyxxyn seikkailut", Language: "fin", Material: library.Book},
			Items:  []library.Item{{Barcode: "NEW1", HomeBranch: "van-00", Branch: "van-00", Status: library.Available}},
		}
		warRec := library.RecordWithItems{
			Record: library.Record{SourceID: "new 2", Title: "Sodan jälkeen", Language: "fin", Material: library.Book},
			Items:  []library.Item{{Barcode: "NEW2", HomeBranch: "van-00", Branch: "van-00", Status: library.Available}},
		}
		res, err := db.UpsertRecords(ctx, []library.RecordWithItems{newRec, warRec})
		if err != nil {
			t.Fatal(err)
		}
		newID, warID := res[0].ID, res[1].ID
		if err := db.WaitFeed(ctx); err != nil {
			t.Fatal(err)
		}
		if err := ix.CatchUp(ctx, db); err != nil {
			t.Fatal(err)
		}
		stillThere := slices.ContainsFunc(items[1:], func(x library.Item) bool {
			return x.Branch == it.Branch && x.Status == library.Available
		})
		want := slices.DeleteFunc(slices.Clone(wasThere), func(id int64) bool { return id == 1 && !stillThere })
		if diff := cmp.Diff(want, availableIn(t, ix, it.Branch)); diff != "" {
			t.Errorf("after a checkout, available at %s -want +got:\n%s", it.Branch, diff)
		}
		if got := ids(t, ix, library.SearchQuery{Text: "zyxxy"}); !slices.Equal(got, []int64{newID}) {
			t.Errorf("new record: search found %v, want [%d]", got, newID)
		}
		if got := ids(t, ix, library.SearchQuery{Text: "sodassa"}); !slices.Equal(got, []int64{warID}) {
			t.Errorf("new record: sodassa found %v, want [%d]", got, warID)
		}
		// A changed title takes its base forms with it.
		warRec.Record.Title = "Kortin tarina"
		if _, err := db.UpsertRecords(ctx, []library.RecordWithItems{warRec}); err != nil {
			t.Fatal(err)
		}
		if err := db.WaitFeed(ctx); err != nil {
			t.Fatal(err)
		}
		if err := ix.CatchUp(ctx, db); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string][]int64{"sodassa": nil, "kortti": {warID}} {
			if got := ids(t, ix, library.SearchQuery{Text: q}); !slices.Equal(got, want) {
				t.Errorf("changed record: %s found %v, want %v", q, got, want)
			}
		}

		// Follow picks up the return as soon as the store signals the commit.
		fctx, cancel := context.WithCancel(ctx)
		done := make(chan error)
		go func() { done <- ix.Follow(fctx, db, db.Changed(), time.Hour) }()
		if _, err := db.SetItemStatus(ctx, it.Barcode, library.OnLoan, library.Available, "", time.Time{}); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(time.Minute) // other tests on the server may hold the feed back
		for !slices.Contains(availableIn(t, ix, it.Branch), 1) {
			if time.Now().After(deadline) {
				t.Fatal("Follow did not apply the return within a minute")
			}
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Follow returned %v, want context.Canceled", err)
		}

		// An index loaded from before the changes catches up to the same state.
		loaded := New(cfg)
		if err := loaded.Load(&saved); err != nil {
			t.Fatal(err)
		}
		if err := db.WaitFeed(ctx); err != nil {
			t.Fatal(err)
		}
		if err := loaded.CatchUp(ctx, db); err != nil {
			t.Fatal(err)
		}
		qs := []library.SearchQuery{{}, {Text: "zyxxy"}, {Text: "kortti"}, {Text: "sodan"}, {Filters: map[string][]string{library.FacetAvailableCity: {"vantaa"}}}}
		if diff := cmp.Diff(search(t, ix, qs), search(t, loaded, qs)); diff != "" {
			t.Errorf("loaded and caught up -following +loaded:\n%s", diff)
		}
		if loaded.FeedPos() != ix.FeedPos() {
			t.Errorf("feed position: loaded %v, following %v", loaded.FeedPos(), ix.FeedPos())
		}
	})
}
