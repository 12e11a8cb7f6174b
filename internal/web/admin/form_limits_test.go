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

// TestRulesEditorFormLimits: the rules editor's form is read within its
// own limits (web.AsStaffWith), larger than the short forms', with the
// same checks of each value and the same 400s.
func TestRulesEditorFormLimits(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		cookie := e.StaffAt(t, "admin", library.RoleAdmin, "", "en")
		many := func(n int) url.Values {
			f := url.Values{"rows": {"0"}}
			for i := range n {
				f.Set("x"+strconv.Itoa(i), "1")
			}
			return f
		}
		for _, tt := range []struct {
			name string
			form url.Values
			key  string // the refusal, or "" for none of the limits'
		}{
			{"more values than a short form", many(100), ""},
			{"too many values", many((maxRows+10)*16 + 1), "error.too_many_params"},
			{"a long value", url.Values{"effective": {strings.Repeat("x", 201)}}, "error.param_too_long"},
			{"not UTF-8", url.Values{"effective": {"\xff"}}, "error.bad_utf8"},
		} {
			resp, body := e.Do(t, "POST", "/admin/rules/edit", tt.form, cookie)
			for _, key := range []string{"error.too_many_params", "error.param_too_long", "error.bad_utf8"} {
				refused := strings.Contains(body, webtest.HTMLText(e.Msg("en", key)))
				if key == tt.key && (!refused || resp.StatusCode != http.StatusBadRequest) {
					t.Errorf("%s: %d, want 400 with %s", tt.name, resp.StatusCode, key)
				}
				if key != tt.key && refused {
					t.Errorf("%s: refused with %s", tt.name, key)
				}
			}
		}
	})
}
