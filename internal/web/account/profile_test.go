package account

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

func TestChangePINPage(t *testing.T) {
	webtest.ForEachAuthEnv(t, web.AuthConfig{}, func(t *testing.T, e *webtest.AuthEnv) {
		b := e.Browser()
		b.SignIn(t, webtest.TestCard, webtest.TestPIN)
		tests := []struct {
			name           string
			old, pin, pin2 string
			status         int
			errorField     string
		}{
			{"wrong current PIN", "9999", "4321", "4321", 401, "old"},
			{"not digits", webtest.TestPIN, "abcd", "abcd", 400, "pin"},
			{"mismatch", webtest.TestPIN, "4321", "4322", 400, "pin2"},
			{"changed", webtest.TestPIN, "4321", "4321", 303, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res, body := b.Do(t, "POST", "/account/pin", url.Values{"old": {tt.old}, "pin": {tt.pin}, "pin2": {tt.pin2}})
				if res.StatusCode != tt.status {
					t.Errorf("status %d, want %d", res.StatusCode, tt.status)
				}
				if tt.status == http.StatusSeeOther {
					_, body := b.Do(t, "GET", res.Header.Get("Location"), nil)
					if want := e.Srv.I18n().T("en", "auth.pin.done", nil); !strings.Contains(html.UnescapeString(body), want) {
						t.Errorf("GET %s: no %q", res.Header.Get("Location"), want)
					}
				}
				if tt.errorField != "" && !strings.Contains(body, `aria-describedby="`+tt.errorField+`-error"`) &&
					!strings.Contains(body, tt.errorField+`-error"`) {
					t.Errorf("no error tied to field %q", tt.errorField)
				}
			})
		}
		if _, err := e.DB.Authenticate(context.Background(), webtest.TestCard, "4321", e.Now); err != nil {
			t.Errorf("sign in with the changed PIN: %v", err)
		}
	})
}

var linkRE = regexp.MustCompile(`/pin/reset/[A-Za-z0-9_-]{43}`)

// TestResetThroughOutbox follows a forgotten PIN. The staff's outbox says
// a reset link was made for the patron and whether it went out, but never
// shows the link, nor to staff of another city the notice at all: a
// staff member who could read it could take over the patron's card. The
// link reaches the patron by e-mail; here it is read from the database,
// as the mail server would get it.
func TestResetThroughOutbox(t *testing.T) {
	webtest.ForEachAuthEnv(t, web.AuthConfig{Mail: true}, func(t *testing.T, e *webtest.AuthEnv) {
		patron := e.Browser()
		old := e.Browser()
		old.SignIn(t, webtest.TestCard, webtest.TestPIN)

		sent := e.Srv.I18n().T("en", "auth.forgot.sent", nil)
		for _, who := range []string{"AINO@example.org", "nobody@example.org"} {
			_, body := patron.PostThenGet(t, "/pin/forgot", url.Values{"who": {who}})
			if !strings.Contains(html.UnescapeString(body), sent) {
				t.Fatalf("forgot PIN for %s: no confirmation", who)
			}
		}
		if _, err := e.DB.CreateStaff(context.Background(), library.Staff{Username: "oodi", Name: "Oodi", Branch: "hki-oodi"}, "oodi password"); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			user, password string
			listed         bool
		}{{"desk", "desk password", true}, {"oodi", "oodi password", false}} {
			staff := e.Browser()
			res, _ := staff.Do(t, "POST", "/staff/signin", url.Values{"username": {tt.user}, "password": {tt.password}, "next": {"/staff/outbox"}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("staff sign-in: %d", res.StatusCode)
			}
			res, body := staff.Do(t, "GET", "/staff/outbox", nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%s's outbox: %d", tt.user, res.StatusCode)
			}
			if links := linkRE.FindAllString(body, -1); len(links) != 0 || strings.Contains(body, "/pin/reset/") {
				t.Errorf("%s's outbox shows reset links %q", tt.user, links)
			}
			listed := strings.Contains(body, "Virtanen, Aino") && strings.Contains(body, e.Srv.I18n().T("en", "notice.kind.pin_reset", nil))
			if listed != tt.listed {
				t.Errorf("%s's outbox lists the reset for the patron by name: %v, want %v", tt.user, listed, tt.listed)
			}
			if strings.Contains(body, webtest.TestCard) {
				t.Errorf("%s's outbox shows the patron's card number", tt.user)
			}
		}
		ns, err := e.DB.Notices(context.Background(), e.Patron.ID)
		if err != nil || len(ns) != 1 {
			t.Fatalf("notices: %+v, %v", ns, err)
		}
		link := linkRE.FindString(ns[0].Params["link"])

		if res, _ := patron.Do(t, "GET", link, nil); res.StatusCode != http.StatusOK {
			t.Fatalf("reset page: %d", res.StatusCode)
		}
		_, body := patron.PostThenGet(t, link, url.Values{"pin": {"2468"}, "pin2": {"2468"}})
		if !strings.Contains(body, e.Srv.I18n().T("en", "auth.reset.done", nil)) {
			t.Fatal("reset: no confirmation")
		}
		if res, _ := patron.SignIn(t, webtest.TestCard, "2468"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("sign in with the new PIN: %d", res.StatusCode)
		}
		if res, _ := old.Do(t, "GET", "/account/profile", nil); res.StatusCode != http.StatusSeeOther {
			t.Errorf("session from before the reset: %d, want signed out", res.StatusCode)
		}
		for _, m := range []string{"GET", "POST"} {
			res, _ := patron.Do(t, m, link, url.Values{"pin": {"1357"}, "pin2": {"1357"}})
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("%s of a used link: %d, want 404", m, res.StatusCode)
			}
		}

		// The patron's messages show the notice too, in their language,
		// and in the API.
		res, body := patron.Do(t, "GET", "/api/v1/account/messages", nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `"kind": "pin_reset"`) || !strings.Contains(body, `"unread": true`) {
			t.Errorf("API messages: %d %s", res.StatusCode, body)
		}
		res, body = patron.Do(t, "GET", "/account/messages", nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, e.Srv.I18n().T("en", "notice.pin_reset.subject", nil)) {
			t.Errorf("messages: %d, reset notice missing", res.StatusCode)
		}
	})
}

