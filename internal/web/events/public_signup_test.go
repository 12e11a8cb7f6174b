package events

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// guestNotice returns the waiting notice of kind to a guest's e-mail
// address, or fails.
func (p *pub) guestNotice(t *testing.T, email, kind string) library.Notice {
	t.Helper()
	ns, err := p.DB.PendingNotices(p.ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range ns {
		if n.Guest != nil && n.Guest.Email == email && n.Kind == kind {
			return n
		}
	}
	t.Fatalf("no %s notice to %s among %d", kind, email, len(ns))
	return library.Notice{}
}

// TestGuestSignup walks a guest's way: sign up without a card, get the
// confirmation with a place, another guest waits in line, the first
// cancels with the link of the notice, and the second gets the place.
func TestGuestSignup(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		p := newPub(t, e)
		ev := p.event(t, func(ev *library.Event) { ev.Capacity = 2 })
		form := guestForm("Maija Meikäläinen", "maija@example.fi")
		form.Set("places", "2")
		token, page := p.signUp(t, ev, form, "Cookie: lang=en")
		has(t, "the confirmation", page, "<h1>"+e.Msg("en", "events_public.signed_up.title")+"</h1>",
			e.Bundle.N("en", "events_public.signed_up.places", 2, webtest.Pairs("Count", 2)),
			e.Msg("en", "events_public.signed_up.notice"), `class="event-cancel-link"`,
			`href="`+library.EventCancelPath(token)+`"`, "Story time")
		// The notice is queued, in English, with the link to the cancellation page.
		n := p.guestNotice(t, "maija@example.fi", library.NoticeEventRegistered)
		if n.Params["link"] != library.EventCancelPath(token) || n.Guest.Lang != "en" || n.Params["places"] != "2" {
			t.Errorf("notice %+v", n)
		}
		if got := p.public(t, ev); got.Taken != 2 {
			t.Errorf("%d places taken, want 2", got.Taken)
		}
		_, body := p.Get(t, path(ev)+"?lang=en")
		has(t, "the full event", body, e.Msg("en", "events_public.state.waiting"), e.Msg("en", "events_public.signup.join_waiting"))

		// A second guest, by phone, goes on the waiting list, first in line.
		token2, page := p.signUp(t, ev, url.Values{"name": {"Matti"}, "phone": {"040 123 4567"}}, "Cookie: lang=fi")
		has(t, "the waiting list's confirmation", page, "<h1>"+e.Msg("fi", "events_public.waiting.title")+"</h1>",
			e.Msg("fi", "events_public.waiting.position", "Position", 1), e.Msg("fi", "events_public.signed_up.notice"))

		// The first guest follows the link: a page that asks, then cancels on the button.
		resp, page := p.Get(t, n.Params["link"]+"?lang=en")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("the cancellation page = %d", resp.StatusCode)
		}
		has(t, "the cancellation page", page, `class="event-cancel-form"`, `action="`+library.EventCancelPath(token)+`"`,
			"Maija Meikäläinen", "Story time")
		if got := p.public(t, ev); got.Taken != 2 {
			t.Errorf("the GET cancelled: %d taken", got.Taken)
		}
		loc, page := p.PostThenGet(t, library.EventCancelPath(token), url.Values{}, "Cookie: lang=en")
		if !strings.Contains(loc, "done=cancelled") {
			t.Errorf("cancelled to %s", loc)
		}
		has(t, "the cancelled page", page, e.Msg("en", "events_public.cancelled.done"))
		lacks(t, "the cancelled page", page, `class="event-cancel-link"`)

		// The second guest has the place now, and a notice says so.
		re, err := p.DB.SignupByToken(p.ctx, token2)
		if err != nil || re.Signup.Status != library.SignupRegistered {
			t.Errorf("the waiting guest after the cancellation: %+v, %v", re.Signup, err)
		}
		ns, _ := p.DB.PendingNotices(p.ctx, 100)
		promoted := false
		for _, n := range ns {
			promoted = promoted || n.Kind == library.NoticeEventPromoted && n.Guest != nil && n.Guest.Phone == "040 123 4567"
		}
		if !promoted {
			t.Error("no promotion notice to the waiting guest")
		}

		// The used link is gone; an unknown one is not found; both are pages.
		for link, want := range map[string]int{
			library.EventCancelPath(token):         http.StatusGone,
			library.EventCancelPath("no-such-one"): http.StatusNotFound,
		} {
			for _, method := range []string{"GET", "POST"} {
				resp, body := p.Do(t, method, link+"?lang=en", url.Values{})
				if resp.StatusCode != want || !strings.Contains(body, "<h1>") {
					t.Errorf("%s %s = %d, want %d", method, link, resp.StatusCode, want)
				}
			}
		}
		_, body = p.Get(t, library.EventCancelPath(token)+"?lang=en")
		has(t, "the used link", body, e.Msg("en", "error.event_signup_cancelled"))
		_, body = p.Get(t, library.EventCancelPath("no-such-one")+"?lang=en")
		has(t, "the unknown link", body, webtest.HTMLText(e.Msg("en", "error.event_token")))
	})
}

