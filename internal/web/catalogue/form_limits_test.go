package catalogue

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestCataloguingFormLimits: the record form takes a summary far longer
// than a short form's value (web.AsStaffWith), and refuses one longer
// than its own limit with the core's 400.
func TestCataloguingFormLimits(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		cookie := e.StaffAt(t, "cat", library.RoleCataloguer, "hki-oodi", "en")
		tooLong := webtest.HTMLText(e.Msg("en", "error.param_too_long"))
		resp, body := e.Do(t, "POST", "/catalogue/new", url.Values{"title": {"Pitkä tiivistelmä"}, "summary": {strings.Repeat("sana ", 2000)}}, cookie)
		if strings.Contains(body, tooLong) {
			t.Errorf("a 10,000-character summary: %d, refused as too long", resp.StatusCode)
		}
		resp, body = e.Do(t, "POST", "/catalogue/new", url.Values{"title": {"Liian pitkä"}, "summary": {strings.Repeat("x", 20001)}}, cookie)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, tooLong) {
			t.Errorf("a 20,001-character summary: %d, want 400 with error.param_too_long", resp.StatusCode)
		}
	})
}
