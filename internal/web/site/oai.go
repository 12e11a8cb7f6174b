package site

import (
	"net/http"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/oai"
)

// oaiHandler serves OAI-PMH 2.0 (package oai) from a store that keeps
// datestamps and tombstones; a store without them has no /oai. It runs on
// the real clock, not the server's (which tests move): datestamps are
// the store's, and a list ends at the present.
func (s *server) oaiHandler() http.Handler {
	h, ok := s.Store().(library.Harvester)
	if !ok {
		return http.NotFoundHandler()
	}
	return oai.New(oai.Config{Harvester: h, Libraries: s.Store().Libraries, AdminEmail: s.AdminEmail(), Logger: s.Logger()})
}
