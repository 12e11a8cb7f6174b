package site

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

var ldScript = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// pageLD fetches a page and parses the JSON-LD out of it.
func pageLD(t *testing.T, e *webtest.Env, path string) map[string]any {
	t.Helper()
	res, body := e.Get(t, path, "Accept-Language: en")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	m := ldScript.FindAllStringSubmatch(body, -1)
	if len(m) != 1 {
		t.Fatalf("GET %s: %d JSON-LD scripts, want 1", path, len(m))
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(m[0][1]), &v); err != nil {
		t.Fatalf("GET %s: JSON-LD does not parse: %v\n%s", path, err, m[0][1])
	}
	return v
}

// pick returns the named keys of a JSON-LD node, for comparing the parts
// a test is about.
func pick(n map[string]any, keys ...string) map[string]any {
	out := map[string]any{}
	for _, k := range keys {
		if v, ok := n[k]; ok {
			out[k] = v
		}
	}
	return out
}

func TestRecordJSONLD(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		book := pageLD(t, e, e.RecordPath("(TEST)1"))
		want := map[string]any{
			"@context": "https://schema.org", "@type": "Book", "name": "Tuntematon sotilas",
			"bookFormat": "https://schema.org/Hardcover", "isbn": "9510096335", "datePublished": "1954",
			"author": []any{map[string]any{"@type": "Person", "name": "Linna, Väinö"}},
		}
		if diff := cmp.Diff(want, pick(book, "@context", "@type", "name", "bookFormat", "isbn", "datePublished", "author")); diff != "" {
			t.Errorf("book (-want +got):\n%s", diff)
		}
		stock := map[string]string{}
		for _, o := range book["offers"].([]any) {
			o := o.(map[string]any)
			at := o["availableAtOrFrom"].(map[string]any)
			stock[at["@id"].(string)] = o["availability"].(string)
		}
		wantStock := map[string]string{
			"/libraries/hki-oodi":   "https://schema.org/InStock",
			"/libraries/esp-sello":  "https://schema.org/OutOfStock",
			"/libraries/hki-kallio": "https://schema.org/OutOfStock",
		}
		if diff := cmp.Diff(wantStock, stock); diff != "" {
			t.Errorf("offers by branch (-want +got):\n%s", diff)
		}

		ebook := pageLD(t, e, e.RecordPath("(TEST)2"))
		wantEbook := map[string]any{"@type": "Book", "bookFormat": "https://schema.org/EBook", "offers": []any{map[string]any{
			"@type": "Offer", "price": "0", "priceCurrency": "EUR", "availability": "https://schema.org/OnlineOnly",
			"businessFunction": "https://schema.org/LeaseOut"}}}
		if diff := cmp.Diff(wantEbook, pick(ebook, "@type", "bookFormat", "offers")); diff != "" {
			t.Errorf("e-book (-want +got):\n%s", diff)
		}
		types := map[string]string{}
		for i := range 5 {
			n := pageLD(t, e, e.RecordPath("(TEST)f"+strconv.Itoa(i)))
			types[n["name"].(string)] = n["@type"].(string)
		}
		wantTypes := map[string]string{
			"Kirjaston kokoelma 0": "Book", "Kirjaston kokoelma 1": "MusicAlbum", "Kirjaston kokoelma 2": "Movie",
			"Kirjaston kokoelma 3": "Book", "Kirjaston kokoelma 4": "Game",
		}
		if diff := cmp.Diff(wantTypes, types); diff != "" {
			t.Errorf("types by material (-want +got):\n%s", diff)
		}
	})
}

// TestJSONLDCannotBreakOut: a title that closes the script element stays
// a string inside the JSON.
func TestJSONLDCannotBreakOut(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		title := `Kissa </script><script>alert(1)</script><!-- "&'`
		res, err := e.DB.UpsertRecords(context.Background(), []library.RecordWithItems{{Record: library.Record{
			SourceID: "(TEST)evil", Title: title, Language: "fin", Material: library.Book,
			Authors: []library.Contributor{{Name: "</SCRIPT >", Role: "author"}}}}})
		if err != nil {
			t.Fatal(err)
		}
		n := pageLD(t, e, web.RecordURL(res[0].ID))
		if n["name"] != title {
			t.Errorf("name = %q, want %q", n["name"], title)
		}
		_, body := e.Get(t, web.RecordURL(res[0].ID))
		if regexp.MustCompile(`<script>alert`).MatchString(body) {
			t.Error("the title's script element got into the page")
		}
	})
}

func TestLibraryJSONLD(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		oodi := pageLD(t, e, "/libraries/hki-oodi")
		want := map[string]any{
			"@type": "Library", "name": "Central Library Oodi", "telephone": "09 3108 5000", "email": "oodi@hel.fi",
			"address": map[string]any{"@type": "PostalAddress", "streetAddress": "Töölönlahdenkatu 4",
				"postalCode": "00100", "addressLocality": "Helsinki", "addressCountry": "FI"},
		}
		if diff := cmp.Diff(want, pick(oodi, "@type", "name", "telephone", "email", "address", "specialOpeningHoursSpecification")); diff != "" {
			t.Errorf("Oodi (-want +got):\n%s", diff)
		}
		var days []string
		for _, s := range oodi["openingHoursSpecification"].([]any) {
			s := s.(map[string]any)
			days = append(days, s["dayOfWeek"].(string)+" "+s["opens"].(string)+"-"+s["closes"].(string))
		}
		wantDays := []string{"Sunday 08:00-21:00", "Monday 08:00-21:00", "Tuesday 08:00-21:00", "Wednesday 08:00-21:00",
			"Thursday 08:00-21:00", "Friday 08:00-21:00", "Saturday 08:00-21:00"}
		if diff := cmp.Diff(wantDays, days); diff != "" {
			t.Errorf("Oodi's weekly hours (-want +got):\n%s", diff)
		}

		sello := pageLD(t, e, "/libraries/esp-sello")
		wantSpecial := []any{
			map[string]any{"@type": "OpeningHoursSpecification", "validFrom": "2026-11-23", "validThrough": "2026-11-23",
				"opens": "00:00", "closes": "00:00", "description": "Staff training day"},
			map[string]any{"@type": "OpeningHoursSpecification", "validFrom": "2026-12-06", "validThrough": "2026-12-06",
				"opens": "00:00", "closes": "00:00", "description": "Independence Day"},
		}
		if diff := cmp.Diff(wantSpecial, sello["specialOpeningHoursSpecification"]); diff != "" {
			t.Errorf("Sello's exceptions (-want +got):\n%s", diff)
		}
		tapiola := pageLD(t, e, "/libraries/esp-tapiola")
		for _, s := range tapiola["openingHoursSpecification"].([]any) {
			if d := s.(map[string]any)["dayOfWeek"]; d == "Monday" {
				t.Error("Tapiola, closed on Mondays, has Monday hours")
			}
		}
	})
}
