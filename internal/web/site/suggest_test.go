package site

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

func TestSuggest(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		resp, body := e.Get(t, "/api/v1/suggest?q=tuntem")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d\n%s", resp.StatusCode, body)
		}
		var got struct {
			Suggestions []suggestionJSON `json:"suggestions"`
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, s := range got.Suggestions {
			found = found || strings.EqualFold(s.Text, "Tuntematon sotilas") && s.Kind == "title"
		}
		if !found {
			t.Errorf("suggestions for %q: %+v, want the title Tuntematon sotilas", "tuntem", got.Suggestions)
		}
		for path, want := range map[string]int{"/api/v1/suggest?q=x&n=0": 400, "/api/v1/suggest?q=x&n=11": 400, "/api/v1/suggest": 200} {
			if resp, _ := e.Get(t, path); resp.StatusCode != want {
				t.Errorf("GET %s: %d, want %d", path, resp.StatusCode, want)
			}
		}
		_, page := e.Get(t, "/")
		if !strings.Contains(page, `<datalist id="q-suggest">`) || !strings.Contains(page, `<script src="/static/suggest.js?v=`) {
			t.Error("the search box has no suggestion list or no script")
		}
		if resp, js := e.Get(t, "/static/suggest.js"); resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "javascript") || !strings.Contains(js, "/api/v1/suggest") {
			t.Errorf("suggest.js: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	})
}
