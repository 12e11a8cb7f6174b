package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// roleCookies signs in one staff member of each role: the consortium
// administrator, library administrators of Helsinki (the pages' own
// library) and of Espoo, branch staff, a cataloguer and a statistics
// account, all of Helsinki but the Espoo administrator.
func roleCookies(t *testing.T, e *webtest.CircEnv) map[string]string {
	t.Helper()
	return map[string]string{
		"admin":               e.StaffAt(t, "r-admin", library.RoleAdmin, "hki-oodi", "en"),
		"own library admin":   e.StaffAt(t, "r-own", library.RoleLibraryAdmin, "hki-oodi", "en"),
		"other library admin": e.StaffAt(t, "r-other", library.RoleLibraryAdmin, "esp-sello", "en"),
		"branch staff":        e.StaffAt(t, "r-branch", library.RoleBranchStaff, "hki-oodi", "en"),
		"cataloguer":          e.StaffAt(t, "r-cat", library.RoleCataloguer, "hki-oodi", "en"),
		"statistics":          e.StaffAt(t, "r-stat", library.RoleStatistics, "hki-oodi", "en"),
	}
}

// TestRoutesFollowPermit walks every role against every route of
// libraries and branches: the pages answer 200 to whom Permit allows and
// 403 to the rest; a refused POST changes nothing.
func TestRoutesFollowPermit(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		cookies := roleCookies(t, e)
		ex, err := e.DB.AddException(t.Context(), library.HoursException{BranchID: "hki-kallio",
			From: library.Date{Year: 2026, Month: 12, Day: 1}, To: library.Date{Year: 2026, Month: 12, Day: 2},
			Reason: library.Text{"fi": "Inventaario"}}, library.Staff{Role: library.RoleAdmin}, webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		exPath := "/admin/branches/hki-kallio/exceptions/" + itoa(ex.ID)
		branches := map[string]int{"admin": 200, "own library admin": 200, "other library admin": 403, "branch staff": 403, "cataloguer": 403, "statistics": 403}
		consortium := map[string]int{"admin": 200, "own library admin": 403, "other library admin": 403, "branch staff": 403, "cataloguer": 403, "statistics": 403}
		list := map[string]int{"admin": 200, "own library admin": 200, "other library admin": 200, "branch staff": 403, "cataloguer": 403, "statistics": 403}
		gets := []struct {
			path string
			want map[string]int
		}{
			{"/admin/libraries", list},
			{"/admin/libraries/helsinki", branches},
			{"/admin/libraries/helsinki/holidays", branches},
			{"/admin/libraries/helsinki/branches/new", branches},
			{"/admin/branches/hki-kallio", branches},
			{"/admin/branches/hki-kallio/close", branches},
			{"/admin/branches/hki-kallio/hours", branches},
			{"/admin/branches/hki-kallio/calendar", branches},
			{exPath, branches},
			{"/admin/branches/hki-kallio/photo", branches},
		}
		for _, g := range gets {
			for role, want := range g.want {
				if resp, body := e.Do(t, "GET", g.path, nil, cookies[role]); resp.StatusCode != want {
					t.Errorf("%s GET %s: %d, want %d\n%.300s", role, g.path, resp.StatusCode, want, body)
				}
			}
		}
		posts := []struct {
			path string
			want map[string]int
		}{
			{"/admin/libraries", consortium},
			{"/admin/libraries/helsinki", branches},
			{"/admin/libraries/helsinki/close", consortium},
			{"/admin/libraries/helsinki/reopen", consortium},
			{"/admin/libraries/helsinki/holidays", branches},
			{"/admin/libraries/helsinki/branches", branches},
			{"/admin/branches/hki-kallio", branches},
			{"/admin/branches/hki-kallio/close", branches},
			{"/admin/branches/hki-kallio/reopen", branches},
			{"/admin/branches/hki-kallio/hours", branches},
			{"/admin/branches/hki-kallio/exceptions", branches},
			{exPath, branches},
			{exPath + "/delete", branches},
			{"/admin/branches/hki-kallio/photo", branches},
			{"/admin/branches/hki-kallio/photo/delete", branches},
		}
		before, _ := e.DB.ConsortiumVersion(t.Context())
		for _, p := range posts {
			for role, want := range p.want {
				if want != 403 {
					continue // the allowed ones are tried by the tests of each form
				}
				if resp, _ := e.Do(t, "POST", p.path, url.Values{"id": {"x-new"}}, cookies[role]); resp.StatusCode != http.StatusForbidden {
					t.Errorf("%s POST %s: %d, want 403", role, p.path, resp.StatusCode)
				}
			}
		}
		if after, _ := e.DB.ConsortiumVersion(t.Context()); after != before {
			t.Errorf("refused POSTs changed the consortium: version %d → %d", before, after)
		}
		// The index lists the section to those who may use it.
		for role, want := range list {
			_, body := e.Do(t, "GET", "/admin", nil, cookies[role])
			if got := strings.Contains(body, `href="/admin/libraries"`); got != (want == 200) {
				t.Errorf("%s: the index lists libraries %v", role, got)
			}
		}
	})
}

