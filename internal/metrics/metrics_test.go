package metrics

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestCounts reports sweeps, SIP2 sessions, notices and a request, and
// finds each in the scrape.
func TestCounts(t *testing.T) {
	m := New()
	m.Sweep("expire holds", 3, nil)
	m.Sweep("expire holds", 0, errors.New("database gone"))
	closed := m.SIP2Session()
	m.SIP2Session()
	closed()
	m.Notice("email", "sent")
	m.Notice("sms", "try_failed")
	h := m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
	}), func(*http.Request) string { return "GET /records/{id}" })
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/records/42", nil))

	w := httptest.NewRecorder()
	m.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(w.Result().Body)
	for _, want := range []string{
		`kirjasto_sweep_runs_total{sweep="expire holds"} 2`,
		`kirjasto_sweep_failures_total{sweep="expire holds"} 1`,
		`kirjasto_sweep_items_total{sweep="expire holds"} 3`,
		`kirjasto_sip2_sessions_open 1`,
		`kirjasto_sip2_sessions_total 2`,
		`kirjasto_notices_total{channel="email",outcome="sent"} 1`,
		`kirjasto_notices_total{channel="sms",outcome="try_failed"} 1`,
		`kirjasto_http_requests_total{code="418",method="GET",route="GET /records/{id}"} 1`,
		`kirjasto_http_request_duration_seconds_count{route="GET /records/{id}"} 1`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("no %s", want)
		}
	}
}

// TestNil: with metrics off, reporting does nothing and wraps nothing.
func TestNil(t *testing.T) {
	var m *Metrics
	m.Sweep("x", 1, nil)
	m.SIP2Session()()
	m.Notice("email", "sent")
	m.WatchDB("db", nil)
	next := http.NotFoundHandler()
	if got := m.Middleware(next, nil); got == nil {
		t.Error("no handler")
	}
}
