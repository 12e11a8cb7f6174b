package desk

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// sessionsDown is the store while the database is out of reach for
// looking up sessions and API tokens: the connection is refused.
type sessionsDown struct{ *store.DB }

var refused = &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}

func (sessionsDown) SessionByToken(context.Context, string, time.Time) (library.Session, error) {
	return library.Session{}, fmt.Errorf("session by token: %w", refused)
}

func (sessionsDown) APITokenByValue(context.Context, string, time.Time) (library.APIToken, error) {
	return library.APIToken{}, fmt.Errorf("api token: %w", refused)
}

// TestSessionLookupDown is issue 19's desk during a database outage: a
// staff member's checkout, and the pages of staff and patrons, answer 503
// with the "unavailable" message. They are not sent to sign in, which
// would lose the form and look like being signed out.
func TestSessionLookupDown(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		srv, err := webtest.NewServer(web.Config{Store: e.DB, Search: e.Index, I18n: e.Bundle,
			Now: func() time.Time { return webtest.Now }, PageSize: 10, Patrons: sessionsDown{e.DB}, Circulation: e.DB, Broker: e.Broker})
		if err != nil {
			t.Fatal(err)
		}
		e.Srv = srv
		want := e.Msg("en", "error.database_unavailable")
		checkout := url.Values{"branch": {"hki-oodi"}, "card": {"1000"}, "barcode": {"T1-1"}}
		for _, tc := range []struct {
			method, path string
			form         url.Values
			headers      []string
		}{
			{"POST", "/desk/checkout", checkout, []string{e.AsStaff("en")}},
			{"GET", "/desk?card=1000", nil, []string{e.AsStaff("en")}},
			{"GET", "/account", nil, []string{e.AsPatron("en")}},
			{"GET", "/api/v1/account", nil, []string{e.AsPatron("en")}},
			{"GET", "/api/v1/account", nil, []string{"Authorization: Bearer an-app's-token", "Accept-Language: en"}},
		} {
			resp, body := e.Do(t, tc.method, tc.path, tc.form, tc.headers...)
			if resp.StatusCode != http.StatusServiceUnavailable {
				t.Errorf("%s %s: %d (Location %q), want 503", tc.method, tc.path, resp.StatusCode, resp.Header.Get("Location"))
				continue
			}
			if !strings.Contains(webtest.HTMLText(body), want) && !strings.Contains(body, want) {
				t.Errorf("%s %s: no %q in\n%s", tc.method, tc.path, want, body)
			}
			for _, c := range resp.Cookies() {
				if c.Name == web.StaffCookie || c.Name == web.PatronCookie {
					t.Errorf("%s %s: sets cookie %s=%q", tc.method, tc.path, c.Name, c.Value)
				}
			}
		}
	})
}
