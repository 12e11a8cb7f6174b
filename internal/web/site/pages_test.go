package site

import (
	"bytes"
	"context"
	"encoding/binary"
	"html"
	"image/png"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestFavicon checks /favicon.ico: an ICO of PNG images of the app icon,
// kept by browsers and revalidated by its ETag.
func TestFavicon(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		resp, body := e.GetRaw(t, "/favicon.ico")
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/x-icon" {
			t.Fatalf("GET /favicon.ico: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "max-age=") || !strings.Contains(cc, "public") {
			t.Errorf("Cache-Control %q, want a public max-age", cc)
		}
		data := []byte(body)
		le := binary.LittleEndian
		if len(data) < 6 || le.Uint16(data[0:]) != 0 || le.Uint16(data[2:]) != 1 {
			t.Fatalf("not an ICO file: % x", data[:min(len(data), 6)])
		}
		n := int(le.Uint16(data[4:]))
		if n == 0 {
			t.Fatal("ICO file with no images")
		}
		for i := range n {
			entry := data[6+16*i:]
			size, length, offset := int(entry[0]), int(le.Uint32(entry[8:])), int(le.Uint32(entry[12:]))
			img, err := png.Decode(bytes.NewReader(data[offset : offset+length]))
			if err != nil {
				t.Fatalf("image %d: %v", i, err)
			}
			if b := img.Bounds(); b.Dx() != size || b.Dy() != size {
				t.Errorf("image %d is %v, its entry says %d", i, b, size)
			}
		}
		resp, _ = e.GetRaw(t, "/favicon.ico", "If-None-Match: "+resp.Header.Get("ETag"))
		if resp.StatusCode != http.StatusNotModified {
			t.Errorf("revalidation: status %d, want 304", resp.StatusCode)
		}
	})
}

var descriptionRE = regexp.MustCompile(`<meta name="description" content="([^"]*)">`)

// TestMetaDescriptions checks that every page describes itself, in the
// user's language, truthfully: the page's own words, or the site's.
func TestMetaDescriptions(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		title := "\u2068Tuntematon sotilas\u2069"
		oodi := func(lang string) string { return "\u2068" + webtest.Consortium().Branches[3].Name.Get(lang) + "\u2069" }
		for _, lang := range e.Bundle.Languages() {
			for path, want := range map[string]string{
				"/":                     e.Bundle.T(lang, "home.intro", nil),
				"/libraries":            e.Bundle.T(lang, "libraries.intro", nil),
				"/search?q=sotilas":     e.Bundle.T(lang, "meta.description.search", nil),
				e.RecordPath("(TEST)1"): e.Bundle.T(lang, "meta.description.record", map[string]any{"Title": title}),
				"/libraries/hki-oodi":   e.Bundle.T(lang, "meta.description.library", map[string]any{"Title": oodi(lang)}),
				"/no/such/page":         e.Bundle.T(lang, "site.tagline", nil),
			} {
				_, body := e.Get(t, path+sep(path)+"lang="+lang)
				m := descriptionRE.FindAllStringSubmatch(body, -1)
				if len(m) != 1 {
					t.Errorf("%s %s: %d meta descriptions, want 1", lang, path, len(m))
					continue
				}
				if got := html.UnescapeString(m[0][1]); got != want || strings.Contains(got, "{{") {
					t.Errorf("%s %s: description %q, want %q", lang, path, got, want)
				}
			}
		}
	})
}

func sep(path string) string {
	if strings.Contains(path, "?") {
		return "&"
	}
	return "?"
}

var (
	thIDRE      = regexp.MustCompile(`<th[^>]* id="([^"]+)"`)
	tdRE        = regexp.MustCompile(`<td[^>]*>`)
	headersRE   = regexp.MustCompile(`headers="([^"]+)"`)
	autoRE      = regexp.MustCompile(`<(input|select|textarea)[^>]*autocomplete="([^"]*)"[^>]*>`)
	subnavRE    = regexp.MustCompile(`(?s)<nav class="subnav"[^>]*>(.*?)</nav>`)
	navLinkRE   = regexp.MustCompile(`<a href="([^"]+)"( aria-current="([^"]+)")?>`)
	fieldTypeRE = regexp.MustCompile(`type="([a-z]+)"`)
)

