package catalogue

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestRefusalCountsInEveryLanguage: a refusal that counts (copies on
// loan) in a message that is not a table of plural forms is worded by
// the core with the count filled in, in every language, never shown as
// its message id. The test record has one copy on loan (T1-3): one is
// the count whose plural form such a message lacks in most languages.
func TestRefusalCountsInEveryLanguage(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		id := testRecord(t, e, "(TEST)1")
		cookie := e.StaffAt(t, "cat", library.RoleCataloguer, "hki-oodi", "en")
		for _, lang := range e.Bundle.Languages() {
			resp, body := e.Do(t, "POST", recordPath(id)+"/delete?lang="+lang, nil, cookie)
			want := webtest.HTMLText(e.Msg(lang, "error.catalogue_record_has_loans", "Count", 1))
			if resp.StatusCode != http.StatusConflict || !strings.Contains(body, want) || strings.Contains(body, "error.catalogue_") {
				t.Errorf("%s: deleting a record with a copy on loan: %d, want 409 with %q\n%s", lang, resp.StatusCode, want, body)
			}
		}
	})
}
