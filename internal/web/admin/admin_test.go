package admin

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

func TestIndexNeedsStaff(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		for name, headers := range map[string][]string{"nobody": nil, "a patron": {e.AsPatron("en")}} {
			resp, _ := e.Do(t, "GET", "/admin", nil, headers...)
			if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/staff/signin?next=%2Fadmin" {
				t.Errorf("%s: %d to %q, want 303 to the staff sign-in", name, resp.StatusCode, loc)
			}
		}
	})
}

// TestIndexInEveryLanguage: the index speaks every language, is linked
// from the desk's pages, and says so when the staff member's role allows
// no administration.
func TestIndexInEveryLanguage(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		// A statistics account's index has the statistics and nothing
		// else. (Every role has a section since the statistics came, so
		// the index's "no tasks" message has no account to show it to.)
		cookie := e.StaffAt(t, "nobody", library.RoleStatistics, "hki-oodi", "en")
		// The desk links the administration for those it has a section for.
		libAdmin := strings.TrimSuffix(e.StaffAt(t, "libadmin", library.RoleLibraryAdmin, "hki-oodi", "en"), "; lang=en")
		for _, lang := range e.Bundle.Languages() {
			title := webtest.HTMLText(e.Msg(lang, "admin.title"))
			resp, body := e.Do(t, "GET", "/admin?lang="+lang, nil, cookie)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: status %d", lang, resp.StatusCode)
			}
			for _, want := range []string{`lang="` + lang + `"`, "<h1>" + title + "</h1>", `href="/admin/stats"`} {
				if !strings.Contains(body, want) {
					t.Errorf("%s: no %q on the index", lang, want)
				}
			}
			for _, page := range []string{"/desk?branch=hki-oodi", "/desk/picklist?branch=hki-oodi", "/staff/outbox"} {
				_, body := e.Do(t, "GET", page, nil, libAdmin+"; lang="+lang)
				if want := `<a href="/admin">` + title + `</a>`; !strings.Contains(body, want) {
					t.Errorf("%s %s: no link %q", lang, page, want)
				}
			}
		}
	})
}

// TestSectionsFollowPermit: the index lists a section exactly when
// library.Permit lets the staff member do its action.
func TestSectionsFollowPermit(t *testing.T) {
	desk := section{Path: "/desk/picklist", Title: "desk.picklist.title", Text: "desk.picklist.intro", Act: library.ActDesk}
	never := section{Path: "/nowhere", Title: "admin.title", Text: "admin.intro", Act: library.Action("no_such_action")}
	saved := sections
	sections = []section{desk, never}
	t.Cleanup(func() { sections = saved })

	tests := []struct {
		role string
		want []section
	}{
		{library.RoleBranchStaff, []section{desk}},
		{library.RoleAdmin, []section{desk}},
		{library.RoleStatistics, nil},
	}
	for _, tt := range tests {
		st := library.Staff{Role: tt.role, Branch: "hki-oodi", Library: "helsinki"}
		if diff := cmp.Diff(tt.want, permitted(st, sections)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.role, diff)
		}
	}

	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		for _, tt := range tests {
			_, body := e.Do(t, "GET", "/admin", nil, e.StaffAt(t, "staff-"+tt.role, tt.role, "hki-oodi", "en"))
			if got, want := strings.Contains(body, `<a href="/desk/picklist">`+webtest.HTMLText(e.Msg("en", "desk.picklist.title"))+`</a>`), len(tt.want) > 0; got != want {
				t.Errorf("%s: the desk's section listed %v, want %v", tt.role, got, want)
			}
			if strings.Contains(body, "/nowhere") {
				t.Errorf("%s: a section Permit refuses is listed", tt.role)
			}
			if got, want := strings.Contains(body, e.Msg("en", "admin.intro")), len(tt.want) > 0; got != want {
				t.Errorf("%s: intro shown %v, want %v", tt.role, got, want)
			}
		}
	})
}

// TestCatalogueSection: the index lists cataloguing for the roles that
// catalogue, in every language, and not for branch staff.
func TestCatalogueSection(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		for _, ro := range []struct {
			role string
			want bool
		}{{library.RoleCataloguer, true}, {library.RoleLibraryAdmin, true}, {library.RoleBranchStaff, false}} {
			cookie := e.StaffAt(t, "s-"+ro.role, ro.role, "hki-oodi", "en")
			for _, lang := range e.Bundle.Languages() {
				_, body := e.Do(t, "GET", "/admin?lang="+lang, nil, cookie)
				link := `<a href="/catalogue">` + webtest.HTMLText(e.Msg(lang, "cataloguing.title")) + `</a>`
				text := webtest.HTMLText(e.Msg(lang, "polish.catalogue.section"))
				if got := strings.Contains(body, link) && strings.Contains(body, text); got != ro.want {
					t.Errorf("%s %s: cataloguing section %v, want %v", ro.role, lang, got, ro.want)
				}
			}
		}
	})
}