// TestAccountPages checks what every page of My Account shares: one
// navigation, the same on each, marking the page it is on; tables whose
// data cells name their headers; and autocomplete tokens that fit their
// fields.
func TestAccountPages(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		e.Checkout(t, e.Patron, "F2-0", webtest.Now.AddDate(0, 0, -40))
		if _, err := e.DB.Checkin(ctx, "F2-0", library.Actor{Branch: "hki-oodi"}, webtest.Now.AddDate(0, 0, -2)); err != nil {
			t.Fatal(err) // returned late: an overdue fee
		}
		list, err := e.DB.CreateList(ctx, e.Patron.ID, "Kesälukemista")
		if err != nil {
			t.Fatal(err)
		}
		var first []string
		for _, path := range []string{"/account", "/account/card", "/account/loans", "/account/holds",
			"/account/lists", "/account/searches", "/account/fees", "/account/messages", "/account/profile",
			"/account/pin", "/account/history", "/account/privacy", "/account/children", "/account/apps",
			"/account/privacy/close", "/account/lists/" + strconv.FormatInt(list.ID, 10)} {
			resp, body := e.Do(t, "GET", path, nil, e.AsPatron("en"))
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d", path, resp.StatusCode)
			}
			navs := subnavRE.FindAllStringSubmatch(body, -1)
			if len(navs) != 1 {
				t.Errorf("%s: %d account navigations, want 1", path, len(navs))
				continue
			}
			var hrefs []string
			current := map[string]string{}
			for _, m := range navLinkRE.FindAllStringSubmatch(navs[0][1], -1) {
				hrefs = append(hrefs, m[1])
				if m[3] != "" {
					current[m[1]] = m[3]
				}
			}
			if first == nil {
				first = hrefs
			} else if !slices.Equal(first, hrefs) {
				t.Errorf("%s: navigation %q differs from /account's %q", path, hrefs, first)
			}
			want := map[string]string{path: "page"}
			if !slices.Contains(hrefs, path) { // a page below one the navigation has
				parent := path[:strings.LastIndex(path, "/")]
				want = map[string]string{parent: "true"}
			}
			if !mapsEqual(current, want) {
				t.Errorf("%s: aria-current on %v, want %v", path, current, want)
			}

			// Every data cell names header cells that are there.
			ids := map[string]bool{}
			for _, m := range thIDRE.FindAllStringSubmatch(body, -1) {
				ids[m[1]] = true
			}
			if strings.Contains(body, "<table") && path == "/account/fees" {
				for _, td := range tdRE.FindAllString(body, -1) {
					m := headersRE.FindStringSubmatch(td)
					if m == nil {
						t.Errorf("%s: %s names no headers", path, td)
						continue
					}
					for _, id := range strings.Fields(m[1]) {
						if !ids[id] {
							t.Errorf("%s: %s names header %q, which is not there", path, td, id)
						}
					}
				}
			}
			checkAutocomplete(t, path, body)
		}
	})
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// autocompleteTypes are the autocomplete tokens Kirjasto's forms use and
// the input types each fits (HTML's autofill field names); "street-address"
// is for a multi-line textarea, never a one-line input.
var autocompleteTypes = map[string][]string{
	"off": {"text", "search", ""}, "email": {"email"}, "tel": {"tel"},
	"address-line1": {"text"}, "postal-code": {"text"}, "address-level2": {"text"},
	"username": {"text", "email"}, "current-password": {"password"}, "new-password": {"password"},
}

func checkAutocomplete(t *testing.T, path, body string) {
	t.Helper()
	for _, m := range autoRE.FindAllStringSubmatch(body, -1) {
		typ := ""
		if tm := fieldTypeRE.FindStringSubmatch(m[0]); tm != nil {
			typ = tm[1]
		}
		if m[1] == "textarea" {
			typ = "textarea"
		}
		if !slices.Contains(autocompleteTypes[m[2]], typ) {
			t.Errorf("%s: autocomplete=%q on a %s field %s", path, m[2], typ, m[0])
		}
	}
}

// TestSignInAutocomplete checks the autocomplete tokens of the public forms.
func TestPublicAutocomplete(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		for _, path := range []string{"/", "/signin", "/staff/signin", "/pin/forgot", "/search?q=sotilas"} {
			_, body := e.Get(t, path)
			checkAutocomplete(t, path, body)
		}
	})
}

// TestFiltersAtTop checks that a phone user, who sees the filters only
// after the results, is offered a link to them before the first result.
func TestFiltersAtTop(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		for _, lang := range e.Bundle.Languages() {
			_, body := e.Get(t, "/search?q=kirjaston&lang="+lang)
			link := `<a href="#facets">` + webtest.HTMLText(e.Bundle.T(lang, "search.filters", nil)) + `</a>`
			i, hits := strings.Index(body, link), strings.Index(body, `<ol class="hits">`)
			if i < 0 || hits < 0 || i > hits {
				t.Errorf("%s: no link to the filters before the results", lang)
			}
			if !strings.Contains(body, `<section class="facets" id="facets"`) {
				t.Errorf("%s: the filters are not the link's target", lang)
			}
		}
	})
}
