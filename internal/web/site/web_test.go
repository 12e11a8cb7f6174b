package site

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

func TestPagesInEveryLanguage(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		paths := []string{
			"/", "/search?q=sotilas", "/search?q=kokoelma&page=2&sort=title&material=book&material=cd",
			"/search?q=nothingmatchesthis", "/search", e.RecordPath("(TEST)1"), e.RecordPath("(TEST)2"),
			"/libraries", "/libraries/hki-oodi", "/libraries/esp-sello", "/records/999999",
		}
		for _, lang := range webtest.Langs {
			for _, p := range paths {
				resp, body := e.Get(t, p, "Cookie: lang="+lang)
				if resp.StatusCode != http.StatusOK && p != "/records/999999" {
					t.Errorf("%s %s: status %d", lang, p, resp.StatusCode)
				}
				if !strings.Contains(body, `<html lang="`+lang+`"`) {
					t.Errorf("%s %s: no <html lang=%q>", lang, p, lang)
				}
				if got := resp.Header.Get("Content-Language"); got != lang {
					t.Errorf("%s %s: Content-Language %q", lang, p, got)
				}
				for _, id := range webtest.RawIDs(e.Bundle, lang, body) {
					t.Errorf("%s %s: page shows raw message id %q", lang, p, id)
				}
				if lang != "fi" && strings.Contains(body, e.Bundle.T("fi", "nav.skip", nil)) {
					t.Errorf("%s %s: page shows Finnish chrome", lang, p)
				}
				if !strings.Contains(body, `href="#main"`) || !strings.Contains(body, `id="main"`) {
					t.Errorf("%s %s: no skip link", lang, p)
				}
			}
		}
	})
}

func TestPagePastEndLinksBack(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		_, body := e.Get(t, "/search?q=kokoelma&page=50&material=book")
		if !strings.Contains(body, `href="/search?material=book&amp;q=kokoelma"`) {
			t.Errorf("no link back to the first page:\n%s", body)
		}
	})
}

func TestLanguageChoice(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		resp, body := e.Get(t, "/libraries?lang=sv")
		if !strings.Contains(body, `<html lang="sv"`) {
			t.Fatal("?lang=sv did not give Swedish")
		}
		var cookie *http.Cookie
		for _, c := range resp.Cookies() {
			if c.Name == web.LangCookie {
				cookie = c
			}
		}
		if cookie == nil || cookie.Value != "sv" || cookie.Path != "/" || cookie.MaxAge <= 0 {
			t.Fatalf("language cookie = %+v, want a lasting lang=sv for /", cookie)
		}
		// The next page, without ?lang=, stays Swedish, even against the browser.
		_, body = e.Get(t, "/search?q=sotilas", "Cookie: "+cookie.String(), "Accept-Language: en")
		if !strings.Contains(body, `<html lang="sv"`) {
			t.Error("language did not persist through the cookie")
		}
		// The language switcher keeps the current page and its query.
		if !strings.Contains(body, `href="/search?lang=ru&amp;q=sotilas"`) {
			t.Error("no switcher link to Russian that keeps the search")
		}
		tests := []struct{ accept, want string }{
			{"en-GB,en;q=0.9", "en"},
			{"ru-RU", "ru"},
			{"de-DE", "fi"},
			{"", "fi"},
			{"sv-FI;q=0.9,fi;q=0.1", "sv"},
		}
		for _, tt := range tests {
			resp, body := e.Get(t, "/", "Accept-Language: "+tt.accept)
			if !strings.Contains(body, `<html lang="`+tt.want+`"`) {
				t.Errorf("Accept-Language %q: want %s", tt.accept, tt.want)
			}
			if len(resp.Cookies()) != 0 {
				t.Errorf("Accept-Language %q: set a cookie; only an explicit choice should", tt.accept)
			}
		}
	})
}

