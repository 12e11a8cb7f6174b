package content

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// fixture is the test consortium's news and pages at webtest.Now.
type fixture struct {
	consortium, espoo, helsinki, draft, scheduled library.NewsItem
	about, privacy, espooAbout, hidden            library.Page
}

var system = library.Staff{Role: library.RoleAdmin}

func published(at time.Time) library.Publication {
	return library.Publication{Status: library.StatusPublished, PublishAt: at}
}

func newFixture(t *testing.T, e *webtest.CircEnv) *fixture {
	t.Helper()
	ctx := context.Background()
	day := func(d int) time.Time { return webtest.Now.AddDate(0, 0, d) }
	f := &fixture{}
	mk := func(n library.NewsItem) library.NewsItem {
		t.Helper()
		n, err := e.DB.CreateNews(ctx, n, system, webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	f.consortium = mk(library.NewsItem{Title: library.Text{"fi": "Kimpan uutinen", "en": "Consortium news"},
		Body: library.Text{"fi": "Kaikille *kirjastoille*.", "en": "For every *library*."}, Publication: published(day(-3))})
	// Espoo's news is in Finnish and Swedish only: English readers get
	// the Finnish, marked.
	f.espoo = mk(library.NewsItem{Library: "espoo", Title: library.Text{"fi": "Sellon remontti", "sv": "Sellos renovering"},
		Summary: library.Text{"fi": "Sello suljetaan viikoksi."}, Body: library.Text{"fi": "# Aikataulu\n\nSello on kiinni.\n\n<script>alert(1)</script>"},
		Publication: published(day(-1))})
	f.helsinki = mk(library.NewsItem{Library: "helsinki", Title: library.Text{"fi": "Oodin konsertti"},
		Body: library.Text{"fi": "Tervetuloa!"}, Publication: published(day(-2))})
	f.draft = mk(library.NewsItem{Library: "espoo", Title: library.Text{"fi": "Salainen luonnos"},
		Publication: library.Publication{Status: library.StatusDraft}})
	f.scheduled = mk(library.NewsItem{Library: "helsinki", Title: library.Text{"fi": "Tuleva uutinen"}, Publication: published(day(2))})

	page := func(p library.Page) library.Page {
		t.Helper()
		p, err := e.DB.CreatePage(ctx, p, system, webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	f.about = page(library.Page{Slug: "tietoa", Kind: library.PageAbout, Title: library.Text{"fi": "Tietoa kimpasta", "sv": "Om samarbetet", "en": "About us"},
		Body: library.Text{"fi": "# Kimppa\n\nNeljä kaupunkia.", "sv": "Fyra städer.", "en": "# Consortium\n\nFour cities."}, Publication: published(day(-10))})
	f.privacy = page(library.Page{Slug: "tietosuoja", Kind: library.PagePrivacy, Title: library.Text{"fi": "Tietosuojaseloste"},
		Body: library.Text{"fi": "Käsittelemme tietojasi [lain](https://finlex.fi/) mukaan."}, Publication: published(day(-10))})
	f.espooAbout = page(library.Page{Library: "espoo", Slug: "tietoa", Kind: library.PageAbout, Title: library.Text{"fi": "Espoon kirjastot"},
		Body: library.Text{"fi": "Espoossa on monta kirjastoa."}, Publication: published(day(-10))})
	f.hidden = page(library.Page{Slug: "tuleva", Kind: library.PageOther, Title: library.Text{"fi": "Tuleva sivu"},
		Body: library.Text{"fi": "Ei vielä."}, Publication: published(day(1))})
	return f
}

func newsPath(n library.NewsItem) string { return "/news/" + strconv.FormatInt(n.ID, 10) }

func adminNews(n library.NewsItem) string { return "/admin/news/" + strconv.FormatInt(n.ID, 10) }

func adminPage(p library.Page) string { return "/admin/pages/" + strconv.FormatInt(p.ID, 10) }

// TestPublicPagesInEveryLanguage renders the residents' pages in every
// language: each answers 200 in its language, shows no raw message id,
// and a text missing in the language is shown in Finnish, marked with
// its language and with a note in the reader's.
func TestPublicPagesInEveryLanguage(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		f := newFixture(t, e)
		paths := []string{"/news", "/news?library=espoo", "/news?page=1", newsPath(f.consortium), newsPath(f.espoo),
			"/pages/tietoa", "/pages/tietosuoja", "/pages/espoo/tietoa", "/libraries/esp-sello"}
		for _, lang := range e.Bundle.Languages() {
			for _, p := range paths {
				resp, body := e.Do(t, "GET", p, nil, "Cookie: lang="+lang)
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s %s: status %d", lang, p, resp.StatusCode)
					continue
				}
				if !strings.Contains(body, `<html lang="`+lang+`"`) {
					t.Errorf("%s %s: not in %s", lang, p, lang)
				}
				for _, id := range webtest.RawIDs(e.Bundle, lang, body) {
					t.Errorf("%s %s: raw message id %q", lang, p, id)
				}
			}
			// Espoo's item has Finnish and Swedish: elsewhere it is shown
			// in Finnish, with the note.
			_, body := e.Do(t, "GET", newsPath(f.espoo), nil, "Cookie: lang="+lang)
			note := webtest.HTMLText(e.Msg(lang, "content.missing.fi"))
			switch lang {
			case "fi", "sv":
				if strings.Contains(body, `class="lang-note"`) {
					t.Errorf("%s: a note on a text that is in %s", lang, lang)
				}
			default:
				if !strings.Contains(body, note) {
					t.Errorf("%s: no note %q on a text shown in Finnish", lang, note)
				}
				if !strings.Contains(body, `<h1 lang="fi">Sellon remontti</h1>`) || !strings.Contains(body, `<div class="content-body" lang="fi" dir="auto">`) {
					t.Errorf("%s: the Finnish title and text are not marked as Finnish", lang)
				}
			}
		}
		_, body := e.Do(t, "GET", newsPath(f.espoo), nil, "Cookie: lang=sv")
		if !strings.Contains(body, "Sellos renovering") || strings.Contains(body, "Sellon remontti") {
			t.Errorf("sv: the Swedish title is not shown alone")
		}
		// The body is Markdown, headings one level down, and what was
		// typed as HTML shows as text.
		_, body = e.Do(t, "GET", newsPath(f.espoo), nil, "Cookie: lang=fi")
		if !strings.Contains(body, "<h2>Aikataulu</h2>") || strings.Contains(body, "<script>alert") || !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("the body is not rendered safely:\n%s", body)
		}
		_, body = e.Do(t, "GET", "/pages/tietosuoja", nil, "Cookie: lang=fi")
		if !strings.Contains(body, `<a href="https://finlex.fi/" rel="nofollow noopener">lain</a>`) {
			t.Errorf("the privacy notice's link is not rendered")
		}
	})
}

