package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/search"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// Cataloguing reaches the search index through the change feed, as
// circulation does: the index follows the store as `kirjasto serve` wires
// it (Follow woken by Changed), and a new record, an edited title, a copy
// marked lost and a deleted record show in search at once.
func TestCatalogueReachesSearch(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		mustDo(t, db.PutConsortium(ctx, circConsortium()))
		bs, err := db.Branches(ctx)
		mustDo(t, err)
		ix := search.New(search.Config{Branches: search.BranchCities(bs)})
		mustDo(t, ix.Rebuild(ctx, db, nil))
		find := func(text string, filters map[string][]string) []int64 {
			t.Helper()
			// CatchUp is what Follow runs when the store signals a commit.
			select {
			case <-db.Changed():
				mustDo(t, db.WaitFeed(ctx)) // on PostgreSQL, older transactions may still run
				mustDo(t, ix.CatchUp(ctx, db))
			default:
			}
			res, err := ix.Search(ctx, library.SearchQuery{Text: text, Filters: filters, Limit: 10})
			mustDo(t, err)
			var ids []int64
			for _, h := range res.Hits {
				ids = append(ids, h.ID)
			}
			return ids
		}

		form := catalogueForm("Kalevala")
		cr, err := db.CreateRecord(ctx, cataloguer, form)
		mustDo(t, err)
		id := cr.Record.ID
		if got := find("kalevala", nil); !slices.Equal(got, []int64{id}) {
			t.Errorf("new record: search finds %v, want [%d]", got, id)
		}

		form.Title = "Kanteletar"
		_, err = db.UpdateRecordForm(ctx, cataloguer, id, cr.Version, form)
		mustDo(t, err)
		if got := find("kanteletar", nil); !slices.Equal(got, []int64{id}) {
			t.Errorf("edited title: search finds %v, want [%d]", got, id)
		}
		if got := find("kalevala", nil); len(got) != 0 {
			t.Errorf("the old title still finds %v", got)
		}

		onShelf := map[string][]string{library.FacetAvailableBranch: {"esp-sello"}}
		_, err = db.AddItem(ctx, cataloguer, library.Item{RecordID: id, Barcode: "S1", HomeBranch: "esp-sello"})
		mustDo(t, err)
		if got := find("kanteletar", onShelf); !slices.Equal(got, []int64{id}) {
			t.Errorf("new copy: on the shelf at esp-sello finds %v", got)
		}
		_, err = db.BatchItems(ctx, cataloguer, library.ItemBatch{Barcodes: []string{"S1"}, Status: library.Lost}, false)
		mustDo(t, err)
		if got := find("kanteletar", onShelf); len(got) != 0 {
			t.Errorf("copy marked lost: still on the shelf in search: %v", got)
		}

		mustDo(t, db.DeleteCatalogueRecord(ctx, cataloguer, id, true))
		if got := find("kanteletar", nil); len(got) != 0 {
			t.Errorf("deleted record still found: %v", got)
		}
	})
}
