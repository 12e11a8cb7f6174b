// Package picks is the part of Kirjasto's web library where librarians
// recommend: public lists of catalogue records ("Sello recommends: autumn
// crime", "Easy Finnish", "New vinyl at the music library"), each with a
// title and a short text in several languages, of the consortium, a
// member library or one of its branches.
//
// Staff with the content role put them together at /admin/picks: they
// write the texts (Finnish required, Markdown), add records by their ID,
// ISBN or a search of the catalogue, order them, note them, and publish
// the pick at once or at a time to come. Residents see them at /picks
// and /picks/{id}, each record with its cover and how many copies are on
// the shelf now and where; the home page and a library's page show them
// through the partial "picks-cards" of the core's partials.html and this
// package's Cards. An Atom feed (/picks.atom, and /libraries/{id}/picks.atom
// for a library's page) and the API (/api/v1/picks) publish them too.
//
// Every staff handler asks library.Permit for ActContent at the pick's
// scope, and the store asks again.
package picks

import (
	"embed"
	"errors"
	"net/http"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// server is the core with this area's handlers.
type server struct{ *web.Server }

// Area returns the librarians' picks' part of the site.
func Area() web.Area { return web.Area{Name: "picks", Templates: templates, Routes: routes} }

// editorLimits are the limits of the editor's forms: seven languages of a
// title and a text, and a hundred records' notes in as many.
var editorLimits = web.FormLimits{Values: 1000, ValueLen: 64 << 10, Body: 4 << 20}

func routes(ws *web.Server, mux *http.ServeMux) {
	s := &server{ws}
	page := func(pattern string, h web.HandlerFunc) { mux.Handle(pattern, s.Wrap(h, false)) }
	api := func(pattern string, h web.HandlerFunc) { mux.Handle(pattern, s.Wrap(h, true)) }
	staff := func(pattern string, h web.StaffHandler) {
		mux.Handle(pattern, s.Wrap(s.AsStaffWith(editorLimits, h), false))
	}

	page("GET /picks", s.servePicks)
	page("GET /picks/{id}", s.servePick)
	page("GET /picks.atom", s.serveFeed)
	page("GET /libraries/{id}/picks.atom", s.serveFeed)
	api("GET /api/v1/picks", s.apiPicks)
	api("GET /api/v1/picks/{id}", s.apiPick)

	staff("GET /admin/picks", s.serveAdminList)
	staff("GET /admin/picks/new", s.serveNew)
	staff("POST /admin/picks", s.postNew)
	staff("GET /admin/picks/{id}", s.serveEdit)
	staff("POST /admin/picks/{id}", s.postEdit)
	staff("POST /admin/picks/{id}/publish", s.postPublish)
	staff("POST /admin/picks/{id}/unpublish", s.postUnpublish)
	staff("POST /admin/picks/{id}/delete", s.postDelete)
}

// picksOf returns the store's picks; every store Kirjasto runs on keeps
// them.
func picksOf(ws *web.Server) (library.Picks, error) {
	p, ok := ws.Store().(library.Picks)
	if !ok {
		return nil, errors.New("picks: the store keeps no picks")
	}
	return p, nil
}

// pickURL is the public address of a pick.
func pickURL(id int64) string { return "/picks/" + strconv.FormatInt(id, 10) }

// adminURL is the staff's address of a pick.
func adminURL(id int64) string { return "/admin/picks/" + strconv.FormatInt(id, 10) }

// pathID reads the {id} of a path; a malformed one is not found, as a
// missing one is.
func pathID(r *http.Request) (int64, error) {
	id, err := web.ParseID(r.PathValue("id"))
	if err != nil {
		return 0, &library.Error{Code: library.ENOTFOUND, Key: "error.pick_not_found", Message: "pick " + r.PathValue("id")}
	}
	return id, nil
}
