package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/demo"
)

// TestCardOffline signs a demo patron in with Debian's chromium, reads the
// digital library card's barcode and QR code off a screenshot with zbarimg,
// then stops the server, takes the browser offline and opens the card
// again from what the service worker kept. Signing out must forget it.
func TestCardOffline(t *testing.T) {
	chromium := need(t, findChromium, "chromium not found: install it with `apt-get install chromium` (Debian)")
	zbarimg := need(t, func() string { p, _ := exec.LookPath("zbarimg"); return p }, "zbarimg not found: install it with `apt-get install zbar-tools` (Debian)")
	const seed = 7
	s := start(t, "demo", "--addr", "127.0.0.1:0", "--records", "500", "--seed", "7",
		"--data", t.TempDir(), "--log-level", "warn")
	patrons, _ := demo.Patrons(seed)
	p := patrons[0]
	ctx := cardBrowser(t, chromium)

	// Sign in from the card's address: sign-in brings the patron back.
	cardSignIn(t, ctx, s.url, p.CardNumber, p.PIN)
	if got := cardText(t, ctx, "#card-number"); got != p.CardNumber {
		t.Fatalf("card page shows number %q, want %q", got, p.CardNumber)
	}
	shot, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(".librarycard"), chromedp.NodeVisible))
	if err != nil {
		t.Fatal(err)
	}
	cardInstallable(t, ctx)
	if v := cardAxe(t, ctx); len(v) != 0 {
		t.Errorf("axe-core finds on the card page: %v", v)
	}
	want := []string{"CODE-128:" + p.CardNumber, "QR-Code:" + p.CardNumber}
	if diff := cmp.Diff(want, cardDecode(t, zbarimg, shot)); diff != "" {
		t.Errorf("zbarimg on the card's screenshot (-want +got):\n%s", diff)
	}

	// Signing out forgets the card the first visit kept.
	cardWaitKept(t, ctx)
	// RunResponse waits for the page the form leads to.
	if _, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS("form.signout button"), chromedp.NodeVisible)); err != nil {
		t.Fatalf("sign out: %v", err)
	}
	for _, u := range cardKept(t, ctx) {
		if !strings.HasPrefix(u, s.url+"/static/") {
			t.Errorf("after signing out the browser still keeps %s", u)
		}
	}

	// Sign in again; now the worker is in control from the start.
	cardSignIn(t, ctx, s.url, p.CardNumber, p.PIN)
	cardWaitKept(t, ctx)
	controlled, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`navigator.serviceWorker.controller !== null`))
	if err != nil || !controlled {
		t.Fatalf("no service worker controls the card page (%v)", err)
	}
	// Nothing personal but the card is kept: the rest is static files.
	for _, u := range cardKept(t, ctx) {
		if !strings.HasPrefix(u, s.url+"/static/") && u != s.url+"/account/card" {
			t.Errorf("the service worker keeps %s", u)
		}
	}

	// Offline: no server, no network. The card still opens.
	s.stop(t)
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: new(true),
		MatchedNetworkConditions:    []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
	}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
		t.Fatalf("reload offline: %v", err)
	}
	if got := cardText(t, ctx, "#card-number"); got != p.CardNumber {
		t.Errorf("offline the card page shows number %q, want %q", got, p.CardNumber)
	}
	shot, err = chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(".librarycard"), chromedp.NodeVisible))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, cardDecode(t, zbarimg, shot)); diff != "" {
		t.Errorf("zbarimg on the offline card (-want +got):\n%s", diff)
	}
}