// TestOnlyPublicTextsArePublic: drafts and texts scheduled for later are
// nowhere on the public side (pages, lists, footer, API, a branch's page)
// until their time, while staff see them all.
func TestOnlyPublicTextsArePublic(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		f := newFixture(t, e)
		for _, p := range []string{newsPath(f.draft), newsPath(f.scheduled), "/pages/tuleva", "/pages/nosuchpage", "/pages/helsinki/tietoa",
			"/news/999999", "/news/abc", "/pages/Bad_Slug", "/api/v1/news/" + strconv.FormatInt(f.draft.ID, 10), "/api/v1/pages/tuleva"} {
			if resp, _ := e.Do(t, "GET", p, nil); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s: status %d, want 404", p, resp.StatusCode)
			}
		}
		secret := []string{"Salainen luonnos", "Tuleva uutinen", "Tuleva sivu"}
		for _, p := range []string{"/news", "/", "/libraries/hki-oodi", "/libraries/esp-sello", "/api/v1/news"} {
			_, body := e.Do(t, "GET", p, nil, "Cookie: lang=fi")
			for _, s := range secret {
				if strings.Contains(body, s) {
					t.Errorf("%s shows %q", p, s)
				}
			}
		}
		_, body := e.Do(t, "GET", "/news", nil, "Cookie: lang=fi")
		if i, j, k := strings.Index(body, "Sellon remontti"), strings.Index(body, "Oodin konsertti"), strings.Index(body, "Kimpan uutinen"); i < 0 || !(i < j && j < k) {
			t.Errorf("/news does not list the public items newest first (%d, %d, %d)", i, j, k)
		}
		_, body = e.Do(t, "GET", "/libraries/esp-sello", nil, "Cookie: lang=fi")
		if !strings.Contains(body, "Sellon remontti") || strings.Contains(body, "Oodin konsertti") {
			t.Errorf("Sello's page does not show Espoo's news alone")
		}
		// The footer links the consortium's public pages, and only them.
		_, body = e.Do(t, "GET", "/", nil, "Cookie: lang=en")
		if !strings.Contains(body, `<a href="/pages/tietoa">About us</a>`) || !strings.Contains(body, `<a href="/pages/tietosuoja" lang="fi">Tietosuojaseloste</a>`) {
			t.Errorf("the footer does not link the consortium's pages")
		}
		if strings.Contains(body, "/pages/tuleva") || strings.Contains(body, "/pages/espoo/tietoa") {
			t.Errorf("the footer links a page not public, or a library's")
		}

		// Staff see drafts and scheduled texts, with where they stand.
		staff := e.StaffAt(t, "editor", library.RoleAdmin, "hki-oodi", "fi")
		_, body = e.Do(t, "GET", "/admin/news", nil, staff)
		for _, s := range []string{"Salainen luonnos", "Tuleva uutinen", e.Msg("fi", "content.state.draft")} {
			if !strings.Contains(body, s) {
				t.Errorf("the staff's list lacks %q", s)
			}
		}
		_, body = e.Do(t, "GET", "/admin/pages", nil, staff)
		if !strings.Contains(body, "Tuleva sivu") {
			t.Errorf("the staff's list of pages lacks the scheduled page")
		}

		// Two days on, what was scheduled is public, on every side.
		e.Srv = e.ServerAt(t, webtest.Now.AddDate(0, 0, 2).Add(time.Minute))
		for _, p := range []string{newsPath(f.scheduled), "/pages/tuleva"} {
			if resp, _ := e.Do(t, "GET", p, nil); resp.StatusCode != http.StatusOK {
				t.Errorf("%s once its time has come: status %d", p, resp.StatusCode)
			}
		}
		if _, body = e.Do(t, "GET", "/", nil); !strings.Contains(body, "/pages/tuleva") {
			t.Errorf("the footer does not link a page once its time has come")
		}
	})
}

