package admin

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// staffEnv is a CircEnv whose server has a clock the test moves and a
// sign-in limiter out of the way, with a fast password hasher.
type staffEnv struct {
	*webtest.CircEnv
	now time.Time
}

const testPassword = "a long enough password"

func newStaffEnv(t *testing.T, e *webtest.CircEnv) *staffEnv {
	t.Helper()
	e.DB.SetAccountConfig(store.AccountConfig{Hasher: auth.NewHasher(nil, auth.TestParams)})
	se := &staffEnv{CircEnv: e, now: webtest.Now}
	srv, err := webtest.NewServer(web.Config{Store: e.DB, Search: e.Index, I18n: e.Bundle, Now: func() time.Time { return se.now },
		PageSize: 10, Patrons: e.DB, Circulation: e.DB, Auth: web.AuthConfig{Limiter: auth.NewLimiter(time.Second, 1000, 100)}})
	if err != nil {
		t.Fatal(err)
	}
	e.Srv = srv
	return se
}

// account creates a staff account and signs it in, returning it and its
// Cookie header in lang.
func (e *staffEnv) account(t *testing.T, username, role, lib, branch, lang string) (library.Staff, string) {
	t.Helper()
	ctx := context.Background()
	st, err := e.DB.CreateStaff(ctx, library.Staff{Username: username, Name: "Name of " + username, Role: role, Library: lib, Branch: branch}, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := e.DB.NewSession(ctx, library.Session{StaffID: st.ID, Created: e.now})
	if err != nil {
		t.Fatal(err)
	}
	return st, "Cookie: " + web.StaffCookie + "=" + sess.Token + "; lang=" + lang
}

// withCookies adds the cookies a response set (and not deleted) to a
// Cookie header.
func withCookies(header string, resp *http.Response) string {
	for _, c := range resp.Cookies() {
		if c.MaxAge >= 0 && c.Value != "" {
			header += "; " + c.Name + "=" + c.Value
		}
	}
	return header
}

// roles are the staff members the permission tables walk: each role, and
// a library administrator of the target's library and of another.
type roleCase struct {
	name, role, lib, branch string
}

var roleCases = []roleCase{
	{"admin", library.RoleAdmin, "", ""},
	{"libadmin-own", library.RoleLibraryAdmin, "helsinki", ""},
	{"libadmin-other", library.RoleLibraryAdmin, "espoo", ""},
	{"branch", library.RoleBranchStaff, "", "hki-oodi"},
	{"cataloguer", library.RoleCataloguer, "", ""},
	{"statistics", library.RoleStatistics, "helsinki", ""},
}

// TestStaffPagesByRole walks every role against each route of staff
// accounts, the own account and the audit trail: the status each gets.
func TestStaffPagesByRole(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, ce *webtest.CircEnv) {
		e := newStaffEnv(t, ce)
		target, _ := e.account(t, "target", library.RoleBranchStaff, "", "hki-kallio", "en")
		tp := "/admin/staff/" + strconv.FormatInt(target.ID, 10)
		const ok, see, no = http.StatusOK, http.StatusSeeOther, http.StatusForbidden
		routes := []struct {
			method, path string
			form         url.Values
			want         map[string]int // by roleCase name; missing: no
		}{
			{"GET", "/admin/staff", nil, map[string]int{"admin": ok, "libadmin-own": ok, "libadmin-other": ok}},
			{"GET", "/admin/staff/new", nil, map[string]int{"admin": ok, "libadmin-own": ok, "libadmin-other": ok}},
			{"GET", tp, nil, map[string]int{"admin": ok, "libadmin-own": ok}},
			{"POST", tp, url.Values{"name": {"Target"}, "role": {library.RoleBranchStaff}, "branch": {"hki-kallio"}},
				map[string]int{"admin": see, "libadmin-own": see}},
			{"POST", tp + "/password", url.Values{"new_password": {"another long password"}}, map[string]int{"admin": see, "libadmin-own": see}},
			{"POST", tp + "/state", url.Values{"state": {"enable"}}, map[string]int{"admin": see, "libadmin-own": see}},
			{"POST", tp + "/totp/remove", nil, map[string]int{"admin": see, "libadmin-own": see}},
			{"POST", "/admin/staff/totp-required", url.Values{}, map[string]int{"admin": see}},
			{"GET", "/admin/audit", nil, map[string]int{"admin": ok, "libadmin-own": ok, "libadmin-other": ok}},
			{"GET", "/admin/account", nil, map[string]int{"admin": ok, "libadmin-own": ok, "libadmin-other": ok,
				"branch": ok, "cataloguer": ok, "statistics": ok}},
		}
		cookies := map[string]string{}
		for _, rc := range roleCases {
			_, cookies[rc.name] = e.account(t, "u-"+rc.name, rc.role, rc.lib, rc.branch, "en")
		}
		for _, rt := range routes {
			for _, rc := range roleCases {
				want, found := rt.want[rc.name]
				if !found {
					want = no
				}
				resp, body := e.Do(t, rt.method, rt.path, rt.form, cookies[rc.name])
				if resp.StatusCode != want {
					t.Errorf("%s %s as %s: status %d, want %d\n%.300s", rt.method, rt.path, rc.name, resp.StatusCode, want, body)
				}
			}
		}
		// Nobody signed in is sent to sign in.
		for _, rt := range routes {
			resp, _ := e.Do(t, rt.method, rt.path, rt.form)
			if resp.StatusCode != see || !strings.HasPrefix(resp.Header.Get("Location"), "/staff/signin?next=") {
				t.Errorf("%s %s without a session: %d to %q", rt.method, rt.path, resp.StatusCode, resp.Header.Get("Location"))
			}
		}
	})
}

