package site

import (
	"net/http"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// A misspelt query offers the spelling the catalogue has, and the
// e-resource or physical facet has names in every language.
func TestDidYouMeanAndFormatKind(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		for _, lang := range []string{"fi", "sv", "en", "ru"} {
			resp, body := e.Get(t, "/search?q=tuntemato&lang="+lang)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			want := webtest.HTMLText(e.Bundle.T(lang, "search.did_you_mean", map[string]any{"Query": "tuntematon"}))
			if !strings.Contains(body, want) || !strings.Contains(body, `href="/search?q=tuntematon"`) {
				t.Errorf("%s: no %q linking to the corrected search", lang, want)
			}
			_, body = e.Get(t, "/search?q=&lang="+lang)
			for _, id := range []string{"facet.format_kind", "format_kind.physical", "format_kind.electronic"} {
				if want := webtest.HTMLText(e.Bundle.T(lang, id, nil)); !strings.Contains(body, want) {
					t.Errorf("%s: facet text %q (%s) missing", lang, want, id)
				}
			}
		}
	})
}
