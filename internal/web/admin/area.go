// Package admin is the administration of Kirjasto's web library: the
// pages where staff set up and keep the consortium, its libraries and
// branches, staff, loan rules, patrons' registration and cataloguing.
//
// Today it holds the index of the administration (GET /admin), which the
// desk links to; the administration's pages join it as sections
// (sections.go). Every page asks library.Permit whether the signed-in
// staff member may do its action, and the index lists only the sections
// Permit allows them.
//
// Its handlers are methods of server, the core (package web) with this
// package's own; its pages are templates/*.html, rendered inside the
// core's layout.
package admin

import (
	"embed"
	"net/http"

	"github.com/kirjasto/kirjasto/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// server is the core with the administration's handlers.
type server struct{ *web.Server }

// Area returns the administration's part of the site.
func Area() web.Area { return web.Area{Name: "admin", Templates: templates, Routes: routes} }

func routes(ws *web.Server, mux *http.ServeMux) {
	s := &server{ws}
	page := func(pattern string, h web.StaffHandler) {
		mux.Handle(pattern, s.Wrap(s.AsStaffWith(largeForms[pattern], h), false))
	}
	page("GET /admin", s.serveIndex)
	s.staffRoutes(mux, page)
	page("GET /admin/rules", s.serveRules)
	page("GET /admin/rules/edit", s.serveRulesEdit)
	page("GET /admin/rules/explain", s.serveRulesExplain)
	page("POST /admin/rules/{id}/withdraw", s.serveRulesWithdraw)
	page("POST /admin/rules/edit", s.serveRulesPost)
	librariesRoutes(s, mux, page)
}

// largeForms are the routes whose forms are larger than the core's short
// forms, with their limits; every other route has the core's.
var largeForms = map[string]web.FormLimits{
	// The loan rules editor has a dozen fields a row.
	"POST /admin/rules/edit": {Values: (maxRows + 10) * 16, ValueLen: web.MaxParam, Body: 512 << 10},
	// A photo is read as a stream, refused at its field when too large.
	"POST /admin/branches/{id}/photo": web.PhotoForm,
}