// TestStaffListFollowsLibrary: a library administrator sees their own
// library's staff only, whatever the filter asks; the consortium's
// administrator filters by library, role and state.
func TestStaffListFollowsLibrary(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, ce *webtest.CircEnv) {
		e := newStaffEnv(t, ce)
		_, admin := e.account(t, "root", library.RoleAdmin, "", "", "en")
		_, hel := e.account(t, "hel-admin", library.RoleLibraryAdmin, "helsinki", "", "en")
		e.account(t, "esp-desk", library.RoleBranchStaff, "", "esp-sello", "en")
		kal, _ := e.account(t, "kal-desk", library.RoleBranchStaff, "", "hki-kallio", "en")
		if err := e.DB.DisableStaff(context.Background(), library.SystemStaff, kal.ID, e.now); err != nil {
			t.Fatal(err)
		}
		has := func(body, username string) bool { return strings.Contains(body, ">"+username+"<") }
		_, body := e.Do(t, "GET", "/admin/staff?library=espoo", nil, hel)
		if has(body, "esp-desk") || !has(body, "kal-desk") {
			t.Error("a library administrator's list is not their own library's")
		}
		_, body = e.Do(t, "GET", "/admin/staff?library=espoo", nil, admin)
		if !has(body, "esp-desk") || has(body, "kal-desk") {
			t.Error("the library filter does not work for the administrator")
		}
		_, body = e.Do(t, "GET", "/admin/staff?state=disabled", nil, admin)
		if has(body, "esp-desk") || !has(body, "kal-desk") {
			t.Error("the state filter does not work")
		}
		_, body = e.Do(t, "GET", "/admin/staff?role=library_admin", nil, admin)
		if has(body, "esp-desk") || !has(body, "hel-admin") {
			t.Error("the role filter does not work")
		}
		if resp, _ := e.Do(t, "GET", "/admin/staff?role=wizard", nil, admin); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("an unknown role: %d", resp.StatusCode)
		}
		if resp, _ := e.Do(t, "GET", "/admin/staff?state=sleeping", nil, admin); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("an unknown state: %d", resp.StatusCode)
		}
	})
}

var generatedRE = regexp.MustCompile(`<code class="secret" lang="en" dir="ltr">([A-Z0-9-]+)</code>`)