// TestEditorsSaveAndRefuse: staff create, preview, edit, publish,
// unpublish and delete through the forms; bad input gets its message at
// its field and a 4xx, with nothing saved.
func TestEditorsSaveAndRefuse(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		ed := e.StaffAt(t, "hki-editor", library.RoleContent, "hki-oodi", "en")
		form := url.Values{"library": {"helsinki"}, "title.fi": {"Lukupiiri alkaa"}, "summary.fi": {"Joka tiistai."},
			"body.fi": {"# Lukupiiri\n\nTervetuloa **kaikki**."}, "title.sv": {"Läscirkel"}, "status": {"draft"}}

		// A preview renders the text and saves nothing.
		preview := cloneWith(form, "preview", "1")
		resp, body := e.Do(t, "POST", "/admin/news", preview, ed)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "<h2>Lukupiiri</h2>") || !strings.Contains(body, "<strong>kaikki</strong>") {
			t.Errorf("preview: status %d:\n%s", resp.StatusCode, body)
		}
		if _, n, _ := e.DB.News(ctx, library.NewsFilter{}); n != 0 {
			t.Errorf("a preview saved %d items", n)
		}

		// Refusals: each a 400 with the message at its field, nothing saved.
		for _, tt := range []struct {
			name, path string
			form       url.Values
			key        string
			field      string
		}{
			{"empty Finnish title", "/admin/news", cloneWith(form, "title.fi", " "), "error.content_finnish_required", `id="title-fi-error"`},
			{"a body of a megabyte", "/admin/news", cloneWith(form, "body.fi", strings.Repeat("a", 1<<20)), "error.content_too_long", `id="body-fi-error"`},
			{"Swedish without a title", "/admin/news", cloneWith(form, "title.sv", "", "body.sv", "Text"), "error.content_title_missing", `id="title-sv-error"`},
			{"bad time", "/admin/news", cloneWith(form, "status", "published", "publish_at", "huomenna"), "error.content_publish_at_bad", `id="publish_at-error"`},
			{"bad slug", "/admin/pages", cloneWith(form, "slug", "Huono osoite!", "kind", "page"), "error.page_slug", `id="slug-error"`},
			{"unknown kind", "/admin/pages", cloneWith(form, "slug", "ohje", "kind", "manual"), "error.page_kind", `id="kind-error"`},
		} {
			resp, body := e.Do(t, "POST", tt.path, tt.form, ed)
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("%s: status %d, want 400", tt.name, resp.StatusCode)
			}
			msg := webtest.HTMLText(e.Bundle.T("en", tt.key, map[string]any{"Count": library.MaxContentBody}))
			if !strings.Contains(body, tt.field+` class="field-error">`+msg) {
				t.Errorf("%s: no message %q at %s", tt.name, msg, tt.field)
			}
		}
		if ns, n, _ := e.DB.News(ctx, library.NewsFilter{}); n != 0 {
			t.Errorf("refused forms saved %d items: %+v", n, ns)
		}
		if ps, _ := e.DB.Pages(ctx, library.PageFilter{}); len(ps) != 0 {
			t.Errorf("refused forms saved pages: %+v", ps)
		}

		// Create, then edit from the version shown.
		loc, body := postThenGet(t, e, "/admin/news", form, ed)
		if !strings.HasPrefix(loc, "/admin/news/") || !strings.Contains(body, e.Msg("en", "content.done.created")) {
			t.Fatalf("create: to %s", loc)
		}
		id, _ := strconv.ParseInt(strings.TrimPrefix(strings.Split(loc, "?")[0], "/admin/news/"), 10, 64)
		n, err := e.DB.NewsItem(ctx, id)
		if err != nil || n.Library != "helsinki" || n.Status != library.StatusDraft || n.Title["sv"] != "Läscirkel" {
			t.Fatalf("created %+v, %v", n, err)
		}
		edit := cloneWith(form, "version", "1", "title.fi", "Lukupiiri alkaa tiistaina", "status", "published", "publish_at", "2026-11-30T10:00")
		postThenGet(t, e, adminNews(n), edit, ed)
		n, _ = e.DB.NewsItem(ctx, id)
		want := time.Date(2026, 11, 30, 10, 0, 0, 0, library.Helsinki)
		if n.Title["fi"] != "Lukupiiri alkaa tiistaina" || !n.Scheduled(webtest.Now) || !n.PublishAt.Equal(want) {
			t.Errorf("after the edit: %q, %+v", n.Title["fi"], n.Publication)
		}
		// The same version again is stale: refused, the saved text kept.
		resp, body = e.Do(t, "POST", adminNews(n), cloneWith(edit, "title.fi", "Vanha versio"), ed)
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, webtest.HTMLText(e.Msg("en", "error.content_changed"))) {
			t.Errorf("stale edit: status %d", resp.StatusCode)
		}
		postThenGet(t, e, adminNews(n)+"/publish", url.Values{}, ed)
		if n, _ = e.DB.NewsItem(ctx, id); !n.Public(webtest.Now) {
			t.Errorf("publish now: %+v", n.Publication)
		}
		postThenGet(t, e, adminNews(n)+"/unpublish", url.Values{}, ed)
		if n, _ = e.DB.NewsItem(ctx, id); n.Status != library.StatusDraft {
			t.Errorf("unpublish: %+v", n.Publication)
		}
		// Deleting asks for the box to be ticked.
		if resp, _ := e.Do(t, "POST", adminNews(n)+"/delete", url.Values{}, ed); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("delete without confirming: status %d", resp.StatusCode)
		}
		postThenGet(t, e, adminNews(n)+"/delete", url.Values{"confirm": {"1"}}, ed)
		if _, err := e.DB.NewsItem(ctx, id); library.ErrorCode(err) != library.ENOTFOUND {
			t.Errorf("after deleting: %v", err)
		}

		// A page, published at once: the footer shows it on the next page.
		admin := e.StaffAt(t, "boss", library.RoleAdmin, "", "en")
		page := url.Values{"library": {""}, "slug": {"saavutettavuus"}, "kind": {"accessibility"}, "title.fi": {"Saavutettavuusseloste"},
			"body.fi": {"Sivusto täyttää WCAG 2.1 AA:n."}, "status": {"published"}}
		postThenGet(t, e, "/admin/pages", page, admin)
		if _, body := e.Do(t, "GET", "/", nil); !strings.Contains(body, `href="/pages/saavutettavuus"`) {
			t.Errorf("the footer does not link a page published just now")
		}
		if resp, body := e.Do(t, "POST", "/admin/pages", cloneWith(page, "slug", "toinen"), admin); resp.StatusCode != http.StatusConflict ||
			!strings.Contains(body, webtest.HTMLText(e.Msg("en", "error.page_kind_taken"))) {
			t.Errorf("a second accessibility statement: status %d", resp.StatusCode)
		}
	})
}

