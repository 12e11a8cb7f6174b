package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestCovers imports real records and serves them with a cover service:
// a vendor's 856 "View cover art" is its record's cover (asked for over
// https), a book with an ISBN-10 gets the service's picture of its
// ISBN-13, every record has a drawing, and the content security policy
// lets the service's pictures in. A --cover-url that cannot name a
// picture is refused at start.
func TestCovers(t *testing.T) {
	base := dbArgs(t, "sqlite")
	initConsortium(t, base)
	run(t, append(append([]string{"import"}, base...), sharedMARC(t, "marc4j/incomplete_esc_seq.mrc"), sharedMARC(t, "marc4j/summerland.mrc"))...)
	s := start(t, append([]string{"serve", "--addr", "127.0.0.1:0", "--cover-url", "http://kannet.example:8080/{isbn}.jpg"}, base...)...)

	type cover struct {
		URL   string `json:"url"`
		Drawn string `json:"drawn_url"`
	}
	coverOf := func(q string) cover {
		t.Helper()
		var res struct {
			Hits []struct {
				Cover cover `json:"cover"`
			} `json:"hits"`
		}
		s.getJSON(t, "/api/v1/search?"+url.Values{"q": {q}}.Encode(), &res)
		if len(res.Hits) != 1 {
			t.Fatalf("search %q: %d hits, want 1", q, len(res.Hits))
		}
		return res.Hits[0].Cover
	}
	if c := coverOf("overheard"); c.URL != "https://midwesttapes.com/images/movies/lbl89411d.gif" {
		t.Errorf("the record with 856 $3 View cover art: cover %+v", c)
	}
	c := coverOf("summerland")
	if c.URL != "http://kannet.example:8080/9780786808779.jpg" {
		t.Errorf("Summerland (ISBN 0786808772): cover %+v, want the service's picture of 9780786808779", c)
	}
	resp, err := http.Get(s.url + c.Drawn)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" {
		t.Errorf("GET %s: %d %s", c.Drawn, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	resp, err = http.Get(s.url + "/search?q=summerland")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data: https: http://kannet.example:8080;") {
		t.Errorf("CSP %q", csp)
	}
	s.stop(t)

	for _, bad := range []string{"https://kannet.example/cover.jpg", "kannet.example/{isbn}.jpg"} {
		out := runFail(t, append([]string{"serve", "--addr", "127.0.0.1:0", "--cover-url", bad}, base...)...)
		if !strings.Contains(out, "--cover-url: cover service") {
			t.Errorf("serve --cover-url %s: %s", bad, out)
		}
	}
}