// TestStaffCreate: an account with a generated password, shown once, that
// then signs in; bad input gets its message next to its field, in the
// user's language, with a 4xx status, and creates nothing.
func TestStaffCreate(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, ce *webtest.CircEnv) {
		e := newStaffEnv(t, ce)
		_, admin := e.account(t, "root", library.RoleAdmin, "", "", "fi")
		resp, _ := e.Do(t, "POST", "/admin/staff", url.Values{"username": {"Uusi.Tyontekija"}, "name": {"Uusi Työntekijä"},
			"role": {library.RoleBranchStaff}, "library": {"helsinki"}, "branch": {"hki-oodi"}}, admin)
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(loc, "?done=created") {
			t.Fatalf("create: %d to %q", resp.StatusCode, loc)
		}
		resp2, body := e.Do(t, "GET", loc, nil, withCookies(admin, resp))
		m := generatedRE.FindStringSubmatch(body)
		if resp2.StatusCode != http.StatusOK || m == nil {
			t.Fatalf("the generated password is not shown: %d", resp2.StatusCode)
		}
		if !strings.Contains(body, e.Msg("fi", "staff.admin.done.created")) || resp2.Header.Get("Cache-Control") != "no-store" {
			t.Error("no news of the creation, or the page may be cached")
		}
		if _, err := e.DB.AuthenticateStaff(context.Background(), "uusi.tyontekija", m[1], e.now); err != nil {
			t.Errorf("the generated password does not sign in: %v", err)
		}
		// The page shows it once: the cookie is deleted, and another
		// session cannot read it.
		if !deletes(resp2, onceCookie) {
			t.Error("the page does not delete the password's cookie")
		}
		_, other := e.account(t, "root2", library.RoleAdmin, "", "", "fi")
		if _, body := e.Do(t, "GET", loc, nil, withCookies(other, resp)); generatedRE.MatchString(body) {
			t.Error("another session reads the generated password")
		}

		_, hel := e.account(t, "hel-admin", library.RoleLibraryAdmin, "helsinki", "", "en")
		good := url.Values{"username": {"x"}, "name": {"Someone"}, "role": {library.RoleBranchStaff}, "library": {"helsinki"},
			"password": {"a long enough password"}}
		tests := []struct {
			name   string
			change func(url.Values)
			cookie string
			field  string
			key    string
			status int
		}{
			{"username with a space", func(v url.Values) { v.Set("username", "a b") }, admin, "username", "error.staff_username_format", 400},
			{"username taken", func(v url.Values) { v.Set("username", "ROOT") }, admin, "username", "error.staff_username_taken", 409},
			{"no name", func(v url.Values) { v.Set("name", " ") }, admin, "name", "error.staff_name_required", 400},
			{"unknown role", func(v url.Values) { v.Set("role", "wizard") }, admin, "role", "error.staff_role_unknown", 400},
			{"unknown library", func(v url.Values) { v.Set("library", "atlantis") }, admin, "library", "error.staff_library_unknown", 400},
			{"no library", func(v url.Values) { v.Set("library", "") }, admin, "library", "error.staff_library_required", 400},
			{"unknown branch", func(v url.Values) { v.Set("branch", "nowhere") }, admin, "branch", "error.staff_branch_unknown", 400},
			{"branch of another library", func(v url.Values) { v.Set("branch", "esp-sello") }, admin, "branch", "error.staff_branch_library", 400},
			{"short password", func(v url.Values) { v.Set("password", "short") }, admin, "password", "error.staff_password_short", 400},
			{"wider than own", func(v url.Values) { v.Set("role", library.RoleAdmin) }, hel, "role", "error.staff_grant_wider", 403},
			{"another library", func(v url.Values) { v.Set("library", "espoo") }, hel, "library", "error.staff_other_library", 403},
		}
		for i, tt := range tests {
			v := url.Values{}
			for k, vs := range good {
				v[k] = append([]string(nil), vs...)
			}
			v.Set("username", "new"+strconv.Itoa(i))
			tt.change(v)
			lang := "fi"
			if tt.cookie == hel {
				lang = "en"
			}
			resp, body := e.Do(t, "POST", "/admin/staff", v, tt.cookie)
			msg := webtest.HTMLText(e.ErrorText(lang, tt.key))
			want := `<span id="` + tt.field + `-error" class="field-error">` + msg + `</span>`
			if resp.StatusCode != tt.status || !strings.Contains(body, want) {
				t.Errorf("%s: status %d, want %d with %q next to the field", tt.name, resp.StatusCode, tt.status, msg)
			}
			if !strings.Contains(body, `id="`+tt.field+`"`) || !strings.Contains(body, `aria-invalid="true"`) {
				t.Errorf("%s: the field is not marked invalid", tt.name)
			}
			if _, err := e.DB.AuthenticateStaff(context.Background(), v.Get("username"), v.Get("password"), e.now); err == nil && tt.field != "username" {
				t.Errorf("%s: the account was created", tt.name)
			}
		}
	})
}

