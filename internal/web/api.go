package web

import (
	"net/http"
)

// The JSON API serves what the pages show, built by the same functions,
// so the two cannot drift apart. See docs/api.md.

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.searchPage(r)
	if err != nil {
		return err
	}
	next := ""
	if sp.Page < min(sp.Pages, maxPage) {
		next = nextURL(r, paramPage, sp.Page+1)
	}
	return writeWith(w, http.StatusOK, sp, map[string]any{"next": next})
}

func (s *Server) apiRecord(w http.ResponseWriter, r *http.Request) error {
	rp, err := s.recordPage(r.Context(), s.lang(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rp)
	return nil
}

func (s *Server) apiLibraries(w http.ResponseWriter, r *http.Request) error {
	cv, err := s.cities(r.Context(), s.lang(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cv)
	return nil
}

func (s *Server) apiLibrary(w http.ResponseWriter, r *http.Request) error {
	bp, err := s.branchPage(r.Context(), s.lang(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, bp)
	return nil
}
