package account

import (
	"encoding/json"
	"image"
	"image/draw"
	"image/png"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

func TestCardNeedsSignIn(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		resp, _ := e.Do(t, "GET", "/account/card", nil)
		if want := "/signin?next=%2Faccount%2Fcard"; resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
			t.Errorf("GET /account/card signed out: %d to %q, want 303 to %q", resp.StatusCode, resp.Header.Get("Location"), want)
		}
		resp, body := e.Do(t, "GET", "/api/v1/account/card", nil)
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, `"code": "unauthorized"`) {
			t.Errorf("GET /api/v1/account/card signed out: %d %s, want 401 JSON", resp.StatusCode, body)
		}
		// A staff session is no patron's card.
		resp, _ = e.Do(t, "GET", "/account/card", nil, e.AsStaff("fi"))
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("GET /account/card as staff: %d, want a redirect to sign in", resp.StatusCode)
		}
	})
}

func TestCardPageInEveryLanguage(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		const number = "27001234560001"
		_, cookie := e.NewPatron(t, number, "Nieminen, Eero", "esp-sello")
		espoo := webtest.Consortium().Libraries[0].Name
		for _, lang := range e.Bundle.Languages() {
			resp, body := e.Do(t, "GET", "/account/card", nil, "Cookie: "+cookie+"; lang="+lang)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s /account/card: status %d\n%s", lang, resp.StatusCode, body)
			}
			if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("%s /account/card: Cache-Control %q, want no-store", lang, cc)
			}
			for _, id := range webtest.RawIDs(e.Bundle, lang, body) {
				t.Errorf("%s /account/card: page shows raw message id %q", lang, id)
			}
			for _, want := range []string{
				`<p class="librarycard-number" id="card-number">` + number + `</p>`,
				"Nieminen, Eero",
				`<html lang="` + lang + `" dir="` + e.Msg(lang, "meta.dir") + `">`,
				webtest.HTMLText(e.Msg(lang, "card.home_library", "Library", espoo.Get(lang))),
				`role="img" aria-label="` + webtest.HTMLText(e.Msg(lang, "card.barcode_label", "Number", number)) + `"`,
				`role="img" aria-label="` + webtest.HTMLText(e.Msg(lang, "card.qr_label", "Number", number)) + `"`,
				"data-keep-offline",
			} {
				if !strings.Contains(body, want) {
					t.Errorf("%s /account/card: no %q", lang, want)
				}
			}
			if n := strings.Count(body, "<svg "); n != 2 {
				t.Errorf("%s /account/card: %d SVG images, want the barcode and the QR code", lang, n)
			}
		}
		var got cardPage
		resp, body := e.Do(t, "GET", "/api/v1/account/card", nil, "Cookie: "+cookie+"; lang=en")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /api/v1/account/card: %d %s", resp.StatusCode, body)
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		want := cardPage{Name: "Nieminen, Eero", CardNumber: number, HomeLibrary: web.LangText{Text: "Espoo City Library"}, Symbology: "code128"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GET /api/v1/account/card (-want +got):\n%s", diff)
		}
	})
}

// TestAccountLinksToCard checks that My Account leads to the card and
// that every page names the manifest and loads the registration script.
func TestAccountLinksToCard(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		_, body := e.Do(t, "GET", "/account", nil, e.AsPatron("fi"))
		if !strings.Contains(body, `<a href="/account/card">`+webtest.HTMLText(e.Msg("fi", "card.nav"))+`</a>`) {
			t.Error("/account: no link to the card")
		}
		_, body = e.Do(t, "GET", "/", nil)
		for _, want := range []string{
			`<link rel="manifest" href="/manifest.webmanifest">`,
			`<meta name="theme-color" content="` + web.ThemeColour + `">`,
			`<script src="` + e.Srv.StaticURL("pwa.js") + `" defer></script>`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("home page: no %q", want)
			}
		}
		resp, _ := e.Do(t, "GET", e.Srv.StaticURL("pwa.js"), nil)
		if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || !strings.HasPrefix(ct, "text/javascript") {
			t.Errorf("GET pwa.js: %d %q", resp.StatusCode, ct)
		}
	})
}

// TestCardCodesDecode draws card numbers of several shapes as the page
// does, rasterises the SVG and reads it back with zbarimg, the decoder
// the browser test uses too. Odd digit counts and letters make Code 128
// switch code sets, which a Helmet number alone would not exercise.
func TestCardCodesDecode(t *testing.T) {
	zbarimg, err := exec.LookPath("zbarimg")
	if err != nil {
		const how = "zbarimg not found: apt-get install zbar-tools to read the card's codes back"
		if os.Getenv("KIRJASTO_TEST_STRICT") == "1" {
			t.Fatal(how + " (KIRJASTO_TEST_STRICT=1 makes this a failure)")
		}
		t.Skip(how)
	}
	for _, number := range []string{"27001234560001", "1000", "123456789", "A12345B", "HKI-0042-x"} {
		t.Run(number, func(t *testing.T) {
			bar, err := code128SVG(number, "label")
			if err != nil {
				t.Fatal(err)
			}
			qrc, err := qrSVG(number, "label")
			if err != nil {
				t.Fatal(err)
			}
			got := []string{
				decodeSVG(t, zbarimg, string(bar), barModule),
				decodeSVG(t, zbarimg, string(qrc), qrModule),
			}
			want := []string{"CODE-128:" + number, "QR-Code:" + number}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("zbarimg (-want +got):\n%s", diff)
			}
		})
	}
}

var (
	svgSize = regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`)
	svgRect = regexp.MustCompile(`M(\d+) (\d+)h(\d+)v(\d+)h-\d+z`)
)

// decodeSVG paints the rectangles of an SVG that moduleSVG drew, px
// pixels a module, and returns what zbarimg reads from the picture.
func decodeSVG(t *testing.T, zbarimg, svg string, px int) string {
	t.Helper()
	m := svgSize.FindStringSubmatch(svg)
	if m == nil {
		t.Fatalf("no viewBox in %.100s", svg)
	}
	w, _ := strconv.Atoi(m[1])
	h, _ := strconv.Atoi(m[2])
	img := image.NewGray(image.Rect(0, 0, w*px, h*px))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	for _, r := range svgRect.FindAllStringSubmatch(svg, -1) {
		var n [4]int
		for i := range n {
			n[i], _ = strconv.Atoi(r[i+1])
		}
		draw.Draw(img, image.Rect(n[0]*px, n[1]*px, (n[0]+n[2])*px, (n[1]+n[3])*px), image.Black, image.Point{}, draw.Src)
	}
	path := filepath.Join(t.TempDir(), "code.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, err := exec.Command(zbarimg, "--quiet", path).Output()
	if err != nil {
		t.Fatalf("zbarimg read nothing: %v", err)
	}
	return strings.TrimSpace(string(out))
}
