package main

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

var metricsLine = regexp.MustCompile(`(?m)^Kirjasto metrics on (http://\S+/metrics)$`)

// TestMetrics scrapes a running server's /metrics, on its own address,
// after a request, and finds every family and the request under its route
// pattern rather than its path.
func TestMetrics(t *testing.T) {
	s := start(t, "demo", "--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0", "--records", "500", "--seed", "7",
		"--data", t.TempDir(), "--log-level", "warn")
	m := metricsLine.FindStringSubmatch(s.printed)
	if m == nil {
		t.Fatalf("no metrics address in:\n%s", s.printed)
	}
	if code, _ := s.get(t, "/search?q=kissa"); code != http.StatusOK {
		t.Fatalf("search: %d", code)
	}
	if code, _ := s.get(t, "/records/123456789"); code != http.StatusNotFound {
		t.Fatalf("a missing record: %d", code)
	}
	if code, _ := s.get(t, "/metrics"); code != http.StatusNotFound {
		t.Errorf("/metrics on the public address: %d, want 404", code)
	}
	resp, err := http.Get(m[1])
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	text := string(body)
	for _, family := range []string{"kirjasto_http_requests_total", "kirjasto_http_request_duration_seconds",
		"kirjasto_search_duration_seconds", "kirjasto_sweep_runs_total", "go_sql_open_connections",
		"kirjasto_sip2_sessions_open", "kirjasto_sip2_sessions_total", "go_goroutines"} {
		if !strings.Contains(text, "# TYPE "+family+" ") {
			t.Errorf("no family %s", family)
		}
	}
	for _, want := range []string{
		`kirjasto_http_requests_total{code="200",method="GET",route="GET /search"} 1`,
		`kirjasto_http_requests_total{code="404",method="GET",route="GET /records/{id}"} 1`,
		`kirjasto_search_duration_seconds_count 1`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no %s in:\n%s", want, grepLines(text, "kirjasto_"))
		}
	}
	if strings.Contains(text, "123456789") {
		t.Error("a path's ID is in a label")
	}
}

func grepLines(text, prefix string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