func TestProfileUpdate(t *testing.T) {
	webtest.ForEachAuthEnv(t, web.AuthConfig{}, func(t *testing.T, e *webtest.AuthEnv) {
		b := e.Browser()
		b.SignIn(t, webtest.TestCard, webtest.TestPIN)
		branches, err := e.DB.Branches(context.Background())
		if err != nil || len(branches) == 0 {
			t.Fatal(branches, err)
		}
		form := url.Values{
			"email": {"aino.v@example.org"}, "phone": {"+358 40 1"}, "street": {"Kotikatu 1"}, "postal_code": {"00100"},
			"city": {"Helsinki"}, "lang": {"sv"}, "channel": {library.ChannelSMS}, "pickup": {branches[0].ID},
		}
		res, _ := b.Do(t, "POST", "/account/profile", form)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save profile: %d", res.StatusCode)
		}
		got, err := e.DB.Patron(context.Background(), e.Patron.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := e.Patron
		want.Email, want.Phone, want.Street, want.PostalCode, want.City = "aino.v@example.org", "+358 40 1", "Kotikatu 1", "00100", "Helsinki"
		want.Lang, want.NoticeChannel, want.PickupBranch = "sv", library.ChannelSMS, branches[0].ID
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("saved patron (-want +got):\n%s", diff)
		}

		form.Set("phone", "")
		res, body := b.Do(t, "POST", "/account/profile", form)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `aria-describedby="phone-error"`) {
			t.Errorf("SMS without a phone: %d, error not tied to the phone field", res.StatusCode)
		}
	})
}

// TestForgotPINWithoutMail: with no mail server nothing could deliver a
// reset link, so the page promises none, makes none, and sends the
// patron to a library.
func TestForgotPINWithoutMail(t *testing.T) {
	webtest.ForEachAuthEnv(t, web.AuthConfig{}, func(t *testing.T, e *webtest.AuthEnv) {
		b := e.Browser()
		noMail := e.Srv.I18n().T("en", "auth.forgot.no_mail", nil)
		for _, method := range []string{"GET", "POST"} {
			var form url.Values
			if method == "POST" {
				form = url.Values{"who": {webtest.TestCard}}
			}
			var body string
			if method == "POST" {
				_, body = b.PostThenGet(t, "/pin/forgot", form)
			} else {
				_, body = b.Do(t, method, "/pin/forgot", form)
			}
			body = html.UnescapeString(body)
			if !strings.Contains(body, noMail) || strings.Contains(body, `name="who"`) ||
				strings.Contains(body, e.Srv.I18n().T("en", "auth.forgot.sent", nil)) {
				t.Errorf("%s /pin/forgot without mail:\n%s", method, body)
			}
		}
		ns, err := e.DB.Notices(context.Background(), e.Patron.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ns) != 0 {
			t.Errorf("a reset was made with no way to send it: %+v", ns)
		}
	})
}
