package events

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// An event's page: its details in the reader's language, its calendar
// file, and its sign-up form (public_signup.go): one button for a
// signed-in patron, name and contact details for anyone else.

// eventPage is /events/{id}.
type eventPage struct {
	Event eventView
	// CanSignUp says the form is shown; Patron that the signed-in
	// patron signs up with their card.
	CanSignUp bool
	Patron    bool
	Places    []int             // the choices of places, when more than one may be taken
	Values    map[string]string // the form as typed
	Errors    map[string]string // field → message
	Alert     string            // a refusal of the whole sign-up
	SignInURL string
}

func (s *server) serveEvent(w http.ResponseWriter, r *http.Request) error {
	if id, ok := strings.CutSuffix(r.PathValue("id"), ".ics"); ok {
		return s.serveEventICS(w, r, id)
	}
	p, err := s.eventPage(r)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "events_event", p.Event.Title.Text, p)
	return nil
}

// publicEvent reads the public event the path names.
func (s *server) publicEvent(r *http.Request, idText string) (library.Event, error) {
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return library.Event{}, &library.Error{Code: library.ENOTFOUND, Key: "error.event_not_found", Message: "event id " + idText}
	}
	ev, err := s.events()
	if err != nil {
		return library.Event{}, err
	}
	return ev.PublicEvent(r.Context(), id, s.Now())
}

// eventPage builds the page of the event of the path, with an empty
// sign-up form.
func (s *server) eventPage(r *http.Request) (*eventPage, error) {
	e, err := s.publicEvent(r, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	v, err := s.view(r.Context(), e, s.Lang(r), true)
	if err != nil {
		return nil, err
	}
	p := &eventPage{Event: v, Values: map[string]string{}, Errors: map[string]string{}}
	switch v.State {
	case stateOpen, stateWaiting:
		p.CanSignUp = true
	}
	_, p.Patron = s.CurrentPatron(r)
	if !p.Patron {
		p.SignInURL = "/signin?next=" + url.QueryEscape(v.URL)
	}
	if v.MaxPlaces > 1 {
		for n := 1; n <= v.MaxPlaces; n++ {
			p.Places = append(p.Places, n)
		}
	}
	return p, nil
}

// signupFields puts the store's refusals of a sign-up at their fields;
// the others belong to the whole form.
var signupFields = map[string]string{
	"error.event_guest_name": "name", "error.event_guest_contact": "email", "error.event_guest_email": "email",
	"error.event_guest_phone": "phone", "error.event_places": "places", "events_public.error.places": "places",
}

// refuse shows the event's page again with err at its field, or as the
// form's alert, and the form as typed.
func (s *server) refuse(w http.ResponseWriter, r *http.Request, p *eventPage, err error) error {
	code := library.ErrorCode(err)
	status := web.HTTPStatus(code)
	if status >= 500 || code == library.ENOTFOUND && library.ErrorKey(err) == "error.event_not_found" {
		return err
	}
	lang := s.Lang(r)
	key := library.ErrorKey(err)
	if !s.I18n().Has(lang, key) {
		key = "error." + code
	}
	msg := s.ErrorMessage(lang, key, err)
	if field, ok := signupFields[key]; ok && (field == "places" || !p.Patron) {
		p.Errors[field] = msg
	} else {
		p.Alert = msg
	}
	web.NoStore(w)
	s.Render(w, r, status, "events_event", p.Event.Title.Text, p)
	return nil
}
