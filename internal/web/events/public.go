package events

import (
	"net/http"

	"github.com/kirjasto/kirjasto/internal/web"
)

// The residents' side of the events: the calendar (/events) with its
// filters (public_list.go), an event's page with its sign-up form
// (public_event.go, public_signup.go), the cancellation page of the link
// every confirmation carries, the calendar files and feeds
// (public_ical.go), and the same as JSON under /api/v1/ (api.go). Every
// page reads only what is public at the server's now.

// publicRoutes registers the residents' pages, feeds and API.
func publicRoutes(s *server, mux *http.ServeMux) {
	page := func(pattern string, h web.HandlerFunc) { mux.Handle(pattern, s.Wrap(h, false)) }
	page("GET /events", s.serveList)
	page("GET /events.ics", s.serveFeed)
	page("GET /events/{id}", s.serveEvent) // and /events/{id}.ics
	page("POST /events/{id}/signup", s.postSignup)
	page("GET /events/registrations/{token}", s.serveSignedUp)
	page("GET /events/registrations/{token}/cancel", s.serveCancel)
	page("POST /events/registrations/{token}/cancel", s.postCancel)
	apiRoutes(s, mux)
	s.AddMenuLink("/events", "events_public.nav")
}
