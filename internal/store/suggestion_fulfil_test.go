package store_test

import (
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// lastNotice returns a patron's newest notice.
func (f *askFixture) lastNotice(p library.Patron) library.Notice {
	f.t.Helper()
	ns := f.notices(p.ID)
	if len(ns) == 0 {
		f.t.Fatalf("patron %s has no notices", p.Name)
	}
	return ns[len(ns)-1]
}

// record stores a record without copies with the given ISBNs.
func (f *askFixture) record(title string, isbns ...string) int64 {
	f.t.Helper()
	f.n++
	res := upsert(f.t, f.db, []library.RecordWithItems{{Record: library.Record{SourceID: "ask-" + title, Title: title,
		Material: library.Book, Language: "fin", Audience: library.AudienceAdult, ISBNs: isbns}}})
	return res[0].ID
}

// TestSuggestionGroupsAndFulfilment: suggestions of one edition, written
// differently, make one group; staff of another city cannot decide on
// it; when the accepted title's record arrives, by ISBN or named by
// staff, each patron who suggested it gets a hold in the order they
// suggested it and a notice, and one whose hold the rules refuse is told
// it arrived.
func TestSuggestionGroupsAndFulfilment(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newAskFixture(t, db)
		p1 := f.patron("Aalto, Aino", library.CategoryAdult, false)
		p2 := f.patron("Berg, Bo", library.CategoryAdult, false)
		p3 := f.patron("Centre, Cid", library.CategoryAdult, false)
		p4 := f.patron("Dahl, Dan", library.CategoryAdult, false)

		f.suggest(p2, "Some Book", "Someone", isbn10, circNow)
		s1, err := db.Suggest(f.ctx, library.PurchaseSuggestion{PatronID: p1.ID, Library: "vantaa", Title: "Some book (2nd ed.)",
			ISBN: "978-0-306-40615-7", PickupBranch: "hki-oodi", Why: "For my course"}, circNow.Add(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		f.suggest(p3, "Some Book", "", " 9780306406157 ", circNow.Add(2*time.Minute))
		moomin := f.suggest(p4, "Tove Jansson: Muumipeikko", "Jansson, Tove", "", circNow.Add(3*time.Minute))
		f.suggest(p1, "tove jansson - muumipeikko", "Jansson Tove", "", circNow.Add(4*time.Minute))

		groups, err := db.SuggestionGroups(f.ctx, library.SuggestionFilter{Libraries: []string{"vantaa"}})
		if err != nil || len(groups) != 2 || groups[0].Key != "isbn:"+isbn || groups[0].Count != 3 || groups[0].Title != "Some Book" ||
			groups[1].Key != moomin.Key || groups[1].Count != 2 || !groups[1].Last.Equal(circNow.Add(4*time.Minute)) {
			t.Fatalf("groups: %+v, %v", groups, err)
		}
		if other, _ := db.SuggestionGroups(f.ctx, library.SuggestionFilter{Libraries: []string{"espoo"}}); len(other) != 0 {
			t.Errorf("Espoo sees %+v", other)
		}

		_, err = db.AcceptSuggestions(f.ctx, f.espoo, "vantaa", groups[0].Key, circNow)
		wantKey(t, err, "error.staff_other_library")
		n, err := db.AcceptSuggestions(f.ctx, f.vantaa, "vantaa", groups[0].Key, circNow)
		if err != nil || n != 3 {
			t.Fatalf("accepted %d: %v", n, err)
		}
		if got := f.lastNotice(p3); got.Kind != library.NoticeSuggestionAccepted || got.Params["title"] != "Some Book" {
			t.Errorf("p3 was told %+v", got)
		}
		_, err = db.AcceptSuggestions(f.ctx, f.vantaa, "vantaa", groups[0].Key, circNow)
		wantKey(t, err, "error.suggestion_not_found")
		if _, err := db.AcceptSuggestions(f.ctx, f.vantaa, "vantaa", moomin.Key, circNow); err != nil {
			t.Fatal(err)
		}
		_, err = db.MarkSuggestionsOwned(f.ctx, f.vantaa, "vantaa", moomin.Key, 9999, circNow)
		wantKey(t, err, "error.suggestion_record")

		// p3 is blocked when the title comes: no hold for them.
		if err := db.BlockPatron(f.ctx, f.vantaa, p3.ID, "Kadonnut kirja", circNow); err != nil {
			t.Fatal(err)
		}
		arrived := circNow.Add(24 * time.Hour)
		other := f.record("Another book", "9789510000007")
		if n, err := db.MatchSuggestionsByISBN(f.ctx, []int64{other}, arrived); err != nil || n != 0 {
			t.Fatalf("an unrelated record fulfilled %d: %v", n, err)
		}
		// The catalogue keeps the ISBN-10; the suggestions have ISBN-13s.
		rec := f.record("Some Book", "0306406152")
		if n, err := db.MatchSuggestionsByISBN(f.ctx, []int64{other, rec}, arrived); err != nil || n != 3 {
			t.Fatalf("fulfilled %d: %v", n, err)
		}
		h2, h1 := f.holds(p2), f.holds(p1)
		if len(h2) != 1 || len(h1) != 1 || h2[0].RecordID != rec || h2[0].Position != 1 || h1[0].Position != 2 ||
			h1[0].PickupBranch != "hki-oodi" || h2[0].PickupBranch != "van-myyrmaki" || len(f.holds(p3)) != 0 {
			t.Fatalf("holds: p2 %+v, p1 %+v", h2, h1)
		}
		if got := f.lastNotice(p2); got.Kind != library.NoticeSuggestionHold || got.Params["branch"] != "van-myyrmaki" || got.Params["title"] != "Some Book" {
			t.Errorf("p2 was told %+v", got)
		}
		if got := f.lastNotice(p3); got.Kind != library.NoticeSuggestionArrived {
			t.Errorf("blocked p3 was told %+v", got)
		}
		s1, _ = db.PurchaseSuggestion(f.ctx, s1.ID)
		if s1.Status != library.SuggestionFulfilled || s1.HoldID != h1[0].ID || s1.RecordID != rec || !s1.Fulfilled.Equal(arrived) {
			t.Errorf("p1's suggestion: %+v", s1)
		}
		if n, err := db.MatchSuggestionsByISBN(f.ctx, []int64{rec}, arrived); err != nil || n != 0 {
			t.Errorf("a second match fulfilled %d: %v", n, err)
		}

		// Staff name the record of a title without an ISBN.
		book := f.record("Muumipeikko")
		_, err = db.SuggestionsArrived(f.ctx, f.helsinki, "vantaa", moomin.Key, book, arrived)
		wantKey(t, err, "error.staff_other_library")
		if n, err := db.SuggestionsArrived(f.ctx, f.vantaa, "vantaa", moomin.Key, book, arrived); err != nil || n != 2 {
			t.Fatalf("named the record: %d, %v", n, err)
		}
		if h := f.holds(p4); len(h) != 1 || h[0].RecordID != book || h[0].Position != 1 {
			t.Errorf("p4's holds: %+v", h)
		}

		// Declining needs a reason, which the patron is told; owned
		// names the record.
		f.suggest(p4, "Kalevala", "", "", arrived)
		kalevala := library.EditionKey("", "Kalevala", "")
		_, err = db.DeclineSuggestions(f.ctx, f.vantaa, "vantaa", kalevala, " ", arrived)
		wantKey(t, err, "error.suggestion_reason")
		if n, err := db.DeclineSuggestions(f.ctx, f.vantaa, "vantaa", kalevala, "Loppuunmyyty.", arrived); err != nil || n != 1 {
			t.Fatalf("declined %d: %v", n, err)
		}
		if got := f.lastNotice(p4); got.Kind != library.NoticeSuggestionDeclined || got.Params["reason"] != "Loppuunmyyty." {
			t.Errorf("p4 was told %+v", got)
		}
		f.suggest(p4, "Another book", "", "978-951-0-00000-7", arrived)
		if n, err := db.MarkSuggestionsOwned(f.ctx, f.vantaa, "vantaa", "isbn:9789510000007", other, arrived); err != nil || n != 1 {
			t.Fatalf("owned %d: %v", n, err)
		}
		own, _ := db.PatronSuggestions(f.ctx, p4.ID)
		if len(own) != 3 || own[0].Status != library.SuggestionOwned || own[0].RecordID != other || own[1].Status != library.SuggestionDeclined ||
			own[1].Reason != "Loppuunmyyty." || own[2].Status != library.SuggestionFulfilled {
			t.Errorf("p4's suggestions: %+v", own)
		}

		for action, n := range map[string]int{library.AuditSuggestionAccept: 2, library.AuditSuggestionDecline: 1,
			library.AuditSuggestionOwned: 1, library.AuditSuggestionRecord: 1} {
			if es := f.audited(action); len(es) != n || es[0].Library != "vantaa" {
				t.Errorf("%s: %+v", action, es)
			}
		}
	})
}

// holds returns a patron's open holds.
func (f *askFixture) holds(p library.Patron) []library.Hold {
	f.t.Helper()
	hs, err := f.db.Holds(f.ctx, p.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return hs
}
