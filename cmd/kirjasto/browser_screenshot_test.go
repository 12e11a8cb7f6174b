package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/chromedp/chromedp"
)

// screenViewports are the sizes the screenshots show: a phone and a
// desktop.
var screenViewports = []viewport{
	{"phone", 390, 844, 1},
	{"desktop", 1280, 800, 1},
}

// shot is a page to photograph, who looks at it, and in which languages.
type shot struct {
	name, path string
	who        string // "", "patron" or "staff"
	langs      []string
}

// testScreenshots photographs the main pages in Finnish and English, and
// some in Arabic to show the right-to-left layout, at a phone's and a
// desktop's width. With -screenshots they go to docs/screenshots; without,
// only the first page is taken, to a temporary directory: the others are
// pictures for the documentation, and every page they show is checked by
// the walks above (a minute of the suite's time saved).
func (env *browserEnv) testScreenshots(t *testing.T) {
	pages := env.pages
	record := pages.public[3]
	both, rtl := []string{"fi", "en"}, []string{"fi", "en", "ar"}
	shots := []shot{
		{"home", "/", "", rtl},
		{"results", "/search?q=kissa", "", rtl},
		{"record", record, "", rtl},
		{"library", pages.public[5], "", rtl},
		{"signin", "/signin", "", both},
		{"loans", "/account/loans", "patron", rtl},
		{"holds", "/account/holds", "patron", rtl},
		{"profile", "/account/profile", "patron", rtl},
		{"desk", "/desk?card=" + env.patron(t, "Virtanen, Aino").CardNumber, "staff", both},
	}
	if !*screenshotsFlag {
		shots = shots[:1]
	}
	tabs := map[string]*tab{
		"":       env.newTab(t),
		"patron": env.patronTab(t, env.patron(t, "Virtanen, Aino")),
		"staff":  env.staffTab(t, env.staff[1]),
	}
	offered := tabs[""].languagesAt("/")
	for _, s := range shots {
		for _, lang := range s.langs {
			if !slices.Contains(offered, lang) {
				t.Logf("no screenshot of %s in %s: the site does not offer %s yet", s.name, lang, lang)
				continue
			}
			tb := *tabs[s.who]
			tb.t = t
			for _, v := range screenViewports {
				tb.setViewport(v)
				tb.open(s.path + sep(s.path) + "lang=" + lang)
				tb.screenshot(filepath.Join(env.shots, s.name+"-"+lang+"-"+v.name+".png"), v)
			}
		}
	}
	for _, tb := range tabs {
		tb.do(chromedp.ResetViewport())
	}
}

// languagesAt opens path and returns the languages its switcher offers.
func (tb *tab) languagesAt(path string) []string {
	tb.t.Helper()
	tb.open(path)
	return tb.languages()
}

// screenshot saves what the tab shows to file, checking that it is an
// image of the viewport's size.
func (tb *tab) screenshot(file string, v viewport) {
	tb.t.Helper()
	// The screenshot shows the page, not where the last test left the focus.
	eval[bool](tb, `document.activeElement.blur(), scrollTo(0, 0), true`)
	ctx, cancel := tb.timeout()
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		tb.t.Fatalf("screenshot of %s: %v", tb.location(), err)
	}
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		tb.t.Fatalf("screenshot of %s: %v", tb.location(), err)
	}
	if b := img.Bounds(); int64(b.Dx()) != int64(float64(v.width)*v.scale) || int64(b.Dy()) != int64(float64(v.height)*v.scale) {
		tb.t.Errorf("screenshot of %s is %v, want %dx%d", tb.location(), b.Size(), v.width, v.height)
	}
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		tb.t.Fatal(err)
	}
}
