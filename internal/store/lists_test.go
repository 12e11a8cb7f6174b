package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// entryIDs returns the record IDs of a list's entries, in order.
func entryIDs(es []library.ListEntry) []int64 {
	ids := []int64{}
	for _, e := range es {
		ids = append(ids, e.RecordID)
	}
	return ids
}

func TestListCRUDAndOwnership(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		aino, eino := f.patron("Aino", library.CategoryAdult, false), f.patron("Eino", library.CategoryAdult, false)
		r1, r2 := f.title(library.Book), f.title(library.Book)

		l, err := db.CreateList(ctx, aino.ID, "  Luettavat  ")
		if err != nil {
			t.Fatal(err)
		}
		if l.Name != "Luettavat" || l.Shared() {
			t.Errorf("new list = %+v, want the trimmed name and private", l)
		}
		if _, err := db.CreateList(ctx, aino.ID, "Lukupiiri"); err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{r1, r2, r1} { // adding twice is harmless
			if err := db.AddToList(ctx, aino.ID, l.ID, id); err != nil {
				t.Fatal(err)
			}
		}
		got, entries, err := db.List(ctx, aino.ID, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Count != 2 || len(entries) != 2 {
			t.Errorf("list has count %d and %d entries, want 2", got.Count, len(entries))
		}
		if err := db.RemoveFromList(ctx, aino.ID, l.ID, r1); err != nil {
			t.Fatal(err)
		}
		_, entries, _ = db.List(ctx, aino.ID, l.ID)
		if diff := cmp.Diff([]int64{r2}, entryIDs(entries)); diff != "" {
			t.Errorf("after removing (-want +got):\n%s", diff)
		}
		if err := db.RenameList(ctx, aino.ID, l.ID, "Kesälukemista"); err != nil {
			t.Fatal(err)
		}
		lists, err := db.Lists(ctx, aino.ID)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, l := range lists {
			names = append(names, fmt.Sprintf("%s:%d", l.Name, l.Count))
		}
		if diff := cmp.Diff([]string{"Kesälukemista:1", "Lukupiiri:0"}, names); diff != "" {
			t.Errorf("Lists (-want +got):\n%s", diff)
		}

		// Another patron can neither see nor change Aino's list.
		if _, _, err := db.List(ctx, eino.ID, l.ID); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("Eino reads Aino's list: %v, want not found", err)
		}
		for name, err := range map[string]error{
			"rename": db.RenameList(ctx, eino.ID, l.ID, "Minun"),
			"add":    db.AddToList(ctx, eino.ID, l.ID, r1),
			"remove": db.RemoveFromList(ctx, eino.ID, l.ID, r2),
			"delete": db.DeleteList(ctx, eino.ID, l.ID),
		} {
			if library.ErrorCode(err) != library.ENOTFOUND {
				t.Errorf("Eino's %s of Aino's list: %v, want not found", name, err)
			}
		}
		if _, err := db.ShareList(ctx, eino.ID, l.ID, true); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("Eino shares Aino's list: %v, want not found", err)
		}
		if lists, _ := db.Lists(ctx, eino.ID); len(lists) != 0 {
			t.Errorf("Eino has lists %+v, want none", lists)
		}

		if err := db.AddToList(ctx, aino.ID, l.ID, 999999); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("adding a missing record: %v, want not found", err)
		}
		wantKey(t, db.RenameList(ctx, aino.ID, l.ID, "   "), "lists.error.name_empty")
		wantKey(t, db.RenameList(ctx, aino.ID, l.ID, strings.Repeat("x", library.MaxListName+1)), "lists.error.name_too_long")

		if err := db.DeleteList(ctx, aino.ID, l.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.List(ctx, aino.ID, l.ID); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("deleted list: %v, want not found", err)
		}
	})
}

func TestListSharing(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		aino := f.patron("Aino", library.CategoryAdult, false)
		r := f.title(library.Book)
		l, err := db.CreateList(ctx, aino.ID, "Lukupiiri")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.AddToList(ctx, aino.ID, l.ID, r); err != nil {
			t.Fatal(err)
		}
		shared, err := db.ShareList(ctx, aino.ID, l.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(shared.ShareToken) < 40 {
			t.Fatalf("share token %q is too short to be unguessable", shared.ShareToken)
		}
		again, _ := db.ShareList(ctx, aino.ID, l.ID, true)
		if again.ShareToken != shared.ShareToken {
			t.Errorf("sharing a shared list changed its link")
		}
		got, entries, err := db.SharedList(ctx, shared.ShareToken)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != l.ID || len(entries) != 1 {
			t.Errorf("SharedList = %+v with %d entries, want list %d with 1", got, len(entries), l.ID)
		}
		if _, _, err := db.SharedList(ctx, ""); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("empty token: %v, want not found", err)
		}

		private, err := db.ShareList(ctx, aino.ID, l.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if private.Shared() {
			t.Error("list still shared after making it private")
		}
		if _, _, err := db.SharedList(ctx, shared.ShareToken); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("revoked link: %v, want not found", err)
		}
		// Sharing again makes a new link; the old one stays dead.
		reshared, _ := db.ShareList(ctx, aino.ID, l.ID, true)
		if reshared.ShareToken == shared.ShareToken {
			t.Error("sharing again revived the revoked link")
		}
		if _, _, err := db.SharedList(ctx, shared.ShareToken); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("old link after sharing again: %v, want not found", err)
		}
	})
}

func TestListLimits(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		aino := f.patron("Aino", library.CategoryAdult, false)
		var first library.List
		for i := range library.MaxLists {
			l, err := db.CreateList(ctx, aino.ID, fmt.Sprintf("Lista %d", i))
			if err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				first = l
			}
		}
		_, err := db.CreateList(ctx, aino.ID, "Yksi liikaa")
		wantKey(t, err, "lists.error.too_many")
		wantCode(t, err, library.ECONFLICT)

		recs := make([]library.RecordWithItems, library.MaxListRecords+1)
		for i := range recs {
			recs[i].Record = library.Record{SourceID: fmt.Sprintf("limit-%d", i), Title: "T", Material: library.Book, Language: "fin"}
		}
		res := upsert(t, db, recs)
		for _, r := range res[:library.MaxListRecords] {
			if err := db.AddToList(ctx, aino.ID, first.ID, r.ID); err != nil {
				t.Fatal(err)
			}
		}
		wantKey(t, db.AddToList(ctx, aino.ID, first.ID, res[library.MaxListRecords].ID), "lists.error.full")
		// A record already on a full list may be added again: it changes nothing.
		if err := db.AddToList(ctx, aino.ID, first.ID, res[0].ID); err != nil {
			t.Errorf("re-adding to a full list: %v", err)
		}
	})
}
