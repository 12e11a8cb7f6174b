package web

import (
	"net/http"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The signed-in patron, for the areas with a patron's pages (account, and
// the forms on a record's page in site).

// PatronHandler is a handler for a signed-in patron.
type PatronHandler func(w http.ResponseWriter, r *http.Request, p library.Patron) error

// WebActor is the patron acting for themselves on the web.
func WebActor(p library.Patron) library.Actor { return library.Actor{PatronID: p.ID} }

// AsPatron runs h for the signed-in patron; RequirePatron sends anyone
// else to sign in.
func (s *Server) AsPatron(h PatronHandler) HandlerFunc {
	return s.RequirePatron(func(w http.ResponseWriter, r *http.Request) error {
		p, ok := s.CurrentPatron(r)
		if !ok {
			return library.Errorf(library.EUNAUTHORIZED, "no patron signed in")
		}
		if err := ReadForm(w, r); err != nil {
			return err
		}
		return h(w, r, p)
	})
}

// BackToRecord sends a GET of a record's form address to the form.
func (s *Server) BackToRecord(anchor string) PatronHandler {
	return func(w http.ResponseWriter, r *http.Request, _ library.Patron) error {
		id, err := ParseRecordID(r.PathValue("id"))
		if err != nil {
			return err
		}
		http.Redirect(w, r, RecordURL(id)+anchor, http.StatusSeeOther)
		return nil
	}
}
