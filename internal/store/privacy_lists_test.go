package store_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestPersonalDataListsAndRatings checks that the export finds the tables
// of lists and ratings, shows them without a shared list's token, and that
// closing the account deletes them.
func TestPersonalDataListsAndRatings(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		rec := f.title(library.Book, copyAt{barcode: "L1", home: "esp-sello"})
		p := f.patron("Listaaja, Liisa", library.CategoryAdult, false)
		l, err := db.CreateList(ctx, p.ID, "Kesälukemista")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.AddToList(ctx, p.ID, l.ID, rec); err != nil {
			t.Fatal(err)
		}
		shared, err := db.ShareList(ctx, p.ID, l.ID, true)
		if err != nil || shared.ShareToken == "" {
			t.Fatalf("share list: %+v, %v", shared, err)
		}
		if err := db.Rate(ctx, p.ID, rec, 4); err != nil {
			t.Fatal(err)
		}
		d, err := db.PersonalData(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Lists) != 1 || d.Lists[0].Name != "Kesälukemista" || !d.Lists[0].Shared || len(d.Lists[0].Records) != 1 ||
			len(d.Ratings) != 1 || d.Ratings[0].Stars != 4 || d.SavedSearches == nil {
			t.Errorf("export lists %+v, ratings %+v, saved searches %v", d.Lists, d.Ratings, d.SavedSearches)
		}
		var buf bytes.Buffer
		if err := db.WritePersonalData(ctx, p.ID, &buf); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), shared.ShareToken) {
			t.Error("export contains the list's share token")
		}
		if err := db.CloseAccount(ctx, p.ID, day(1)); err != nil {
			t.Fatal(err)
		}
		d, err = db.PersonalData(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Lists) != 0 || len(d.Ratings) != 0 {
			t.Errorf("closing left lists %+v, ratings %+v", d.Lists, d.Ratings)
		}
	})
}
