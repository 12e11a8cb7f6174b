package web_test

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

func TestHeadersAndStatic(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		resp, _ := e.Get(t, "/")
		for k, want := range map[string]string{
			"X-Content-Type-Options": "nosniff",
			"Referrer-Policy":        "strict-origin-when-cross-origin",
		} {
			if got := resp.Header.Get(k); got != want {
				t.Errorf("%s = %q, want %q", k, got, want)
			}
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("CSP = %q", csp)
		}
		url := e.Srv.StaticURL("style.css")
		resp, body := e.Get(t, url)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") || !strings.Contains(body, ":focus-visible") {
			t.Fatalf("%s: status %d, type %q", url, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("fingerprinted CSS Cache-Control = %q", cc)
		}
		resp, _ = e.Get(t, "/static/style.css", "If-None-Match: "+resp.Header.Get("ETag"))
		if resp.StatusCode != http.StatusNotModified {
			t.Errorf("conditional GET: status %d, want 304", resp.StatusCode)
		}
		// Text is gzipped for clients that ask, and only for them.
		for _, accept := range []string{"gzip", "br, gzip;q=0.5", "identity", "gzip;q=0"} {
			resp, body := e.Get(t, "/libraries?lang=en", "Accept-Encoding: "+accept)
			gzipped := resp.Header.Get("Content-Encoding") == "gzip"
			if want := web.AcceptsGzip(accept); gzipped != want {
				t.Errorf("Accept-Encoding %q: gzipped %v, want %v", accept, gzipped, want)
			}
			if gzipped {
				zr, err := gzip.NewReader(strings.NewReader(body))
				if err != nil {
					t.Fatal(err)
				}
				b, err := io.ReadAll(zr)
				if err != nil || !strings.Contains(string(b), "Libraries and opening hours") {
					t.Errorf("gzipped page does not decode: %v", err)
				}
			}
		}
		resp, _ = e.Get(t, "/static/style.css", "Accept-Encoding: gzip", "If-None-Match: "+resp.Header.Get("ETag"))
		if resp.StatusCode != http.StatusNotModified || resp.Header.Get("Content-Encoding") != "" {
			t.Errorf("conditional gzip GET: status %d, encoding %q", resp.StatusCode, resp.Header.Get("Content-Encoding"))
		}
		resp, _ = e.Get(t, "/static/nope.js")
		if resp.StatusCode != 404 {
			t.Errorf("missing static file: status %d", resp.StatusCode)
		}
		// Cross-origin writes are refused; there are none yet, but the
		// guard must already stand.
		req := httptest.NewRequest("POST", "http://kirjasto.test/search", nil)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		w := httptest.NewRecorder()
		e.Srv.Handler().ServeHTTP(w, req)
		if w.Code != http.StatusForbidden {
			t.Errorf("cross-origin POST: status %d, want 403", w.Code)
		}
	})
}
