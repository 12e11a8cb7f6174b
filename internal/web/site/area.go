// Package site is the public catalogue of Kirjasto's web library: the
// home page, search, records and works, libraries and their hours, the
// reserve form and ratings on a record's page, suggestions, exports, the
// JSON-LD that describes them, SRU and OAI-PMH, and their twins under
// /api/v1/.
//
// Its handlers are methods of server, the core (package web) with this
// package's own; its pages are templates/*.html, rendered inside the
// core's layout.
package site

import (
	"embed"
	"net/http"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// server is the core with the public catalogue's handlers.
type server struct{ *web.Server }

// Area returns the public catalogue's part of the site.
func Area() web.Area { return web.Area{Name: "site", Templates: templates, Routes: routes} }

func routes(ws *web.Server, mux *http.ServeMux) {
	s := &server{ws}
	page := func(pattern string, h web.HandlerFunc) { mux.Handle(pattern, s.Wrap(h, false)) }
	api := func(pattern string, h web.HandlerFunc) { mux.Handle(pattern, s.Wrap(h, true)) }
	patron := func(pattern string, h web.PatronHandler) { mux.Handle(pattern, s.Wrap(s.AsPatron(h), false)) }

	page("GET /{$}", s.serveHome)
	page("GET /search", s.serveSearchOrExport)
	page("GET /records/{id}", s.serveRecordOrExport)
	page("GET /libraries", s.serveLibraries)
	page("GET /libraries/{id}", s.serveLibrary)
	page("GET /libraries/{id}/hours.ics", s.serveHoursICS)
	page("GET /libraries/{id}/photo", s.servePhoto)
	mux.Handle("/sru", s.sruHandler())
	mux.Handle("/oai", s.oaiHandler())
	s.workRoutes(mux)

	// A patron's own on a record's page: the reserve form and the rating.
	patron("POST /records/{id}/hold", s.placeHold)
	// Signing in from the reserve form comes back here by GET: send the
	// patron on to the form on the record page.
	patron("GET /records/{id}/hold", func(w http.ResponseWriter, r *http.Request, _ library.Patron) error {
		id, err := web.ParseRecordID(r.PathValue("id"))
		if err != nil {
			return err
		}
		http.Redirect(w, r, web.RecordURL(id)+"#reserve", http.StatusSeeOther)
		return nil
	})
	patron("GET /account/holds/{id}/placed", s.serveHoldPlaced)
	patron("POST /records/{id}/rating", s.rateRecord)
	patron("GET /records/{id}/rating", s.BackToRecord("#rating"))

	api("GET /api/v1/search", s.apiSearch)
	api("GET /api/v1/records/{id}", s.apiRecord)
	api("GET /api/v1/records/{id}/availability", s.apiAvailability)
	api("GET /api/v1/libraries", s.apiLibraries)
	api("GET /api/v1/libraries/{id}", s.apiLibrary)
	api("GET /api/v1/suggest", s.apiSuggest)
	api("GET /api/v1/stats", s.apiStats)
}
