package web_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestMethodNotAllowed: a path that exists for other methods answers 405
// with Allow, as a page or as JSON; a path that does not exist, 404.
func TestMethodNotAllowed(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		tests := []struct {
			method, path string
			status       int
			allow        string
		}{
			{"POST", "/search", 405, "GET, HEAD"},
			{"DELETE", "/records/1", 405, "GET, HEAD"},
			{"PUT", "/api/v1/search", 405, "GET, HEAD"},
			{"GET", "/signout", 405, "POST"},
			{"GET", "/no/such/page", 404, ""},
			{"POST", "/api/v1/nothing", 404, ""},
			{"GET", "/search", 200, ""},
		}
		for _, tc := range tests {
			resp, body := e.Do(t, tc.method, tc.path, nil, "Accept-Language: en")
			if resp.StatusCode != tc.status || resp.Header.Get("Allow") != tc.allow {
				t.Errorf("%s %s: %d Allow %q, want %d Allow %q\n%.300s", tc.method, tc.path,
					resp.StatusCode, resp.Header.Get("Allow"), tc.status, tc.allow, body)
			}
			if tc.status == 405 && !strings.Contains(body, e.Msg("en", "error.method_not_allowed")) {
				t.Errorf("%s %s: the message is missing:\n%.300s", tc.method, tc.path, body)
			}
		}
	})
}

// TestNoCompressionForSignedIn: BREACH. A response to a request with a
// session cookie is never compressed (but for static files); the same
// page for a visitor is.
func TestNoCompressionForSignedIn(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		tests := []struct {
			path, cookie string
			gzip         bool
		}{
			{"/search?q=kissa", "", true},
			{"/search?q=kissa", e.AsPatron("en"), false},
			{"/account/loans?x=reflected", e.AsPatron("en"), false},
			{"/api/v1/account/loans", e.AsPatron("en"), false},
			{"/desk?card=reflected", e.AsStaff("en"), false},
			{"/static/style.css", e.AsPatron("en"), true},
		}
		for _, tc := range tests {
			h := []string{"Accept-Encoding: gzip"}
			if tc.cookie != "" {
				h = append(h, tc.cookie)
			}
			resp, _ := e.Do(t, "GET", tc.path, nil, h...)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s: status %d", tc.path, resp.StatusCode)
			}
			if got := resp.Header.Get("Content-Encoding") == "gzip"; got != tc.gzip {
				t.Errorf("GET %s with cookie %v: gzipped %v, want %v", tc.path, tc.cookie != "", got, tc.gzip)
			}
		}
	})
}

// TestClientGoneIsNotAnError: a request whose client has gone (its context
// cancelled) fails in the search or the store; that is logged at debug,
// not as an error of the server.
func TestClientGoneIsNotAnError(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		var logged strings.Builder
		log := slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))
		srv, err := webtest.NewServer(web.Config{Store: e.DB, Search: e.Index, I18n: e.Bundle, Logger: log, Now: func() time.Time { return webtest.Now }})
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/search?q=kissa", "/api/v1/search?q=kissa", "/libraries", "/records/" + strconv.FormatInt(e.Records["(TEST)1"], 10)} {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			req := httptest.NewRequest("GET", "http://kirjasto.test"+path, nil).WithContext(ctx)
			srv.Handler().ServeHTTP(httptest.NewRecorder(), req)
		}
		if strings.Contains(logged.String(), "level=ERROR") || !strings.Contains(logged.String(), "client gone") {
			t.Errorf("requests of clients that had gone were logged as:\n%s", logged.String())
		}
	})
}