// TestLibraryCreateEditConflict: the consortium administrator adds a
// library (Finnish name required, bad code refused), the list marks the
// languages its name lacks, and a stale edit shows the current values.
func TestLibraryCreateEditConflict(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		admin := e.StaffAt(t, "admin", library.RoleAdmin, "hki-oodi", "en")
		resp, body := e.Do(t, "POST", "/admin/libraries", url.Values{"id": {"Bad Code"}, "name.fi": {"Vantaa"}}, admin)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="id-error"`) || !strings.Contains(body, webtest.HTMLText(e.Msg("en", "error.branch_id"))) {
			t.Errorf("bad code: %d\n%s", resp.StatusCode, body)
		}
		resp, body = e.Do(t, "POST", "/admin/libraries", url.Values{"id": {"vantaa"}, "name.en": {"Vantaa"}}, admin)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="name-error"`) {
			t.Errorf("no Finnish name: %d", resp.StatusCode)
		}
		loc, body := e.PostThenGet(t, "/admin/libraries", url.Values{"id": {"vantaa"}, "name.fi": {"Vantaan kaupunginkirjasto"}, "name.sv": {"Vanda stadsbibliotek"}}, admin)
		if loc != "/admin/libraries/vantaa?done=created" || !strings.Contains(body, e.Msg("en", "admin.library.done_created")) {
			t.Errorf("created: %s", loc)
		}
		_, body = e.Do(t, "GET", "/admin/libraries", nil, admin)
		if want := webtest.HTMLText(e.Msg("en", "admin.branches.missing", "Langs", "English, Русский, Eesti, Soomaali, العربية")); !strings.Contains(body, want) {
			t.Errorf("the list does not mark the missing languages %q", want)
		}
		if resp, _ := e.Do(t, "POST", "/admin/libraries", url.Values{"id": {"vantaa"}, "name.fi": {"Toinen"}}, admin); resp.StatusCode != http.StatusConflict {
			t.Errorf("duplicate code: %d, want 409", resp.StatusCode)
		}

		l, _ := e.DB.Library(t.Context(), "vantaa")
		stale := url.Values{"version": {itoa(l.Version)}, "name.fi": {"Vanha muokkaus"}}
		e.PostThenGet(t, "/admin/libraries/vantaa", url.Values{"version": {itoa(l.Version)}, "name.fi": {"Vantaan kirjastot"}}, admin)
		resp, body = e.Do(t, "POST", "/admin/libraries/vantaa", stale, admin)
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, webtest.HTMLText(e.Msg("en", "error.library_changed"))) || !strings.Contains(body, `value="Vantaan kirjastot"`) {
			t.Errorf("stale edit: %d, want 409 with the current name\n%s", resp.StatusCode, body)
		}
		// Closing: refused while Helsinki has open branches.
		resp, body = e.Do(t, "POST", "/admin/libraries/helsinki/close", url.Values{}, admin)
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "2") {
			t.Errorf("closing a library with branches: %d", resp.StatusCode)
		}
		e.PostThenGet(t, "/admin/libraries/vantaa/close", url.Values{}, admin)
		if l, _ := e.DB.Library(t.Context(), "vantaa"); !l.Closed() {
			t.Errorf("vantaa not closed")
		}
		e.PostThenGet(t, "/admin/libraries/vantaa/reopen", url.Values{}, admin)
		if l, _ := e.DB.Library(t.Context(), "vantaa"); l.Closed() {
			t.Errorf("vantaa not reopened")
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
