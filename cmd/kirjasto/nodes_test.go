package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/web"
)

// TestStatelessNodes is issue 19's point 1: two kirjasto processes on one
// PostgreSQL, and a client that goes to either. A patron signs in on A
// and uses the session and a CSRF-protected form on B; sign-in attempts
// spread over both nodes meet one limit; so do an API token's requests.
// Each part comes from an address of its own (the nodes run
// --behind-proxy and believe X-Forwarded-For, as behind the proxy).
func TestStatelessNodes(t *testing.T) {
	// The nodes' tests mostly wait (for processes, windows, leases):
	// they run beside one another, after the package's other tests.
	t.Parallel()
	dsn := storetest.PostgresDSN(t)
	pepper := "stateless-nodes-" + strings.Repeat("p", 32)
	a := start(t, "demo", "--addr", "127.0.0.1:0", "--records", "2000", "--data", t.TempDir(), "--db", dsn,
		"--pepper", pepper, "--behind-proxy", "--log-level", "warn")
	b := start(t, "serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--db", dsn,
		"--pepper", pepper, "--behind-proxy", "--log-level", "warn")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	nodes := map[string]string{"A": a.url, "B": b.url}
	patrons, _ := demo.Patrons(1)
	aino := patrons[0]

	t.Run("session and form", func(t *testing.T) {
		const addr = "203.0.113.1"
		resp := nodeDo(t, ctx, nodes["A"], http.MethodPost, "/signin", addr, nil, url.Values{"card": {aino.CardNumber}, "pin": {aino.PIN}})
		var session string
		for _, c := range resp.Cookies() {
			if c.Name == web.PatronCookie && c.Value != "" {
				session = c.Name + "=" + c.Value
			}
		}
		if resp.StatusCode != http.StatusSeeOther || session == "" {
			t.Fatalf("sign in on A: %s, no session", resp.Status)
		}
		withSession := http.Header{"Cookie": {session}}
		if resp := nodeDo(t, ctx, nodes["B"], http.MethodGet, "/account", addr, withSession, nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("My Account on B with A's session: %s to %q", resp.Status, resp.Header.Get("Location"))
		}
		// A form on B, as a browser posts it from B's own page.
		sameOrigin := http.Header{"Cookie": {session}, "Sec-Fetch-Site": {"same-origin"}}
		resp = nodeDo(t, ctx, nodes["B"], http.MethodPost, "/account/lists", addr, sameOrigin, url.Values{"name": {"Solmujen lista"}})
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/account/lists/") {
			t.Fatalf("new list on B: %s to %q", resp.Status, resp.Header.Get("Location"))
		}
		list := strings.SplitN(resp.Header.Get("Location"), "?", 2)[0]
		if body := nodeBody(t, ctx, nodes["A"], list, addr, withSession); !strings.Contains(body, "Solmujen lista") {
			t.Errorf("the list made on B is not on A's page %s", list)
		}
		// The same form posted from another site is refused by B too.
		crossSite := http.Header{"Cookie": {session}, "Sec-Fetch-Site": {"cross-site"}}
		if resp := nodeDo(t, ctx, nodes["B"], http.MethodPost, "/account/lists", addr, crossSite, url.Values{"name": {"Väärennös"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a cross-site post on B: %s, want 403 Forbidden", resp.Status)
		}
	})

	t.Run("sign-in limit", func(t *testing.T) {
		// Three quarters of the limit's attempts on A, more than A's own
		// share of it, the rest on B; then one more on each is refused.
		// Cards that do not exist, so that no card's lockout interferes.
		for try := 0; ; try++ {
			waitWindow(ctx, signinWindow, signinWindow/2)
			const addr = "203.0.113.2"
			started := time.Now()
			var got []string
			for i := range signinMax + 2 {
				node := "A"
				if i >= signinMax*3/4 && i != signinMax+1 {
					node = "B"
				}
				card := fmt.Sprintf("99%02d%06d", try, i)
				resp := nodeDo(t, ctx, nodes[node], http.MethodPost, "/signin", addr, nil, url.Values{"card": {card}, "pin": {"0000"}})
				got = append(got, fmt.Sprintf("%s:%d", node, resp.StatusCode))
			}
			if sameWindow(started, time.Now(), signinWindow) || try == 1 {
				checkLimited(t, got, signinMax)
				return
			}
		}
	})

	t.Run("API token limit", func(t *testing.T) {
		resp := nodeDo(t, ctx, nodes["A"], http.MethodPost, "/api/v1/tokens", "203.0.113.3", nil,
			url.Values{"card": {aino.CardNumber}, "pin": {aino.PIN}, "name": {"nodes"}})
		var tok struct {
			Token string `json:"token"`
		}
		if resp.StatusCode != http.StatusCreated || json.Unmarshal(resp.body, &tok) != nil || tok.Token == "" {
			t.Fatalf("POST /api/v1/tokens on A: %s %s", resp.Status, resp.body)
		}
		bearer := http.Header{"Authorization": {"Bearer " + tok.Token}}
		for try := 0; ; try++ {
			waitWindow(ctx, apiWindow, apiWindow)
			addr := fmt.Sprintf("203.0.113.%d", 10+try)
			started := time.Now()
			var got []string
			for i := range apiMax + 2 {
				node := "A"
				if i >= apiMax*3/4 && i != apiMax+1 {
					node = "B"
				}
				resp := nodeDo(t, ctx, nodes[node], http.MethodGet, "/api/v1/tokens", addr, bearer, nil)
				got = append(got, fmt.Sprintf("%s:%d", node, resp.StatusCode))
			}
			if sameWindow(started, time.Now(), apiWindow) || try == 1 {
				checkLimited(t, got, apiMax)
				return
			}
		}
	})
}

// checkLimited checks that the first max answers were not 429 and the
// rest were.
func checkLimited(t *testing.T, got []string, max int) {
	t.Helper()
	for i, g := range got {
		limited := strings.HasSuffix(g, ":429")
		if limited != (i >= max) {
			t.Fatalf("answer %d of %d is %s, want 429 from answer %d on, whichever node: %s", i+1, len(got), g, max+1, strings.Join(got, " "))
		}
	}
}

// waitWindow waits, when less than need is left of the current fixed
// window, for the next one to begin, so that a burst of requests falls
// in one window.
func waitWindow(ctx context.Context, window, need time.Duration) {
	now := time.Now()
	next := now.Truncate(window).Add(window)
	if next.Sub(now) < need {
		sleep(ctx, next.Sub(now)+50*time.Millisecond)
	}
}

// sameWindow reports whether from and to fall in one fixed window.
func sameWindow(from, to time.Time, window time.Duration) bool {
	return from.Unix()/int64(window/time.Second) == to.Unix()/int64(window/time.Second)
}

type nodeResponse struct {
	*http.Response
	body []byte
}

// nodeDo sends a request from addr, without following redirects.
func nodeDo(t *testing.T, ctx context.Context, base, method, path, addr string, h http.Header, form url.Values) nodeResponse {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, base+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("X-Forwarded-For", addr)
	resp, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var sb strings.Builder
	if _, err := io.Copy(&sb, resp.Body); err != nil {
		t.Fatal(err)
	}
	return nodeResponse{resp, []byte(sb.String())}
}

func nodeBody(t *testing.T, ctx context.Context, base, path, addr string, h http.Header) string {
	t.Helper()
	resp := nodeDo(t, ctx, base, http.MethodGet, path, addr, h, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", path, resp.Status)
	}
	return string(resp.body)
}

var noRedirects = &http.Client{
	Timeout:       time.Minute,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}
