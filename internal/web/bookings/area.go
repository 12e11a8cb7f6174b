// Package bookings is the part of Kirjasto's web library for booking the
// libraries' rooms, studios, instruments and equipment and hours of
// digital help: the residents' pages of resources, their free times and
// bookings, the feeds and the API (public.go), and the staff's pages where
// resources are defined and a branch's bookings are run (staff.go).
//
// Every staff handler asks library.Permit: ActResources to define a
// branch's resources, ActBookings for its schedule, check-in, no-shows,
// approvals, staff blocks and bookings on a resident's behalf.
package bookings

import (
	"embed"
	"net/http"

	"github.com/kirjasto/kirjasto/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// server is the core with the bookings' handlers.
type server struct{ *web.Server }

// Area returns the bookings' part of the site.
func Area() web.Area { return web.Area{Name: "bookings", Templates: templates, Routes: routes} }

func routes(ws *web.Server, mux *http.ServeMux) {
	s := &server{ws}
	publicRoutes(s, mux)
	staffRoutes(s, mux)
}
