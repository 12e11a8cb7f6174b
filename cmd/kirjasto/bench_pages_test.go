package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestBenchPages times two pages of a server and fails on one that does
// not answer 200, so that a broken page is never timed as a fast one.
func TestBenchPages(t *testing.T) {
	var langs []string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, err := r.Cookie("lang"); err == nil {
			langs = append(langs, c.Value)
		}
		if r.URL.Path == "/gone" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(strings.Repeat("x", 3000)))
	}))
	defer ts.Close()
	var out strings.Builder
	err := benchPages(context.Background(), &out, benchPagesOptions{url: ts.URL, paths: []string{"/", "/events"}, requests: 3, lang: "sv"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"| `/` | ", "| `/events` | ", "| 2 KB |"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the table lacks %q:\n%s", want, out.String())
		}
	}
	if len(langs) != 16 || langs[0] != "sv" {
		t.Errorf("%d requests in %v, want 16 in sv", len(langs), langs)
	}
	if err := benchPages(context.Background(), &out, benchPagesOptions{url: ts.URL, paths: []string{"/gone"}, requests: 1}); err == nil {
		t.Error("a page that answers 404 was timed")
	}
}
