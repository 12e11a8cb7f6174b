package events

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestEventImage uploads an event's image (what is not an image refused
// at the field with nothing saved), serves a published event's by its
// hash with a year's caching and keeps a draft's to staff, and deletes it.
func TestEventImage(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		hki := e.StaffAt(t, "sisalto", library.RoleContent, "hki-oodi", "en")
		esp := e.StaffAt(t, "espoo", library.RoleContent, "esp-sello", "en")
		f := eventForm()
		f.Set("status", "draft")
		id := saveEvent(t, e, "/admin/events", f, hki)
		path := "/admin/events/" + strconv.FormatInt(id, 10) + "/image"

		w := e.PostFile(t, path, "image", []byte("<svg>not a photo</svg>"), hki)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), `class="field-error"`) ||
			!strings.Contains(w.Body.String(), webtest.HTMLText(e.Msg("en", "error.photo_format"))) {
			t.Errorf("a text file as the image = %d:\n%s", w.Code, webtest.HTMLText(w.Body.String()))
		}
		if ev, _ := e.DB.Event(ctx, id); ev.Image != "" {
			t.Fatalf("a refused upload left the image %q", ev.Image)
		}
		if w := e.PostFile(t, path, "image", webtest.PNG(t, 900, 600), esp); w.Code != http.StatusForbidden {
			t.Errorf("Espoo sets Helsinki's image: %d", w.Code)
		}
		if w := e.PostFile(t, path, "image", webtest.PNG(t, 900, 600), hki); w.Code != http.StatusSeeOther {
			t.Fatalf("uploading the image = %d:\n%s", w.Code, w.Body)
		}
		ev, err := e.DB.Event(ctx, id)
		if err != nil || ev.Image == "" {
			t.Fatalf("the image was not kept: %+v %v", ev, err)
		}
		_, body := e.Do(t, "GET", path, nil, hki)
		if !strings.Contains(body, path+"/preview?v="+ev.Image) {
			t.Errorf("the image's page does not show it:\n%s", body)
		}
		if resp, _ := e.Do(t, "GET", path+"/preview?v="+ev.Image, nil, hki); resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/jpeg" {
			t.Errorf("staff's preview = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		public := web.EventImageURL(id, ev.Image, library.PhotoThumb)
		if resp, _ := e.Do(t, "GET", public, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("a draft's image is public: %d", resp.StatusCode)
		}

		if _, err := e.DB.PublishEvent(ctx, library.Staff{Role: library.RoleAdmin}, id, webtest.Now, webtest.Now); err != nil {
			t.Fatal(err)
		}
		resp, _ := e.Do(t, "GET", public, nil)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/jpeg" ||
			!strings.Contains(resp.Header.Get("Cache-Control"), "max-age=31536000") {
			t.Errorf("the public image = %d %v", resp.StatusCode, resp.Header)
		}
		if _, body := e.Do(t, "GET", "/events/"+strconv.FormatInt(id, 10), nil); !strings.Contains(body, webtest.HTMLText(web.EventImageURL(id, ev.Image, library.PhotoFull))) {
			t.Errorf("the event's page does not show its image")
		}
		if resp, _ := e.Do(t, "GET", web.EventImageURL(id, "old", library.PhotoFull), nil); resp.StatusCode != http.StatusFound {
			t.Errorf("an old hash = %d, want a redirect to the current image", resp.StatusCode)
		}

		if resp, _ := e.Do(t, "POST", path+"/delete", nil, hki); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("deleting the image = %d", resp.StatusCode)
		}
		if ev, _ := e.DB.Event(ctx, id); ev.Image != "" {
			t.Errorf("the image is still %q", ev.Image)
		}
		if resp, _ := e.Do(t, "GET", public, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("a deleted image = %d", resp.StatusCode)
		}
	})
}
