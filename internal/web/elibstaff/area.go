// Package elibstaff is the staff's side of the e-library (issue 17,
// points 2 and 6): the e-collection at /admin/elib with the licences to
// renew first, each library's e-lending limits and monthly budget for
// cost-per-circulation loans at /admin/elib/rules, and each library's
// e-statistics at /admin/elib/stats (with a CSV of the table).
//
// A consortium administrator sees and sets everything; a library
// administrator sees their own library's licences beside the shared
// collection's (read only: the shared licences are the consortium's) and
// sets their own library's limits and budget. The collection and the
// rules ask library.Permit for ActELibrary, the statistics for
// ActStatistics, and the store asks again where it changes anything.
package elibstaff

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

// Area returns the e-library's staff pages.
func Area() web.Area { return web.Area{Name: "elibstaff", Templates: templates, Routes: routes} }

func routes(ws *web.Server, mux *http.ServeMux) {
	s := &server{ws}
	staff := func(pattern string, h web.StaffHandler) { mux.Handle(pattern, s.Wrap(s.AsStaff(h), false)) }
	staff("GET /admin/elib", s.serveCollection)
	staff("GET /admin/elib/rules", s.serveRules)
	staff("POST /admin/elib/limits", s.postLimits)
	staff("POST /admin/elib/budget", s.postBudget)
	staff("GET /admin/elib/stats", s.serveStats)
	staff("GET /admin/elib/stats.csv", s.serveStatsCSV)
}

// stores returns the store's e-library; every store Kirjasto runs on has
// it.
func (s *server) stores() (library.ELibrary, library.ELibraryStaff, error) {
	e, ok := s.Store().(library.ELibrary)
	es, ok2 := s.Store().(library.ELibraryStaff)
	if !ok || !ok2 {
		return nil, nil, errors.New("elibstaff: the store keeps no e-library")
	}
	return e, es, nil
}

// visible returns the owners ("" the shared collection) of the licences
// st may see: nil for all of them (a consortium administrator), else
// their own library's and the shared collection's.
func visible(st library.Staff) []string {
	if library.Permit(st, library.ActELibrary, library.ConsortiumScope) == nil {
		return nil
	}
	return []string{st.Library, ""}
}

// libraryName names a library in lang, "" the consortium.
func (s *server) libraryName(libs []library.Library, id, lang string) web.LangText {
	if id == "" {
		return web.LangText{Text: s.I18n().T(lang, "content.consortium", nil), Lang: lang}
	}
	for _, l := range libs {
		if l.ID == id {
			return web.TextIn(l.Name, lang)
		}
	}
	return web.LangText{Text: id}
}

// option is a choice of a select.
type option struct {
	Value    string
	Label    string
	Selected bool
}

func itoa(n int) string { return strconv.Itoa(n) }
