package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

var savedNow = time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)

func TestSavedSearchCRUD(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newPatron(t, db, "2001", "1234")
		b := newPatron(t, db, "2002", "1234")
		q := library.SearchQuery{Text: "muumi", Filters: map[string][]string{"language": {"fin"}}, Sort: library.SortNewest}
		s, err := db.SaveSearch(ctx, library.SavedSearch{PatronID: a.ID, Name: " Muumit ", Query: q, Alert: library.AlertWeekly}, savedNow)
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.SavedSearch(ctx, a.ID, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := library.SavedSearch{ID: s.ID, PatronID: a.ID, Name: "Muumit", Query: q, Alert: library.AlertWeekly,
			Created: savedNow, LastAlert: savedNow, LastRecordID: s.LastRecordID}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("SavedSearch (-want +got):\n%s", diff)
		}
		// Another patron can neither see, change nor delete it.
		if _, err := db.SavedSearch(ctx, b.ID, s.ID); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("other patron's SavedSearch: %v, want not found", err)
		}
		if err := db.UpdateSavedSearch(ctx, b.ID, s.ID, "x", library.AlertNone); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("other patron's update: %v, want not found", err)
		}
		if err := db.DeleteSavedSearch(ctx, b.ID, s.ID); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("other patron's delete: %v, want not found", err)
		}
		if l, _ := db.SavedSearches(ctx, b.ID); len(l) != 0 {
			t.Errorf("other patron lists %d searches", len(l))
		}
		for _, bad := range []struct {
			name  string
			alert library.Alert
		}{{"", library.AlertNone}, {strings.Repeat("x", 201), library.AlertNone}, {"ok", "hourly"}} {
			if err := db.UpdateSavedSearch(ctx, a.ID, s.ID, bad.name, bad.alert); library.ErrorCode(err) != library.EINVALID {
				t.Errorf("update to %q %q: %v, want invalid", bad.name, bad.alert, err)
			}
		}
		if err := db.UpdateSavedSearch(ctx, a.ID, s.ID, "Muumikirjat", library.AlertDaily); err != nil {
			t.Fatal(err)
		}
		l, err := db.SavedSearches(ctx, a.ID)
		if err != nil || len(l) != 1 || l[0].Name != "Muumikirjat" || l[0].Alert != library.AlertDaily {
			t.Fatalf("after update: %+v, %v", l, err)
		}
		if err := db.DeleteSavedSearch(ctx, a.ID, s.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SavedSearch(ctx, a.ID, s.ID); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("deleted search: %v", err)
		}
	})
}

// TestSearchAlertsOnce checks the sweep with a search that finds given
// IDs: an alert is sent when due, lists only records newer than the last
// alert, and a second run, or a run by another node, sends nothing.
func TestSearchAlertsOnce(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := newPatron(t, db, "2003", "1234")
		s, err := db.SaveSearch(ctx, library.SavedSearch{PatronID: p.ID, Name: "Uutuudet", Query: library.SearchQuery{Text: "x"}, Alert: library.AlertDaily}, savedNow)
		if err != nil {
			t.Fatal(err)
		}
		// No records exist, so the test's IDs above zero are all new.
		hits := []int64{s.LastRecordID + 3, s.LastRecordID + 1}
		search := func(ctx context.Context, q library.SearchQuery) (library.SearchResult, error) {
			if q.Text != "x" {
				return library.SearchResult{}, errors.New("wrong query")
			}
			var r library.SearchResult
			for _, id := range hits {
				r.Hits = append(r.Hits, library.SearchHit{ID: id})
			}
			r.Total = len(r.Hits)
			return r, nil
		}
		run := func(at time.Time) int {
			t.Helper()
			n, err := db.SearchAlerts(ctx, at, search)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := run(savedNow.Add(23 * time.Hour)); n != 0 {
			t.Errorf("before due: %d notices", n)
		}
		if n := run(savedNow.Add(24 * time.Hour)); n != 1 {
			t.Errorf("when due: %d notices, want 1", n)
		}
		if n := run(savedNow.Add(24 * time.Hour)); n != 0 {
			t.Errorf("run again: %d notices, want 0", n)
		}
		// A day later with nothing new: no notice, but the alert moves on.
		if n := run(savedNow.Add(48 * time.Hour)); n != 0 {
			t.Errorf("nothing new: %d notices", n)
		}
		hits = append(hits, s.LastRecordID+7)
		if n := run(savedNow.Add(72 * time.Hour)); n != 1 {
			t.Errorf("one new: %d notices, want 1", n)
		}
		// Two nodes at once: exactly one writes the notice.
		hits = append(hits, s.LastRecordID+9)
		done := make(chan int, 2)
		for range 2 {
			go func() {
				n, err := db.SearchAlerts(ctx, savedNow.Add(96*time.Hour), search)
				if err != nil {
					t.Error(err)
				}
				done <- n
			}()
		}
		if n := <-done + <-done; n != 1 {
			t.Errorf("two nodes wrote %d notices, want 1", n)
		}
		ns, err := db.Notices(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ns) != 3 {
			t.Fatalf("%d notices, want 3", len(ns))
		}
		for i, want := range []string{"1", "1", "2"} { // newest first
			if ns[i].Kind != library.NoticeSavedSearch || ns[i].Params["count"] != want || ns[i].Params["name"] != "Uutuudet" {
				t.Errorf("notice %d: %+v, want count %s", i, ns[i], want)
			}
		}
	})
}
