package account

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// apiError decodes the one error format.
func apiError(t *testing.T, body string) (code, message string) {
	t.Helper()
	var eb web.ErrorBody
	if err := json.Unmarshal([]byte(body), &eb); err != nil {
		t.Fatalf("not the error format: %v: %s", err, body)
	}
	return eb.Error.Code, eb.Error.Message
}

// newToken signs in as the test patron through the API.
func newToken(t *testing.T, e *webtest.AuthEnv) tokenView {
	t.Helper()
	res, body := e.Browser().PostToken(t, `{"card": "`+webtest.TestCard+`", "pin": "`+webtest.TestPIN+`", "name": "Lukulista"}`)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("POST /api/v1/tokens: %d %s", res.StatusCode, body)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("token answer Cache-Control %q, want no-store", cc)
	}
	var v tokenView
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	if v.Token == "" || v.TokenType != "Bearer" || v.Name != "Lukulista" {
		t.Fatalf("token answer %+v", v)
	}
	return v
}

func TestAPITokenSignInAndOut(t *testing.T) {
	webtest.ForEachAuthEnv(t, web.AuthConfig{}, func(t *testing.T, e *webtest.AuthEnv) {
		tok := newToken(t, e)
		app := e.Browser() // an app has no cookies
		bearer := "Authorization: Bearer " + tok.Token

		res, body := app.Do(t, "GET", "/api/v1/tokens", nil, bearer)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET /api/v1/tokens: %d %s", res.StatusCode, body)
		}
		var tl struct {
			Tokens []tokenView `json:"tokens"`
			Total  int         `json:"total"`
		}
		if err := json.Unmarshal([]byte(body), &tl); err != nil {
			t.Fatal(err)
		}
		want := []tokenView{{ID: tok.ID, Name: "Lukulista", Created: tok.Created, LastUsed: tok.LastUsed, ExpiresAt: tok.ExpiresAt, Current: true}}
		if diff := cmp.Diff(want, tl.Tokens); diff != "" || tl.Total != 1 {
			t.Errorf("tokens (-want +got):\n%s\ntotal %d", diff, tl.Total)
		}

		// Bearer requests are not cookie requests: another site's page
		// could not have sent the header, so cross-origin protection
		// lets them through.
		res, body = app.Do(t, "DELETE", "/api/v1/tokens/current", nil, bearer, "Sec-Fetch-Site: cross-site")
		if res.StatusCode != http.StatusNoContent {
			t.Fatalf("DELETE /api/v1/tokens/current: %d %s", res.StatusCode, body)
		}
		res, body = app.Do(t, "GET", "/api/v1/tokens", nil, bearer)
		if code, _ := apiError(t, body); res.StatusCode != http.StatusUnauthorized || code != "unauthorized" {
			t.Errorf("revoked token: %d %s, want 401 unauthorized", res.StatusCode, body)
		}
		if got := res.Header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
			t.Errorf("401 WWW-Authenticate = %q, want a Bearer challenge", got)
		}
	})
}

func TestAPITokenBadRequests(t *testing.T) {
	webtest.ForEachAuthEnv(t, web.AuthConfig{}, func(t *testing.T, e *webtest.AuthEnv) {
		tests := []struct {
			name     string
			body     string
			headers  []string
			status   int
			code     string
			messageK string
		}{
			{"no pin", `{"card": "` + webtest.TestCard + `"}`, nil, 400, "invalid", "error.api_card_pin_required"},
			{"not json", `{"card": `, nil, 400, "invalid", "error.api_bad_json"},
			{"two objects", `{} {}`, nil, 400, "invalid", "error.api_bad_json"},
			{"long name", `{"card": "` + webtest.TestCard + `", "pin": "` + webtest.TestPIN + `", "name": "` + strings.Repeat("x", 101) + `"}`, nil, 400, "invalid", "error.api_token_name"},
			{"wrong pin", `{"card": "` + webtest.TestCard + `", "pin": "9999"}`, nil, 401, "unauthorized", "error.signin_failed"},
			{"unknown card", `{"card": "1", "pin": "9999"}`, nil, 401, "unauthorized", "error.signin_failed"},
			{"garbage bearer", "", []string{"Authorization: Bearer nonsense"}, 401, "unauthorized", "error.signin_required"},
			{"basic auth", "", []string{"Authorization: Basic eDp5"}, 401, "unauthorized", "error.signin_required"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var res *http.Response
				var body string
				if tt.body != "" {
					res, body = e.Browser().PostToken(t, tt.body, tt.headers...)
				} else {
					res, body = e.Browser().Do(t, "GET", "/api/v1/tokens", nil, tt.headers...)
				}
				code, msg := apiError(t, body)
				want := e.Srv.I18n().T("en", tt.messageK, nil)
				if res.StatusCode != tt.status || code != tt.code || msg != want {
					t.Errorf("got %d %q %q, want %d %q %q", res.StatusCode, code, msg, tt.status, tt.code, want)
				}
			})
		}
	})
}

func TestAPITokenFromForm(t *testing.T) {
	webtest.ForEachAuthEnv(t, web.AuthConfig{}, func(t *testing.T, e *webtest.AuthEnv) {
		res, body := e.Browser().Do(t, "POST", "/api/v1/tokens", url.Values{"card": {webtest.TestCard}, "pin": {webtest.TestPIN}})
		if res.StatusCode != http.StatusCreated || !strings.Contains(body, `"token_type": "Bearer"`) {
			t.Errorf("form sign-in: %d %s", res.StatusCode, body)
		}
	})
}