// apiRecord returns the record page data through the API.
func apiRecord(t *testing.T, e *webtest.Env, source string) recordPage {
	t.Helper()
	resp, body := e.Get(t, "/api/v1"+e.RecordPath(source)+"?lang=en")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var rp recordPage
	if err := json.Unmarshal([]byte(body), &rp); err != nil {
		t.Fatal(err)
	}
	return rp
}

func branchCounts(rp recordPage) map[string][2]int {
	m := map[string][2]int{}
	for _, c := range rp.Availability {
		for _, b := range c.Branches {
			m[b.ID] = [2]int{b.Available, b.OnLoan}
		}
	}
	return m
}

func TestAvailabilityFollowsCirculation(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		ctx := context.Background()
		want := map[string][2]int{"hki-oodi": {2, 0}, "esp-sello": {0, 1}, "hki-kallio": {0, 0}}
		if diff := cmp.Diff(want, branchCounts(apiRecord(t, e, "(TEST)1"))); diff != "" {
			t.Fatalf("before checkout (-want +got):\n%s", diff)
		}
		due := time.Date(2026, 12, 1, 21, 59, 0, 0, time.UTC) // 23.59 in Helsinki
		for _, bc := range []string{"T1-1", "T1-2"} {
			if _, err := e.DB.SetItemStatus(ctx, bc, library.Available, library.OnLoan, "hki-oodi", due); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.DB.WaitFeed(ctx); err != nil {
			t.Fatal(err)
		}
		if err := e.Index.CatchUp(ctx, e.DB); err != nil {
			t.Fatal(err)
		}
		rp := apiRecord(t, e, "(TEST)1")
		want["hki-oodi"] = [2]int{0, 2}
		if diff := cmp.Diff(want, branchCounts(rp)); diff != "" {
			t.Errorf("after checkout (-want +got):\n%s", diff)
		}
		if rp.Summary.Libraries != 0 || rp.Summary.Text != e.Bundle.T("en", "avail.none", nil) {
			t.Errorf("summary = %+v, want none on the shelf", rp.Summary)
		}
		_, body := e.Get(t, e.RecordPath("(TEST)1")+"?lang=fi")
		if !strings.Contains(body, "lähin eräpäivä ti 1.12.2026") {
			t.Error("record page does not show the earliest due date of Oodi's copies")
		}
		// The index caught up too: Oodi no longer has it on the shelf.
		_, body = e.Get(t, "/api/v1/search?q=sotilas&available_branch=hki-oodi")
		var sp searchPage
		if err := json.Unmarshal([]byte(body), &sp); err != nil {
			t.Fatal(err)
		}
		if sp.Total != 0 {
			t.Errorf("search on the shelf at Oodi: total %d, want 0", sp.Total)
		}
		_, body = e.Get(t, "/search?q=sotilas&lang=en")
		if !strings.Contains(body, "No copies on the shelf right now") {
			t.Error("result list does not show the new availability")
		}
	})
}

