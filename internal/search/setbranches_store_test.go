package search

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestFollowNewBranch is issue 12's promise that a change to libraries
// and branches shows at once: a member library and a branch created
// through the administration's store methods while the index follows the
// store, and a copy catalogued there, are counted in the city facet and
// found by the city filter without a restart.
func TestFollowNewBranch(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedStore(t, db, 50)
		branches, err := db.Branches(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ix := New(Config{Branches: BranchCities(branches)}) // as serve starts
		if err := ix.Rebuild(ctx, db, nil); err != nil {
			t.Fatal(err)
		}
		fctx, cancel := context.WithCancel(ctx)
		done := make(chan error)
		go func() { done <- ix.Follow(fctx, db, db.Changed(), 50*time.Millisecond) }()
		defer func() {
			cancel()
			if err := <-done; !errors.Is(err, context.Canceled) {
				t.Errorf("Follow returned %v, want context.Canceled", err)
			}
		}()

		admin := library.Staff{ID: 1, Username: "admin", Role: library.RoleAdmin}
		now := time.Now()
		if _, err := db.CreateLibrary(ctx, library.Library{ID: "kirkkonummi", Name: library.Text{"fi": "Kirkkonummen kirjasto"}}, admin, now); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateBranch(ctx, library.Branch{ID: "kir-00", LibraryID: "kirkkonummi", Name: library.Text{"fi": "Kirkkonummen pääkirjasto"}, Lat: 60.12, Lon: 24.44}, admin, now); err != nil {
			t.Fatal(err)
		}
		rec := ids(t, ix, library.SearchQuery{})[0]
		if _, err := db.AddItem(ctx, admin, library.Item{RecordID: rec, Barcode: "KIR0001", HomeBranch: "kir-00"}); err != nil {
			t.Fatal(err)
		}

		inKir := library.SearchQuery{Filters: map[string][]string{library.FacetAvailableCity: {"kirkkonummi"}}}
		deadline := time.Now().Add(time.Minute) // other tests on the server may hold the feed back
		for {
			res, err := ix.Search(ctx, library.SearchQuery{})
			if err != nil {
				t.Fatal(err)
			}
			got := ids(t, ix, inKir)
			if cityCount(res, "kirkkonummi") == 1 && slices.Equal(got, []int64{rec}) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("a minute after the copy at the new branch: Kirkkonummi counted %d, filter found %v; want 1, [%d]",
					cityCount(res, "kirkkonummi"), got, rec)
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
}