// TestContentPermissions: Espoo's content editor writes Espoo's news and
// pages only: never Helsinki's, nor the consortium's; other roles write
// none. A refusal changes nothing.
func TestContentPermissions(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		f := newFixture(t, e)
		espoo := e.StaffAt(t, "esp-editor", library.RoleContent, "esp-sello", "en")
		desk := e.StaffAt(t, "esp-desk", library.RoleBranchStaff, "esp-sello", "en")
		edit := url.Values{"version": {"1"}, "title.fi": {"Espoo was here"}, "status": {"draft"}}
		for _, tt := range []struct {
			method, path string
			form         url.Values
			cookie       string
			want         int
		}{
			{"GET", adminNews(f.helsinki), nil, espoo, http.StatusForbidden},
			{"POST", adminNews(f.helsinki), edit, espoo, http.StatusForbidden},
			{"POST", adminNews(f.helsinki) + "/unpublish", url.Values{}, espoo, http.StatusForbidden},
			{"POST", adminNews(f.helsinki) + "/delete", url.Values{"confirm": {"1"}}, espoo, http.StatusForbidden},
			{"POST", adminNews(f.consortium), edit, espoo, http.StatusForbidden},
			{"POST", "/admin/news", cloneWith(edit, "library", "helsinki"), espoo, http.StatusForbidden},
			{"POST", "/admin/news", cloneWith(edit, "library", ""), espoo, http.StatusForbidden},
			{"POST", adminPage(f.about), url.Values{}, espoo, http.StatusForbidden},
			{"GET", "/admin/news", nil, desk, http.StatusForbidden},
			{"POST", adminNews(f.espoo), edit, desk, http.StatusForbidden},
			{"GET", adminNews(f.espoo), nil, espoo, http.StatusOK},
			{"GET", adminPage(f.espooAbout), nil, espoo, http.StatusOK},
			{"POST", adminNews(f.espoo), edit, espoo, http.StatusSeeOther},
		} {
			if resp, _ := e.Do(t, tt.method, tt.path, tt.form, tt.cookie); resp.StatusCode != tt.want {
				t.Errorf("%s %s: status %d, want %d", tt.method, tt.path, resp.StatusCode, tt.want)
			}
		}
		for _, n := range []library.NewsItem{f.helsinki, f.consortium} {
			if got, _ := e.DB.NewsItem(ctx, n.ID); got.Version != 1 || got.Title["fi"] != n.Title["fi"] || !got.Public(webtest.Now) {
				t.Errorf("a refused edit changed %q: %+v", n.Title["fi"], got)
			}
		}
		// Espoo's editor lists Espoo's alone.
		_, body := e.Do(t, "GET", "/admin/news", nil, espoo)
		if !strings.Contains(body, "Espoo was here") || strings.Contains(body, "Oodin konsertti") || strings.Contains(body, "Kimpan uutinen") {
			t.Errorf("Espoo's editor's list:\n%s", body)
		}
		_, body = e.Do(t, "GET", "/admin/news/new", nil, espoo)
		if strings.Contains(body, `value="helsinki"`) || strings.Contains(body, `<option value=""`) || !strings.Contains(body, `value="espoo"`) {
			t.Errorf("Espoo's editor may choose another library")
		}
	})
}