// cardInstallable asks chromium whether it could install the site as an
// app: it parses the manifest as a phone would and fetches its icons.
func cardInstallable(t *testing.T, ctx context.Context) {
	t.Helper()
	m, err := chromedp.Call(ctx, page.GetAppManifest, page.GetAppManifestParams{})
	if err != nil {
		t.Fatalf("get the app manifest: %v", err)
	}
	for _, e := range m.Errors {
		t.Errorf("chromium finds in the manifest: %s", e.Message)
	}
	if m.Manifest == nil || !strings.HasSuffix(m.URL, "/manifest.webmanifest") {
		t.Errorf("chromium found no manifest at /manifest.webmanifest: %+v", m)
	}
	res, err := chromedp.Call(ctx, page.GetInstallabilityErrors, cdp.Empty{})
	if err != nil {
		t.Fatalf("installability: %v", err)
	}
	for _, e := range res.InstallabilityErrors {
		var args []string
		for _, a := range e.ErrorArguments {
			args = append(args, a.Name+"="+a.Value)
		}
		t.Errorf("chromium would not install the app: %s %v", e.ErrorID, args)
	}
}

// cardAxe runs axe-core (from npm, in node_modules) on the page for the
// WCAG 2.1 A and AA rules, as the browser tests do, and returns what it
// finds.
func cardAxe(t *testing.T, ctx context.Context) []axeViolation {
	t.Helper()
	src, err := os.ReadFile(need(t, findAxe, "axe-core not found: run `npm ci` at the repository root"))
	if err != nil {
		t.Fatal(err)
	}
	// DevTools' evaluate is not subject to the page's content security
	// policy, which rightly refuses inline scripts.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](string(src))); err != nil {
		t.Fatalf("load axe-core: %v", err)
	}
	found, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe-core: %v", err)
	}
	return found
}

// cardBrowser starts headless chromium for the test, in a profile of its
// own, and returns a context whose actions run in its tab. Every action
// together must end within two minutes: a hung browser fails the test.
func cardBrowser(t *testing.T, chromium string) context.Context {
	t.Helper()
	profile, err := os.MkdirTemp("", "kirjasto-card-chromium")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox, // tests run as root, which the sandbox refuses
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(800, 1000),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
		// Chromium's helper processes may still write to the profile
		// for a moment after the browser exits: try again a few times.
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("start %s: %v", chromium, err)
	}
	tctx, cancelT := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancelT)
	return tctx
}

// cardSignIn signs in on the sign-in form that /account/card leads to.
func cardSignIn(t *testing.T, ctx context.Context, base, card, pin string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/account/card"),
		chromedp.SendKeys(chromedp.CSS("#card"), card, chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS("#pin"), pin),
		chromedp.Submit(chromedp.CSS("#pin")),
		chromedp.WaitVisible(chromedp.CSS("#card-number")),
	)
	if err != nil {
		t.Fatalf("sign in as %s and open the card: %v", card, err)
	}
}

func cardText(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// cardKept lists the URLs in the page's origin's Cache Storage.
func cardKept(t *testing.T, ctx context.Context) []string {
	t.Helper()
	urls, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(async () => {
		const urls = [];
		for (const name of await caches.keys()) {
			const c = await caches.open(name);
			for (const r of await c.keys()) urls.push(r.url);
		}
		return urls;
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("list Cache Storage: %v", err)
	}
	slices.Sort(urls)
	return urls
}

// cardWaitKept waits until the service worker controls the page and has
// kept the card. The worker does both just after the page loads, so the
// wait is short; the bound only stops a broken worker hanging the test.
func cardWaitKept(t *testing.T, ctx context.Context) {
	t.Helper()
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(async () => {
		for (let i = 0; i < 300; i++) {
			const hit = await caches.match('/account/card');
			if (hit && navigator.serviceWorker.controller) return true;
			await new Promise((r) => setTimeout(r, 100));
		}
		return false;
	})()`, chromedp.EvalAwaitPromise))
	if err != nil || !ok {
		t.Fatalf("the service worker did not take control and keep the card (%v)", err)
	}
}

// cardDecode runs zbarimg on a PNG and returns the symbols it read, as
// "TYPE:data" lines in sorted order.
func cardDecode(t *testing.T, zbarimg string, png []byte) []string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "card.png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(zbarimg, "--quiet", path).Output()
	if err != nil {
		t.Fatalf("zbarimg read no code from the card (%v); the screenshot is %s", err, path)
	}
	lines := strings.Fields(string(out))
	slices.Sort(lines)
	return lines
}
