package store_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// isbn is a valid ISBN-13 (978-0-306-40615-7), also written as ISBN-10
// 0-306-40615-2; isbnBad has a wrong check digit.
const (
	isbn    = "9780306406157"
	isbn10  = "0-306-40615-2"
	isbnBad = "978-0-306-40615-8"
)

func (f *askFixture) suggest(p library.Patron, title, author, isbn string, at time.Time) library.PurchaseSuggestion {
	f.t.Helper()
	s, err := f.db.Suggest(f.ctx, library.PurchaseSuggestion{PatronID: p.ID, Library: p.HomeLibrary, Title: title, Author: author, ISBN: isbn}, at)
	if err != nil {
		f.t.Fatalf("suggest %q: %v", title, err)
	}
	return s
}

// TestSuggestionInput: the ISBN's check digit, the duplicate, the limits.
func TestSuggestionInput(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newAskFixture(t, db)
		p := f.patron("Virtanen, Aino", library.CategoryAdult, false)
		for _, c := range []struct {
			name string
			s    library.PurchaseSuggestion
			key  string
		}{
			{"bad check digit", library.PurchaseSuggestion{PatronID: p.ID, Library: "vantaa", Title: "T", ISBN: isbnBad}, "error.suggestion_isbn"},
			{"not an ISBN", library.PurchaseSuggestion{PatronID: p.ID, Library: "vantaa", Title: "T", ISBN: "978-0-306 (nid.)"}, "error.suggestion_isbn"},
			{"no title", library.PurchaseSuggestion{PatronID: p.ID, Library: "vantaa", Title: " "}, "error.suggestion_title"},
			{"guest", library.PurchaseSuggestion{Library: "vantaa", Title: "T"}, "error.suggestion_sign_in"},
			{"material", library.PurchaseSuggestion{PatronID: p.ID, Library: "vantaa", Title: "T", Material: "scroll"}, "error.suggestion_material"},
			{"language", library.PurchaseSuggestion{PatronID: p.ID, Library: "vantaa", Title: "T", Language: "xx"}, "error.suggestion_language"},
			{"pickup", library.PurchaseSuggestion{PatronID: p.ID, Library: "vantaa", Title: "T", PickupBranch: "nowhere"}, "error.pickup_branch"},
		} {
			_, err := db.Suggest(f.ctx, c.s, circNow)
			if got := library.ErrorKey(err); got != c.key {
				t.Errorf("%s: error %v, want %s", c.name, err, c.key)
			}
		}
		s, err := db.Suggest(f.ctx, library.PurchaseSuggestion{PatronID: p.ID, Title: "Some Book", Author: "Someone", ISBN: isbn10}, circNow)
		if err != nil || s.Library != "vantaa" || s.ISBN != isbn || s.Key != "isbn:"+isbn || s.Material != library.Book || s.Status != library.SuggestionNew {
			t.Errorf("saved %+v, %v", s, err)
		}
		_, err = db.Suggest(f.ctx, library.PurchaseSuggestion{PatronID: p.ID, Library: "vantaa", Title: "Same, other spelling", ISBN: "978-0-306-40615-7"}, circNow)
		wantKey(t, err, "error.suggestion_duplicate")
	})
}

// TestSuggestionYearlyLimit: twenty suggestions at once by one patron,
// with a limit of ten a year, save exactly ten; the next year starts
// afresh.
func TestSuggestionYearlyLimit(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newAskFixture(t, db)
		p := f.patron("Virtanen, Aino", library.CategoryAdult, false)
		const n = 2 * library.SuggestionsPerYear
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = db.Suggest(f.ctx, library.PurchaseSuggestion{PatronID: p.ID, Library: "vantaa", Title: fmt.Sprintf("Title %d", i)}, circNow)
			}()
		}
		wg.Wait()
		saved := 0
		for _, err := range errs {
			switch library.ErrorKey(err) {
			case "error.":
				saved++
			case "error.suggestion_limit":
			default:
				t.Errorf("unexpected error %v", err)
			}
		}
		own, err := db.PatronSuggestions(f.ctx, p.ID)
		if saved != library.SuggestionsPerYear || err != nil || len(own) != library.SuggestionsPerYear {
			t.Fatalf("%d saved, %d kept (%v); want %d", saved, len(own), err, library.SuggestionsPerYear)
		}
		_, err = db.Suggest(f.ctx, library.PurchaseSuggestion{PatronID: p.ID, Library: "vantaa", Title: "One more"}, circNow)
		wantKey(t, err, "error.suggestion_limit")
		if library.ErrorCount(err) != library.SuggestionsPerYear {
			t.Errorf("the refusal tells %d, want %d", library.ErrorCount(err), library.SuggestionsPerYear)
		}
		newYear := time.Date(2027, time.January, 1, 0, 0, 1, 0, library.Helsinki)
		if _, err := db.Suggest(f.ctx, library.PurchaseSuggestion{PatronID: p.ID, Library: "vantaa", Title: "One more"}, newYear); err != nil {
			t.Errorf("in the new year: %v", err)
		}
	})
}

// TestFulfilOnce: several saves of the same record at once (an import
// and a cataloguer, two nodes) fulfil each suggestion once, with one
// hold and one notice.
func TestFulfilOnce(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newAskFixture(t, db)
		var ps []library.Patron
		for i := range 4 {
			p := f.patron(fmt.Sprintf("Patron %d", i), library.CategoryAdult, false)
			f.suggest(p, "Some Book", "", isbn, circNow.Add(time.Duration(i)*time.Minute))
			ps = append(ps, p)
		}
		if _, err := db.AcceptSuggestions(f.ctx, f.vantaa, "vantaa", "isbn:"+isbn, circNow); err != nil {
			t.Fatal(err)
		}
		rec := f.record("Some Book", isbn)
		const calls = 5
		counts := make([]int, calls)
		errs := make([]error, calls)
		var wg sync.WaitGroup
		for i := range calls {
			wg.Add(1)
			go func() {
				defer wg.Done()
				counts[i], errs[i] = db.MatchSuggestionsByISBN(f.ctx, []int64{rec}, circNow.Add(time.Hour))
			}()
		}
		wg.Wait()
		total := 0
		for i := range calls {
			if errs[i] != nil {
				t.Errorf("call %d: %v", i, errs[i])
			}
			total += counts[i]
		}
		if total != len(ps) {
			t.Errorf("fulfilled %d in all, want %d", total, len(ps))
		}
		for i, p := range ps {
			h := f.holds(p)
			holdNotices := 0
			for _, n := range f.notices(p.ID) {
				if n.Kind == library.NoticeSuggestionHold {
					holdNotices++
				}
			}
			if len(h) != 1 || h[0].Position != i+1 || holdNotices != 1 {
				t.Errorf("patron %d: holds %+v, %d hold notices", i, h, holdNotices)
			}
		}
	})
}
