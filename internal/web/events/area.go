// Package events is the part of Kirjasto's web library for the
// libraries' events: the residents' calendar (/events), an event's page
// with its sign-up, the calendar feeds and the API (public.go), and the
// staff's pages where events and series are written, cancelled and their
// attendees listed (staff.go).
//
// Every staff handler asks library.Permit: ActContent to write events at
// their branch, ActAttendees for attendee lists, attendance and sign-ups
// at the desk.
package events

import (
	"embed"
	"net/http"

	"github.com/kirjasto/kirjasto/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// server is the core with the events' handlers.
type server struct{ *web.Server }

// Area returns the events' part of the site.
func Area() web.Area { return web.Area{Name: "events", Templates: templates, Routes: routes} }

func routes(ws *web.Server, mux *http.ServeMux) {
	s := &server{ws}
	publicRoutes(s, mux)
	staffRoutes(s, mux)
	imageRoutes(s, mux)
	accountRoutes(s, mux)
}
