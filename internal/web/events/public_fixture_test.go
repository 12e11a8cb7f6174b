package events

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// pub is the residents' side of the events on a CircEnv: an
// administrator who writes the events straight into the store.
type pub struct {
	*webtest.CircEnv
	admin library.Staff
	ctx   context.Context
}

func newPub(t *testing.T, e *webtest.CircEnv) *pub {
	t.Helper()
	ctx := context.Background()
	admin, err := e.DB.CreateStaff(ctx, library.Staff{Username: "tapahtumat", Name: "Tapahtumat", Role: library.RoleAdmin}, "a long enough password")
	if err != nil {
		t.Fatal(err)
	}
	// The limit of guests' attempts out of the way (TestGuestSignupLimit
	// meets it).
	srv, err := webtest.NewServer(web.Config{Store: e.DB, Search: e.Index, I18n: e.Bundle, Now: func() time.Time { return webtest.Now },
		PageSize: 10, Patrons: e.DB, Circulation: e.DB, Auth: web.AuthConfig{Limiter: auth.NewLimiter(time.Second, 1000, 100)}})
	if err != nil {
		t.Fatal(err)
	}
	e.Srv = srv
	return &pub{CircEnv: e, admin: admin, ctx: ctx}
}

// at is webtest.Now's Monday plus days, at h:m Helsinki time.
func at(days, h, m int) time.Time {
	return time.Date(2026, time.November, 23+days, h, m, 0, 0, library.Helsinki)
}

// storyTime is a published story time at Oodi a week from now, free, for
// two places with a waiting list.
func storyTime() library.Event {
	return library.Event{
		Library: "helsinki", Branch: "hki-oodi", Room: "Satuhuone",
		Title:         library.Text{"fi": "Satutuokio", "en": "Story time"},
		Description:   library.Text{"fi": "Satuja *pienille*.\n\n<script>alert(1)</script>", "en": "Stories for the *little ones*."},
		Accessibility: library.Text{"fi": "Esteetön.", "en": "Step-free."},
		Start:         at(7, 10, 0), End: at(7, 10, 45),
		Audiences: []string{library.ForChildren, library.ForFamilies}, Category: library.StoryTime, Languages: []string{"fi"},
		Registration: true, Capacity: 2, WaitingList: true, MaxPlaces: 2,
		Status: library.EventPublished,
	}
}

// event creates a published event: the story time, changed by change.
func (p *pub) event(t *testing.T, change func(e *library.Event)) library.Event {
	t.Helper()
	e := storyTime()
	if change != nil {
		change(&e)
	}
	ev, err := p.DB.CreateEvent(p.ctx, p.admin, e, webtest.Now.Add(-time.Hour))
	if err != nil {
		t.Fatalf("create %v: %v", e.Title, err)
	}
	return ev
}

// path is an event's page.
func path(e library.Event) string { return "/events/" + strconv.FormatInt(e.ID, 10) }

// guestForm is a guest's sign-up.
func guestForm(name, email string) url.Values {
	return url.Values{"name": {name}, "email": {email}}
}

// signUp posts a sign-up form, wants the redirect to the confirmation,
// and returns the token and the confirmation page.
func (p *pub) signUp(t *testing.T, e library.Event, form url.Values, headers ...string) (token, page string) {
	t.Helper()
	resp, body := p.Do(t, "POST", path(e)+"/signup", form, headers...)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/events/registrations/") {
		t.Fatalf("sign-up: %d to %q, want 303 to the confirmation:\n%s", resp.StatusCode, loc, body)
	}
	token = strings.TrimSuffix(strings.TrimPrefix(loc, "/events/registrations/"), "?new=1")
	resp, page = p.Do(t, "GET", loc, nil, headers...)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", loc, resp.StatusCode)
	}
	return token, page
}

// public reads an event as the public sees it now.
func (p *pub) public(t *testing.T, e library.Event) library.Event {
	t.Helper()
	ev, err := p.DB.PublicEvent(p.ctx, e.ID, webtest.Now)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

var ldRE = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// jsonLD parses a page's JSON-LD.
func jsonLD(t *testing.T, body string) map[string]any {
	t.Helper()
	m := ldRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the page has no JSON-LD")
	}
	var v map[string]any
	if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
		t.Fatalf("JSON-LD: %v\n%s", err, m[1])
	}
	return v
}

// has fails the test unless body has every one of want.
func has(t *testing.T, what, body string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// lacks fails the test if body has any of bad.
func lacks(t *testing.T, what, body string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(body, b) {
			t.Errorf("%s has %q", what, b)
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
