package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestEveryPageInEveryLanguage renders the main pages, public, a patron's
// and the desk's, in every language that has a catalogue: none may fail,
// show a raw message id, lose its language or writing direction, or show
// a Finnish text where its own catalogue has another (the fallback that
// hides a missing message).
func TestEveryPageInEveryLanguage(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		e.Checkout(t, e.Patron, "T1-1", webtest.Now.AddDate(0, 0, -1))
		e.Checkout(t, e.Patron, "F1-0", webtest.Now.AddDate(0, 0, -40)) // overdue: a fee and a notice
		if _, err := e.DB.DueNotices(ctx, webtest.Now); err != nil {
			t.Fatal(err)
		}
		hold := e.PlaceHold(t, "(TEST)f4", "esp-sello")
		child := e.NewChild(t, e.Patron)
		e.Checkout(t, child, "F2-0", webtest.Now)
		e.OptIn(t)
		list := e.CreateList(t, e.AsPatron("fi"), "Lukupiiri")
		form := url.Values{"q": {"kokoelma"}, "material": {"book"}, "name": {"Kokoelma"}, "alert": {"weekly"}}
		if resp, _ := e.Do(t, "POST", "/account/searches", form, e.AsPatron("fi")); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save a search: status %d", resp.StatusCode)
		}

		public := []string{"/", "/search?q=kokoelma&material=book", "/search?q=nothingmatchesthis", "/search",
			e.RecordPath("(TEST)1"), e.RecordPath("(TEST)3"), "/libraries", "/libraries/hki-oodi",
			"/libraries/esp-sello", "/signin", "/staff/signin", "/pin/forgot", "/records/999999"}
		patron := []string{"/account", "/account/loans", "/account/holds", "/account/holds/" + hold + "/cancel",
			"/account/fees", "/account/messages", "/account/profile", "/account/pin", "/account/lists", list,
			"/account/searches", "/account/history", "/account/privacy", "/account/privacy/close",
			"/account/children", "/account/children/" + strconv.FormatInt(child.ID, 10), e.RecordPath("(TEST)1")}
		staff := []string{"/desk", "/desk?card=1000", "/desk/picklist", "/desk/holdshelf",
			"/desk/transit?branch=hki-kallio", "/staff/outbox"}

		for _, lang := range e.Bundle.Languages() {
			finnish := finnishOnly(e.Bundle, lang)
			check := func(path, cookie string) {
				resp, body := e.Do(t, "GET", path, nil, cookie)
				if resp.StatusCode != http.StatusOK && path != "/records/999999" {
					t.Errorf("%s %s: status %d", lang, path, resp.StatusCode)
				}
				head := `<html lang="` + lang + `" dir="` + e.Bundle.T(lang, "meta.dir", nil) + `">`
				if !strings.Contains(body, head) {
					t.Errorf("%s %s: no %s", lang, path, head)
				}
				for _, id := range webtest.RawIDs(e.Bundle, lang, body) {
					t.Errorf("%s %s: page shows raw message id %q", lang, path, id)
				}
				for _, s := range pageTexts(body) {
					if id, ok := finnish[s]; ok {
						t.Errorf("%s %s: page shows the Finnish %q of %s", lang, path, s, id)
					}
				}
				for _, l := range e.Bundle.Languages() {
					if !strings.Contains(body, `hreflang="`+l+`"`) {
						t.Errorf("%s %s: the language switcher does not offer %s", lang, path, l)
					}
				}
			}
			for _, p := range public {
				check(p, "Cookie: lang="+lang)
			}
			for _, p := range patron {
				check(p, e.AsPatron(lang))
			}
			for _, p := range staff {
				check(p, e.AsStaff(lang))
			}
		}
	})
}

