package store_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/search"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// E-loans, returns, expiries and licences reach the search index's
// "online now" filter through the change feed, as checkouts reach the
// shelves' availability: the index follows the store as `kirjasto serve`
// wires it (Follow woken by Changed), and the test waits for it as
// TestFollowStore waits for a return.
func TestELibOnlineNowFollowsStore(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		ctx := f.ctx
		two := f.etitle(odl(2, 10))
		open := f.etitle(library.Licence{Model: library.ModelOpenAccess})
		expiring := odl(1, 10)
		expiring.Expires = day(1)
		soon := f.etitle(expiring)
		later := f.etitle() // no licence yet
		printed := f.title(library.Book, copyAt{"ONLINE1", "van-tikkurila", false})
		ps := f.patrons(2)

		var clock atomic.Int64
		clock.Store(circNow.UnixNano())
		now := func() time.Time { return time.Unix(0, clock.Load()).UTC() }
		bs, err := db.Branches(ctx)
		mustDo(t, err)
		ix := search.New(search.Config{Branches: search.BranchCities(bs), Now: now})
		mustDo(t, ix.Rebuild(ctx, db, nil))

		online := func(ix *search.Index) []int64 {
			t.Helper()
			res, err := ix.Search(ctx, library.SearchQuery{Filters: map[string][]string{library.FacetOnline: {library.OnlineNow}}, Limit: 100})
			mustDo(t, err)
			var ids []int64
			for _, h := range res.Hits {
				ids = append(ids, h.ID)
			}
			slices.Sort(ids)
			return ids
		}
		if got, want := online(ix), []int64{two, open, soon}; !slices.Equal(got, want) {
			t.Fatalf("after Rebuild, online now %v, want %v (not %d without licences, not the printed %d)", got, want, later, printed)
		}
		res, err := ix.Search(ctx, library.SearchQuery{})
		mustDo(t, err)
		if got := facetCount(res, library.FacetOnline, library.OnlineNow); got != 3 {
			t.Errorf("online facet counts %d, want 3", got)
		}
		if got := facetCount(res, library.FacetFormatKind, library.FormatElectronic); got != 4 {
			t.Errorf("electronic format counts %d, want 4", got)
		}

		fctx, cancel := context.WithCancel(ctx)
		done := make(chan error)
		go func() { done <- ix.Follow(fctx, db, db.Changed(), time.Hour) }()
		waitFor := func(what string, want []int64) {
			t.Helper()
			// On PostgreSQL a change shows once every older transaction
			// of the whole server has ended (docs/changefeed.md); under
			// CI's load other tests' transactions once held it back for
			// more than 10 s. The minute only keeps a fault from hanging.
			deadline := time.Now().Add(time.Minute)
			for got := online(ix); !slices.Equal(got, want); got = online(ix) {
				if time.Now().After(deadline) {
					t.Fatalf("%s: online now %v within a minute, want %v", what, got, want)
				}
				time.Sleep(10 * time.Millisecond)
			}
		}

		f.borrow(ps[0], two, circNow)
		last := f.borrow(ps[1], two, circNow) // the last free place
		waitFor("both places lent", []int64{open, soon})
		if _, err := db.ReturnE(ctx, ps[1].ID, last.ID, circNow.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		waitFor("a place returned", []int64{two, open, soon})

		// The licence's expiry passes: the sweep marks it expired.
		clock.Store(day(2).UnixNano())
		f.sweep(day(2))
		waitFor("a licence expired", []int64{two, open})

		// A licence bought for the title without one.
		fresh := odl(1, 5)
		fresh.RecordID, fresh.Distributor, fresh.Identifier = later, "testdist", "urn:lic:fresh"
		if _, err := db.UpsertLicences(ctx, f.admin, []library.Licence{fresh}, day(2)); err != nil {
			t.Fatal(err)
		}
		waitFor("a licence bought", []int64{two, open, later})

		// The first loan ends by itself at its due date, and every place
		// is free again; the open-access title was online throughout.
		clock.Store(day(30).UnixNano())
		f.borrow(ps[1], later, day(2))
		waitFor("the new licence lent", []int64{two, open})
		f.sweep(day(30))
		waitFor("the loans ended", []int64{two, open, later})

		// The distributor's feed no longer lists the fresh licence.
		ls, err := db.Licences(ctx, two)
		mustDo(t, err)
		keep := []string{ls[0].Identifier}
		for _, id := range []int64{open} {
			ols, err := db.Licences(ctx, id)
			mustDo(t, err)
			keep = append(keep, ols[0].Identifier)
		}
		if _, err := db.WithdrawLicences(ctx, f.admin, "testdist", "", keep, day(30)); err != nil {
			t.Fatal(err)
		}
		waitFor("a licence withdrawn", []int64{two, open})
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Follow returned %v, want context.Canceled", err)
		}

		// A saved index keeps what is online.
		var saved bytes.Buffer
		mustDo(t, ix.Save(&saved))
		loaded := search.New(search.Config{Branches: search.BranchCities(bs), Now: now})
		mustDo(t, loaded.Load(&saved))
		if got, want := online(loaded), online(ix); !slices.Equal(got, want) {
			t.Errorf("loaded index: online now %v, want %v", got, want)
		}
	})
}

// facetCount returns the count of one value of a facet in a result.
func facetCount(res library.SearchResult, facet, value string) int {
	for _, f := range res.Facets {
		if f.Name != facet {
			continue
		}
		for _, v := range f.Values {
			if v.Value == value {
				return v.Count
			}
		}
	}
	return 0
}
