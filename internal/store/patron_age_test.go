package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestComeOfAge: on the day a child turns 15 the card becomes an adult's,
// without its guardian, and the holder is told once; a child a day
// younger, a closed card and a card without a birth date stay as they are.
func TestComeOfAge(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		parent := f.patron("Virtanen, Aino", library.CategoryAdult, false)
		set := func(p library.Patron, birth string) {
			t.Helper()
			if err := store.ExecForTest(db, `UPDATE patrons SET birth_date = $1, guardian_id = $2 WHERE id = $3`, birth, parent.ID, p.ID); err != nil {
				t.Fatal(err)
			}
		}
		// 1 March 2028, Helsinki: the child born 1 March 2013 turns 15
		// today, the one born 2 March 2013 tomorrow; the one born 29
		// February 2012 came of age before the sweep ever ran.
		now := time.Date(2028, time.March, 1, 9, 0, 0, 0, library.Helsinki)
		today := f.patron("Tänään, Tiina", library.CategoryChild, false)
		set(today, "2013-03-01")
		leap := f.patron("Karkaus, Kalle", library.CategoryChild, false)
		set(leap, "2012-02-29")
		young := f.patron("Nuori, Niko", library.CategoryChild, false)
		set(young, "2013-03-02")
		unknown := f.patron("Tuntematon, Tuula", library.CategoryChild, false)
		closed := f.patron("Suljettu, Sulo", library.CategoryChild, false)
		set(closed, "2000-01-01")
		if err := store.ExecForTest(db, `UPDATE patrons SET closed_at = $1 WHERE id = $2`, now, closed.ID); err != nil {
			t.Fatal(err)
		}
		n, err := db.ComeOfAge(ctx, now)
		if err != nil || n != 2 {
			t.Fatalf("ComeOfAge = %d, %v; want the two who are 15", n, err)
		}
		for _, c := range []struct {
			p        library.Patron
			category string
			guardian bool
		}{{today, library.CategoryAdult, false}, {leap, library.CategoryAdult, false}, {young, library.CategoryChild, true},
			{unknown, library.CategoryChild, false}, {closed, library.CategoryChild, true}} {
			got, err := db.Patron(ctx, c.p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Category != c.category || (got.GuardianID != 0) != c.guardian {
				t.Errorf("%s: category %s, guardian %d; want %s, guardian %v", c.p.Name, got.Category, got.GuardianID, c.category, c.guardian)
			}
		}
		notices, err := store.CountForTest(db, `SELECT count(*) FROM notices WHERE kind = $1`, library.NoticeAdultCard)
		if err != nil || notices != 2 {
			t.Errorf("%d adult-card notices, %v; want 2", notices, err)
		}
		if n, err := db.ComeOfAge(ctx, now.Add(time.Hour)); err != nil || n != 0 {
			t.Errorf("a second run = %d, %v; want nothing to do", n, err)
		}
	})
}
