package account

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/kirjasto/kirjasto/internal/identity"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// withRange gives Espoo a card range, as an administrator would.
func withRange(t *testing.T, e *webtest.CircEnv) {
	t.Helper()
	admin := library.Staff{ID: e.Staff.ID, Role: library.RoleAdmin}
	r := library.CardRange{Library: "espoo", Prefix: "2701", Length: 14, Next: 1, Last: 999_999_999, CheckDigit: true}
	if err := e.DB.SetCardRange(context.Background(), admin, r); err != nil {
		t.Fatal(err)
	}
}

func selfForm(family, given, birth string) url.Values {
	return url.Values{"family": {family}, "given": {given}, "birth": {birth}, "email": {"maija@example.fi"},
		"phone": {"040 765 4321"}, "lang": {"en"}, "library": {"espoo"}, "pin": {"2580"}, "pin2": {"2580"}}
}

// register posts the registration form and returns the patron signed in
// and the session's Cookie header.
func register(t *testing.T, e *webtest.CircEnv, form url.Values) (library.Patron, string) {
	t.Helper()
	resp, body := e.Do(t, "POST", "/register", form, "Cookie: lang=en")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account/confirm?done=registered" {
		t.Fatalf("register: %d to %q\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
	cookie := "Cookie: lang=en"
	for _, c := range resp.Cookies() {
		cookie += "; " + c.Name + "=" + c.Value
	}
	p, ok := sessionPatron(t, e, cookie)
	if !ok {
		t.Fatal("not signed in after registering")
	}
	return p, cookie
}

func sessionPatron(t *testing.T, e *webtest.CircEnv, cookie string) (library.Patron, bool) {
	t.Helper()
	for _, part := range strings.Split(strings.TrimPrefix(cookie, "Cookie: "), "; ") {
		if name, value, _ := strings.Cut(part, "="); name == web.PatronCookie {
			sess, err := e.DB.SessionByToken(context.Background(), value, webtest.Now)
			if err != nil {
				return library.Patron{}, false
			}
			p, err := e.DB.Patron(context.Background(), sess.PatronID)
			return p, err == nil
		}
	}
	return library.Patron{}, false
}

// TestSelfRegisterThenDeskConfirm: a person registers online, gets a
// provisional account that cannot borrow, and a desk confirms it after
// seeing an ID; then it can.
func TestSelfRegisterThenDeskConfirm(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		withRange(t, e)
		_, body := e.Do(t, "GET", "/register", nil, "Cookie: lang=en")
		if !strings.Contains(body, webtest.HTMLText(e.Msg("en", "register.intro", "Count", library.MaxProvisionalHolds))) ||
			strings.Contains(body, webtest.HTMLText(e.Msg("en", "register.confirm_online"))) {
			t.Error("the form does not say what a provisional account may do, or offers an identification the site lacks")
		}
		_, body = e.Do(t, "GET", "/signin", nil, "Cookie: lang=en")
		if !strings.Contains(body, `href="/register"`) || !strings.Contains(body, `href="/pin/first"`) {
			t.Error("the sign-in page links to neither registration nor first sign-in")
		}
		p, cookie := register(t, e, selfForm("Meikäläinen", "Maija", "1990-05-31"))
		if !p.Provisional || p.HomeLibrary != "espoo" {
			t.Fatalf("registered %+v", p)
		}
		_, body = e.Do(t, "GET", "/account/confirm?done=registered", nil, cookie)
		if !strings.Contains(body, p.CardNumber) || strings.Contains(body, "/account/confirm/identify") {
			t.Errorf("the confirmation page: no card number, or an identification offered:\n%s", body)
		}
		if _, err := e.DB.Checkout(context.Background(), p.ID, "T1-1", library.Actor{Branch: "esp-sello"}, webtest.Now); library.ErrorKey(err) != "error.patron_provisional" {
			t.Errorf("checkout on a provisional account: %v", err)
		}
		staff := e.StaffAt(t, "sello", library.RoleBranchStaff, "esp-sello", "en")
		path := "/desk/patrons/" + strconv.FormatInt(p.ID, 10)
		_, body = e.Do(t, "GET", path, nil, staff)
		if !strings.Contains(body, path+"/confirm") {
			t.Fatalf("the desk offers no confirmation:\n%s", body)
		}
		if resp, _ := e.Do(t, "POST", path+"/confirm", url.Values{}, staff); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("confirm without seeing an ID: %d, want 400", resp.StatusCode)
		}
		if resp, _ := e.Do(t, "POST", path+"/confirm", url.Values{"seen": {"1"}}, staff); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("confirm: %d", resp.StatusCode)
		}
		if _, err := e.DB.Checkout(context.Background(), p.ID, "T1-1", library.Actor{Branch: "esp-sello"}, webtest.Now); err != nil {
			t.Errorf("checkout after confirmation: %v", err)
		}
	})
}