// TestNewLanguagesChosen checks that the languages added as catalogue
// files are reached like the first four: from the browser's
// Accept-Language, and as a patron's language of pages and notices.
func TestNewLanguagesChosen(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		for _, tt := range []struct{ accept, want string }{
			{"et-EE,et;q=0.9,en;q=0.5", "et"},
			{"so-SO,so;q=0.9", "so"},
			{"ar-SA,ar;q=0.9,en;q=0.1", "ar"},
			{"de,ar-EG;q=0.5", "ar"},
		} {
			_, body := e.Get(t, "/", "Accept-Language: "+tt.accept)
			if !strings.Contains(body, `<html lang="`+tt.want+`"`) {
				t.Errorf("Accept-Language %q: want %s", tt.accept, tt.want)
			}
		}
		_, body := e.Do(t, "GET", "/account/profile", nil, e.AsPatron("en"))
		for _, lang := range e.Bundle.Languages() {
			if !strings.Contains(body, `value="`+lang+`"`) {
				t.Errorf("profile: no choice of %s as the language of pages and notices", lang)
			}
		}
		form := url.Values{"lang": {"so"}, "channel": {"account"}}
		if resp, body := e.Do(t, "POST", "/account/profile", form, e.AsPatron("en")); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("choose Somali: status %d:\n%s", resp.StatusCode, body)
		}
		p, err := e.DB.Patron(context.Background(), e.Patron.ID)
		if err != nil || p.Lang != "so" {
			t.Errorf("patron's language = %q, %v; want so", p.Lang, err)
		}
		form.Set("lang", "xx")
		if resp, _ := e.Do(t, "POST", "/account/profile", form, e.AsPatron("en")); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("unknown language: status %d, want 400", resp.StatusCode)
		}
	})
}

// finnishOnly returns, for a language, the Finnish texts of the messages
// it words differently, by message id. Such a text on a page in that
// language is Finnish shown in place of its own. Messages with template
// fields or plural forms are left out: they need data to render. The
// language names are left out too: the switcher shows each in its own.
func finnishOnly(b *i18n.Bundle, lang string) map[string]string {
	if lang == i18n.Default {
		return nil
	}
	own := map[string]bool{}
	for _, id := range b.IDs(lang) {
		own[b.T(lang, id, nil)] = true
	}
	fi := map[string]string{}
	for _, id := range b.IDs(i18n.Default) {
		s := b.T(i18n.Default, id, nil)
		if id == "meta.name" || s == id || strings.Contains(s, "<no value>") || own[s] {
			continue
		}
		fi[s] = id
	}
	return fi
}

var (
	scriptRE = regexp.MustCompile(`(?is)<(script|style)\b.*?</(script|style)>`)
	textRE   = regexp.MustCompile(`>([^<]+)<`)
	attrRE   = regexp.MustCompile(`\b(?:aria-label|placeholder|title|alt)="([^"]*)"`)
)

// pageTexts returns the texts a reader meets on a page: its text nodes and
// the attributes read aloud or shown, unescaped, with spaces collapsed.
func pageTexts(body string) []string {
	body = scriptRE.ReplaceAllString(body, "")
	var texts []string
	for _, re := range []*regexp.Regexp{textRE, attrRE} {
		for _, m := range re.FindAllStringSubmatch(body, -1) {
			if s := strings.Join(strings.Fields(html.UnescapeString(m[1])), " "); s != "" {
				texts = append(texts, s)
			}
		}
	}
	return texts
}

// physicalRE matches CSS that places things left or right, which a page
// written right to left (Arabic) would need mirrored: logical properties
// (margin-inline-start, text-align: start, inset-inline-end) follow the
// page's direction instead.
var physicalRE = regexp.MustCompile(`(?m)(^|[;{\s])((margin|padding|border|inset)-(left|right)[a-z-]*|left|right)\s*:|` +
	`(text-align|float|clear)\s*:\s*(left|right)\b|border-(top|bottom)-(left|right)-radius`)

// TestStylesFollowDirection keeps the style sheets free of left and right,
// so that right-to-left pages are laid out as mirror images.
func TestStylesFollowDirection(t *testing.T) {
	files, err := filepath.Glob("static/*.css")
	if err != nil || len(files) == 0 {
		t.Fatalf("no style sheets: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			for _, m := range physicalRE.FindAllString(line, -1) {
				t.Errorf("%s:%d: %q places by left or right; use the logical property", f, i+1, strings.TrimSpace(m))
			}
		}
	}
}
