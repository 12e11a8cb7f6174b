package store_test

import (
	"context"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

func TestRatings(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		r, other := f.title(library.Book), f.title(library.Book)
		var patrons []library.Patron
		for range 4 {
			patrons = append(patrons, f.patron("P", library.CategoryAdult, false))
		}
		want := func(rec int64, avg float64, count int) {
			t.Helper()
			got, err := db.RecordRating(ctx, rec)
			if err != nil {
				t.Fatal(err)
			}
			if got != (library.Rating{Average: avg, Count: count}) {
				t.Errorf("rating of %d = %+v, want %v from %d", rec, got, avg, count)
			}
		}
		want(r, 0, 0)
		for i, stars := range []int{5, 4, 4, 2} {
			if err := db.Rate(ctx, patrons[i].ID, r, stars); err != nil {
				t.Fatal(err)
			}
		}
		want(r, 3.75, 4)
		want(other, 0, 0)
		// Changing a rating replaces it.
		if err := db.Rate(ctx, patrons[3].ID, r, 5); err != nil {
			t.Fatal(err)
		}
		want(r, 4.5, 4)
		if got, _ := db.PatronRating(ctx, patrons[3].ID, r); got != 5 {
			t.Errorf("own rating = %d, want 5", got)
		}
		// Removing takes it out of the average; removing again is harmless.
		for range 2 {
			if err := db.Rate(ctx, patrons[0].ID, r, 0); err != nil {
				t.Fatal(err)
			}
		}
		want(r, 13.0/3, 3)
		if got, _ := db.PatronRating(ctx, patrons[0].ID, r); got != 0 {
			t.Errorf("removed rating = %d, want 0", got)
		}
		for _, stars := range []int{-1, 6, 100} {
			err := db.Rate(ctx, patrons[1].ID, r, stars)
			wantCode(t, err, library.EINVALID)
			wantKey(t, err, "ratings.error.range")
		}
		want(r, 13.0/3, 3)
		if err := db.Rate(ctx, patrons[1].ID, 999999, 3); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("rating a missing record: %v, want not found", err)
		}
	})
}
