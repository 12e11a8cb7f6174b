package site

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/cover"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// coverImg matches the cover partial: the drawing, and a picture over it.
var coverImg = regexp.MustCompile(`<span class="cover"><img src="([^"]+)" alt="([^"]*)" width="(\d+)" height="(\d+)"( loading="lazy")? decoding="async">(<img class="cover-picture" src="([^"]+)" alt="" width="(\d+)" height="(\d+)"( loading="lazy")? decoding="async" referrerpolicy="no-referrer">)?</span>`)

// shownCover is one cover as a page shows it.
type shownCover struct {
	drawn, alt, picture string
	width, height       int
	lazy                bool
}

func covers(t *testing.T, body string) []shownCover {
	t.Helper()
	var out []shownCover
	for _, m := range coverImg.FindAllStringSubmatch(body, -1) {
		w, _ := strconv.Atoi(m[3])
		h, _ := strconv.Atoi(m[4])
		c := shownCover{drawn: m[1], alt: m[2], width: w, height: h, lazy: m[5] != "", picture: m[7]}
		if m[6] != "" && (m[8] != m[3] || m[9] != m[4] || (m[10] != "") != c.lazy) {
			t.Errorf("the picture over %s is sized or loaded otherwise than its drawing: %s", c.drawn, m[0])
		}
		out = append(out, c)
	}
	if n := strings.Count(body, `<span class="cover">`); n != len(out) {
		t.Errorf("%d covers, %d of them as the partial writes them", n, len(out))
	}
	return out
}

var drawnPath = regexp.MustCompile(`^/covers/(\d+)\.svg\?v=[0-9a-f]{16}$`)

// TestCoversOnPages: result, record and work pages show a sized cover
// for every record: lazily in lists with an empty alt beside the title's
// link, at once on a record's page with "Cover: title" in the page's
// language. The API and the JSON-LD give its address.
func TestCoversOnPages(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		for _, q := range []string{"/search?q=kokoelma&lang=en", "/search?q=kokoelma&group=editions&lang=en"} {
			_, body := e.Get(t, q)
			cs := covers(t, body)
			if hits := strings.Count(body, `<li class="hit">`); hits == 0 || len(cs) != hits {
				t.Fatalf("%s: %d hits, %d covers", q, hits, len(cs))
			}
			for _, c := range cs {
				if !drawnPath.MatchString(c.drawn) || c.alt != "" || !c.lazy || c.width != 64 || (c.height != 96 && c.height != 64) || c.picture != "" {
					t.Errorf("%s: cover %+v, want a lazy drawing 64 px wide with an empty alt", q, c)
				}
			}
		}
		// A CD's cover is square, a book's two by three.
		sp := apiSearch(t, e, "q=kokoelma&material=cd&lang=en")
		if len(sp.Hits) == 0 || !drawnPath.MatchString(sp.Hits[0].Cover.URL) || sp.Hits[0].Cover.URL != sp.Hits[0].Cover.Drawn {
			t.Fatalf("API hits %+v: want a drawn cover each", sp.Hits)
		}
		_, body := e.Get(t, "/search?q=kokoelma&material=cd&group=editions&lang=en")
		for _, c := range covers(t, body) {
			if c.height != 64 {
				t.Errorf("a CD's cover is %dx%d, want square", c.width, c.height)
			}
		}

		for lang, alt := range map[string]string{"en": "Cover: ", "fi": "Kansikuva: ", "ar": "الغلاف: "} {
			_, body := e.Get(t, e.RecordPath("(TEST)1")+"?lang="+lang)
			cs := covers(t, body)
			want := alt + "\u2068Tuntematon sotilas\u2069"
			if len(cs) != 1 || cs[0].alt != want || cs[0].lazy || cs[0].width != 160 || cs[0].height != 240 {
				t.Errorf("%s: record page covers %+v, want one 160x240 loaded at once, alt %q", lang, cs, want)
			}
			if h1, cov := strings.Index(body, "<h1>"), strings.Index(body, `<span class="cover">`); h1 < 0 || cov < h1 {
				t.Errorf("%s: the cover comes before the heading", lang)
			}
		}
		rp := apiRecord(t, e, "(TEST)1")
		m := drawnPath.FindStringSubmatch(rp.Record.Cover.URL)
		if m == nil || m[1] != strconv.FormatInt(e.Records["(TEST)1"], 10) || rp.Record.Cover.Drawn != rp.Record.Cover.URL {
			t.Errorf("API cover %+v", rp.Record.Cover)
		}
		if ld := pageLD(t, e, e.RecordPath("(TEST)1")); ld["image"] != rp.Record.Cover.URL {
			t.Errorf("JSON-LD image %v, want %s", ld["image"], rp.Record.Cover.URL)
		}

		ws := apiSearch(t, e, "q=sotilas&group=works&lang=en")
		if len(ws.Hits) == 0 || ws.Hits[0].Work == nil {
			t.Fatalf("no work to open: %+v", ws.Hits)
		}
		w := ws.Hits[0].Work
		_, body = e.Get(t, w.URL+"?lang=en")
		if cs := covers(t, body); len(cs) != len(w.Editions) || cs[0].alt != "" || !cs[0].lazy {
			t.Errorf("work page: covers %+v for %d editions", cs, len(w.Editions))
		}
	})
}

