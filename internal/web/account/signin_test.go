package account

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

func TestSignInAndOut(t *testing.T) {
	webtest.ForEachAuthEnv(t, web.AuthConfig{}, func(t *testing.T, e *webtest.AuthEnv) {
		b := e.Browser()
		res, _ := b.Do(t, "GET", "/account/profile", nil)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/signin?next=%2Faccount%2Fprofile" {
			t.Fatalf("signed out: %d %q, want 303 to the sign-in page", res.StatusCode, res.Header.Get("Location"))
		}
		res, body := b.Do(t, "GET", "/signin?next=%2Faccount%2Fprofile", nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `<label for="card">`) || !strings.Contains(body, `<label for="pin">`) {
			t.Fatalf("sign-in page: %d, labelled fields missing", res.StatusCode)
		}
		res, _ = b.SignIn(t, webtest.TestCard, webtest.TestPIN)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/account/profile" {
			t.Fatalf("sign in: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		c := b.Cookies[web.PatronCookie]
		if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure {
			t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax, not Secure over plain HTTP", c)
		}
		first := c.Value
		res, body = b.Do(t, "GET", "/account/profile", nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, "aino@example.org") {
			t.Fatalf("profile after sign-in: %d", res.StatusCode)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q on a personal page, want no-store", cc)
		}
		// Signing in again rotates the session: the old token is dead.
		b.SignIn(t, webtest.TestCard, webtest.TestPIN)
		if b.Cookies[web.PatronCookie].Value == first {
			t.Error("session token not rotated at sign-in")
		}
		if _, err := e.DB.SessionByToken(context.Background(), first, e.Now); err == nil {
			t.Error("session from before the second sign-in is still live")
		}
		res, _ = b.Do(t, "POST", "/signout", url.Values{})
		if res.StatusCode != http.StatusSeeOther || b.Cookies[web.PatronCookie] != nil {
			t.Fatalf("sign out: %d, cookie %v", res.StatusCode, b.Cookies[web.PatronCookie])
		}
		if res, _ := b.Do(t, "GET", "/account/profile", nil); res.StatusCode != http.StatusSeeOther {
			t.Errorf("after sign-out: %d, want a redirect to sign in", res.StatusCode)
		}
	})
}

