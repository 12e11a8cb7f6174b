package bookings

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestNoShowRule sets Helsinki's no-show rule, refuses a bad one at the
// form with nothing saved, and keeps it from branch staff and from
// another library's administrator.
func TestNoShowRule(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		f := newStaffFixture(t, e)
		ctx := context.Background()
		resp, body := e.Do(t, "GET", "/admin/bookings/no-shows", nil, f.hki)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, `value="helsinki"`) || strings.Contains(body, `value="espoo"`) {
			t.Fatalf("page = %d:\n%s", resp.StatusCode, body)
		}
		form := url.Values{"library": {"helsinki"}, "count": {"2"}, "window_days": {"60"}, "block_days": {"14"}}
		if resp, body := e.Do(t, "POST", "/admin/bookings/no-shows", form, f.hki); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("save = %d:\n%s", resp.StatusCode, body)
		}
		want := library.NoShowRule{Count: 2, WindowDays: 60, BlockDays: 14}
		if got, _ := e.DB.NoShowRule(ctx, "helsinki"); got != want {
			t.Errorf("rule %+v, want %+v", got, want)
		}
		form.Set("block_days", "999")
		resp, body = e.Do(t, "POST", "/admin/bookings/no-shows", form, f.hki)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="error-helsinki"`) || !strings.Contains(body, `value="999"`) {
			t.Errorf("a bad rule = %d:\n%s", resp.StatusCode, body)
		}
		if got, _ := e.DB.NoShowRule(ctx, "helsinki"); got != want {
			t.Errorf("rule %+v after a refusal", got)
		}
		desk := e.StaffAt(t, "hki-desk", library.RoleBranchStaff, "hki-oodi", "en")
		esp := e.StaffAt(t, "esp-admin", library.RoleLibraryAdmin, "esp-sello", "en")
		for _, c := range []string{desk, esp} {
			if resp, _ := e.Do(t, "POST", "/admin/bookings/no-shows", url.Values{"library": {"helsinki"}, "remove": {"1"}}, c); resp.StatusCode != http.StatusForbidden {
				t.Errorf("removing another's rule = %d, want 403", resp.StatusCode)
			}
		}
		// Removing it brings back the consortium's (the default).
		if resp, _ := e.Do(t, "POST", "/admin/bookings/no-shows", url.Values{"library": {"helsinki"}, "remove": {"1"}}, f.hki); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("remove = %d", resp.StatusCode)
		}
		if got, _ := e.DB.NoShowRule(ctx, "helsinki"); got != library.DefaultNoShowRule {
			t.Errorf("rule %+v after removing", got)
		}
	})
}

// TestResourcePhoto adds a real photo with its alt text, serves its
// thumbnail, and removes it.
func TestResourcePhoto(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		f := newStaffFixture(t, e)
		img := image.NewRGBA(image.Rect(0, 0, 400, 300))
		for x := range 400 {
			img.Set(x, x%300, color.RGBA{R: 200, A: 255})
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		path := "/admin/resources/" + strconv.FormatInt(f.room.ID, 10)
		resp, body := postPhoto(t, e, path+"/photos", buf.Bytes(), f.hki)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("upload = %d:\n%s", resp.StatusCode, body)
		}
		res, _ := e.DB.Resource(context.Background(), f.room.ID)
		if len(res.Photos) != 1 || res.Photos[0].Alt["fi"] != "Kuva huoneesta" {
			t.Fatalf("photos %+v", res.Photos)
		}
		_, body = e.Do(t, "GET", path, nil, f.hki)
		src := path + "/photos/" + strconv.FormatInt(res.Photos[0].ID, 10)
		if !strings.Contains(body, `src="`+src) || !strings.Contains(body, `alt="Kuva huoneesta"`) {
			t.Errorf("the editor lacks the photo:\n%s", body)
		}
		resp, body = e.Do(t, "GET", src, nil, f.hki)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/jpeg" || len(body) < 100 {
			t.Errorf("thumbnail = %d %s, %d bytes", resp.StatusCode, resp.Header.Get("Content-Type"), len(body))
		}
		if resp, _ := e.Do(t, "POST", src+"/delete", url.Values{}, f.hki); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("delete = %d", resp.StatusCode)
		}
		if res, _ = e.DB.Resource(context.Background(), f.room.ID); len(res.Photos) != 0 {
			t.Errorf("%d photos after deleting", len(res.Photos))
		}
	})
}

// TestStaffNavigation: the administration's index links the bookings'
// pages for those who may use them.
func TestStaffNavigation(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		f := newStaffFixture(t, e)
		desk := e.StaffAt(t, "hki-desk", library.RoleBranchStaff, "hki-oodi", "en")
		_, body := e.Do(t, "GET", "/admin", nil, f.hki)
		for _, p := range []string{"/admin/resources", "/admin/bookings", "/admin/bookings/requests", "/admin/bookings/no-shows"} {
			if !strings.Contains(body, `href="`+p+`"`) {
				t.Errorf("the library administrator's index lacks %s", p)
			}
		}
		_, body = e.Do(t, "GET", "/admin", nil, desk)
		if !strings.Contains(body, `href="/admin/bookings"`) || strings.Contains(body, `href="/admin/resources"`) {
			t.Errorf("branch staff's index: the schedule without the resources wanted:\n%s", body)
		}
	})
}
