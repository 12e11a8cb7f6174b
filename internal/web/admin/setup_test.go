package admin

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestSetupLink: the first administrator's link is a public page, kept
// out of caches and search engines, that creates the administrator once;
// a used, expired or unknown link says so with 410 or 404.
func TestSetupLink(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, ce *webtest.CircEnv) {
		e := newStaffEnv(t, ce)
		ctx := context.Background()
		tok, err := e.DB.CreateSetupToken(ctx, e.now, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		path := "/setup/" + tok.Token
		for _, lang := range e.Bundle.Languages() {
			resp, body := e.Do(t, "GET", path+"?lang="+lang, nil)
			if resp.StatusCode != http.StatusOK || !strings.Contains(body, "<h1>"+webtest.HTMLText(e.Msg(lang, "setup.admin.title"))+"</h1>") {
				t.Fatalf("%s: %d", lang, resp.StatusCode)
			}
			h := resp.Header
			if h.Get("Cache-Control") != "no-store" || !strings.Contains(h.Get("X-Robots-Tag"), "noindex") || h.Get("Referrer-Policy") != "no-referrer" {
				t.Errorf("%s: headers %v", lang, h)
			}
		}
		form := url.Values{"username": {"Aino"}, "name": {"Aino Ylläpitäjä"}, "password": {"a long admin password"}, "password2": {"a long admin password"}}
		bad := []struct {
			field, value, errField, key string
		}{
			{"password2", "something else", "password2", "setup.admin.password_mismatch"},
			{"username", "a b", "username", "error.setup_username_invalid"},
			{"name", "", "name", "error.setup_name_required"},
		}
		for _, b := range bad {
			v := url.Values{}
			for k, vs := range form {
				v[k] = vs
			}
			v.Set(b.field, b.value)
			resp, body := e.Do(t, "POST", path, v, "Cookie: lang=sv")
			want := `<span id="` + b.errField + `-error" class="field-error">` + webtest.HTMLText(e.Msg("sv", b.key)) + `</span>`
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, want) {
				t.Errorf("%s %q: %d, want 400 with %q", b.field, b.value, resp.StatusCode, want)
			}
		}
		short := url.Values{"username": {"aino"}, "name": {"Aino"}, "password": {"short"}, "password2": {"short"}}
		if resp, body := e.Do(t, "POST", path, short); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="password-error"`) {
			t.Errorf("a short password: %d", resp.StatusCode)
		}
		// Another site's form is refused.
		if resp, _ := e.Do(t, "POST", path, form, "Sec-Fetch-Site: cross-site"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("a cross-site POST: %d", resp.StatusCode)
		}
		resp, _ := e.Do(t, "POST", path, form, "Cookie: lang=en")
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/staff/signin?done=setup" {
			t.Fatalf("claim: %d to %q", resp.StatusCode, loc)
		}
		_, body := e.Do(t, "GET", "/staff/signin?done=setup", nil, "Cookie: lang=en")
		if !strings.Contains(body, webtest.HTMLText(e.Msg("en", "setup.admin.done"))) {
			t.Error("the sign-in page does not say the administrator was created")
		}
		st, err := e.DB.AuthenticateStaff(ctx, "aino", "a long admin password", e.now)
		if err != nil || st.Role != library.RoleAdmin {
			t.Fatalf("the administrator: %+v, %v", st, err)
		}
		// Used: a second claim is refused, and creates nobody.
		resp, body = e.Do(t, "POST", path, url.Values{"username": {"eino"}, "name": {"Eino"}, "password": {"a long admin password"}, "password2": {"a long admin password"}}, "Cookie: lang=en")
		if resp.StatusCode != http.StatusGone || !strings.Contains(body, webtest.HTMLText(e.Msg("en", "error.setup_link_used"))) {
			t.Errorf("a second claim: %d", resp.StatusCode)
		}
		if _, err := e.DB.AuthenticateStaff(ctx, "eino", "a long admin password", e.now); err == nil {
			t.Error("the second claim created an account")
		}
		if resp, _ := e.Do(t, "GET", path, nil); resp.StatusCode != http.StatusGone {
			t.Errorf("a used link: %d", resp.StatusCode)
		}
		if resp, body := e.Do(t, "GET", "/setup/no-such-token", nil, "Cookie: lang=fi"); resp.StatusCode != http.StatusNotFound ||
			!strings.Contains(body, webtest.HTMLText(e.Msg("fi", "error.setup_link_unknown"))) {
			t.Errorf("an unknown link: %d", resp.StatusCode)
		}
		old, err := e.DB.CreateSetupToken(ctx, e.now.Add(-2*time.Hour), time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if resp, _ := e.Do(t, "GET", "/setup/"+old.Token, nil); resp.StatusCode != http.StatusGone {
			t.Errorf("an expired link: %d", resp.StatusCode)
		}
	})
}

// TestSetupLinkClaimedOnce: two browsers sending the form of one link at
// the same moment create one administrator; the other is told the link
// is used.
func TestSetupLinkClaimedOnce(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, ce *webtest.CircEnv) {
		e := newStaffEnv(t, ce)
		tok, err := e.DB.CreateSetupToken(context.Background(), e.now, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		statuses := make(chan int, 2)
		for _, user := range []string{"aino", "eino"} {
			go func() {
				resp, _ := e.Do(t, "POST", "/setup/"+tok.Token, url.Values{"username": {user}, "name": {user},
					"password": {"a long admin password"}, "password2": {"a long admin password"}})
				statuses <- resp.StatusCode
			}()
		}
		got := map[int]int{}
		for range 2 {
			got[<-statuses]++
		}
		if got[http.StatusSeeOther] != 1 || got[http.StatusGone] != 1 {
			t.Errorf("statuses %v, want one 303 and one 410", got)
		}
		list, err := e.DB.ListStaff(context.Background(), library.StaffFilter{Role: library.RoleAdmin})
		if err != nil || len(list) != 1 {
			t.Errorf("%d administrators, want 1 (%v)", len(list), err)
		}
	})
}
