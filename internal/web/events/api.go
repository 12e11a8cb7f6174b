package events

import (
	"net/http"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The events' API: the calendar and an event as the pages show them,
// signing up (a patron of a bearer token or the session, or a guest with
// a name and contact details), cancelling with the token, and the
// patron's own sign-ups. See docs/api.md.

func apiRoutes(s *server, mux *http.ServeMux) {
	api := func(pattern string, h web.HandlerFunc) { mux.Handle(pattern, s.Wrap(h, true)) }
	api("GET /api/v1/events", s.apiEvents)
	api("GET /api/v1/events/{id}", s.apiEvent)
	api("POST /api/v1/events/{id}/registrations", s.apiSignup)
	api("DELETE /api/v1/events/registrations/{token}", s.apiCancel)
	mux.Handle("GET /api/v1/account/events", s.Wrap(s.AsPatron(s.apiPatronEvents), true))
}

// eventList is GET /api/v1/events.
type eventList struct {
	Events []eventView `json:"events"`
}

func (s *server) apiEvents(w http.ResponseWriter, r *http.Request) error {
	f, ferr := s.readFilter(r)
	if ferr != nil {
		return ferr.err
	}
	offset, limit, err := web.ReadPaging(r)
	if err != nil {
		return err
	}
	ev, err := s.events()
	if err != nil {
		return err
	}
	f.Offset, f.Limit = offset, limit
	page, err := ev.UpcomingEvents(r.Context(), f, s.Now())
	if err != nil {
		return err
	}
	list := eventList{Events: []eventView{}}
	for _, e := range page.Events {
		v, err := s.view(r.Context(), e, s.Lang(r), false)
		if err != nil {
			return err
		}
		list.Events = append(list.Events, v)
	}
	return web.WritePart(w, r, list, offset, limit, page.Total)
}

func (s *server) apiEvent(w http.ResponseWriter, r *http.Request) error {
	e, err := s.publicEvent(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	v, err := s.view(r.Context(), e, s.Lang(r), true)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, v)
	return nil
}

// registrationView is a sign-up as the API shows it. Token and
// CancelURL are in the answer that made it only.
type registrationView struct {
	ID        int64     `json:"id"`
	EventID   int64     `json:"event_id"`
	Status    string    `json:"status"`
	Places    int       `json:"places"`
	Position  int       `json:"position"` // on the waiting list, 1 first; 0 with a place
	Created   time.Time `json:"created"`
	Token     string    `json:"token,omitempty"`
	CancelURL string    `json:"cancel_url,omitempty"`
}

func newRegistration(su library.Signup) registrationView {
	return registrationView{ID: su.ID, EventID: su.EventID, Status: su.Status, Places: su.Places,
		Position: su.Position, Created: su.Created.UTC()}
}

// registered is a sign-up with its event.
type registered struct {
	Registration registrationView `json:"registration"`
	Event        eventView        `json:"event"`
}

// signupBody is the body of POST /api/v1/events/{id}/registrations, as
// JSON or a form: a guest's details, or nothing but places for a patron.
type signupBody struct {
	Places int    `json:"places"`
	Name   string `json:"name"`
	Email  string `json:"email"`
	Phone  string `json:"phone"`
}

func (s *server) apiSignup(w http.ResponseWriter, r *http.Request) error {
	var b signupBody
	if web.IsJSON(r) {
		if err := web.ReadJSON(w, r, &b); err != nil {
			return err
		}
	} else {
		if err := web.ReadForm(w, r); err != nil {
			return err
		}
		b.Name, b.Email, b.Phone = r.PostFormValue("name"), r.PostFormValue("email"), r.PostFormValue("phone")
		if p := r.PostFormValue("places"); p != "" {
			n, err := strconv.Atoi(p)
			if err != nil {
				return &library.Error{Code: library.EINVALID, Key: "events_public.error.places", Message: "places " + p}
			}
			b.Places = n
		}
	}
	e, err := s.publicEvent(r, r.PathValue("id"))
	if err != nil {
		return err
	}
	if _, has := web.Bearer(r); has {
		// A token that is wrong is refused, never taken for a guest.
		if _, ok := s.CurrentPatron(r); !ok {
			return &library.Error{Code: library.EUNAUTHORIZED, Key: "error.signin_required", Message: "bad bearer token"}
		}
	}
	req := library.SignupRequest{EventID: e.ID, Places: b.Places}
	if b.Places < 0 {
		req.Places = -1 // refused by Validate, not taken for the default
	}
	if p, ok := s.CurrentPatron(r); ok {
		req.PatronID = p.ID
	} else {
		if !s.allowGuest(w, r) {
			s.TooManyRequests(w, r, "error.too_many_attempts")
			return nil
		}
		req.Guest = &library.Guest{Name: b.Name, Email: b.Email, Phone: b.Phone, Lang: s.Lang(r)}
	}
	ev, err := s.events()
	if err != nil {
		return err
	}
	done, err := ev.SignUp(r.Context(), req, s.Now())
	if err != nil {
		return err
	}
	v, err := s.view(r.Context(), done.Event, s.Lang(r), false)
	if err != nil {
		return err
	}
	reg := newRegistration(done.Signup)
	reg.Token, reg.CancelURL = done.Token, s.siteURL(r)+library.EventCancelPath(done.Token)
	web.WriteJSON(w, http.StatusCreated, registered{reg, v})
	return nil
}

func (s *server) apiCancel(w http.ResponseWriter, r *http.Request) error {
	ev, err := s.events()
	if err != nil {
		return err
	}
	if _, err := ev.CancelByToken(r.Context(), r.PathValue("token"), s.Now()); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// patronEvents is GET /api/v1/account/events.
type patronEvents struct {
	Events []registered `json:"events"`
}

func (s *server) apiPatronEvents(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	ev, err := s.events()
	if err != nil {
		return err
	}
	res, err := ev.PatronEvents(r.Context(), p.ID, s.Now())
	if err != nil {
		return err
	}
	out := patronEvents{Events: []registered{}}
	for _, re := range res {
		v, err := s.view(r.Context(), re.Event, s.Lang(r), false)
		if err != nil {
			return err
		}
		out.Events = append(out.Events, registered{newRegistration(re.Signup), v})
	}
	return web.WritePaged(w, r, out, &out.Events)
}
