package account

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestLockoutConcurrentHTTP sends 30 guesses at once, the right PIN among
// them, to the sign-in page and to the API's token endpoint, as from many
// addresses: at most five PINs are checked, and the right PIN is then
// refused until the lock ends, with the minutes left in the message (and
// in Retry-After).
func TestLockoutConcurrentHTTP(t *testing.T) {
	channels := []struct {
		name string
		try  func(e *webtest.AuthEnv, pin string) (status int, msg string, res *http.Response)
	}{
		{"sign-in page", func(e *webtest.AuthEnv, pin string) (int, string, *http.Response) {
			res, body := e.Browser().SignIn(t, webtest.TestCard, pin)
			return res.StatusCode, html.UnescapeString(alert(body)), res
		}},
		{"API", func(e *webtest.AuthEnv, pin string) (int, string, *http.Response) {
			res, body := e.Browser().PostToken(t, `{"card": "`+webtest.TestCard+`", "pin": "`+pin+`"}`)
			if res.StatusCode == http.StatusCreated {
				return res.StatusCode, "", res
			}
			_, msg := apiError(t, body)
			return res.StatusCode, msg, res
		}},
	}
	for _, ch := range channels {
		t.Run(ch.name, func(t *testing.T) {
			webtest.ForEachAuthEnv(t, web.AuthConfig{}, func(t *testing.T, e *webtest.AuthEnv) {
				g := e.Watch()
				start := e.Now
				g.LockWithBurst(t, 30, webtest.TestPIN, func(pin string) string {
					status, msg, _ := ch.try(e, pin)
					if status == http.StatusSeeOther || status == http.StatusCreated {
						return "ok"
					}
					return e.OutcomeOf(msg)
				}, "ok", "error.signin_failed", "error.signin_busy", "error.card_locked")

				e.Now = start.Add(10*time.Minute + time.Second)
				status, msg, res := ch.try(e, webtest.TestPIN)
				want := e.Srv.I18n().N("en", "error.card_locked", 5, nil)
				if status != http.StatusForbidden || msg != want || res.Header.Get("Retry-After") != strconv.Itoa(5*60) {
					t.Errorf("right PIN 10 min into the lock: %d %q Retry-After %q; want 403 %q 300",
						status, msg, res.Header.Get("Retry-After"), want)
				}
				if n := g.Checked(webtest.TestPIN); n != 0 {
					t.Errorf("right PIN checked %d times during the lock", n)
				}
				e.Now = start.Add(15*time.Minute + time.Second)
				if status, msg, _ := ch.try(e, webtest.TestPIN); status != http.StatusSeeOther && status != http.StatusCreated {
					t.Errorf("right PIN after the lock: %d %q", status, msg)
				}
			})
		})
	}
}

// TestSignedOutEverywhereHTTP: signing out everywhere, a new PIN and a PIN
// reset each sign out every other browser and every app of the patron; the
// API refuses the app's token afterwards. The browser that changed the
// PIN stays signed in, with a new session.
func TestSignedOutEverywhereHTTP(t *testing.T) {
	ways := []struct {
		name   string
		end    func(t *testing.T, e *webtest.AuthEnv, b *webtest.Browser)
		stays  bool // the browser that did it is still signed in
		newPIN string
	}{
		{"sign out everywhere", func(t *testing.T, e *webtest.AuthEnv, b *webtest.Browser) {
			if res, _ := b.Do(t, "POST", "/signout/everywhere", url.Values{}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("sign out everywhere: %d", res.StatusCode)
			}
		}, false, webtest.TestPIN},
		{"PIN change", func(t *testing.T, e *webtest.AuthEnv, b *webtest.Browser) {
			_, body := b.PostThenGet(t, "/account/pin", url.Values{"old": {webtest.TestPIN}, "pin": {"2468"}, "pin2": {"2468"}})
			if !strings.Contains(html.UnescapeString(body), e.Srv.I18n().T("en", "auth.pin.done", nil)) {
				t.Fatal("PIN change: no confirmation")
			}
		}, true, "2468"},
		{"PIN reset", func(t *testing.T, e *webtest.AuthEnv, b *webtest.Browser) {
			ctx := context.Background()
			if err := e.DB.RequestPINReset(ctx, webtest.TestCard, e.Now); err != nil {
				t.Fatal(err)
			}
			ns, err := e.DB.Notices(ctx, e.Patron.ID)
			if err != nil || len(ns) == 0 || ns[0].Kind != library.NoticePINReset {
				t.Fatalf("reset notice: %v %v", ns, err)
			}
			link := ns[0].Params["link"]
			res, _ := b.Do(t, "POST", link, url.Values{"pin": {"2468"}, "pin2": {"2468"}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("reset: %d, want 303", res.StatusCode)
			}
		}, false, "2468"},
	}
	for _, w := range ways {
		t.Run(w.name, func(t *testing.T) {
			webtest.ForEachAuthEnv(t, web.AuthConfig{}, func(t *testing.T, e *webtest.AuthEnv) {
				doer, other := e.Browser(), e.Browser()
				doer.SignIn(t, webtest.TestCard, webtest.TestPIN)
				other.SignIn(t, webtest.TestCard, webtest.TestPIN)
				tok := newToken(t, e)
				bearer := "Authorization: Bearer " + tok.Token
				if res, _ := e.Browser().Do(t, "GET", "/api/v1/tokens", nil, bearer); res.StatusCode != http.StatusOK {
					t.Fatalf("token before: %d", res.StatusCode)
				}
				before := doer.Cookies[web.PatronCookie].Value

				w.end(t, e, doer)

				if res, _ := other.Do(t, "GET", "/account/profile", nil); res.StatusCode != http.StatusSeeOther {
					t.Errorf("other browser after %s: %d, want signed out", w.name, res.StatusCode)
				}
				res, body := e.Browser().Do(t, "GET", "/api/v1/tokens", nil, bearer)
				if code, _ := apiError(t, body); res.StatusCode != http.StatusUnauthorized || code != "unauthorized" {
					t.Errorf("app's token after %s: %d %s, want 401", w.name, res.StatusCode, body)
				}
				res, _ = doer.Do(t, "GET", "/account/profile", nil)
				if signedIn := res.StatusCode == http.StatusOK; signedIn != w.stays {
					t.Errorf("the browser that did it: %d, signed in %v, want %v", res.StatusCode, signedIn, w.stays)
				}
				if c := doer.Cookies[web.PatronCookie]; w.stays && (c == nil || c.Value == before) {
					t.Errorf("the browser that changed the PIN kept its old session")
				}
				if _, err := e.DB.SessionByToken(context.Background(), before, e.Now); err == nil {
					t.Errorf("the old session of the browser that did it is still live")
				}
				// The patron can sign in again, with the PIN now in force.
				if res, _ := e.Browser().SignIn(t, webtest.TestCard, w.newPIN); res.StatusCode != http.StatusSeeOther {
					t.Errorf("sign in again: %d", res.StatusCode)
				}
			})
		})
	}
}