// TestDrawnCover: /covers/{id}.svg draws the record's cover, the same for
// everyone, kept for a year at its versioned address and revalidated by
// its ETag; an unknown record or a bad name is a 404.
func TestDrawnCover(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		drawn := apiRecord(t, e, "(TEST)1").Record.Cover.Drawn
		resp, body := e.Get(t, drawn, "Accept-Language: sv", "Accept-Encoding: identity")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" {
			t.Fatalf("GET %s: %d %s", drawn, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if !strings.HasPrefix(body, `<svg xmlns="http://www.w3.org/2000/svg"`) || !strings.Contains(body, `role="img"`) ||
			!strings.Contains(body, "<title>Tuntematon sotilas – Väinö Linna</title>") {
			t.Errorf("the drawing:\n%s", body)
		}
		v := drawn[strings.Index(drawn, "=")+1:]
		for name, want := range map[string]string{
			"Cache-Control": "public, max-age=31536000, immutable", "ETag": `"` + v + `"`, "Vary": "Accept-Encoding",
		} {
			if got := resp.Header.Get(name); got != want {
				t.Errorf("%s: %q, want %q", name, got, want)
			}
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "default-src 'none'") {
			t.Errorf("the drawing's CSP %q lets it load things", csp)
		}
		// Without the version (or an old one) it is kept for minutes.
		bare := strings.TrimSuffix(drawn, "?v="+v)
		if resp, _ := e.Get(t, bare+"?v=0123456789abcdef"); resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "public, max-age=300" {
			t.Errorf("an old version: %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
		for _, match := range []string{`"` + v + `"`, `W/"` + v + `"`, `"x", "` + v + `"`, "*"} {
			resp, body := e.Get(t, drawn, "If-None-Match: "+match)
			if resp.StatusCode != http.StatusNotModified || body != "" {
				t.Errorf("If-None-Match %s: %d with %d bytes, want 304 and nothing", match, resp.StatusCode, len(body))
			}
		}
		if resp, _ := e.Get(t, drawn, `If-None-Match: "0123456789abcdef"`); resp.StatusCode != 200 {
			t.Errorf("If-None-Match of another version: %d, want 200", resp.StatusCode)
		}
		// Gzipped like a page, for it is text.
		if resp, _ := e.Get(t, drawn, "Accept-Encoding: gzip"); resp.Header.Get("Content-Encoding") != "gzip" {
			t.Error("the drawing is not compressed")
		}
		for _, p := range []string{"/covers/999999.svg", "/covers/abc.svg", "/covers/0.svg", "/covers/1.png", "/covers/1"} {
			if resp, _ := e.Get(t, p); resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", p, resp.StatusCode)
			}
		}
	})
}

// TestDrawnCoverEscapes: a title with markup is drawn as words; its
// drawing is well-formed and runs nothing, and the page's img says it as
// text.
func TestDrawnCoverEscapes(t *testing.T) {
	e := webtest.NewEnv(t, storetest.Open(t, "sqlite"))
	title := `<script>alert(1)</script> ]]> "x" & <svg onload=alert(2)>`
	res, err := e.DB.UpsertRecords(context.Background(), []library.RecordWithItems{{Record: library.Record{
		SourceID: "(TEST)xss", Title: title, Authors: []library.Contributor{{Name: "</text>, <b>"}}, Language: "eng", Material: library.Book,
	}}})
	if err != nil {
		t.Fatal(err)
	}
	e.Records["(TEST)xss"] = res[0].ID
	_, page := e.Get(t, e.RecordPath("(TEST)xss")+"?lang=en")
	if strings.Contains(page, "<script>alert") || strings.Contains(page, "<svg onload") {
		t.Fatal("the title reached the record page as markup")
	}
	drawn := covers(t, page)[0].drawn
	resp, svg := e.Get(t, strings.ReplaceAll(drawn, "&amp;", "&"))
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d", drawn, resp.StatusCode)
	}
	for _, bad := range []string{"<script", "]]>", "<svg onload", "<b>", "</text>, "} {
		if strings.Contains(svg, bad) {
			t.Errorf("the drawing holds %q:\n%s", bad, svg)
		}
	}
	if !strings.Contains(svg, "&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt;") {
		t.Errorf("the drawing does not say the title as text:\n%s", svg)
	}
}