func TestSearchPage(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		_, body := e.Get(t, "/api/v1/search?q=kokoelma&material=book&lang=en")
		var sp searchPage
		if err := json.Unmarshal([]byte(body), &sp); err != nil {
			t.Fatal(err)
		}
		if sp.Total != 6 || sp.Pages != 1 || len(sp.Hits) != 6 {
			t.Errorf("total %d pages %d hits %d, want 6 books on 1 page", sp.Total, sp.Pages, len(sp.Hits))
		}
		labels := map[string]map[string]string{}
		for _, f := range sp.Facets {
			labels[f.Name] = map[string]string{}
			for _, v := range f.Values {
				labels[f.Name][v.Value] = v.Label.Text
				if f.Name == library.FacetMaterial && v.Value == "book" && !v.Selected {
					t.Error("material=book is not marked selected")
				}
			}
		}
		for _, c := range []struct{ facet, value, label string }{
			{"material", "book", "Book"},
			{"available_branch", "hki-oodi", "Central Library Oodi"},
			{"available_city", "helsinki", "Helsinki City Library"},
			{"language", "swe", "Swedish"},
			{"decade", "1990", "1990s"},
			{"audience", "adult", "Adults"},
		} {
			if got := labels[c.facet][c.value]; got != c.label {
				t.Errorf("facet %s=%s label %q, want %q", c.facet, c.value, got, c.label)
			}
		}
		_, body = e.Get(t, "/search?q=kokoelma&material=book&lang=en")
		// A selected value links to the search without it.
		if !strings.Contains(body, `href="/search?lang=en&amp;q=kokoelma"`) {
			t.Error("no link that removes the material filter")
		}
		_, body = e.Get(t, "/search?q=kokoelma&lang=ru")
		if !strings.Contains(body, "30 произведений, 30 изданий") || !strings.Contains(body, `rel="next"`) {
			t.Error("Russian result count or next-page link missing")
		}
		// A filter that leaves nothing can still be removed.
		_, body = e.Get(t, "/search?q=sotilas&material=vinyl&lang=en")
		if !strings.Contains(body, "Vinyl record") || !strings.Contains(body, `href="/search?lang=en&amp;q=sotilas"`) {
			t.Error("no-results page does not offer to remove the filter")
		}
		_, body = e.Get(t, "/search?q=nothingmatchesthis&lang=en")
		if !strings.Contains(body, "Nothing was found for “nothingmatchesthis”") || !strings.Contains(body, `value="nothingmatchesthis"`) {
			t.Error("no-results page does not keep the query")
		}
	})
}

func TestLibrariesOpenNow(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		status := func(now time.Time) map[string]string {
			srv, err := webtest.NewServer(web.Config{Store: e.DB, Search: e.Index, I18n: e.Bundle, Now: func() time.Time { return now }})
			if err != nil {
				t.Fatal(err)
			}
			cv, err := (&server{srv}).cities(context.Background(), "en")
			if err != nil {
				t.Fatal(err)
			}
			m := map[string]string{}
			for _, c := range cv.Cities {
				for _, b := range c.Branches {
					m[b.ID] = b.Open.Status + " " + b.Open.Until
				}
			}
			return m
		}
		want := map[string]string{
			"hki-oodi": "open 21:00", "hki-kallio": "self_service 10:00",
			"esp-sello": "closed ", "esp-tapiola": "closed ",
		}
		if diff := cmp.Diff(want, status(webtest.Now)); diff != "" {
			t.Errorf("Monday 9.30 (-want +got):\n%s", diff)
		}
		tuesday := time.Date(2026, 11, 24, 19, 30, 0, 0, library.Helsinki)
		want = map[string]string{
			"hki-oodi": "open 21:00", "hki-kallio": "open 20:00",
			"esp-sello": "open 20:00", "esp-tapiola": "closed ",
		}
		if diff := cmp.Diff(want, status(tuesday)); diff != "" {
			t.Errorf("Tuesday 19.30 (-want +got):\n%s", diff)
		}
		pages := map[string][]string{
			"fi": {"Avoinna nyt klo 21.00 asti", "Omatoimiaika nyt klo 10.00 asti", "Suljettu nyt"},
			"sv": {"Öppet nu till 21", "Meröppet nu till 10", "Stängt nu"},
			"en": {"Open now until 21:00", "Self-service now until 10:00", "Closed now"},
			"ru": {"Сейчас открыто до 21:00", "Сейчас самообслуживание до 10:00", "Сейчас закрыто"},
		}
		for lang, wants := range pages {
			_, body := e.Get(t, "/libraries?lang="+lang)
			for _, w := range wants {
				if !strings.Contains(body, w) {
					t.Errorf("%s libraries page lacks %q", lang, w)
				}
			}
		}
	})
}

