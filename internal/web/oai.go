package web

import (
	"net/http"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/oai"
)

// oaiHandler serves OAI-PMH 2.0 (package oai) from a store that keeps
// datestamps and tombstones; a store without them has no /oai.
func (s *Server) oaiHandler() http.Handler {
	h, ok := s.store.(library.Harvester)
	if !ok {
		return http.NotFoundHandler()
	}
	return oai.New(oai.Config{Harvester: h, Libraries: s.store.Libraries, Now: s.now, Logger: s.log})
}
