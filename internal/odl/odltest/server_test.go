package odltest

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/epub/epubchecktest"
)

var start = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func TestMix(t *testing.T) {
	pubs := generate(1, 3000, start)
	kinds, terms := map[string]int{}, map[string]int{}
	open, several := 0, 0
	for _, p := range pubs {
		kinds[p.kind]++
		if p.open {
			open++
		}
		if len(p.licences) > 1 {
			several++
		}
		for _, l := range p.licences {
			terms[l.terms]++
		}
	}
	for _, k := range []string{KindBook, KindAudiobook, KindMagazine} {
		if kinds[k] < 300 {
			t.Errorf("%d %s of 3000", kinds[k], k)
		}
	}
	for _, m := range termsMix {
		if terms[m.terms] < 100 {
			t.Errorf("%d licences with terms %s", terms[m.terms], m.terms)
		}
	}
	if open < 50 || several < 300 {
		t.Errorf("%d open, %d with several licences", open, several)
	}
}

func TestFiles(t *testing.T) {
	s := New(Options{Seed: 2, N: 80, Start: start, Token: "t"})
	srv := httptest.NewServer(s)
	defer srv.Close()
	resp, b := get(t, srv.URL+"/covers/3.png")
	if _, err := png.Decode(bytes.NewReader(b)); err != nil || resp.Header.Get("Content-Type") != "image/png" {
		t.Errorf("cover: %v %s", err, resp.Header.Get("Content-Type"))
	}
	if resp, _ := get(t, srv.URL+"/covers/9999.png"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a cover of nothing: %s", resp.Status)
	}
	var openN = -1
	for _, p := range s.pubs {
		if p.open {
			openN = p.n
			break
		}
	}
	if openN < 0 {
		t.Fatal("no open-access title")
	}
	resp, b = get(t, srv.URL+"/open/"+itoa(openN)+".epub")
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("epub: %s %v", resp.Status, err)
	}
	if f := z.File[0]; f.Name != "mimetype" || f.Method != zip.Store {
		t.Errorf("the EPUB does not start with an uncompressed mimetype: %s", f.Name)
	}
	epubchecktest.Check(t, "open.epub", b)
	names := map[string]bool{}
	for _, f := range z.File {
		names[f.Name] = true
	}
	for _, n := range []string{"META-INF/container.xml", "EPUB/package.opf", "EPUB/nav.xhtml", "EPUB/chapter1.xhtml"} {
		if !names[n] {
			t.Errorf("the EPUB has no %s", n)
		}
	}
	// Covers and downloads are public; the feed and checkouts are not.
	if resp, _ := get(t, srv.URL+FeedPath); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the feed without the token: %s", resp.Status)
	}
}

func TestCheckoutProblems(t *testing.T) {
	s := New(Options{Seed: 2, N: 20, Start: start})
	srv := httptest.NewServer(s)
	defer srv.Close()
	var lic *licence
	for _, l := range s.licences {
		if l.expires.IsZero() || l.expires.After(time.Now()) {
			lic = l
			break
		}
	}
	url := srv.URL + "/licenses/" + key(lic.id) + "/checkout"
	for _, tt := range []struct{ query, problem string }{
		{"?checkout_id=1&patron_id=p", "checkout/id"},
		{"?id=urn:uuid:other&checkout_id=1&patron_id=p", "checkout/id"},
		{"?id=" + lic.id + "&patron_id=p", "checkout/checkout_id"},
		{"?id=" + lic.id + "&checkout_id=1", "checkout/patron_id"},
		{"?id=" + lic.id + "&checkout_id=1&patron_id=p&expires=soon", "checkout/expires"},
		{"?id=" + lic.id + "&checkout_id=1&patron_id=p&notification_url=javascript:x", "checkout/notification_url"},
	} {
		resp, err := http.Post(url+tt.query, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		var p struct{ Type string }
		json.NewDecoder(resp.Body).Decode(&p)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || !strings.HasSuffix(p.Type, tt.problem) ||
			resp.Header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %s %q", tt.query, resp.Status, p.Type)
		}
	}
}