// alert returns the form's general message.
func alert(body string) string {
	m := regexp.MustCompile(`<p id="form-alert" class="alert" role="alert">([^<]*)</p>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

func TestSignInFailures(t *testing.T) {
	webtest.ForEachAuthEnv(t, web.AuthConfig{}, func(t *testing.T, e *webtest.AuthEnv) {
		b := e.Browser()
		res, body := b.SignIn(t, "", "")
		if res.StatusCode != http.StatusBadRequest ||
			!strings.Contains(body, `aria-describedby="card-hint card-error"`) || !strings.Contains(body, `id="card-error"`) ||
			!strings.Contains(body, `aria-describedby="pin-error"`) {
			t.Errorf("empty form: %d, errors not tied to fields:\n%s", res.StatusCode, body)
		}
		// A wrong PIN and an unknown card read the same, and after five
		// tries both are locked with the same message.
		var known, unknown []string
		for range 6 {
			res, body := b.SignIn(t, webtest.TestCard, "0000")
			known = append(known, res.Status+" "+alert(body))
			res, body = b.SignIn(t, "27009999999999", "0000")
			unknown = append(unknown, res.Status+" "+alert(body))
		}
		if diff := cmp.Diff(known, unknown); diff != "" {
			t.Errorf("real and unknown cards answer differently (-real +unknown):\n%s", diff)
		}
		failed := "401 Unauthorized " + e.Srv.I18n().T("en", "error.signin_failed", nil)
		locked := "403 Forbidden " + e.Srv.I18n().N("en", "error.card_locked", 15, nil)
		want := []string{failed, failed, failed, failed, locked, locked}
		if diff := cmp.Diff(want, known); diff != "" {
			t.Errorf("answers to wrong PINs (-want +got):\n%s", diff)
		}
		if res, body := b.SignIn(t, webtest.TestCard, webtest.TestPIN); res.StatusCode != http.StatusForbidden {
			t.Errorf("right PIN while locked: %d %q", res.StatusCode, alert(body))
		}
		// The message tells the time left, rounded up to whole minutes.
		e.Now = e.Now.Add(14*time.Minute + time.Second)
		res, body = b.SignIn(t, webtest.TestCard, webtest.TestPIN)
		if want := e.Srv.I18n().N("en", "error.card_locked", 1, nil); alert(body) != want || !strings.Contains(want, " 1 minute,") {
			t.Errorf("14 min 1 s into the lock: %q, want %q", alert(body), want)
		}
		e.Now = e.Now.Add(-14*time.Minute - time.Second)
		e.Now = e.Now.Add(16 * time.Minute)
		if res, _ := b.SignIn(t, webtest.TestCard, webtest.TestPIN); res.StatusCode != http.StatusSeeOther {
			t.Errorf("right PIN after the lockout: %d", res.StatusCode)
		}
	})
}

func TestSignInRateLimit(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		e := webtest.NewAuthEnv(t, db, web.AuthConfig{Limiter: auth.NewLimiter(time.Hour, 3, 100)})
		var got []int
		for _, card := range []string{"1", "2", "3", "4"} {
			res, _ := e.Browser().SignIn(t, card, "0000")
			got = append(got, res.StatusCode)
		}
		if diff := cmp.Diff([]int{401, 401, 401, 429}, got); diff != "" {
			t.Errorf("statuses from one address (-want +got):\n%s", diff)
		}
	})
}

func TestSignInNext(t *testing.T) {
	webtest.ForEachAuthEnv(t, web.AuthConfig{}, func(t *testing.T, e *webtest.AuthEnv) {
		tests := []struct{ next, want string }{
			{"/account/loans?sort=due", "/account/loans?sort=due"},
			{"", "/account"},
			{"https://evil.example/", "/account"},
			{"//evil.example/", "/account"},
			{`/\evil.example/`, "/account"},
			{"javascript:alert(1)", "/account"},
			{"evil", "/account"},
			{"/ok\r\nSet-Cookie: x=y", "/account"},
		}
		for _, tt := range tests {
			t.Run(tt.next, func(t *testing.T) {
				res, _ := e.Browser().Do(t, "POST", "/signin", url.Values{"card": {webtest.TestCard}, "pin": {webtest.TestPIN}, "next": {tt.next}})
				if got := res.Header.Get("Location"); got != tt.want {
					t.Errorf("next=%q: redirect to %q, want %q", tt.next, got, tt.want)
				}
			})
		}
	})
}

func TestSecureCookie(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		tests := []struct {
			name        string
			behindProxy bool
			tls         bool
			want        bool
		}{
			{"plain HTTP", false, false, false},
			{"TLS", false, true, true},
			{"behind proxy", true, false, true},
		}
		e := webtest.NewAuthEnv(t, db, web.AuthConfig{})
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				e.Reconfigure(t, func(c *web.Config) { c.Auth.BehindProxy = tt.behindProxy })
				req := httptest.NewRequest("POST", "http://kirjasto.test/signin",
					strings.NewReader(url.Values{"card": {webtest.TestCard}, "pin": {webtest.TestPIN}}.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				if tt.tls {
					req.TLS = &tls.ConnectionState{}
				}
				rec := httptest.NewRecorder()
				e.Srv.Handler().ServeHTTP(rec, req)
				cs := rec.Result().Cookies()
				if len(cs) != 1 || cs[0].Secure != tt.want {
					t.Errorf("cookies %+v: want one with Secure=%v", cs, tt.want)
				}
			})
		}
	})
}

func TestCrossOriginPostRefused(t *testing.T) {
	webtest.ForEachAuthEnv(t, web.AuthConfig{}, func(t *testing.T, e *webtest.AuthEnv) {
		b := e.Browser()
		b.SignIn(t, webtest.TestCard, webtest.TestPIN)
		for _, h := range []string{"Sec-Fetch-Site: cross-site", "Origin: https://evil.example"} {
			res, _ := b.Do(t, "POST", "/account/pin", url.Values{"old": {webtest.TestPIN}, "pin": {"9999"}, "pin2": {"9999"}}, h)
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("%s: %d, want 403", h, res.StatusCode)
			}
		}
		if _, err := e.DB.Authenticate(context.Background(), webtest.TestCard, webtest.TestPIN, e.Now); err != nil {
			t.Errorf("PIN changed by a cross-origin form: %v", err)
		}
		res, _ := b.Do(t, "POST", "/signout", url.Values{}, "Sec-Fetch-Site: same-origin")
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("same-origin POST: %d, want 303", res.StatusCode)
		}
	})
}

func TestRequireGuards(t *testing.T) {
	webtest.ForEachAuthEnv(t, web.AuthConfig{}, func(t *testing.T, e *webtest.AuthEnv) {
		ok := func(w http.ResponseWriter, r *http.Request) error { return nil }
		tests := []struct {
			name     string
			h        http.Handler
			path     string
			status   int
			location string
		}{
			{"patron page", e.Srv.Wrap(e.Srv.RequirePatron(ok), false), "/account/x?a=1", 303, "/signin?next=%2Faccount%2Fx%3Fa%3D1"},
			{"patron API", e.Srv.Wrap(e.Srv.RequirePatron(ok), true), "/api/v1/account", 401, ""},
			{"staff page", e.Srv.Wrap(e.Srv.RequireStaff(ok), false), "/staff/outbox", 303, "/staff/signin?next=%2Fstaff%2Foutbox"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				rec := httptest.NewRecorder()
				tt.h.ServeHTTP(rec, httptest.NewRequest("GET", tt.path, nil))
				if rec.Code != tt.status || rec.Header().Get("Location") != tt.location {
					t.Errorf("%d %q, want %d %q", rec.Code, rec.Header().Get("Location"), tt.status, tt.location)
				}
			})
		}
	})
}
