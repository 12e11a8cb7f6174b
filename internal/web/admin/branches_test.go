package admin

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// branchForm is the edit form of a branch as the page fills it in.
func branchValues(b library.Branch) url.Values {
	v := url.Values{"version": {itoa(b.Version)}, "address.street": {b.Address.Street},
		"address.postal_code": {b.Address.PostalCode}, "phone": {b.Phone}, "email": {b.Email},
		"lat": {"60.17"}, "lon": {"24.94"}, "services": b.Services}
	for _, l := range library.Languages {
		v.Set("name."+l, b.Name[l])
		v.Set("address.city."+l, b.Address.City[l])
	}
	return v
}

// TestBranchBadInput: each bad field is refused with its message next to
// it, a 400, and nothing saved.
func TestBranchBadInput(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		cookie := e.StaffAt(t, "la", library.RoleLibraryAdmin, "hki-oodi", "en")
		b, err := e.DB.Branch(t.Context(), "hki-kallio")
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			field, value, errID, key string
		}{
			{"lat", "91", "lat-error", "error.branch_coordinates"},
			{"lon", "east", "lon-error", "error.branch_coordinates"},
			{"email", "kallio@", "email-error", "error.branch_email"},
			{"phone", "call us", "phone-error", "error.branch_phone"},
			{"address.postal_code", "5300", "address.postal_code-error", "error.branch_postal_code"},
			{"name.fi", "", "name-error", "error.branch_finnish_required"},
			{"services", "teleport", "services-error", "error.branch_service"},
		}
		for _, tt := range tests {
			v := branchValues(b)
			v.Set(tt.field, tt.value)
			resp, body := e.Do(t, "POST", "/admin/branches/hki-kallio", v, cookie)
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="`+tt.errID+`"`) ||
				!strings.Contains(body, webtest.HTMLText(e.Msg("en", tt.key))[:20]) {
				t.Errorf("%s=%q: %d, want 400 with %s at %s\n%s", tt.field, tt.value, resp.StatusCode, tt.key, tt.errID, body)
			}
		}
		if now, _ := e.DB.Branch(t.Context(), "hki-kallio"); now.Version != b.Version {
			t.Errorf("bad input saved: version %d → %d", b.Version, now.Version)
		}
		// A new branch: a bad code and a taken one.
		v := branchValues(library.Branch{Name: library.Text{"fi": "Pasila"}})
		v.Set("id", "Pasila!")
		if resp, body := e.Do(t, "POST", "/admin/libraries/helsinki/branches", v, cookie); resp.StatusCode != 400 || !strings.Contains(body, `id="id-error"`) {
			t.Errorf("bad code: %d", resp.StatusCode)
		}
		v.Set("id", "hki-kallio")
		if resp, body := e.Do(t, "POST", "/admin/libraries/helsinki/branches", v, cookie); resp.StatusCode != 409 || !strings.Contains(body, `id="id-error"`) {
			t.Errorf("taken code: %d", resp.StatusCode)
		}
		v.Set("id", "hki-pasila")
		loc, _ := e.PostThenGet(t, "/admin/libraries/helsinki/branches", v, cookie)
		if loc != "/admin/branches/hki-pasila/hours?done=created" {
			t.Errorf("created: to %s", loc)
		}
		if nb, err := e.DB.Branch(t.Context(), "hki-pasila"); err != nil || nb.LibraryID != "helsinki" || nb.Lat != 60.17 {
			t.Errorf("created %+v, %v", nb, err)
		}
	})
}

// TestBranchChangeShowsAtOnce: a branch's name and hours edited here show
// on the public page and in its iCal feed on the next request, and a
// stale edit is refused with the current values.
func TestBranchChangeShowsAtOnce(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		cookie := e.StaffAt(t, "admin", library.RoleAdmin, "hki-oodi", "fi")
		// Warm the cache.
		if _, body := e.Do(t, "GET", "/libraries/hki-kallio", nil); !strings.Contains(body, "Kallion kirjasto") {
			t.Fatal("no Kallio on its page")
		}
		b, _ := e.DB.Branch(t.Context(), "hki-kallio")
		v := branchValues(b)
		v.Set("name.fi", "Kallion uusi kirjasto")
		e.PostThenGet(t, "/admin/branches/hki-kallio", v, cookie)
		if _, body := e.Do(t, "GET", "/libraries/hki-kallio?lang=fi", nil); !strings.Contains(body, "Kallion uusi kirjasto") {
			t.Errorf("the new name is not on the public page")
		}
		if _, body := e.Do(t, "GET", "/libraries?lang=fi", nil); !strings.Contains(body, "Kallion uusi kirjasto") {
			t.Errorf("the new name is not on the list of libraries (the cache)")
		}
		// A stale edit: the form still names the old version.
		v.Set("name.fi", "Vanhentunut")
		resp, body := e.Do(t, "POST", "/admin/branches/hki-kallio", v, cookie)
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, webtest.HTMLText(e.Msg("fi", "error.branch_changed"))) || !strings.Contains(body, `value="Kallion uusi kirjasto"`) {
			t.Errorf("stale edit: %d, want 409 with the current name", resp.StatusCode)
		}

		b, _ = e.DB.Branch(t.Context(), "hki-kallio")
		hours := url.Values{"version": {itoa(b.Version)}}
		for wd := range 7 {
			hours.Set("staffed."+itoa(int64(wd)), "07:15-11:00, 12:00-19:45")
		}
		e.PostThenGet(t, "/admin/branches/hki-kallio/hours", hours, cookie)
		if _, body := e.Do(t, "GET", "/libraries/hki-kallio?lang=en", nil); !strings.Contains(body, "19:45") {
			t.Errorf("the new hours are not on the public page")
		}
		if _, body := e.Do(t, "GET", "/libraries/hki-kallio/hours.ics", nil); !strings.Contains(body, "T191500Z") && !strings.Contains(body, "T194500") {
			t.Errorf("the new hours are not in the iCal feed:\n%.600s", body)
		}
		// The stale hours form (the old version) is refused.
		resp, body = e.Do(t, "POST", "/admin/branches/hki-kallio/hours", hours, cookie)
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, webtest.HTMLText(e.Msg("fi", "error.branch_changed"))) {
			t.Errorf("stale hours: %d", resp.StatusCode)
		}
	})
}

// TestCloseBranch: closing shows what is pending, refuses while waiting
// holds have nowhere to go, moves them when told, and a closed branch is
// no longer offered for pickup.
func TestCloseBranch(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		cookie := e.StaffAt(t, "la", library.RoleLibraryAdmin, "esp-sello", "en")
		e.PlaceHold(t, "(TEST)f1", "esp-tapiola")
		pending, err := e.DB.BranchPending(t.Context(), "esp-tapiola")
		if err != nil {
			t.Fatal(err)
		}
		_, body := e.Do(t, "GET", "/admin/branches/esp-tapiola/close", nil, cookie)
		if !strings.Contains(body, "<dd>"+itoa(int64(pending.Waiting))+"</dd>") || !strings.Contains(body, `<option value="esp-sello">`) {
			t.Errorf("the close page does not show the pending holds %+v or the branches to move them to", pending)
		}
		if pending.Waiting > 0 {
			resp, body := e.Do(t, "POST", "/admin/branches/esp-tapiola/close", url.Values{}, cookie)
			if resp.StatusCode < 400 || !strings.Contains(body, `role="alert"`) {
				t.Errorf("closing with waiting holds and no branch to move them to: %d", resp.StatusCode)
			}
		}
		e.PostThenGet(t, "/admin/branches/esp-tapiola/close", url.Values{"move_to": {"esp-sello"}}, cookie)
		if b, _ := e.DB.Branch(t.Context(), "esp-tapiola"); !b.Closed() {
			t.Fatal("Tapiola did not close")
		}
		_, body = e.Do(t, "GET", e.RecordPath("(TEST)f1"), nil, e.AsPatron("en"))
		if strings.Contains(body, `value="esp-tapiola"`) {
			t.Errorf("a closed branch is offered for pickup")
		}
		if !strings.Contains(body, `value="esp-sello"`) {
			t.Errorf("the open branches are not offered for pickup")
		}
		e.PostThenGet(t, "/admin/branches/esp-tapiola/reopen", url.Values{}, cookie)
		if b, _ := e.DB.Branch(t.Context(), "esp-tapiola"); b.Closed() {
			t.Error("Tapiola did not reopen")
		}
	})
}