// TestSelfRegisterRefusals: bad input is shown at its field, in the
// user's language, with a 4xx, and no account is opened.
func TestSelfRegisterRefusals(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		withRange(t, e)
		for _, tt := range []struct{ name, field, value, errField, key string }{
			{"bad email", "email", "nope", "email", "error.email_format"},
			{"a child", "birth", "2018-01-01", "birth", "error.child_online"},
			{"no such date", "birth", "1990-02-30", "birth", "error.birth_date"},
			{"PINs differ", "pin2", "2581", "pin2", "auth.pin_mismatch"},
			{"short PIN", "pin", "12", "pin", "error.pin_format"},
			{"unknown library", "library", "turku", "library", "error.library_unknown"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				form := selfForm("Hylätty", "Henna", "1990-05-31")
				form.Set(tt.field, tt.value)
				if tt.field == "pin" {
					form.Set("pin2", tt.value)
				}
				resp, body := e.Do(t, "POST", "/register", form, "Cookie: lang=fi")
				want := `<span id="` + tt.errField + `-error" class="field-error">` + webtest.HTMLText(e.Msg("fi", tt.key))
				if resp.StatusCode < 400 || resp.StatusCode >= 500 || !strings.Contains(body, want) {
					t.Errorf("%d, want 4xx with %q\n%s", resp.StatusCode, want, body)
				}
				ms, _ := e.DB.FindPatrons(context.Background(), library.PatronQuery{Text: "Hylätty", Field: "name"})
				if len(ms) != 0 {
					t.Errorf("an account was opened: %+v", ms)
				}
			})
		}
	})
}

// TestFirstSignIn: the desk registers a patron who chooses the PIN at
// first sign-in; with the card, the code and a new PIN the patron is
// signed in, and the PIN works from then on. A wrong code is refused.
func TestFirstSignIn(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		withRange(t, e)
		staff, err := e.DB.CreateStaff(context.Background(), library.Staff{Username: "sello", Name: "Sello", Role: library.RoleBranchStaff, Branch: "esp-sello"}, "a long enough password")
		if err != nil {
			t.Fatal(err)
		}
		staff.Library = "espoo"
		out, err := e.DB.RegisterPatron(context.Background(), staff, library.Registration{FamilyName: "Uusi", GivenNames: "Ulla",
			BirthDate: library.Date{Year: 1980, Month: 1, Day: 2}, Email: "u@example.fi", Lang: "fi", HomeLibrary: "espoo",
			PIN: library.PINFirstSignIn}, webtest.Now)
		if err != nil || out.FirstCode == nil {
			t.Fatalf("register: %v", err)
		}
		card := out.Patron.CardNumber
		form := url.Values{"card": {card}, "code": {"wrong"}, "pin": {"7531"}, "pin2": {"7531"}}
		if resp, _ := e.Do(t, "POST", "/pin/first", form); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("a wrong code: %d, want 401", resp.StatusCode)
		}
		form.Set("code", out.FirstCode.Code)
		form.Set("pin2", "7532")
		if resp, _ := e.Do(t, "POST", "/pin/first", form); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("PINs that differ: %d, want 400", resp.StatusCode)
		}
		form.Set("pin2", "7531")
		resp, _ := e.Do(t, "POST", "/pin/first", form)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account" || len(resp.Cookies()) == 0 {
			t.Fatalf("first sign-in: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		if _, err := e.DB.Authenticate(context.Background(), card, "7531", webtest.Now); err != nil {
			t.Errorf("sign in with the chosen PIN: %v", err)
		}
		if resp, _ := e.Do(t, "POST", "/pin/first", form); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("the code used twice: %d, want 401", resp.StatusCode)
		}
	})
}

// person is a user of the test provider.
type person struct{ sub, family, given, birthdate string }

func (u person) ID() string { return u.sub }
func (u person) Userinfo([]string) ([]byte, error) {
	return json.Marshal(map[string]string{"sub": u.sub})
}
func (u person) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	return &personClaims{IDTokenClaims: base, FamilyName: u.family, GivenName: u.given, Birthdate: u.birthdate}, nil
}

type personClaims struct {
	*mockoidc.IDTokenClaims
	FamilyName string `json:"family_name,omitempty"`
	GivenName  string `json:"given_name,omitempty"`
	Birthdate  string `json:"birthdate,omitempty"`
}