// TestStaffPagesInEveryLanguage renders the editors and lists in every
// language, with a missing language marked in the list.
func TestStaffPagesInEveryLanguage(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		f := newFixture(t, e)
		for _, lang := range e.Bundle.Languages() {
			ed := e.StaffAt(t, "ed-"+lang, library.RoleAdmin, "", lang)
			for _, p := range []string{"/admin", "/admin/news", "/admin/news/new", adminNews(f.espoo), "/admin/pages", "/admin/pages/new", adminPage(f.about)} {
				resp, body := e.DoRaw(t, "GET", p, nil, ed)
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s %s: status %d", lang, p, resp.StatusCode)
					continue
				}
				for _, id := range webtest.RawIDs(e.Bundle, lang, body) {
					t.Errorf("%s %s: raw message id %q", lang, p, id)
				}
				// Espoo's item lacks Russian, named in Russian.
				if p == "/admin/news" && !strings.Contains(body, webtest.HTMLText(e.Msg(lang, "content.admin.missing"))+" <bdi") {
					t.Errorf("%s: the list does not mark the missing languages", lang)
				}
				if p == "/admin/news" && !strings.Contains(body, "Русский</bdi>") {
					t.Errorf("%s: the list does not name Russian as missing", lang)
				}
			}
		}
	})
}

