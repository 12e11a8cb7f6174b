package web_test

import (
	"context"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestBidi checks that data inside pages is isolated from the page's
// words: codes read left to right on Arabic pages, and Finnish data on
// Russian and Arabic pages says it is Finnish. Messages show branch names
// and dates in the page's language, not codes and ISO dates.
func TestBidi(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		// Kallio has its accessibility text and a holiday in Finnish only,
		// as many branches do; its name has no Arabic.
		c := webtest.Consortium()
		kallio := &c.Branches[2]
		kallio.Accessibility = library.Text{"fi": "Esteetön sisäänkäynti."}
		kallio.Hours.Exceptions = []library.Exception{{Date: library.Date{Year: 2026, Month: 12, Day: 6},
			Day: library.Day{Note: library.Text{"fi": "Itsenäisyyspäivä"}}}}
		if err := e.DB.PutConsortium(ctx, c); err != nil {
			t.Fatal(err)
		}

		// A hold waiting on Kallio's hold shelf, and its notice.
		other, _ := e.NewPatron(t, "2000", "Lindqvist, Saga", "hki-oodi")
		e.Checkout(t, other, "F1-0", webtest.Now)
		e.Checkout(t, other, "F1-1", webtest.Now)
		h, err := e.DB.PlaceHold(ctx, library.Hold{PatronID: e.Patron.ID, RecordID: e.Records["(TEST)f1"], PickupBranch: "hki-kallio"}, library.Actor{}, webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.DB.Checkin(ctx, "F1-0", library.Actor{Branch: "hki-kallio"}, webtest.Now); err != nil {
			t.Fatal(err)
		}
		holds, err := e.DB.Holds(ctx, e.Patron.ID)
		if err != nil || len(holds) != 1 || holds[0].ID != h.ID || holds[0].ShelfCode == "" {
			t.Fatalf("holds %+v, %v: want one on the hold shelf", holds, err)
		}
		shelf, pickupBy := holds[0].ShelfCode, holds[0].PickupBy

		page := func(path, lang string) string {
			t.Helper()
			resp, body := e.DoRaw(t, "GET", path, nil, e.AsPatron(lang))
			if resp.StatusCode != 200 {
				t.Fatalf("%s %s: status %d", lang, path, resp.StatusCode)
			}
			// An attribute cannot hold markup: html/template strips T's
			// <bdi> from attribute values, and must go on doing so.
			if m := attrBdiRE.FindString(body); m != "" {
				t.Errorf("%s %s: markup in an attribute: %s", lang, path, m)
			}
			return body
		}
		check := func(path, lang string, want ...string) {
			t.Helper()
			body := page(path, lang)
			for _, w := range want {
				if !strings.Contains(body, w) {
					t.Errorf("%s %s: no %s", lang, path, w)
				}
			}
		}
		check("/account/holds", "ar",
			`<strong><bdi dir="ltr">`+shelf+`</bdi></strong>`,
			`<bdi lang="fi">Kallion kirjasto</bdi>`)
		check(e.RecordPath("(TEST)1"), "ar",
			`<bdi dir="ltr">84.2 LIN</bdi>`,
			`<h1><bdi lang="fi">Tuntematon sotilas</bdi></h1>`)
		for _, lang := range []string{"ru", "ar"} {
			check("/libraries/hki-kallio", lang,
				`<p><bdi lang="fi">Esteetön sisäänkäynti.</bdi></p>`,
				`<bdi lang="fi">Itsenäisyyspäivä</bdi>`,
				`<bdi dir="ltr">00530</bdi>`)
			check("/search?q=tuntemato", lang, `<bdi>tuntematon</bdi>`)
		}
		check("/libraries/hki-kallio", "ar", `<h1><bdi lang="fi">Kallion kirjasto</bdi></h1>`)
		check("/account/card", "ar", `aria-label="`+webtest.HTMLText(e.Msg("ar", "card.barcode_label", "Number", "1000"))+`"`)
		if _, err := e.DB.NewAPIToken(ctx, e.Patron.ID, "Kirjastosovellus", webtest.Now); err != nil {
			t.Fatal(err)
		}
		check("/account/apps", "ar", `aria-label="`+webtest.HTMLText(e.Msg("ar", "api.tokens.revoke_label", "Name", "Kirjastosovellus"))+`"`)
		// Finnish data on a Finnish page needs no lang of its own.
		if body := page("/libraries/hki-kallio", "fi"); strings.Contains(body, `<bdi lang="fi">`) {
			t.Error("a Finnish page marks its Finnish data as Finnish")
		}

		// The hold-ready message names the branch and the date as the
		// page's language writes them, each isolated from the sentence.
		for _, lang := range []string{"fi", "ru", "ar"} {
			body := html.UnescapeString(page("/account/messages", lang))
			date := e.Bundle.Date(lang, pickupBy.Year, pickupBy.Month, pickupBy.Day)
			name := c.Branches[2].Name.Get(lang)
			for _, w := range []string{"\u2068" + name + "\u2069", "\u2068" + shelf + "\u2069", "\u2068" + date + "\u2069"} {
				if !strings.Contains(body, w) {
					t.Errorf("%s messages: no %q", lang, w)
				}
			}
			if strings.Contains(body, "hki-kallio") || strings.Contains(body, pickupBy.String()) {
				t.Errorf("%s messages show a branch code or an ISO date", lang)
			}
		}
	})
}

var attrBdiRE = regexp.MustCompile(`="[^"]*bdi[^"]*"`)
