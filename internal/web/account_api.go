package web

import (
	"net/http"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The account's JSON twins of the pages, for the signed-in patron of the
// session cookie (token authentication for apps comes later). They are
// built by the same functions as the pages. See docs/api.md.

func (s *Server) apiAccount(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	ap, err := s.accountPage(r.Context(), s.lang(r), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ap)
	return nil
}

func (s *Server) apiLoans(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	lp, err := s.loansPage(r.Context(), s.lang(r), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, lp)
	return nil
}

func (s *Server) apiHolds(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	hp, err := s.holdsPage(r.Context(), s.lang(r), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, hp)
	return nil
}

func (s *Server) apiFees(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	fp, err := s.feesPage(r.Context(), s.lang(r), p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, fp)
	return nil
}
