package desk

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestDeskNavByRight: the desk's navigation shows each staff member the
// links library.Permit lets them follow, and no other: branch staff see
// no link to cataloguing, a library administrator (who catalogues) does,
// and every link shown opens, every one left out would be refused.
func TestDeskNavByRight(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		all := []string{"/desk", "/desk/picklist", "/desk/holdshelf", "/desk/transit", "/desk/patrons",
			"/staff/outbox", "/catalogue", "/admin", "/admin/account"}
		for _, ro := range []struct {
			name, role, branch string
			catalogue          bool
		}{
			{"admin", library.RoleAdmin, "", true},
			{"libadmin", library.RoleLibraryAdmin, "hki-oodi", true},
			{"desk", library.RoleBranchStaff, "hki-oodi", false},
		} {
			cookie := e.StaffAt(t, ro.name, ro.role, ro.branch, "en")
			resp, body := e.Do(t, "GET", "/desk/patrons", nil, cookie)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: /desk/patrons %d", ro.name, resp.StatusCode)
			}
			nav := navLinks(t, body)
			if slices.Contains(nav, "/catalogue") != ro.catalogue {
				t.Errorf("%s: catalogue link %v, want %v", ro.name, !ro.catalogue, ro.catalogue)
			}
			if ro.role == library.RoleBranchStaff && slices.Contains(nav, "/admin") {
				t.Errorf("%s: a link to an administration with no section for them", ro.name)
			}
			for _, p := range all {
				path := p
				if strings.HasPrefix(p, "/desk") && p != "/desk/patrons" {
					path += "?branch=hki-oodi"
				}
				resp, _ := e.Do(t, "GET", path, nil, cookie)
				shown := slices.Contains(nav, p)
				if shown && resp.StatusCode != http.StatusOK {
					t.Errorf("%s: the nav links to %s, which answers %d", ro.name, p, resp.StatusCode)
				}
				if !shown && resp.StatusCode != http.StatusForbidden && p != "/admin" {
					t.Errorf("%s: no link to %s, which they may open (%d)", ro.name, p, resp.StatusCode)
				}
			}
		}
	})
}

var navRE = regexp.MustCompile(`(?s)<nav class="subnav"[^>]*>(.*?)</nav>`)
var hrefRE = regexp.MustCompile(`href="([^"?]+)`)

// navLinks returns the paths the desk's navigation links to.
func navLinks(t *testing.T, body string) []string {
	t.Helper()
	m := navRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no desk navigation")
	}
	var out []string
	for _, h := range hrefRE.FindAllStringSubmatch(m[1], -1) {
		out = append(out, h[1])
	}
	return out
}
