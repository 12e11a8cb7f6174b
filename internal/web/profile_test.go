package web

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
)

func TestChangePINPage(t *testing.T) {
	forEachAuthEnv(t, AuthConfig{}, func(t *testing.T, e *authEnv) {
		b := e.browser()
		b.signIn(t, testCard, testPIN)
		tests := []struct {
			name           string
			old, pin, pin2 string
			status         int
			errorField     string
		}{
			{"wrong current PIN", "9999", "4321", "4321", 401, "old"},
			{"not digits", testPIN, "abcd", "abcd", 400, "pin"},
			{"mismatch", testPIN, "4321", "4322", 400, "pin2"},
			{"changed", testPIN, "4321", "4321", 303, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				res, body := b.do(t, "POST", "/account/pin", url.Values{"old": {tt.old}, "pin": {tt.pin}, "pin2": {tt.pin2}})
				if res.StatusCode != tt.status {
					t.Errorf("status %d, want %d", res.StatusCode, tt.status)
				}
				if tt.status == http.StatusSeeOther {
					_, body := b.do(t, "GET", res.Header.Get("Location"), nil)
					if want := e.srv.i18n.T("en", "auth.pin.done", nil); !strings.Contains(html.UnescapeString(body), want) {
						t.Errorf("GET %s: no %q", res.Header.Get("Location"), want)
					}
				}
				if tt.errorField != "" && !strings.Contains(body, `aria-describedby="`+tt.errorField+`-error"`) &&
					!strings.Contains(body, tt.errorField+`-error"`) {
					t.Errorf("no error tied to field %q", tt.errorField)
				}
			})
		}
		if _, err := e.db.Authenticate(context.Background(), testCard, "4321", e.now); err != nil {
			t.Errorf("sign in with the changed PIN: %v", err)
		}
	})
}

var linkRE = regexp.MustCompile(`/pin/reset/[A-Za-z0-9_-]{43}`)

// TestResetThroughOutbox follows a forgotten PIN the way the demo does it:
// the link is read from the staff's outbox page.
func TestResetThroughOutbox(t *testing.T) {
	forEachAuthEnv(t, AuthConfig{}, func(t *testing.T, e *authEnv) {
		patron := e.browser()
		old := e.browser()
		old.signIn(t, testCard, testPIN)

		sent := e.srv.i18n.T("en", "auth.forgot.sent", nil)
		for _, who := range []string{"AINO@example.org", "nobody@example.org"} {
			_, body := patron.postThenGet(t, "/pin/forgot", url.Values{"who": {who}})
			if !strings.Contains(html.UnescapeString(body), sent) {
				t.Fatalf("forgot PIN for %s: no confirmation", who)
			}
		}

		staff := e.browser()
		res, _ := staff.do(t, "POST", "/staff/signin", url.Values{"username": {"desk"}, "password": {"desk password"}, "next": {"/staff/outbox"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("staff sign-in: %d", res.StatusCode)
		}
		res, body := staff.do(t, "GET", "/staff/outbox", nil)
		links := linkRE.FindAllString(body, -1)
		if res.StatusCode != http.StatusOK || len(links) != 1 {
			t.Fatalf("outbox: %d, links %q; want one (the unknown address gets none)", res.StatusCode, links)
		}
		link := links[0]

		if res, _ := patron.do(t, "GET", link, nil); res.StatusCode != http.StatusOK {
			t.Fatalf("reset page: %d", res.StatusCode)
		}
		_, body = patron.postThenGet(t, link, url.Values{"pin": {"2468"}, "pin2": {"2468"}})
		if !strings.Contains(body, e.srv.i18n.T("en", "auth.reset.done", nil)) {
			t.Fatal("reset: no confirmation")
		}
		if res, _ := patron.signIn(t, testCard, "2468"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("sign in with the new PIN: %d", res.StatusCode)
		}
		if res, _ := old.do(t, "GET", "/account/profile", nil); res.StatusCode != http.StatusSeeOther {
			t.Errorf("session from before the reset: %d, want signed out", res.StatusCode)
		}
		for _, m := range []string{"GET", "POST"} {
			res, _ := patron.do(t, m, link, url.Values{"pin": {"1357"}, "pin2": {"1357"}})
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("%s of a used link: %d, want 404", m, res.StatusCode)
			}
		}

		// The patron's messages show the notice too, in their language,
		// and in the API.
		res, body = patron.do(t, "GET", "/api/v1/account/messages", nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `"kind": "pin_reset"`) || !strings.Contains(body, `"unread": true`) {
			t.Errorf("API messages: %d %s", res.StatusCode, body)
		}
		res, body = patron.do(t, "GET", "/account/messages", nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(body, e.srv.i18n.T("en", "notice.pin_reset.subject", nil)) {
			t.Errorf("messages: %d, reset notice missing", res.StatusCode)
		}
	})
}

func TestProfileUpdate(t *testing.T) {
	forEachAuthEnv(t, AuthConfig{}, func(t *testing.T, e *authEnv) {
		b := e.browser()
		b.signIn(t, testCard, testPIN)
		branches, err := e.db.Branches(context.Background())
		if err != nil || len(branches) == 0 {
			t.Fatal(branches, err)
		}
		form := url.Values{
			"email": {"aino.v@example.org"}, "phone": {"+358 40 1"}, "street": {"Kotikatu 1"}, "postal_code": {"00100"},
			"city": {"Helsinki"}, "lang": {"sv"}, "channel": {library.ChannelSMS}, "pickup": {branches[0].ID},
		}
		res, _ := b.do(t, "POST", "/account/profile", form)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save profile: %d", res.StatusCode)
		}
		got, err := e.db.Patron(context.Background(), e.patron.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := e.patron
		want.Email, want.Phone, want.Street, want.PostalCode, want.City = "aino.v@example.org", "+358 40 1", "Kotikatu 1", "00100", "Helsinki"
		want.Lang, want.NoticeChannel, want.PickupBranch = "sv", library.ChannelSMS, branches[0].ID
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("saved patron (-want +got):\n%s", diff)
		}

		form.Set("phone", "")
		res, body := b.do(t, "POST", "/account/profile", form)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(body, `aria-describedby="phone-error"`) {
			t.Errorf("SMS without a phone: %d, error not tied to the phone field", res.StatusCode)
		}
	})
}