// TestAPI reads the news and pages as JSON.
func TestAPI(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		f := newFixture(t, e)
		var list struct {
			News []struct {
				ID       int64  `json:"id"`
				Title    string `json:"title"`
				Lang     string `json:"lang"`
				BodyHTML string `json:"body_html"`
			} `json:"news"`
			Total int    `json:"total"`
			Next  string `json:"next"`
		}
		getJSON(t, e, "/api/v1/news?lang=en&limit=2", &list)
		if list.Total != 3 || len(list.News) != 2 || list.Next == "" || list.News[0].ID != f.espoo.ID || list.News[0].Lang != "fi" || list.News[0].BodyHTML != "" {
			t.Errorf("news: %+v", list)
		}
		getJSON(t, e, "/api/v1/news?library=helsinki", &list)
		if list.Total != 2 {
			t.Errorf("Helsinki's and the consortium's: %d", list.Total)
		}
		var item struct {
			Title    string `json:"title"`
			BodyHTML string `json:"body_html"`
		}
		getJSON(t, e, "/api/v1/news/"+strconv.FormatInt(f.consortium.ID, 10)+"?lang=en", &item)
		if item.Title != "Consortium news" || item.BodyHTML != "<p>For every <em>library</em>.</p>\n" {
			t.Errorf("item: %+v", item)
		}
		var page struct {
			Title, Lang, URL string
		}
		getJSON(t, e, "/api/v1/pages/tietoa?library=espoo&lang=sv", &page)
		if page.Title != "Espoon kirjastot" || page.Lang != "fi" || page.URL != "/pages/espoo/tietoa" {
			t.Errorf("page: %+v", page)
		}
		if resp, _ := e.Do(t, "GET", "/api/v1/news?library=turku", nil); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("an unknown library: status %d", resp.StatusCode)
		}
	})
}

func getJSON(t *testing.T, e *webtest.CircEnv, path string, v any) {
	t.Helper()
	resp, body := e.Do(t, "GET", path, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// cloneWith is form with name, value pairs set.
func cloneWith(form url.Values, pairs ...string) url.Values {
	out := url.Values{}
	for k, v := range form {
		out[k] = append([]string(nil), v...)
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		out.Set(pairs[i], pairs[i+1])
	}
	return out
}

// postThenGet posts a staff form, wants 303 and follows it.
func postThenGet(t *testing.T, e *webtest.CircEnv, path string, form url.Values, cookie string) (string, string) {
	t.Helper()
	resp, body := e.Do(t, "POST", path, form, cookie)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s: status %d, want 303:\n%.2000s", path, resp.StatusCode, body)
	}
	_, body = e.Do(t, "GET", loc, nil, cookie)
	return loc, body
}