// TestAPITokenLockout: the token endpoint counts towards the card's
// lock-out and the address's limit, like the sign-in form.
func TestAPITokenLockout(t *testing.T) {
	webtest.ForEachAuthEnv(t, web.AuthConfig{}, func(t *testing.T, e *webtest.AuthEnv) {
		var got []int
		for range 5 {
			res, _ := e.Browser().PostToken(t, `{"card": "`+webtest.TestCard+`", "pin": "0000"}`)
			got = append(got, res.StatusCode)
		}
		res, body := e.Browser().PostToken(t, `{"card": "`+webtest.TestCard+`", "pin": "`+webtest.TestPIN+`"}`)
		got = append(got, res.StatusCode)
		if diff := cmp.Diff([]int{401, 401, 401, 401, 403, 403}, got); diff != "" {
			t.Errorf("statuses (-want +got):\n%s", diff)
		}
		if code, _ := apiError(t, body); code != "forbidden" {
			t.Errorf("locked card: %s", body)
		}
	})
	webtest.ForEachAuthEnv(t, web.AuthConfig{Limiter: auth.NewLimiter(time.Hour, 2, 100)}, func(t *testing.T, e *webtest.AuthEnv) {
		e.Browser().SignIn(t, webtest.TestCard, "0000") // the sign-in form's attempt counts too
		e.Browser().PostToken(t, `{"card": "1", "pin": "0000"}`)
		res, body := e.Browser().PostToken(t, `{"card": "`+webtest.TestCard+`", "pin": "`+webtest.TestPIN+`"}`)
		if code, _ := apiError(t, body); res.StatusCode != http.StatusTooManyRequests || code != "too_many_requests" || res.Header.Get("Retry-After") != "3600" {
			t.Errorf("third attempt: %d %q Retry-After %q, want 3600", res.StatusCode, body, res.Header.Get("Retry-After"))
		}
	})
}

// TestAPIRateLimit refuses the third request of a limit of two, with a
// Retry-After that tells the truth for each kind of limit: an hour until
// a token bucket refilled once an hour has one again, and for the
// database's window of ten seconds (the nodes' shared API limit), the
// seconds left of the window the client used up.
func TestAPIRateLimit(t *testing.T) {
	webtest.ForEachAuthEnv(t, web.AuthConfig{}, func(t *testing.T, e *webtest.AuthEnv) {
		for _, tc := range []struct {
			name  string
			limit auth.RateLimiter
			at    time.Duration // into the ten-second window
			want  string
		}{
			{"bucket refilled hourly", auth.NewLimiter(time.Hour, 2, 100), 0, "3600"},
			{"shared window of 10 s", e.DB.RateLimit("api test", 10*time.Second, 2), 3*time.Second + 400*time.Millisecond, "7"},
		} {
			e.Now = webtest.Now.Truncate(10 * time.Second).Add(tc.at)
			e.Reconfigure(t, func(c *web.Config) { c.APILimiter = tc.limit })
			var got []int
			var res *http.Response
			var body string
			for range 3 {
				res, body = e.Browser().Do(t, "GET", "/api/v1/libraries", nil)
				got = append(got, res.StatusCode)
			}
			if diff := cmp.Diff([]int{200, 200, 429}, got); diff != "" {
				t.Errorf("%s: statuses (-want +got):\n%s", tc.name, diff)
			}
			code, msg := apiError(t, body)
			if code != "too_many_requests" || msg != e.Srv.I18n().T("en", "error.api_rate_limited", nil) || res.Header.Get("Retry-After") != tc.want {
				t.Errorf("%s: 429: %q %q Retry-After %q, want %s", tc.name, code, msg, res.Header.Get("Retry-After"), tc.want)
			}
		}
		// Pages are not the API's, and are not counted against it.
		if res, _ := e.Browser().Do(t, "GET", "/libraries", nil); res.StatusCode != http.StatusOK {
			t.Errorf("page after the API's limit: %d", res.StatusCode)
		}
	})
}

// TestCookieAPIWritesKeepCSRFProtection: a DELETE with the session cookie
// from another site is refused; from this site it works.
func TestCookieAPIWritesKeepCSRFProtection(t *testing.T) {
	webtest.ForEachAuthEnv(t, web.AuthConfig{}, func(t *testing.T, e *webtest.AuthEnv) {
		tok := newToken(t, e)
		b := e.Browser()
		if res, _ := b.SignIn(t, webtest.TestCard, webtest.TestPIN); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign in: %d", res.StatusCode)
		}
		path := "/api/v1/tokens/" + itoa(tok.ID)
		if res, _ := b.Do(t, "DELETE", path, nil, "Sec-Fetch-Site: cross-site"); res.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site DELETE with the cookie: %d, want 403", res.StatusCode)
		}
		if res, body := b.Do(t, "DELETE", path, nil, "Sec-Fetch-Site: same-origin"); res.StatusCode != http.StatusNoContent {
			t.Errorf("same-origin DELETE: %d %s", res.StatusCode, body)
		}
		if res, _ := b.Do(t, "DELETE", path, nil, "Sec-Fetch-Site: same-origin"); res.StatusCode != http.StatusNotFound {
			t.Errorf("second DELETE: %d, want 404", res.StatusCode)
		}
	})
}
