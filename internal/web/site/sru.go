package site

import (
	"net/http"

	"github.com/kirjasto/kirjasto/internal/sru"
)

// sruHandler serves SRU 1.2 and 2.0 (package sru) over the same search as
// the web pages; scan lists the search index's titles, authors and
// subjects. It is not wrapped like pages: SRU reports every error as a
// diagnostic in XML, and CQL queries outgrow the pages' parameter limits.
func (s *server) sruHandler() http.Handler {
	sc, _ := s.Search().(sru.Scanner)
	return sru.New(sru.Config{Search: s.Search(), Record: s.Store().Record, Scan: sc, Logger: s.Logger()})
}
