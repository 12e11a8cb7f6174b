package store_test

import (
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestCataloguingFulfilsSuggestions: a cataloguer's save closes the loop
// by itself. A new record with the ISBN of an accepted suggestion places
// a hold for each patron who suggested it, in the order they suggested
// it, and queues their notices; a record edited to gain the ISBN of
// another does the same; a new suggestion (not yet accepted) waits.
func TestCataloguingFulfilsSuggestions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newAskFixture(t, db)
		p1 := f.patron("Aalto, Aino", library.CategoryAdult, false)
		p2 := f.patron("Berg, Bo", library.CategoryAdult, false)
		p3 := f.patron("Centre, Cid", library.CategoryAdult, false)
		f.suggest(p2, "Some Book", "Someone", isbn, circNow)
		f.suggest(p1, "Some Book", "", isbn10, circNow.Add(time.Minute))
		f.suggest(p3, "Other Book", "", "978-951-0-00000-7", circNow)
		// A group's page reads its own edition only.
		one, err := db.SuggestionGroups(f.ctx, library.SuggestionFilter{Libraries: []string{"vantaa"}, Key: "isbn:" + isbn})
		if err != nil || len(one) != 1 || one[0].Count != 2 {
			t.Fatalf("the group of %s: %+v, %v", isbn, one, err)
		}
		if n, err := db.AcceptSuggestions(f.ctx, f.vantaa, "vantaa", "isbn:"+isbn, circNow); err != nil || n != 2 {
			t.Fatalf("accepted %d: %v", n, err)
		}

		cr, err := db.CreateRecord(f.ctx, f.cataloguer, library.RecordForm{Title: "Some book", Material: library.Book,
			Language: "eng", ISBNs: []string{isbn10}})
		if err != nil {
			t.Fatal(err)
		}
		h2, h1 := f.holds(p2), f.holds(p1)
		if len(h2) != 1 || h2[0].RecordID != cr.Record.ID || h2[0].Position != 1 || len(h1) != 1 || h1[0].Position != 2 {
			t.Fatalf("holds after cataloguing: p2 %+v, p1 %+v (want p2 first: they suggested it first)", h2, h1)
		}
		for _, p := range []library.Patron{p1, p2} {
			if got := f.lastNotice(p); got.Kind != library.NoticeSuggestionHold || got.Params["title"] != "Some book" {
				t.Errorf("%s was told %+v", p.Name, got)
			}
		}

		// Other Book is new, not accepted: a record of it fulfils nothing
		// until staff accept it and the record is saved again.
		other, err := db.CreateRecord(f.ctx, f.cataloguer, library.RecordForm{Title: "Other Book", Material: library.Book, Language: "fin"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.AcceptSuggestions(f.ctx, f.vantaa, "vantaa", "isbn:9789510000007", circNow); err != nil {
			t.Fatal(err)
		}
		form := other.Form
		form.ISBNs = []string{"978-951-0-00000-7"}
		if _, err := db.UpdateRecordForm(f.ctx, f.cataloguer, other.Record.ID, other.Version, form); err != nil {
			t.Fatal(err)
		}
		if h := f.holds(p3); len(h) != 1 || h[0].RecordID != other.Record.ID {
			t.Errorf("p3's holds after the edit: %+v", h)
		}
		ss, _ := db.PatronSuggestions(f.ctx, p3.ID)
		if len(ss) != 1 || ss[0].Status != library.SuggestionFulfilled || ss[0].RecordID != other.Record.ID {
			t.Errorf("p3's suggestion: %+v", ss)
		}
	})
}
