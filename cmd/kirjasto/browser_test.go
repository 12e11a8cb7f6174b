package main

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/i18n"
)

// The browser tests drive the real binary from Debian's chromium, as a
// resident or a member of staff would: the journeys through the site, its
// accessibility (axe-core and keyboard checks), the weight of its pages
// and the screenshots in docs/screenshots.

var screenshotsFlag = flag.Bool("screenshots", false, "write the browser tests' screenshots to docs/screenshots (otherwise to a temporary directory)")

// browserSeed is the demo seed of the browser tests; the test computes the
// demo's cards and PINs from it as the demo itself does.
const browserSeed = 11

// browserEnv is what the browser subtests share: one server and one browser.
type browserEnv struct {
	srv     *server
	top     *testing.T      // TestBrowser's, for a server restarted midway to outlive the subtest
	data    string          // the demo's data directory, to restart it on
	browser context.Context // a chromedp context whose browser is running
	axe     string          // the source of axe.min.js
	shots   string          // where screenshots go
	patrons []demo.DemoPatron
	staff   []demo.DemoStaff
	i18n    *i18n.Bundle // the catalogues, to know what the pages should say
	pages   sitePages    // the main pages, found once

	mu       sync.Mutex
	sessions map[string][]*network.CookieParam // by login: the cookies of a signed-in account
}

// TestBrowser starts one demo server and one headless chromium and runs
// every browser test against them.
func TestBrowser(t *testing.T) {
	exe := need(t, findChromium, "chromium not found: install it with `apt-get install chromium` (Debian)")
	axePath := need(t, findAxe, "axe-core not found: run .ci/npm at the repository root")
	axe, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	env := &browserEnv{axe: string(axe), shots: t.TempDir()}
	if *screenshotsFlag {
		env.shots = filepath.Join(moduleRoot(), "docs", "screenshots")
		if err := os.MkdirAll(env.shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	env.patrons, env.staff = demo.Patrons(browserSeed)
	if env.i18n, err = i18n.New(); err != nil {
		t.Fatal(err)
	}
	env.top, env.data = t, t.TempDir()
	env.srv = start(t, env.demoArgs("127.0.0.1:0")...)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox, // the tests may run as root, in a container
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("lang", "en-US"),
	)
	alloc, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("start chromium: %v", err)
	}
	env.browser = ctx
	env.pages = env.discoverPages(t)

	t.Run("Journeys", env.testJourneys)
	t.Run("Stats", env.testStats)
	t.Run("Accessibility", env.testAccessibility)
	t.Run("Keyboard", env.testKeyboard)
	t.Run("Reflow", env.testReflow)
	t.Run("Weight", env.testWeight)
	t.Run("Layout", env.testLayout)
	t.Run("Screenshots", env.testScreenshots)
}

// demoArgs are the arguments of the demo server, serving at addr.
func (env *browserEnv) demoArgs(addr string) []string {
	return []string{"demo", "--addr", addr, "--records", "2000", "--seed", strconv.Itoa(browserSeed),
		"--data", env.data, "--log-level", "warn"}
}

// restart stops the demo server and starts it again on the same data and
// address, as an operator's restart does.
func (env *browserEnv) restart(t *testing.T) {
	t.Helper()
	addr := strings.TrimPrefix(env.srv.url, "http://")
	env.srv.stop(t)
	env.srv = start(env.top, env.demoArgs(addr)...)
}

// need returns what find finds, or skips t with how (failing it under
// KIRJASTO_TEST_STRICT=1).
func need(t *testing.T, find func() string, how string) string {
	t.Helper()
	if p := find(); p != "" {
		return p
	}
	if os.Getenv("KIRJASTO_TEST_STRICT") == "1" {
		t.Fatal(how + " (KIRJASTO_TEST_STRICT=1 makes this a failure)")
	}
	t.Skip(how)
	return ""
}

func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// findAxe finds axe-core where npm puts it, in the module root's
// node_modules.
func findAxe() string {
	p := filepath.Join(moduleRoot(), "node_modules", "axe-core", "axe.min.js")
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

// moduleRoot walks up from the package's directory to go.mod's.
func moduleRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// tab is one browser tab in a browser context of its own, so that its
// cookies (language, session) are its own.
type tab struct {
	t   *testing.T
	env *browserEnv
	ctx context.Context
}

// actionTimeout bounds every step, so a page that never loads fails the
// test instead of hanging it.
const actionTimeout = 60 * time.Second

func (env *browserEnv) newTab(t *testing.T) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(env.browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// Without motion, a page scrolls to the focus at once, so what the
	// test measures is where the page comes to rest.
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}},
	})
	if err != nil {
		t.Fatalf("open tab: %v", err)
	}
	return &tab{t: t, env: env, ctx: ctx}
}

// timeout bounds one step of the tab.
func (tb *tab) timeout() (context.Context, context.CancelFunc) {
	return context.WithTimeout(tb.ctx, actionTimeout)
}

