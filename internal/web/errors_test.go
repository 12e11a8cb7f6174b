package web_test

import (
	"encoding/json"
	"html"
	"net/url"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestBadInput checks that bad input gets a clear 4xx with a message in
// the user's language, on pages and in the API alike, and never a 500.
func TestBadInput(t *testing.T) {
	long := func(n int) string { return strings.Repeat("a", n) }
	many := "q=x" + strings.Repeat("&material=book", 70)
	tests := []struct {
		name   string
		path   string // a page; the API path is "/api/v1" + path unless api is set
		api    string
		status int
		key    string // message shown; "" for a 200
	}{
		{"malformed query syntax", `/search?q=` + url.QueryEscape(`"unbalanced AND (title:`), "", 200, ""},
		{"only operators", `/search?q=` + url.QueryEscape(`((( ))) -- * ?`), "", 200, ""},
		{"unknown facet ignored", "/search?q=kokoelma&colour=red", "", 200, ""},
		{"empty facet value ignored", "/search?q=kokoelma&material=", "", 200, ""},
		{"unknown lang falls back", "/search?q=sotilas&lang=xx", "", 200, ""},
		{"query of 500 characters", "/search?q=" + long(500), "", 200, ""},
		{"unknown record", "/records/999999", "", 404, "error.not_found"},
		{"non-numeric record id", "/records/abc", "", 404, "error.bad_id"},
		{"record id zero", "/records/0", "", 404, "error.bad_id"},
		{"negative record id", "/records/-1", "", 404, "error.bad_id"},
		{"record id overflow", "/records/99999999999999999999999", "", 404, "error.bad_id"},
		{"page 0", "/search?q=kokoelma&page=0", "", 400, "error.bad_page"},
		{"page -1", "/search?q=kokoelma&page=-1", "", 400, "error.bad_page"},
		{"page 999999", "/search?q=kokoelma&page=999999", "", 400, "error.bad_page"},
		{"page not a number", "/search?q=kokoelma&page=two", "", 400, "error.bad_page"},
		{"page fraction", "/search?q=kokoelma&page=1.5", "", 400, "error.bad_page"},
		{"page past the end", "/search?q=kokoelma&page=50", "", 404, "error.page_past_end"},
		{"page 2 of nothing", "/search?q=nothingmatchesthis&page=2", "", 404, "error.page_past_end"},
		{"unknown sort", "/search?q=kokoelma&sort=random", "", 400, "error.bad_sort"},
		{"invalid UTF-8 in q", "/search?q=%ff%fe", "", 400, "error.bad_utf8"},
		{"invalid UTF-8 in facet", "/search?q=a&material=%c3%28", "", 400, "error.bad_utf8"},
		{"invalid UTF-8 in name", "/search?%ff=1", "", 400, "error.bad_utf8"},
		{"invalid UTF-8 in path", "/libraries/%ff", "", 400, "error.bad_utf8"},
		{"bad escape", "/search?q=%zz", "", 400, "error.bad_query"},
		{"query too long", "/search?q=" + long(501), "", 400, "error.query_too_long"},
		{"parameter too long", "/search?q=a&subject=" + long(300), "", 400, "error.param_too_long"},
		{"URL too long", "/search?q=a&x=" + long(5000), "", 400, "error.url_too_long"},
		{"too many parameters", "/search?" + many, "", 400, "error.too_many_params"},
		{"unknown branch", "/libraries/no-such-branch", "", 404, "error.not_found"},
		{"unknown page", "/no/such/page", "/api/v1/no/such/endpoint", 404, "error.not_found"},
	}
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		for _, tt := range tests {
			for _, lang := range webtest.Langs {
				t.Run(tt.name+"/"+lang, func(t *testing.T) {
					want := ""
					if tt.key != "" {
						want = e.Bundle.T(lang, tt.key, nil)
					}
					resp, body := e.Get(t, tt.path, "Cookie: lang="+lang)
					if resp.StatusCode != tt.status {
						t.Errorf("page %s: status %d, want %d", tt.path, resp.StatusCode, tt.status)
					}
					if want != "" && !strings.Contains(body, html.EscapeString(want)) {
						t.Errorf("page %s: no message %q", tt.path, want)
					}
					if !strings.Contains(body, `<html lang="`+lang+`"`) {
						t.Errorf("page %s: not in %s", tt.path, lang)
					}

					api := tt.api
					if api == "" {
						api = "/api/v1" + tt.path
					}
					resp, body = e.Get(t, api, "Cookie: lang="+lang)
					if resp.StatusCode != tt.status {
						t.Errorf("API %s: status %d, want %d", api, resp.StatusCode, tt.status)
					}
					if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
						t.Errorf("API %s: Content-Type %q", api, ct)
					}
					if want == "" {
						return
					}
					var eb web.ErrorBody
					if err := json.Unmarshal([]byte(body), &eb); err != nil {
						t.Fatalf("API %s: %v\n%s", api, err, body)
					}
					wantCode := library.EINVALID
					if tt.status == 404 {
						wantCode = library.ENOTFOUND
					}
					if eb.Error.Code != wantCode || eb.Error.Message != want {
						t.Errorf("API %s: error %+v, want code %q message %q", api, eb.Error, wantCode, want)
					}
				})
			}
		}
	})
}
