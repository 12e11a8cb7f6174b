package web

import (
	"net/http"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/sru"
)

// sruHandler serves SRU 1.2 and 2.0 (package sru) over the same search as
// the web pages; scan lists the autocomplete's titles, authors and
// subjects. It is not wrapped like pages: SRU reports every error as a
// diagnostic in XML, and CQL queries outgrow the pages' parameter limits.
func (s *Server) sruHandler() http.Handler {
	sg, _ := s.search.(library.Suggester)
	return sru.New(sru.Config{Search: s.search, Record: s.store.Record, Suggest: sg, Logger: s.log})
}
