package admin

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestPhoto: a photo is uploaded (not an image and too large refused at
// the field), shown on the public page with its size and alt text,
// served by hash with year-long caching and 304s, and deleted.
func TestPhoto(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		cookie := e.StaffAt(t, "la", library.RoleLibraryAdmin, "hki-oodi", "en")
		for name, tt := range map[string]struct {
			data []byte
			key  string
		}{
			"not an image": {[]byte("GIF? no, plain text"), "error.photo_format"},
			"too large":    {bytes.Repeat([]byte{0xff}, 10<<20+1), "error.photo_too_large"},
		} {
			w := e.PostFile(t, "/admin/branches/hki-kallio/photo", "photo", tt.data, cookie)
			if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `id="photo-error"`) || !strings.Contains(w.Body.String(), e.Msg("en", tt.key)[:20]) {
				t.Errorf("%s: %d, want 400 with %s", name, w.Code, tt.key)
			}
		}
		if b, _ := e.DB.Branch(t.Context(), "hki-kallio"); b.Photo != "" {
			t.Fatal("a refused photo was saved")
		}
		if w := e.PostFile(t, "/admin/branches/hki-kallio/photo", "photo", webtest.PNG(t, 800, 600), e.StaffAt(t, "other", library.RoleLibraryAdmin, "esp-sello", "en")); w.Code != http.StatusForbidden {
			t.Errorf("another library's administrator: %d", w.Code)
		}
		w := e.PostFile(t, "/admin/branches/hki-kallio/photo", "photo", webtest.PNG(t, 800, 600), cookie)
		if w.Code != http.StatusSeeOther {
			t.Fatalf("upload: %d\n%s", w.Code, w.Body)
		}
		b, _ := e.DB.Branch(t.Context(), "hki-kallio")
		_, body := e.Do(t, "GET", "/libraries/hki-kallio?lang=en", nil)
		m := regexp.MustCompile(`<img src="(/libraries/hki-kallio/photo\?[^"]+)" alt="Kallio Library" width="(\d+)" height="(\d+)">`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no photo on the public page")
		}
		src := strings.ReplaceAll(m[1], "&amp;", "&")
		if !strings.Contains(src, "v="+b.Photo) || m[2] != "400" || m[3] != "300" {
			t.Errorf("photo %q %sx%s, want the hash %s and 400x300", src, m[2], m[3], b.Photo)
		}
		resp, img := e.DoRaw(t, "GET", src, nil)
		etag := resp.Header.Get("ETag")
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" || len(img) == 0 || etag == "" ||
			resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("photo: %d %v", resp.StatusCode, resp.Header)
		}
		if resp, body := e.DoRaw(t, "GET", src, nil, "If-None-Match: "+etag); resp.StatusCode != http.StatusNotModified || body != "" {
			t.Errorf("If-None-Match: %d, want 304", resp.StatusCode)
		}
		if resp, _ := e.DoRaw(t, "GET", "/libraries/hki-kallio/photo?v=old", nil); resp.StatusCode != http.StatusFound || !strings.Contains(resp.Header.Get("Location"), b.Photo) || strings.Contains(resp.Header.Get("Cache-Control"), "immutable") {
			t.Errorf("an old hash: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		e.PostThenGet(t, "/admin/branches/hki-kallio/photo/delete", nil, cookie)
		if resp, _ := e.DoRaw(t, "GET", src, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("deleted photo: %d", resp.StatusCode)
		}
		if _, body := e.Do(t, "GET", "/libraries/hki-kallio", nil); strings.Contains(body, "<img") {
			t.Error("a deleted photo is still on the page")
		}
	})
}
