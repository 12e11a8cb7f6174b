// Package stats is the staff's statistics (issue 18): the dashboard at
// /admin/stats, scoped by role (a branch sees its branch, a library its
// library, the consortium everything), and the yearly national report at
// /admin/stats/national in the layout of the Finnish public libraries'
// statistics. Every table on both pages downloads as CSV and XLSX, and
// every chart is an SVG drawn here with the same numbers in a table
// beside it: no JavaScript.
//
// The figures are sums of the roll-up's aggregates (internal/store
// stats_*.go, docs/statistics.md): no page reads a patron.
package stats

import (
	"embed"
	"errors"
	"net/http"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// server is the core with this area's handlers.
type server struct{ *web.Server }

// Area returns the staff's statistics pages.
func Area() web.Area { return web.Area{Name: "stats", Templates: templates, Routes: routes} }

func routes(ws *web.Server, mux *http.ServeMux) {
	s := &server{Server: ws}
	staff := func(pattern string, h web.StaffHandler) { mux.Handle(pattern, s.Wrap(s.AsStaff(h), false)) }
	staff("GET /admin/stats", s.serveDashboard)
	staff("GET /admin/stats/national", s.serveNational)
}

// stats returns the store's statistics; every store Kirjasto runs on
// has them.
func (s *server) stats() (library.StaffStatistics, error) {
	st, ok := s.Store().(library.StaffStatistics)
	if !ok {
		return nil, errors.New("stats: the store keeps no statistics")
	}
	return st, nil
}