// ErrorText is a message as the store's error would be worded: with the
// count of a plural message.
func (e *staffEnv) ErrorText(lang, key string) string {
	if key == "error.staff_password_short" {
		return e.Bundle.N(lang, key, library.MinStaffPassword, nil)
	}
	return e.Msg(lang, key)
}

func deletes(resp *http.Response, name string) bool {
	for _, c := range resp.Cookies() {
		if c.Name == name && c.MaxAge < 0 {
			return true
		}
	}
	return false
}

// TestStaffAccountChanges: an account's role, state and password, with a
// refusal to widen rights shown next to the field.
func TestStaffAccountChanges(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, ce *webtest.CircEnv) {
		e := newStaffEnv(t, ce)
		root, admin := e.account(t, "root", library.RoleAdmin, "", "", "en")
		_, hel := e.account(t, "hel-admin", library.RoleLibraryAdmin, "helsinki", "", "sv")
		target, targetCookie := e.account(t, "target", library.RoleBranchStaff, "", "hki-kallio", "en")
		tp := "/admin/staff/" + strconv.FormatInt(target.ID, 10)

		resp, body := e.Do(t, "POST", tp, url.Values{"name": {"Target"}, "role": {library.RoleAdmin}, "library": {"helsinki"}, "branch": {""}}, hel)
		want := `<span id="role-error" class="field-error">` + webtest.HTMLText(e.Msg("sv", "error.staff_grant_wider")) + `</span>`
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, want) {
			t.Errorf("widening: %d, want 403 with the refusal next to the role", resp.StatusCode)
		}
		if a, _ := e.DB.StaffAccount(context.Background(), target.ID); a.Role != library.RoleBranchStaff {
			t.Errorf("the refused change was saved: %s", a.Role)
		}
		loc, _ := e.PostThenGet(t, tp, url.Values{"name": {"Target Person"}, "role": {library.RoleCataloguer}, "library": {"helsinki"}}, hel)
		if a, _ := e.DB.StaffAccount(context.Background(), target.ID); a.Role != library.RoleCataloguer || a.Name != "Target Person" || !strings.HasSuffix(loc, "done=saved") {
			t.Errorf("change: %+v, to %s", a, loc)
		}

		// Disabling ends the target's sessions; nobody disables themselves.
		if loc, _ := e.PostThenGet(t, tp+"/state", url.Values{"state": {"disable"}}, admin); !strings.HasSuffix(loc, "done=disabled") {
			t.Errorf("disable: to %s", loc)
		}
		if resp, _ := e.Do(t, "GET", "/admin/account", nil, targetCookie); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("a disabled account's session still works: %d", resp.StatusCode)
		}
		e.PostThenGet(t, tp+"/state", url.Values{"state": {"enable"}}, admin)
		if a, _ := e.DB.StaffAccount(context.Background(), target.ID); !a.DisabledAt.IsZero() {
			t.Error("enable did not enable")
		}
		resp, body = e.Do(t, "POST", "/admin/staff/"+strconv.FormatInt(root.ID, 10)+"/state", url.Values{"state": {"disable"}}, admin)
		if resp.StatusCode != http.StatusConflict || !strings.Contains(body, webtest.HTMLText(e.Msg("en", "error.staff_disable_self"))) {
			t.Errorf("disabling oneself: %d", resp.StatusCode)
		}

		// A new password: too short is refused next to its field; empty
		// makes one, shown once.
		resp, body = e.Do(t, "POST", tp+"/password", url.Values{"new_password": {"short"}}, admin)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="new_password-error"`) {
			t.Errorf("a short password: %d", resp.StatusCode)
		}
		resp, _ = e.Do(t, "POST", tp+"/password", url.Values{"new_password": {""}}, admin)
		_, body = e.Do(t, "GET", resp.Header.Get("Location"), nil, withCookies(admin, resp))
		m := generatedRE.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no generated password shown")
		}
		if _, err := e.DB.AuthenticateStaff(context.Background(), "target", m[1], e.now); err != nil {
			t.Errorf("the new password does not sign in: %v", err)
		}
	})
}

// TestTOTPRequiredSetting: the consortium's administrator turns the
// requirement on; a library administrator without a second factor is then
// sent to set it up from every staff page, other staff are not.
func TestTOTPRequiredSetting(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, ce *webtest.CircEnv) {
		e := newStaffEnv(t, ce)
		root, admin := e.account(t, "root", library.RoleAdmin, "", "", "en")
		_, hel := e.account(t, "hel-admin", library.RoleLibraryAdmin, "helsinki", "hki-oodi", "en")
		_, desk := e.account(t, "desk", library.RoleBranchStaff, "", "hki-oodi", "en")
		resp, _ := e.Do(t, "POST", "/admin/staff/totp-required", url.Values{"required": {"on"}}, admin)
		if on, _ := e.DB.TOTPRequired(context.Background()); !on || resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("turning the setting on: %d", resp.StatusCode)
		}
		// The administrator who turned it on must enrol too; then the
		// page shows it on.
		if resp, _ := e.Do(t, "GET", "/admin/staff", nil, admin); resp.Header.Get("Location") != web.EnrolPath {
			t.Errorf("the administrator without a second factor: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		e.enrol(t, root)
		if _, body := e.Do(t, "GET", "/admin/staff", nil, admin); !strings.Contains(body, `id="required" name="required" type="checkbox" checked`) {
			t.Error("the setting is not shown as on")
		}
		for _, path := range []string{"/desk?branch=hki-oodi", "/admin", "/admin/staff", "/staff/outbox"} {
			resp, _ := e.Do(t, "GET", path, nil, hel)
			if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != web.EnrolPath {
				t.Errorf("%s: %d to %q, want the enrolment page", path, resp.StatusCode, resp.Header.Get("Location"))
			}
			if resp, _ := e.Do(t, "GET", path, nil, desk); resp.StatusCode != http.StatusOK && path != "/admin/staff" {
				t.Errorf("%s: branch staff get %d", path, resp.StatusCode)
			}
		}
		resp, body := e.Do(t, "GET", "/admin/account", nil, hel)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, webtest.HTMLText(e.Msg("en", "staff.own.must_enrol"))) {
			t.Errorf("the enrolment page: %d", resp.StatusCode)
		}
		e.PostThenGet(t, "/admin/staff/totp-required", url.Values{}, admin)
		if resp, _ := e.Do(t, "GET", "/admin/staff", nil, hel); resp.StatusCode != http.StatusOK {
			t.Errorf("with the setting off: %d", resp.StatusCode)
		}
	})
}

// enrol gives st a second factor through the store, as the own account
// page does, and returns its secret.
func (e *staffEnv) enrol(t *testing.T, st library.Staff) string {
	t.Helper()
	ctx := context.Background()
	en, err := e.DB.BeginTOTP(ctx, st.ID, "", e.now)
	if err != nil {
		t.Fatal(err)
	}
	code, err := totp.GenerateCode(en.Secret, e.now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.DB.ConfirmTOTP(ctx, st.ID, code, e.now); err != nil {
		t.Fatal(err)
	}
	return en.Secret
}
