package web

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestHTTPStatus(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{library.Errorf(library.ENOTFOUND, "x"), 404},
		{library.Errorf(library.EINVALID, "x"), 400},
		{library.Errorf(library.ECONFLICT, "x"), 409},
		{library.Errorf(library.EUNAUTHORIZED, "x"), 401},
		{library.Errorf(library.EFORBIDDEN, "x"), 403},
		{library.Errorf(library.EINTERNAL, "x"), 500},
		{fmt.Errorf("wrapped: %w", library.Errorf(library.ENOTFOUND, "x")), 404},
		{errors.New("disk on fire"), 500},
	}
	for _, tt := range tests {
		if got := HTTPStatus(library.ErrorCode(tt.err)); got != tt.want {
			t.Errorf("httpStatus(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

// errorServer is a Server without a database, for testing the error path.
func errorServer(t *testing.T, logs *bytes.Buffer) *Server {
	t.Helper()
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{i18n: b, log: slog.New(slog.NewTextHandler(logs, nil))}
	if s.static, err = loadStatic(); err != nil {
		t.Fatal(err)
	}
	if s.pages, err = s.parseTemplates(); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestServeErrorHidesInternals(t *testing.T) {
	var logs bytes.Buffer
	s := errorServer(t, &logs)
	tests := []struct {
		err     error
		status  int
		code    string
		message string
		logged  bool
	}{
		{errors.New("pq: password authentication failed"), 500, "internal", "error.internal", true},
		{&library.Error{Code: library.ECONFLICT, Key: "error.item_status_changed"}, 409, "conflict", "error.item_status_changed", false},
		{&library.Error{Code: library.EFORBIDDEN, Key: "error.no_such_key"}, 403, "forbidden", "error.forbidden", false},
		{&library.Error{Code: library.EUNAUTHORIZED}, 401, "unauthorized", "error.unauthorized", false},
	}
	for _, tt := range tests {
		for _, lang := range []string{"fi", "ru"} {
			logs.Reset()
			req := httptest.NewRequest("GET", "/api/v1/x?lang="+lang, nil)
			w := httptest.NewRecorder()
			s.serveError(w, req, tt.err, true)
			var eb errorBody
			if err := json.Unmarshal(w.Body.Bytes(), &eb); err != nil {
				t.Fatal(err)
			}
			want := errorBody{}
			want.Error.Code, want.Error.Message = tt.code, s.I18n().T(lang, tt.message, nil)
			if w.Code != tt.status {
				t.Errorf("%v: status %d, want %d", tt.err, w.Code, tt.status)
			}
			if diff := cmp.Diff(want, eb); diff != "" {
				t.Errorf("%v (-want +got):\n%s", tt.err, diff)
			}
			if got := logs.Len() > 0; got != tt.logged {
				t.Errorf("%v: logged = %v, want %v", tt.err, got, tt.logged)
			}
			if strings.Contains(w.Body.String(), "password") {
				t.Errorf("%v: internal detail leaked", tt.err)
			}
		}
	}
}

func TestRecoverPanics(t *testing.T) {
	var logs bytes.Buffer
	s := errorServer(t, &logs)
	h := s.recoverPanics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	for _, path := range []string{"/records/1?lang=sv", "/api/v1/records/1?lang=sv"} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != 500 {
			t.Errorf("%s: status %d, want 500", path, w.Code)
		}
		if !strings.Contains(w.Body.String(), "Ett oväntat fel") {
			t.Errorf("%s: no Swedish error message:\n%s", path, w.Body.String())
		}
		if !strings.Contains(logs.String(), "boom") {
			t.Errorf("%s: panic not logged", path)
		}
	}
}

func TestHeadersAndStatic(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		resp, _ := e.get(t, "/")
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
		url := e.srv.StaticURL("style.css")
		resp, body := e.get(t, url)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/css") || !strings.Contains(body, ":focus-visible") {
			t.Fatalf("%s: status %d, type %q", url, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("fingerprinted CSS Cache-Control = %q", cc)
		}
		resp, _ = e.get(t, "/static/style.css", "If-None-Match: "+resp.Header.Get("ETag"))
		if resp.StatusCode != http.StatusNotModified {
			t.Errorf("conditional GET: status %d, want 304", resp.StatusCode)
		}
		// Text is gzipped for clients that ask, and only for them.
		for _, accept := range []string{"gzip", "br, gzip;q=0.5", "identity", "gzip;q=0"} {
			resp, body := e.get(t, "/libraries?lang=en", "Accept-Encoding: "+accept)
			gzipped := resp.Header.Get("Content-Encoding") == "gzip"
			if want := acceptsGzip(accept); gzipped != want {
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
		resp, _ = e.get(t, "/static/style.css", "Accept-Encoding: gzip", "If-None-Match: "+resp.Header.Get("ETag"))
		if resp.StatusCode != http.StatusNotModified || resp.Header.Get("Content-Encoding") != "" {
			t.Errorf("conditional gzip GET: status %d, encoding %q", resp.StatusCode, resp.Header.Get("Content-Encoding"))
		}
		resp, _ = e.get(t, "/static/nope.js")
		if resp.StatusCode != 404 {
			t.Errorf("missing static file: status %d", resp.StatusCode)
		}
		// Cross-origin writes are refused; there are none yet, but the
		// guard must already stand.
		req := httptest.NewRequest("POST", "http://kirjasto.test/search", nil)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		w := httptest.NewRecorder()
		e.srv.Handler().ServeHTTP(w, req)
		if w.Code != http.StatusForbidden {
			t.Errorf("cross-origin POST: status %d, want 403", w.Code)
		}
	})
}

// TestLibraryAPIGolden pins the JSON of a branch, which clients depend on.
// Run with -update to accept a change.
func TestLibraryAPIGolden(t *testing.T) {
	forEachEnv(t, func(t *testing.T, e *env) {
		for _, p := range []string{"/api/v1/libraries/esp-sello?lang=en", "/api/v1/libraries?lang=fi"} {
			resp, body := e.get(t, p)
			if resp.StatusCode != 200 {
				t.Fatalf("%s: status %d", p, resp.StatusCode)
			}
			name := strings.NewReplacer("/api/v1/", "", "/", "-", "?lang=", ".").Replace(p) + ".json"
			golden := filepath.Join("testdata", name)
			if *update {
				if err := os.WriteFile(golden, []byte(body), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), body); diff != "" {
				t.Errorf("%s (-%s +got):\n%s", p, golden, diff)
			}
		}
	})
}
