package admin

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

var (
	secretRE   = regexp.MustCompile(`<code id="totp-secret" class="secret" lang="en" dir="ltr">([A-Z2-7 ]+)</code>`)
	recoveryRE = regexp.MustCompile(`<li><code>([A-Z0-9-]{19})</code></li>`)
)

// code is the app's code for secret at t.
func code(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestTOTPEnrolAndSignIn walks a staff member through setting up two-step
// verification on their own page and signing in with it: the password
// alone starts no session; a wrong code, a replayed code and a used
// recovery code are refused; a right code or an unused recovery code
// signs in.
func TestTOTPEnrolAndSignIn(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, ce *webtest.CircEnv) {
		e := newStaffEnv(t, ce)
		st, cookie := e.account(t, "tina", library.RoleBranchStaff, "", "hki-oodi", "en")

		// Enrolment: the QR code and the secret, then a first code.
		resp, _ := e.Do(t, "POST", "/admin/account/totp", nil, cookie)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("begin: %d", resp.StatusCode)
		}
		enrolling := withCookies(cookie, resp)
		_, body := e.Do(t, "GET", "/admin/account", nil, enrolling)
		m := secretRE.FindStringSubmatch(body)
		if m == nil || !strings.Contains(body, `<img src="data:image/png;base64,`) {
			t.Fatalf("no QR code and secret on the page:\n%s", body)
		}
		secret := strings.ReplaceAll(m[1], " ", "")
		resp, body = e.Do(t, "POST", "/admin/account/totp/confirm", url.Values{"code": {"000000"}}, enrolling)
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, `id="code-error"`) || !secretRE.MatchString(body) {
			t.Errorf("a wrong first code: %d, want 401 with the error next to the code and the QR code still there", resp.StatusCode)
		}
		resp, _ = e.Do(t, "POST", "/admin/account/totp/confirm", url.Values{"code": {code(t, secret, e.now)}}, enrolling)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("confirm: %d", resp.StatusCode)
		}
		resp2, body := e.Do(t, "GET", "/admin/account", nil, withCookies(cookie, resp))
		codes := recoveryRE.FindAllStringSubmatch(body, -1)
		if len(codes) != 10 || !deletes(resp2, onceCookie) {
			t.Fatalf("%d recovery codes shown, want 10 shown once", len(codes))
		}
		if _, body := e.Do(t, "GET", "/admin/account", nil, cookie); recoveryRE.MatchString(body) ||
			!strings.Contains(body, webtest.HTMLText(e.Bundle.N("en", "staff.own.codes_left", 10, map[string]any{"Count": 10}))) {
			t.Error("the recovery codes are shown again, or the count left is not")
		}

		// Sign-in: the password gives a pending sign-in, not a session.
		signIn := func(t *testing.T) string {
			t.Helper()
			resp, _ := e.Do(t, "POST", "/staff/signin", url.Values{"username": {"tina"}, "password": {testPassword}, "next": {"/admin/account"}}, "Cookie: lang=en")
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/staff/signin/code" {
				t.Fatalf("password: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			for _, c := range resp.Cookies() {
				if c.Name == web.StaffCookie && c.Value != "" {
					t.Fatal("a session started before the code")
				}
			}
			return withCookies("Cookie: lang=en", resp)
		}
		postCode := func(t *testing.T, pending, c string) (*http.Response, string) {
			t.Helper()
			return e.Do(t, "POST", "/staff/signin/code", url.Values{"code": {c}}, pending)
		}
		signedIn := func(resp *http.Response) bool {
			for _, c := range resp.Cookies() {
				if c.Name == web.StaffCookie && c.Value != "" {
					return true
				}
			}
			return false
		}

		e.now = e.now.Add(time.Minute)
		pending := signIn(t)
		if resp, body := e.Do(t, "GET", "/staff/signin/code", nil, pending); resp.StatusCode != http.StatusOK || !strings.Contains(body, `autocomplete="one-time-code"`) {
			t.Errorf("the code's page: %d", resp.StatusCode)
		}
		resp, body = postCode(t, pending, "123456")
		if resp.StatusCode != http.StatusUnauthorized || signedIn(resp) || !strings.Contains(body, webtest.HTMLText(e.Msg("en", "error.totp_wrong"))) {
			t.Errorf("a wrong code: %d", resp.StatusCode)
		}
		right := code(t, secret, e.now)
		resp, _ = postCode(t, pending, right)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/account" || !signedIn(resp) || !deletes(resp, "kirjasto_staff_pending") {
			t.Fatalf("the right code: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		// The same code again, even within its time step, opens nothing.
		resp, _ = postCode(t, signIn(t), right)
		if resp.StatusCode != http.StatusUnauthorized || signedIn(resp) {
			t.Errorf("a replayed code: %d", resp.StatusCode)
		}
		// A recovery code, once.
		rc := strings.ToLower(codes[3][1])
		if resp, _ := postCode(t, signIn(t), rc); resp.StatusCode != http.StatusSeeOther || !signedIn(resp) {
			t.Errorf("a recovery code: %d", resp.StatusCode)
		}
		if resp, _ := postCode(t, signIn(t), rc); resp.StatusCode != http.StatusUnauthorized || signedIn(resp) {
			t.Errorf("a used recovery code: %d", resp.StatusCode)
		}
		// Without a pending sign-in, or with a forged one, no code helps.
		if resp, _ := e.Do(t, "GET", "/staff/signin/code", nil, "Cookie: lang=en"); resp.Header.Get("Location") != "/staff/signin" {
			t.Errorf("the code's page without a pending sign-in: %d", resp.StatusCode)
		}
		forged := "Cookie: lang=en; kirjasto_staff_pending=eyJzIjoxLCJuIjoiLyIsImUiOjk5OTk5OTk5OTl9.AAAA"
		if resp, _ := postCode(t, forged, code(t, secret, e.now.Add(time.Minute))); resp.StatusCode != http.StatusUnauthorized || signedIn(resp) {
			t.Errorf("a forged pending sign-in: %d", resp.StatusCode)
		}
		// A pending sign-in lasts minutes.
		pending = signIn(t)
		e.now = e.now.Add(10 * time.Minute)
		if resp, _ := postCode(t, pending, code(t, secret, e.now)); resp.StatusCode != http.StatusUnauthorized || signedIn(resp) {
			t.Errorf("an expired pending sign-in: %d", resp.StatusCode)
		}

		// Wrong codes count toward the account's lockout: then even the
		// right code is refused.
		pending = signIn(t)
		locked := false
		for i := 0; i < 10 && !locked; i++ {
			resp, _ := postCode(t, pending, "999999")
			locked = resp.StatusCode == http.StatusForbidden
		}
		if !locked {
			t.Fatal("wrong codes never locked the account")
		}
		resp, body = postCode(t, pending, code(t, secret, e.now.Add(30*time.Second)))
		if resp.StatusCode != http.StatusForbidden || signedIn(resp) || resp.Header.Get("Retry-After") == "" {
			t.Errorf("the right code on a locked account: %d", resp.StatusCode)
		}
		if !strings.Contains(body, `id="code-error"`) {
			t.Error("the lock is not said next to the code")
		}
		_ = st
	})
}