// TestPatronSignup signs a signed-in patron up with one click, with the
// card, and shows the sign-up in the API's "my events".
func TestPatronSignup(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		p := newPub(t, e)
		ev := p.event(t, nil)
		_, body := p.Get(t, path(ev), e.AsPatron("en"))
		has(t, "the patron's form", body, e.Msg("en", "events_public.signup.with_card"), `class="event-signup"`)
		lacks(t, "the patron's form", body, `name="email"`, e.Msg("en", "events_public.signup.signin"))
		token, page := p.signUp(t, ev, url.Values{}, e.AsPatron("en"))
		has(t, "the patron's confirmation", page, e.Bundle.N("en", "events_public.signed_up.places", 1, webtest.Pairs("Count", 1)),
			e.Msg("en", "events_public.signed_up.notice_patron"))
		// The notice is queued to the patron, with the link.
		ns, err := p.DB.Notices(p.ctx, e.Patron.ID)
		if err != nil || len(ns) != 1 || ns[0].Kind != library.NoticeEventRegistered || ns[0].Params["link"] != library.EventCancelPath(token) {
			t.Errorf("the patron's notices %+v, %v", ns, err)
		}
		re, err := p.DB.SignupByToken(p.ctx, token)
		if err != nil || re.Signup.PatronID != e.Patron.ID || re.Signup.Places != 1 {
			t.Errorf("the patron's sign-up %+v, %v", re.Signup, err)
		}
		// Twice is refused at the form.
		resp, body := p.Do(t, "POST", path(ev)+"/signup", url.Values{}, e.AsPatron("en"))
		if resp.StatusCode != http.StatusConflict {
			t.Errorf("a second sign-up = %d, want 409", resp.StatusCode)
		}
		has(t, "a second sign-up", body, e.Msg("en", "error.event_already_signed_up"), `role="alert"`)

		var mine struct {
			Events []struct {
				Registration struct {
					Status string `json:"status"`
					Places int    `json:"places"`
				} `json:"registration"`
				Event struct {
					ID int64 `json:"id"`
				} `json:"event"`
			} `json:"events"`
			Total int `json:"total"`
		}
		webtest.APIGet(t, e, "/api/v1/account/events", &mine)
		if mine.Total != 1 || mine.Events[0].Event.ID != ev.ID || mine.Events[0].Registration.Status != library.SignupRegistered {
			t.Errorf("my events %+v", mine)
		}
	})
}

