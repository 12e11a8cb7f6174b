package admin

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

var (
	auditRowRE   = regexp.MustCompile(`(?s)<tr>\s*<td>[^<]*</td>\s*<th scope="row">`)
	auditOlderRE = regexp.MustCompile(`<a href="(/admin/audit\?[^"]+)">`)
)

// TestAuditTrail: newest first in pages, filtered; a library
// administrator reads their own library's entries only; bad filters are
// said next to their field.
func TestAuditTrail(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, ce *webtest.CircEnv) {
		e := newStaffEnv(t, ce)
		ctx := context.Background()
		root, admin := e.account(t, "root", library.RoleAdmin, "", "", "en")
		_, esp := e.account(t, "esp-admin", library.RoleLibraryAdmin, "espoo", "", "en")
		hel, _ := e.account(t, "hel-desk", library.RoleBranchStaff, "", "hki-oodi", "en")
		sel, _ := e.account(t, "sel-desk", library.RoleBranchStaff, "", "esp-sello", "en")
		// 60 changes to Helsinki's account by root, one to Espoo's.
		for i := range 60 {
			hel.Name = fmt.Sprintf("Helsinki desk %d", i)
			if _, err := e.DB.UpdateStaff(ctx, root, hel, e.now); err != nil {
				t.Fatal(err)
			}
		}
		sel.Name = "Sello desk, renamed"
		if _, err := e.DB.UpdateStaff(ctx, root, sel, e.now); err != nil {
			t.Fatal(err)
		}

		resp, body := e.Do(t, "GET", "/admin/audit", nil, admin)
		if resp.StatusCode != http.StatusOK || len(auditRowRE.FindAllString(body, -1)) != auditPageSize {
			t.Fatalf("first page: %d with %d rows", resp.StatusCode, len(auditRowRE.FindAllString(body, -1)))
		}
		table := body[strings.Index(body, "<table"):]
		if strings.Index(table, "&#34;Sello desk, renamed&#34;") > strings.Index(table, "&#34;Helsinki desk 59&#34;") {
			t.Error("not newest first")
		}
		m := auditOlderRE.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no link to older entries")
		}
		_, body = e.Do(t, "GET", html.UnescapeString(m[1]), nil, admin)
		if n := len(auditRowRE.FindAllString(body, -1)); n == 0 || n >= auditPageSize || strings.Contains(body, "&#34;Helsinki desk 59&#34;") {
			t.Errorf("second page: %d rows", n)
		}

		// Espoo's administrator sees Espoo's entries, even when asking for
		// Helsinki's.
		for _, path := range []string{"/admin/audit", "/admin/audit?library=helsinki"} {
			_, body := e.Do(t, "GET", path, nil, esp)
			if !strings.Contains(body, "&#34;Sello desk, renamed&#34;") || strings.Contains(body, "&#34;Helsinki desk") {
				t.Errorf("%s: Espoo's administrator does not see Espoo's trail only", path)
			}
		}
		// Filters.
		_, body = e.Do(t, "GET", "/admin/audit?library=espoo&action=staff.changed", nil, admin)
		if n := len(auditRowRE.FindAllString(body, -1)); n != 1 {
			t.Errorf("library and action filter: %d rows, want 1", n)
		}
		_, body = e.Do(t, "GET", fmt.Sprintf("/admin/audit?staff=%d&library=espoo", root.ID), nil, admin)
		if n := len(auditRowRE.FindAllString(body, -1)); n != 1 {
			t.Errorf("staff filter: %d rows, want 1", n)
		}
		_, body = e.Do(t, "GET", "/admin/audit?from=2026-11-25&to=2026-11-25", nil, admin)
		if !strings.Contains(body, webtest.HTMLText(e.Msg("en", "audit.none"))) {
			t.Error("the date filter shows entries of before it")
		}
		_, body = e.Do(t, "GET", "/admin/audit?card="+e.Patron.CardNumber, nil, admin)
		if !strings.Contains(body, webtest.HTMLText(e.Msg("en", "audit.none"))) {
			t.Error("the patron filter shows entries of nobody's patron")
		}
		if err := e.DB.BlockPatron(ctx, root, e.Patron.ID, "lost books", e.now); err != nil {
			t.Fatal(err)
		}
		_, body = e.Do(t, "GET", "/admin/audit?card="+e.Patron.CardNumber, nil, admin)
		if n := len(auditRowRE.FindAllString(body, -1)); n != 1 || !strings.Contains(body, e.Msg("en", "audit.action.patron.block")) {
			t.Errorf("the patron filter: %d rows, want the block", n)
		}
		bad := []struct{ query, field, key string }{
			{"card=0000", "card", "audit.error.card"},
			{"from=23.11.2026", "from", "audit.error.date"},
			{"from=2026-11-24&to=2026-11-20", "to", "error.audit_dates"},
			{"staff=abc", "staff", "error.staff_not_found"},
		}
		for _, b := range bad {
			resp, body := e.Do(t, "GET", "/admin/audit?"+b.query, nil, admin)
			want := `<span id="` + b.field + `-error" class="field-error">` + webtest.HTMLText(e.Msg("en", b.key)) + `</span>`
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, want) {
				t.Errorf("%s: %d, want 400 with %q", b.query, resp.StatusCode, want)
			}
		}
	})
}