// do runs actions, failing the test on the first error.
func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := tb.timeout()
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		tb.t.Fatalf("on %s: %v", tb.location(), err)
	}
}

// open loads path (relative to the server) and waits for it to load.
func (tb *tab) open(path string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(tb.env.srv.url + path))
}

// click clicks what sel selects and waits for the page it leads to.
func (tb *tab) click(sel string) {
	tb.t.Helper()
	ctx, cancel := tb.timeout()
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil,
		chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)))
	if err != nil {
		tb.t.Fatalf("on %s: click %s: %v", tb.location(), sel, err)
	}
}

// fill types text into the field sel after clearing it.
func (tb *tab) fill(sel, text string) {
	tb.t.Helper()
	eval[bool](tb, `(document.querySelector(`+jsString(sel)+`).value = "") === ""`)
	tb.do(chromedp.SendKeys(chromedp.CSS(sel), text))
}

// eval evaluates the JavaScript expression js in the page.
func eval[T any](tb *tab, js string) T {
	tb.t.Helper()
	ctx, cancel := tb.timeout()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, awaitPromise))
	if err != nil {
		tb.t.Fatalf("on %s: evaluate %.80q: %v", tb.location(), js, err)
	}
	return v
}

// awaitPromise makes an evaluation wait for the promise it returns.
func awaitPromise(p *runtime.EvaluateParams) { p.AwaitPromise = new(true) }

// text returns the text of the first element sel selects, or "".
func (tb *tab) text(sel string) string {
	tb.t.Helper()
	return eval[string](tb, `(document.querySelector(`+jsString(sel)+`)||{}).innerText||""`)
}

// location is the page's path, for messages.
func (tb *tab) location() string {
	ctx, cancel := context.WithTimeout(tb.ctx, 5*time.Second)
	defer cancel()
	u, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "?"
	}
	return strings.TrimPrefix(u, tb.env.srv.url)
}

// patronTab returns a new tab signed in as p.
func (env *browserEnv) patronTab(t *testing.T, p demo.DemoPatron) *tab {
	t.Helper()
	return env.tabAs(t, p.CardNumber, func(tb *tab) { tb.signIn(p) })
}

// staffTab returns a new tab signed in at the desk as s.
func (env *browserEnv) staffTab(t *testing.T, s demo.DemoStaff) *tab {
	t.Helper()
	return env.tabAs(t, s.Username, func(tb *tab) { tb.staffSignIn(s) })
}

// tabAs returns a new tab signed in as login. The sign-in forms allow ten
// attempts a minute from one address, and every tab comes from
// 127.0.0.1, so each account signs in once and later tabs get a copy of
// its session cookie.
func (env *browserEnv) tabAs(t *testing.T, login string, signIn func(*tab)) *tab {
	t.Helper()
	env.mu.Lock()
	defer env.mu.Unlock()
	tb := env.newTab(t)
	if cookies, ok := env.sessions[login]; ok {
		if _, err := chromedp.Call(tb.ctx, network.SetCookies, network.SetCookiesParams{Cookies: cookies}); err != nil {
			t.Fatal(err)
		}
		return tb
	}
	signIn(tb)
	res, err := chromedp.Call(tb.ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{env.srv.url}})
	if err != nil {
		t.Fatal(err)
	}
	var keep []*network.CookieParam
	for _, c := range res.Cookies {
		if c.Name == "lang" {
			continue // each tab chooses its language
		}
		keep = append(keep, &network.CookieParam{Name: c.Name, Value: c.Value, URL: env.srv.url,
			Path: c.Path, HTTPOnly: c.HTTPOnly, Secure: c.Secure, SameSite: c.SameSite})
	}
	if env.sessions == nil {
		env.sessions = make(map[string][]*network.CookieParam)
	}
	env.sessions[login] = keep
	return tb
}

// signIn signs in with the patron's card and PIN from wherever the tab is.
func (tb *tab) signIn(p demo.DemoPatron) {
	tb.t.Helper()
	if !strings.HasPrefix(tb.location(), "/signin") {
		tb.open("/signin")
	}
	tb.fill("#card", p.CardNumber)
	tb.fill("#pin", p.PIN)
	tb.click(`form.account-form button[type=submit]`)
	if strings.HasPrefix(tb.location(), "/signin") {
		tb.t.Fatalf("sign-in as %s failed: %s", p.Name, tb.text("main"))
	}
}

// staffSignIn signs in at the desk as s.
func (tb *tab) staffSignIn(s demo.DemoStaff) {
	tb.t.Helper()
	tb.open("/staff/signin")
	tb.fill("#username", s.Username)
	tb.fill("#password", s.Password)
	tb.click(`form.account-form button[type=submit]`)
	if strings.HasPrefix(tb.location(), "/staff/signin") {
		tb.t.Fatalf("staff sign-in as %s failed: %s", s.Username, tb.text("main"))
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}