// TestOwnAccount: changing one's own password (the old one checked, this
// browser signed in again, other sessions ended) and removing one's own
// second factor with the password.
func TestOwnAccount(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, ce *webtest.CircEnv) {
		e := newStaffEnv(t, ce)
		st, cookie := e.account(t, "olli", library.RoleCataloguer, "", "", "fi")
		_, other := e.account(t, "other", library.RoleCataloguer, "", "", "fi")
		_ = other
		resp, body := e.Do(t, "POST", "/admin/account/password", url.Values{"old_password": {"wrong password!"}, "password": {"a new long password"}}, cookie)
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, `<span id="old_password-error" class="field-error">`+webtest.HTMLText(e.Msg("fi", "error.staff_password_wrong"))) {
			t.Errorf("a wrong old password: %d", resp.StatusCode)
		}
		resp, body = e.Do(t, "POST", "/admin/account/password", url.Values{"old_password": {testPassword}, "password": {"short"}}, cookie)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="password-error"`) {
			t.Errorf("a short new password: %d", resp.StatusCode)
		}
		resp, _ = e.Do(t, "POST", "/admin/account/password", url.Values{"old_password": {testPassword}, "password": {"a new long password"}}, cookie)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("change: %d", resp.StatusCode)
		}
		fresh := "Cookie: lang=fi"
		for _, c := range resp.Cookies() {
			if c.Name == web.StaffCookie {
				fresh += "; " + c.Name + "=" + c.Value
			}
		}
		if r, _ := e.Do(t, "GET", "/admin/account", nil, cookie); r.StatusCode != http.StatusSeeOther {
			t.Error("the old session still works")
		}
		if r, _ := e.Do(t, "GET", "/admin/account?done=password", nil, fresh); r.StatusCode != http.StatusOK {
			t.Errorf("this browser is not signed in again: %d", r.StatusCode)
		}
		if _, err := e.DB.AuthenticateStaff(context.Background(), "olli", "a new long password", e.now); err != nil {
			t.Error(err)
		}

		e.enrol(t, st)
		resp, body = e.Do(t, "POST", "/admin/account/totp/remove", url.Values{"remove_password": {"not it at all"}}, fresh)
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, `id="remove_password-error"`) {
			t.Errorf("removing with a wrong password: %d", resp.StatusCode)
		}
		if a, _ := e.DB.StaffAccount(context.Background(), st.ID); !a.TOTP {
			t.Fatal("removed with a wrong password")
		}
		loc, _ := e.PostThenGet(t, "/admin/account/totp/remove", url.Values{"remove_password": {"a new long password"}}, fresh)
		if a, _ := e.DB.StaffAccount(context.Background(), st.ID); a.TOTP || !strings.HasSuffix(loc, "done=totp_off") {
			t.Errorf("remove: TOTP %v, to %s", a.TOTP, loc)
		}
	})
}
