// Package desk is the staff's part of Kirjasto's web library: staff
// sign-in, the circulation desk (check-out, check-in, renewals, holds and
// fees at the desk), its work lists (pick list, hold shelf, transit) and
// the outbox of notices.
//
// Its handlers are methods of server, the core (package web) with this
// package's own; its pages are templates/*.html, rendered inside the
// core's layout. Each handler asks library.Permit whether the signed-in
// staff member may act (rights.go).
package desk

import (
	"embed"
	"net/http"

	"github.com/kirjasto/kirjasto/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// server is the core with the staff desk's handlers.
type server struct{ *web.Server }

// Area returns the staff desk's part of the site.
func Area() web.Area { return web.Area{Name: "desk", Templates: templates, Routes: routes} }

func routes(ws *web.Server, mux *http.ServeMux) {
	s := &server{ws}
	page := func(pattern string, h web.HandlerFunc) { mux.Handle(pattern, s.Wrap(h, false)) }
	page("GET /staff/signin", s.serveStaffSignIn)
	page("POST /staff/signin", s.postStaffSignIn)
	page("GET /staff/signin/code", s.serveStaffCode)
	page("POST /staff/signin/code", s.postStaffCode)
	page("POST /staff/signout", s.postStaffSignOut)
	page("GET /staff/outbox", s.RequireStaff(s.serveOutbox))
	s.deskRoutes(mux)
}