// withIdentity gives the environment's server a real OpenID Connect
// provider (mockoidc, started here).
func withIdentity(t *testing.T, e *webtest.CircEnv) *mockoidc.MockOIDC {
	t.Helper()
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Shutdown() })
	p, err := identity.New(context.Background(), identity.Config{Issuer: m.Issuer(), ClientID: m.ClientID,
		ClientSecret: m.ClientSecret, RedirectURL: "http://kirjasto.test/account/confirm/callback",
		Key: []byte("a test key of some length"), Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := webtest.NewServer(web.Config{Store: e.DB, Search: e.Index, I18n: e.Bundle, Now: func() time.Time { return webtest.Now },
		PageSize: 10, Patrons: e.DB, Circulation: e.DB, Identity: p})
	if err != nil {
		t.Fatal(err)
	}
	e.Srv = srv
	return m
}

// startIdentify posts "confirm with strong identification", follows the
// redirect to the provider, and returns the callback's query the
// provider sends the browser back with, and the cookie header with the
// sealed flow.
func startIdentify(t *testing.T, e *webtest.CircEnv, cookie string) (url.Values, string) {
	t.Helper()
	resp, body := e.Do(t, "POST", "/account/confirm/identify", url.Values{}, cookie)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("start: %d\n%s", resp.StatusCode, body)
	}
	for _, c := range resp.Cookies() {
		if c.Name == identifyCookie && (!c.HttpOnly || c.MaxAge <= 0 || c.MaxAge > 600) {
			t.Errorf("flow cookie %+v: want HttpOnly and short-lived", c)
		}
		cookie += "; " + c.Name + "=" + c.Value
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	pr, err := client.Get(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	pr.Body.Close()
	loc, err := url.Parse(pr.Header.Get("Location"))
	if err != nil || pr.StatusCode != http.StatusFound || loc.Path != "/account/confirm/callback" {
		t.Fatalf("provider: %s to %v", pr.Status, loc)
	}
	return loc.Query(), cookie
}

// TestStrongIdentification runs the whole OpenID Connect flow through
// HTTP against a real provider: start, authorize, callback, and the
// account is confirmed. A callback with a wrong state, and a flow used
// a second time, are refused and confirm nothing.
func TestStrongIdentification(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		withRange(t, e)
		m := withIdentity(t, e)
		_, body := e.Do(t, "GET", "/register", nil, "Cookie: lang=en")
		if !strings.Contains(body, webtest.HTMLText(e.Msg("en", "register.confirm_online"))) {
			t.Error("the form does not offer strong identification")
		}
		p, cookie := register(t, e, selfForm("Virtanen", "Aino", "1952-10-13"))

		// A wrong state: refused, nothing confirmed.
		m.QueueUser(person{sub: "opaque-1", family: "Virtanen", given: "Aino Maria", birthdate: "1952-10-13"})
		q, withFlow := startIdentify(t, e, cookie)
		q.Set("state", "forged")
		resp, body := e.Do(t, "GET", "/account/confirm/callback?"+q.Encode(), nil, withFlow)
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, webtest.HTMLText(e.Msg("en", "error.identity_failed"))) {
			t.Errorf("wrong state: %d, want 401 with the message", resp.StatusCode)
		}
		if got, _ := e.DB.Patron(context.Background(), p.ID); !got.Provisional || got.StronglyIdentified {
			t.Fatalf("a wrong state confirmed the account: %+v", got)
		}

		// The real thing.
		m.QueueUser(person{sub: "opaque-1", family: "Virtanen", given: "Aino Maria", birthdate: "1952-10-13"})
		q, withFlow = startIdentify(t, e, cookie)
		resp, _ = e.Do(t, "GET", "/account/confirm/callback?"+q.Encode(), nil, withFlow)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account/confirm?done=identified" {
			t.Fatalf("callback: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		var cleared bool
		for _, c := range resp.Cookies() {
			cleared = cleared || (c.Name == identifyCookie && c.MaxAge < 0)
		}
		if !cleared {
			t.Error("the flow cookie is not deleted at the callback")
		}
		got, _ := e.DB.Patron(context.Background(), p.ID)
		if got.Provisional || !got.StronglyIdentified {
			t.Errorf("after identification: %+v", got)
		}
		// Without the flow cookie (used once), the same callback fails.
		resp, _ = e.Do(t, "GET", "/account/confirm/callback?"+q.Encode(), nil, cookie)
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("callback again without the flow: %d, want 401", resp.StatusCode)
		}
		// Another session cannot open this session's flow.
		_, other := register(t, e, selfForm("Toinen", "Tiina", "1980-01-01"))
		m.QueueUser(person{sub: "opaque-2", family: "Toinen", given: "Tiina", birthdate: "1980-01-01"})
		q, withFlow = startIdentify(t, e, cookie)
		stolen := other
		for _, part := range strings.Split(withFlow, "; ") {
			if strings.HasPrefix(part, identifyCookie+"=") {
				stolen += "; " + part
			}
		}
		if resp, _ := e.Do(t, "GET", "/account/confirm/callback?"+q.Encode(), nil, stolen); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("a flow carried to another session: %d, want 401", resp.StatusCode)
		}
	})
}