func TestBranchPage(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		tests := map[string][]string{
			"fi": {"ma 23.11.2026", "9.00–20.00", "Henkilökunnan koulutuspäivä", "su 6.12.2026", "Itsenäisyyspäivä"},
			"sv": {"mån 23.11.2026", "9–20", "Personalens utbildningsdag", "sön 6.12.2026"},
			"en": {"Mon 23 Nov 2026", "9:00–20:00", "Staff training day", "Sun 6 Dec 2026"},
			"ru": {"пн, 23.11.2026", "9:00–20:00", "День обучения персонала", "вс, 06.12.2026"},
		}
		for lang, wants := range tests {
			resp, body := e.Get(t, "/libraries/esp-sello?lang="+lang)
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			for _, w := range wants {
				if !strings.Contains(body, w) {
					t.Errorf("%s: branch page lacks %q", lang, w)
				}
			}
			if strings.Contains(body, "Loppiainen") || strings.Contains(body, "Epiphany") {
				t.Errorf("%s: shows an exception more than 30 days ahead", lang)
			}
		}
		_, body := e.Get(t, "/libraries/hki-oodi?lang=sv")
		for _, w := range []string{"Musikstudio", "3D-skrivare", "Tillgänglig ingång.", "Centrumbiblioteket Ode", "tel:0931085000"} {
			if !strings.Contains(body, w) {
				t.Errorf("Oodi page lacks %q", w)
			}
		}
		if strings.Contains(body, "no-such-service") {
			t.Error("Oodi page shows an unknown service code")
		}
	})
}

func TestRecordPage(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		_, body := e.Get(t, e.RecordPath("(TEST)1")+"?lang=en")
		for _, w := range []string{
			"Tuntematon sotilas", "romaani", "Linna, Väinö</a>, author", "Tiihonen, Pekka</a>, narrator",
			"Someone</a>, contributor", `href="/search?subject=jatkosota"`, "Finnish", "WSOY", "9510096335",
			"Suuri suomalainen kirjasto", "Adults", "Ensimmäinen painos 1954.", "Being repaired: 1",
			"Aikuisten kirjat", "84.2 LIN", "earliest due Mon 7 Dec 2026",
			`<span class="tag">245</span> <span class="ind">10</span> <span class="code">$a</span> Tuntematon sotilas`,
		} {
			if !strings.Contains(body, w) {
				t.Errorf("record page lacks %q", w)
			}
		}
		// Availability is grouped by city, in the consortium's order.
		if i, j := strings.Index(body, "Espoo City Library"), strings.Index(body, "Helsinki City Library"); i < 0 || j < i {
			t.Error("cities missing or out of order")
		}
		rp := apiRecord(t, e, "(TEST)1")
		if !rp.MARCDerived || !slices.ContainsFunc(rp.MARCText, func(l string) bool { return strings.HasPrefix(l, "245 10 $a Tuntematon sotilas") }) {
			t.Errorf("API MARC of a record without source MARC: derived %v, %q", rp.MARCDerived, rp.MARCText)
		}
		// A record with source MARC shows it, not a derived one.
		_, body = e.Get(t, e.RecordPath("(TEST)3")+"?lang=en")
		if !strings.Contains(body, "Vain lähdetietueessa.") || strings.Contains(body, e.Bundle.T("en", "record.marc_derived", nil)) {
			t.Error("record page does not show the source MARC")
		}
		rp = apiRecord(t, e, "(TEST)3")
		if rp.MARCDerived || !slices.Contains(rp.MARCText, "245 10 $a Seitsemän veljestä / $c Aleksis Kivi.") {
			t.Errorf("API MARC of a record with source MARC: derived %v, %q", rp.MARCDerived, rp.MARCText)
		}
		_, body = e.Get(t, e.RecordPath("(TEST)2")+"?lang=ru")
		if !strings.Contains(body, "Доступно онлайн") || !strings.Contains(body, "Электронная книга") {
			t.Error("e-book page does not say it is online")
		}
	})
}
