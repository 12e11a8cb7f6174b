package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

func TestManifest(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		for _, lang := range webtest.Langs {
			resp, body := e.Get(t, "/manifest.webmanifest", "Cookie: lang="+lang)
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/manifest+json" {
				t.Fatalf("%s manifest: %d %q", lang, resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			var m web.Manifest
			dec := json.NewDecoder(strings.NewReader(body))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&m); err != nil {
				t.Fatalf("%s manifest is not the JSON we mean: %v\n%s", lang, err, body)
			}
			type essentials struct{ Name, ShortName, Lang, StartURL, Scope, Display, Theme, Background string }
			want := essentials{e.Bundle.T(lang, "card.app_name", nil), e.Bundle.T(lang, "site.name", nil), lang, "/", "/", "standalone", web.ThemeColour, "#ffffff"}
			got := essentials{m.Name, m.ShortName, m.Lang, m.StartURL, m.Scope, m.Display, m.ThemeColor, m.BackgroundColor}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s manifest (-want +got):\n%s", lang, diff)
			}
			if lang != "en" {
				continue
			}
			// The icons a phone needs: 192 and 512 pixels, ordinary and maskable.
			have := map[string]bool{}
			for _, ic := range m.Icons {
				have[ic.Sizes+" "+ic.Purpose] = true
				checkIcon(t, e, ic)
			}
			for _, want := range []string{"192x192 any", "512x512 any", "192x192 maskable", "512x512 maskable"} {
				if !have[want] {
					t.Errorf("manifest has no %s icon", want)
				}
			}
		}
	})
}

// checkIcon fetches a manifest's icon and checks it is a PNG of the size
// the manifest says; a maskable one must fill its square, since a launcher
// crops it to a shape of its own, and an ordinary one has round corners.
func checkIcon(t *testing.T, e *webtest.Env, ic web.ManifestIcon) {
	t.Helper()
	resp, body := e.Get(t, ic.Src)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/png" || ic.Type != "image/png" {
		t.Fatalf("GET %s: %d %q, manifest type %q", ic.Src, resp.StatusCode, resp.Header.Get("Content-Type"), ic.Type)
	}
	img, err := png.Decode(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatalf("%s: %v", ic.Src, err)
	}
	b := img.Bounds()
	if got := b.Size(); got != image.Pt(parseSize(ic.Sizes)) {
		t.Errorf("%s is %v, manifest says %s", ic.Src, got, ic.Sizes)
	}
	_, _, _, cornerAlpha := img.At(b.Min.X, b.Min.Y).RGBA()
	if filled := cornerAlpha == 0xffff; filled != (ic.Purpose == "maskable") {
		t.Errorf("%s (%s): corner alpha %#x", ic.Src, ic.Purpose, cornerAlpha)
	}
}

func TestServiceWorkerServedFromRoot(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		resp, body := e.Get(t, "/sw.js")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /sw.js: %d", resp.StatusCode)
		}
		// A worker must come as JavaScript; no-cache makes browsers look
		// for a new one at every visit.
		if ct, cc := resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"); !strings.HasPrefix(ct, "text/javascript") || cc != "no-cache" {
			t.Errorf("GET /sw.js: Content-Type %q, Cache-Control %q", ct, cc)
		}
		for _, want := range []string{"const CARD = '/account/card'", "addEventListener('fetch'", "'/signout'"} {
			if !strings.Contains(body, want) {
				t.Errorf("/sw.js has no %q", want)
			}
		}
		resp, _ = e.Get(t, "/sw.js", "If-None-Match: "+resp.Header.Get("ETag"))
		if resp.StatusCode != http.StatusNotModified {
			t.Errorf("GET /sw.js again with its ETag: %d, want 304", resp.StatusCode)
		}
		if resp, _ := e.Get(t, "/icons/nothing.png"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET /icons/nothing.png: %d, want 404", resp.StatusCode)
		}
	})
}

func parseSize(s string) (int, int) {
	var w, h int
	if _, err := fmt.Sscanf(s, "%dx%d", &w, &h); err != nil {
		return -1, -1
	}
	return w, h
}
