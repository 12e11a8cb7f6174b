package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/marc"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestImportFulfilsSuggestions imports a MARC file with the ISBN of an
// accepted purchase suggestion: each patron who suggested the title gets
// a hold on the imported record, in the order they suggested it, and a
// queued notice that it arrived, and the import says so.
func TestImportFulfilsSuggestions(t *testing.T) {
	const isbn = "9789510396148"
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		second, _ := e.NewPatron(t, "1001", "Toinen, Tuula", "esp-sello")
		admin, err := e.DB.CreateStaff(ctx, library.Staff{Username: "adm", Name: "adm", Role: library.RoleAdmin, Branch: "hki-oodi"}, "a long enough password")
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range []library.Patron{e.Patron, second} {
			_, err := e.DB.Suggest(ctx, library.PurchaseSuggestion{PatronID: p.ID, Title: "Uusi kirja", ISBN: "951-03-9614-1"},
				webtest.Now.Add(time.Duration(i)*time.Minute))
			if err != nil {
				t.Fatal(err)
			}
		}
		if n, err := e.DB.AcceptSuggestions(ctx, admin, "espoo", "isbn:"+isbn, webtest.Now); err != nil || n != 2 {
			t.Fatalf("accepted %d: %v", n, err)
		}

		m := marc.FromLibrary(library.Record{SourceID: "(IMPORT)1", Title: "Uusi kirja", Material: library.Book, Language: "fin",
			ISBNs: []string{isbn}}, nil)
		b, err := marc.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(t.TempDir(), "new.mrc")
		if err := os.WriteFile(file, b, 0o644); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		imp := &importer{store: e.DB, out: &out, charset: marc.Automatic}
		if err := imp.run(ctx, []string{file}); err != nil {
			t.Fatalf("%v\n%s", err, out.String())
		}
		if !strings.Contains(out.String(), "2 accepted purchase suggestion(s) arrived") {
			t.Errorf("the import does not say the suggestions arrived:\n%s", out.String())
		}
		for i, p := range []library.Patron{e.Patron, second} {
			hs, err := e.DB.Holds(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(hs) != 1 || hs[0].Position != i+1 {
				t.Errorf("%s's holds: %+v, want one at place %d", p.Name, hs, i+1)
			}
			ns, err := e.DB.Notices(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(ns) == 0 || ns[0].Kind != library.NoticeSuggestionHold || ns[0].Params["title"] != "Uusi kirja" {
				t.Errorf("%s's newest notice: %+v", p.Name, ns)
			}
		}
	})
}