// TestSignupRefusals: bad input and refused sign-ups say why, at the
// field or for the form, in the reader's language, with a 4xx, and
// write nothing.
func TestSignupRefusals(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		p := newPub(t, e)
		open := p.event(t, nil)
		full := p.event(t, func(ev *library.Event) { ev.Capacity, ev.WaitingList, ev.MaxPlaces = 1, false, 1 })
		p.signUp(t, full, guestForm("Eka", "eka@example.fi"))
		later := p.event(t, func(ev *library.Event) { ev.SignupOpens = at(3, 9, 0) })
		started := p.event(t, func(ev *library.Event) { ev.Start, ev.End = at(0, 9, 0), at(0, 11, 0) })
		none := p.event(t, func(ev *library.Event) { ev.Registration = false })

		for _, c := range []struct {
			name   string
			ev     library.Event
			form   url.Values
			status int
			key    string
			field  string // "" for the form's alert
		}{
			{"no name", open, url.Values{"email": {"a@example.fi"}}, 400, "error.event_guest_name", "name"},
			{"no contact", open, url.Values{"name": {"Aino"}}, 400, "error.event_guest_contact", "email"},
			{"a bad e-mail address", open, guestForm("Aino", "aino@"), 400, "error.event_guest_email", "email"},
			{"a bad phone number", open, url.Values{"name": {"Aino"}, "phone": {"12"}}, 400, "error.event_guest_phone", "phone"},
			{"too many places", open, url.Values{"name": {"Aino"}, "email": {"a@example.fi"}, "places": {"3"}}, 400, "error.event_places", "places"},
			{"places in letters", open, url.Values{"name": {"Aino"}, "email": {"a@example.fi"}, "places": {"two"}}, 400, "events_public.error.places", "places"},
			{"full", full, guestForm("Toka", "toka@example.fi"), 409, "error.event_full", ""},
			{"not open yet", later, guestForm("Aino", "a@example.fi"), 409, "error.event_signup_not_open", ""},
			{"started", started, guestForm("Aino", "a@example.fi"), 409, "error.event_started", ""},
			{"no sign-up", none, guestForm("Aino", "a@example.fi"), 400, "error.event_no_registration", ""},
		} {
			before := p.public(t, c.ev)
			resp, body := p.Do(t, "POST", path(c.ev)+"/signup", c.form, "Cookie: lang=sv")
			if resp.StatusCode != c.status {
				t.Errorf("%s: %d, want %d", c.name, resp.StatusCode, c.status)
			}
			msg := webtest.HTMLText(e.Srv.ErrorMessage("sv", c.key, &library.Error{Count: c.ev.MaxPlaces}))
			if c.field == "" {
				has(t, c.name, body, `<p class="alert" role="alert" id="signup-alert">`+msg)
			} else {
				has(t, c.name, body, `id="signup-`+c.field+`-error">`+msg, `aria-invalid="true" aria-describedby="signup-`+c.field+`-error`)
			}
			// What was typed stays in the form.
			if v := c.form.Get("name"); v != "" && c.field != "" {
				has(t, c.name, body, `value="`+v+`"`)
			}
			if after := p.public(t, c.ev); after.Taken != before.Taken || after.WaitingSignups != before.WaitingSignups {
				t.Errorf("%s: the sign-ups changed: %d/%d, then %d/%d", c.name, before.Taken, before.WaitingSignups, after.Taken, after.WaitingSignups)
			}
		}
		for _, path := range []string{"/events/999999/signup", "/events/x/signup"} {
			if resp, _ := p.Do(t, "POST", path, guestForm("Aino", "a@example.fi")); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s = %d, want 404", path, resp.StatusCode)
			}
		}
		// Another site's form cannot sign anyone up.
		resp, _ := p.Do(t, "POST", path(open)+"/signup", guestForm("Aino", "a@example.fi"), "Sec-Fetch-Site: cross-site")
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("a cross-site sign-up = %d, want 403", resp.StatusCode)
		}
		if got := p.public(t, open); got.Taken != 0 {
			t.Errorf("%d places taken at the open event after the refusals", got.Taken)
		}
	})
}

// TestGuestSignupLimit: guests sign up without a password, so one
// address gets no more attempts than the sign-in form gives; a signed-in
// patron is not limited.
func TestGuestSignupLimit(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		srv := e.Srv // the default limit: 10 at once
		p := newPub(t, e)
		p.Srv = srv
		ev := p.event(t, func(ev *library.Event) { ev.Capacity = 0 })
		for i := range 10 {
			form := guestForm("Vieras", "vieras"+strconv.Itoa(i)+"@example.fi")
			if resp, body := p.Do(t, "POST", path(ev)+"/signup", form); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("sign-up %d = %d:\n%s", i, resp.StatusCode, body)
			}
		}
		resp, body := p.Do(t, "POST", path(ev)+"/signup", guestForm("Vieras", "liikaa@example.fi"), "Cookie: lang=en")
		if resp.StatusCode != http.StatusTooManyRequests {
			t.Errorf("the 11th sign-up = %d, want 429", resp.StatusCode)
		}
		has(t, "the 11th sign-up", body, e.Msg("en", "error.too_many_attempts"))
		if got := p.public(t, ev); got.Taken != 10 {
			t.Errorf("%d taken, want 10", got.Taken)
		}
		p.signUp(t, ev, url.Values{}, e.AsPatron("en"))
	})
}
