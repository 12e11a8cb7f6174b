package ask

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestSuggest makes a purchase suggestion: a bad ISBN refused at its
// field, a title the catalogue has offered to reserve instead (with
// nothing saved) and then suggested anyway, and a new title saved at
// once; My Account lists them.
func TestSuggest(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		saved := func() []library.PurchaseSuggestion {
			t.Helper()
			ss, err := e.DB.PatronSuggestions(ctx, e.Patron.ID)
			if err != nil {
				t.Fatal(err)
			}
			return ss
		}
		if resp, _ := e.Do(t, "GET", "/account/suggestions/new", nil, "Cookie: lang=en"); resp.StatusCode == http.StatusOK {
			t.Error("the form without signing in")
		}
		_, page := e.Do(t, "GET", "/account/suggestions/new", nil, e.AsPatron("en"))
		has(t, "the form", page, e.Msg("en", "material.audiobook"), e.Msg("en", "lang.swe"), `name="isbn"`)

		resp, page := e.Do(t, "POST", "/account/suggestions/new", url.Values{"title": {"Uusi kirja"}, "isbn": {"9789510396140"}}, e.AsPatron("en"))
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("a bad ISBN: %d", resp.StatusCode)
		}
		has(t, "a bad ISBN", page, `id="isbn-error" class="field-error">`+webtest.HTMLText(e.Msg("en", "error.suggestion_isbn")), `aria-invalid="true"`)
		resp, page = e.Do(t, "POST", "/account/suggestions/new", url.Values{"title": {" "}}, e.AsPatron("en"))
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, `id="title-error"`) {
			t.Errorf("no title: %d", resp.StatusCode)
		}

		// The catalogue has it: the form offers the record, saves nothing.
		v := url.Values{"title": {"seitsemän veljestä"}, "author": {"Kivi"}, "material": {"book"}}
		resp, page = e.Do(t, "POST", "/account/suggestions/new", v, e.AsPatron("en"))
		if resp.StatusCode != http.StatusConflict {
			t.Errorf("we have it: %d", resp.StatusCode)
		}
		has(t, "we have it", page, e.Msg("en", "ask_web.suggest.found"), `href="`+e.RecordPath("(TEST)3")+`#reserve"`,
			`name="anyway" value="1"`, `value="seitsemän veljestä"`)
		if ss := saved(); len(ss) != 0 {
			t.Fatalf("saved before suggesting anyway: %+v", ss)
		}
		v.Set("anyway", "1")
		resp, _ = e.Do(t, "POST", "/account/suggestions/new", v, e.AsPatron("en"))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("anyway: %d", resp.StatusCode)
		}
		// A title the catalogue lacks is saved at once.
		resp, _ = e.Do(t, "POST", "/account/suggestions/new", url.Values{"title": {"Uusi kirja"}, "isbn": {"978-951-03-9614-8"},
			"material": {"audiobook"}, "language": {"swe"}, "why": {"Lapsille"}}, e.AsPatron("en"))
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/account/asked") {
			t.Fatalf("a new title: %d to %q", resp.StatusCode, loc)
		}
		ss := saved()
		if len(ss) != 2 || ss[0].ISBN != "9789510396148" || ss[0].Material != library.AudioBook || ss[0].Language != "swe" {
			t.Fatalf("saved %+v", ss)
		}
		loc, _, _ := strings.Cut(resp.Header.Get("Location"), "#") // a browser sends no fragment
		_, page = e.Do(t, "GET", loc, nil, e.AsPatron("en"))
		has(t, "My Account", page, e.Msg("en", "ask_web.asked.suggested"), "Uusi kirja", "seitsemän veljestä", e.Msg("en", "suggestion.status.new"))
		for _, lang := range e.Bundle.Languages() {
			_, page := e.Do(t, "POST", "/account/suggestions/new", url.Values{"title": {"Seitsemän veljestä"}}, e.AsPatron(lang))
			if ids := webtest.RawIDs(e.Bundle, lang, page); len(ids) != 0 {
				t.Errorf("the suggestion form in %s shows ids %v", lang, ids)
			}
		}
	})
}
