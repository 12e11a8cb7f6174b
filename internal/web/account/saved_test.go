package account

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// rawID matches a message id of this work left untranslated in a page.
var rawID = regexp.MustCompile(`\b(saved|payment|error)\.[a-z_.]+[a-z]\b`)

func TestSavedSearchPages(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		// The result page offers to save the search, with its filters.
		_, body := e.Do(t, "GET", "/search?q=kirjaston&language=fin", nil, e.AsPatron("en"))
		if !strings.Contains(body, `action="/account/searches"`) || !strings.Contains(body, `name="language" value="fin"`) {
			t.Errorf("result page has no save form with the filter")
		}
		form := url.Values{"q": {"kirjaston"}, "language": {"fin"}, "sort": {"title"}, "name": {"Kokoelma"}, "alert": {"weekly"}}
		// A cross-origin form is refused and saves nothing.
		resp, _ := e.Do(t, "POST", "/account/searches", form, e.AsPatron("fi"), "Sec-Fetch-Site: cross-site")
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("cross-origin save: %d, want 403", resp.StatusCode)
		}
		if l, _ := e.DB.SavedSearches(ctx, e.Patron.ID); len(l) != 0 {
			t.Fatalf("cross-origin POST saved %d searches", len(l))
		}
		resp, _ = e.Do(t, "POST", "/account/searches", form, e.AsPatron("fi"), "Sec-Fetch-Site: same-origin")
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", resp.StatusCode)
		}
		l, err := e.DB.SavedSearches(ctx, e.Patron.ID)
		if err != nil || len(l) != 1 {
			t.Fatalf("saved: %+v, %v", l, err)
		}
		s := l[0]
		if s.Name != "Kokoelma" || s.Alert != library.AlertWeekly || s.Query.Sort != library.SortTitle || s.Query.Filters["language"][0] != "fin" {
			t.Errorf("saved %+v", s)
		}
		for _, lang := range []string{"fi", "sv", "en", "ru"} {
			resp, body := e.Do(t, "GET", "/account/searches", nil, e.AsPatron(lang))
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", lang, resp.StatusCode)
			}
			for _, want := range []string{e.Msg(lang, "saved.title"), "Kokoelma", e.Msg(lang, "saved.alert.weekly")} {
				if !strings.Contains(body, webtest.HTMLText(want)) {
					t.Errorf("%s: page lacks %q", lang, want)
				}
			}
			if m := rawID.FindString(body); m != "" {
				t.Errorf("%s: raw message id %q in page", lang, m)
			}
		}
		path := savedURL(s.ID)
		resp, _ = e.Do(t, "GET", path+"/run", nil, e.AsPatron("fi"))
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/search?language=fin&q=kirjaston&sort=title" {
			t.Errorf("run: %d to %q", resp.StatusCode, loc)
		}
		// Another patron cannot run, change or delete it.
		_, cookie := e.NewPatron(t, "2500", "Muu, Maija", "hki-oodi")
		other := "Cookie: " + cookie + "; lang=fi"
		for _, req := range []struct{ method, path string }{{"GET", path + "/run"}, {"POST", path}, {"POST", path + "/delete"}} {
			var f url.Values
			if req.method == "POST" {
				f = url.Values{"name": {"x"}, "alert": {"none"}}
			}
			if resp, _ := e.Do(t, req.method, req.path, f, other); resp.StatusCode != http.StatusNotFound {
				t.Errorf("other patron %s %s: %d, want 404", req.method, req.path, resp.StatusCode)
			}
		}
		resp, _ = e.Do(t, "POST", path, url.Values{"name": {"Uusi nimi"}, "alert": {"none"}}, e.AsPatron("fi"))
		if got, _ := e.DB.SavedSearch(ctx, e.Patron.ID, s.ID); resp.StatusCode != http.StatusSeeOther || got.Name != "Uusi nimi" || got.Alert != library.AlertNone {
			t.Errorf("rename: %d, %+v", resp.StatusCode, got)
		}
		resp, _ = e.Do(t, "POST", path+"/delete", url.Values{}, e.AsPatron("fi"))
		if l, _ := e.DB.SavedSearches(ctx, e.Patron.ID); resp.StatusCode != http.StatusSeeOther || len(l) != 0 {
			t.Errorf("delete: %d, %d left", resp.StatusCode, len(l))
		}
	})
}

// TestSearchAlertSweep runs the alert sweep through the real index: only
// a record added after saving is told of, and only once.
func TestSearchAlertSweep(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		s, err := e.DB.SaveSearch(ctx, library.SavedSearch{PatronID: e.Patron.ID, Name: "Linna",
			Query: library.SearchQuery{Text: "linna"}, Alert: library.AlertDaily}, webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		recs := []library.RecordWithItems{
			{Record: library.Record{SourceID: "(TEST)new1", Title: "Täällä Pohjantähden alla",
				Authors: []library.Contributor{{Name: "Linna, Väinö", Role: "author"}}, Language: "fin", Year: 1959, Material: library.Book}},
			{Record: library.Record{SourceID: "(TEST)new2", Title: "Muuta luettavaa",
				Authors: []library.Contributor{{Name: "Joku, Muu", Role: "author"}}, Language: "fin", Year: 2020, Material: library.Book}},
		}
		if _, err := e.DB.UpsertRecords(ctx, recs); err != nil {
			t.Fatal(err)
		}
		if err := e.Index.Rebuild(ctx, e.DB, nil); err != nil {
			t.Fatal(err)
		}
		day := webtest.Now.AddDate(0, 0, 1)
		for i, want := range []int{1, 0} {
			n, err := e.DB.SearchAlerts(ctx, day, e.Index.Search)
			if err != nil || n != want {
				t.Errorf("run %d: %d notices, %v; want %d", i, n, err, want)
			}
		}
		ns, err := e.DB.Notices(ctx, e.Patron.ID)
		if err != nil || len(ns) != 1 {
			t.Fatalf("notices: %+v, %v", ns, err)
		}
		if got := ns[0].Params["titles"]; got != "Täällä Pohjantähden alla" || ns[0].Params["count"] != "1" {
			t.Errorf("notice lists %q (count %s), want only the new Linna", got, ns[0].Params["count"])
		}
		if ns[0].Params["link"] != savedURL(s.ID)+"/run" {
			t.Errorf("notice link %q", ns[0].Params["link"])
		}
		for _, lang := range []string{"fi", "sv", "en", "ru"} {
			body := e.Msg(lang, "notice.saved_search.body", "name", "Linna", "count", "1", "titles", "x", "link", "y")
			if rawID.MatchString(body) || !strings.Contains(body, "Linna") {
				t.Errorf("%s notice body %q", lang, body)
			}
		}
	})
}