// TestCoverPictures: a record's own picture (its cover link) lies over its
// drawing, over https, and is not one of its online links; a cover
// service is asked for the first valid ISBN of a record without one, and
// the content security policy lets its pictures in.
func TestCoverPictures(t *testing.T) {
	e := webtest.NewEnv(t, storetest.Open(t, "sqlite"))
	ctx := context.Background()
	res, err := e.DB.UpsertRecords(ctx, []library.RecordWithItems{
		{Record: library.Record{
			SourceID: "(TEST)pic", Title: "Kuvallinen e-kirja", Language: "fin", Material: library.EBook,
			ISBNs: []string{"0306406152"},
			Links: []library.Link{{URL: "http://kannet.example/kuva.jpg", Text: "Kansikuva", Cover: true}},
		}},
		{Record: library.Record{
			SourceID: "(TEST)isbn", Title: "ISBN-kirja", Language: "fin", Material: library.Book,
			ISBNs: []string{"0306406153", "080442957X"}, // the first's check digit is wrong
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	e.Records["(TEST)pic"], e.Records["(TEST)isbn"] = res[0].ID, res[1].ID
	if err := e.Index.Rebuild(ctx, e.DB, nil); err != nil {
		t.Fatal(err)
	}

	const picture = "https://kannet.example/kuva.jpg"
	_, body := e.Get(t, e.RecordPath("(TEST)pic")+"?lang=fi")
	if cs := covers(t, body); len(cs) != 1 || cs[0].picture != picture || !drawnPath.MatchString(cs[0].drawn) {
		t.Errorf("record page covers %+v, want the picture %s over the drawing", cs, picture)
	}
	rp := apiRecord(t, e, "(TEST)pic")
	if rp.Record.Cover.URL != picture || len(rp.Record.Links) != 0 || rp.Summary.Online || strings.Contains(body, `id="online"`) {
		t.Errorf("API: cover %+v, links %v, online %v: the cover link is a picture, not a way to read the e-book", rp.Record.Cover, rp.Record.Links, rp.Summary.Online)
	}
	if rp := apiRecord(t, e, "(TEST)isbn"); rp.Record.Cover.URL != rp.Record.Cover.Drawn {
		t.Errorf("without a cover service: %+v, want the drawing", rp.Record.Cover)
	}
	if resp, _ := e.Get(t, "/"); !strings.Contains(resp.Header.Get("Content-Security-Policy"), "img-src 'self' data: https:;") {
		t.Errorf("CSP %q", resp.Header.Get("Content-Security-Policy"))
	}

	svc, err := cover.NewService("http://kannet.example:8080/{isbn}.jpg")
	if err != nil {
		t.Fatal(err)
	}
	e.Srv, err = webtest.NewServer(web.Config{Store: e.DB, Search: e.Index, I18n: e.Bundle, Now: func() time.Time { return webtest.Now }, CoverService: svc})
	if err != nil {
		t.Fatal(err)
	}
	if rp := apiRecord(t, e, "(TEST)isbn"); rp.Record.Cover.URL != "http://kannet.example:8080/9780804429573.jpg" {
		t.Errorf("with a cover service: %+v, want the service's picture of the ISBN-13 of the valid ISBN-10", rp.Record.Cover)
	}
	if rp := apiRecord(t, e, "(TEST)pic"); rp.Record.Cover.URL != picture {
		t.Errorf("the record's own picture %+v should come before the service's", rp.Record.Cover)
	}
	if rp := apiRecord(t, e, "(TEST)3"); rp.Record.Cover.URL != rp.Record.Cover.Drawn {
		t.Errorf("a record without ISBNs: %+v, want the drawing", rp.Record.Cover)
	}
	resp, body := e.Get(t, "/search?q=isbn-kirja&group=editions&lang=fi")
	if cs := covers(t, body); len(cs) != 1 || cs[0].picture != "http://kannet.example:8080/9780804429573.jpg" || !cs[0].lazy {
		t.Errorf("result covers %+v", cs)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data: https: http://kannet.example:8080;") {
		t.Errorf("CSP %q does not let the http cover service in", csp)
	}
	var sp searchPage
	if _, body := e.Get(t, "/api/v1/search?q=isbn-kirja"); json.Unmarshal([]byte(body), &sp) != nil || len(sp.Hits) != 1 || sp.Hits[0].Cover.URL != "http://kannet.example:8080/9780804429573.jpg" {
		t.Errorf("API hits %+v", sp.Hits)
	}
}
