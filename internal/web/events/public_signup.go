package events

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Signing up on an event's page, the confirmation, and cancelling with
// the link the confirmation carries (library.EventCancelPath, which the
// store's notices write under the site's address).
//
// The confirmation is at /events/registrations/{token}: the POST
// redirects there, so that reloading it signs nobody up twice. The token
// is the sign-up's only key: shown on that page and in the confirmation
// notice, never on staff pages.

// signupRequest reads the sign-up form: the signed-in patron's card, or a
// guest's name and contact details; and the places.
func (s *server) signupRequest(r *http.Request, eventID int64, patron *library.Patron, places string) (library.SignupRequest, error) {
	req := library.SignupRequest{EventID: eventID}
	if places = strings.TrimSpace(places); places != "" {
		n, err := strconv.Atoi(places)
		if err != nil || n < 1 || n > library.MaxEventPlaces {
			return req, &library.Error{Code: library.EINVALID, Key: "events_public.error.places", Message: "places " + places}
		}
		req.Places = n
	}
	if patron != nil {
		req.PatronID = patron.ID
		return req, nil
	}
	req.Guest = &library.Guest{Name: r.PostFormValue("name"), Email: r.PostFormValue("email"),
		Phone: r.PostFormValue("phone"), Lang: s.Lang(r)}
	return req, nil
}

func (s *server) postSignup(w http.ResponseWriter, r *http.Request) error {
	if err := web.ReadForm(w, r); err != nil {
		return err
	}
	p, err := s.eventPage(r)
	if err != nil {
		return err
	}
	for _, k := range []string{"name", "email", "phone", "places"} {
		p.Values[k] = r.PostFormValue(k)
	}
	var patron *library.Patron
	if pt, ok := s.CurrentPatron(r); ok {
		patron = &pt
	} else if !s.allowGuest(w, r) {
		p.Alert = s.Tr(r, "error.too_many_attempts")
		web.NoStore(w)
		s.Render(w, r, http.StatusTooManyRequests, "events_event", p.Event.Title.Text, p)
		return nil
	}
	req, err := s.signupRequest(r, p.Event.ID, patron, r.PostFormValue("places"))
	if err != nil {
		return s.refuse(w, r, p, err)
	}
	ev, err := s.events()
	if err != nil {
		return err
	}
	done, err := ev.SignUp(r.Context(), req, s.Now())
	if err != nil {
		return s.refuse(w, r, p, err)
	}
	http.Redirect(w, r, "/events/registrations/"+url.PathEscape(done.Token)+"?new=1", http.StatusSeeOther)
	return nil
}

// signupPage is the confirmation of a sign-up, and its cancellation page.
type signupPage struct {
	Event     eventView
	Signup    library.Signup
	Token     string
	New       bool // just signed up: the confirmation notice was queued
	Done      bool // just cancelled
	Waiting   bool
	Cancelled bool
	Started   bool // too late to cancel
	CancelURL string
	Alert     string
}

// signupByToken reads the sign-up of the path's token and describes it.
func (s *server) signupByToken(r *http.Request) (*signupPage, error) {
	token := r.PathValue("token")
	ev, err := s.events()
	if err != nil {
		return nil, err
	}
	re, err := ev.SignupByToken(r.Context(), token)
	if err != nil {
		return nil, err
	}
	v, err := s.view(r.Context(), re.Event, s.Lang(r), false)
	if err != nil {
		return nil, err
	}
	return &signupPage{Event: v, Signup: re.Signup, Token: token,
		Waiting: re.Signup.Status == library.SignupWaiting, Cancelled: re.Signup.Status == library.SignupCancelled,
		Started: !s.Now().Before(re.Event.Start), CancelURL: library.EventCancelPath(url.PathEscape(token))}, nil
}

// serveSignedUp is the confirmation: a place or the waiting list (with
// the place in line), and the link to cancel.
func (s *server) serveSignedUp(w http.ResponseWriter, r *http.Request) error {
	p, err := s.signupByToken(r)
	if err != nil {
		return err
	}
	p.New = r.URL.Query().Get("new") != "" && !p.Cancelled
	p.Done = r.URL.Query().Get("done") == "cancelled" && p.Cancelled
	title := "events_public.signed_up.title"
	switch {
	case p.Cancelled:
		title = "events_public.cancelled.title"
	case p.Waiting:
		title = "events_public.waiting.title"
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "events_signed_up", s.Tr(r, title), p)
	return nil
}

// serveCancel shows what the link cancels, with a button to confirm: a
// GET never cancels, for mail scanners follow links. A sign-up already
// cancelled is gone (410).
func (s *server) serveCancel(w http.ResponseWriter, r *http.Request) error {
	p, err := s.signupByToken(r)
	if err != nil {
		return err
	}
	status := http.StatusOK
	switch {
	case p.Cancelled:
		status = http.StatusGone
		p.Alert = s.Tr(r, "error.event_signup_cancelled")
	case p.Started:
		status = http.StatusConflict
		p.Alert = s.Tr(r, "events_public.cancel.too_late")
	}
	web.NoStore(w)
	s.Render(w, r, status, "events_cancel", s.Tr(r, "events_public.cancel.title"), p)
	return nil
}

func (s *server) postCancel(w http.ResponseWriter, r *http.Request) error {
	if err := web.ReadForm(w, r); err != nil {
		return err
	}
	ev, err := s.events()
	if err != nil {
		return err
	}
	token := r.PathValue("token")
	if _, err := ev.CancelByToken(r.Context(), token, s.Now()); err != nil {
		if library.ErrorCode(err) != library.ECONFLICT {
			return err
		}
		// Already cancelled, or the event has started: the page says which.
		return s.serveCancel(w, r)
	}
	http.Redirect(w, r, "/events/registrations/"+url.PathEscape(token)+"?done=cancelled", http.StatusSeeOther)
	return nil
}

// allowGuest counts a guest's sign-up against the client's address.
// Guests sign up without a password, so the site's limit of sign-in
// attempts keeps one address from filling events; the count is their
// own, so that signing up for events never locks anyone out of signing in.
func (s *server) allowGuest(w http.ResponseWriter, r *http.Request) bool {
	return s.Allow(w, r, "event-signup "+s.ClientIP(r))
}
