package web

import (
	"context"
	"net/http"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The signed-in staff member, for the staff areas (desk, admin). What they
// may do is decided by library.Permit alone.

// StaffHandler is a handler for a signed-in staff member.
type StaffHandler func(w http.ResponseWriter, r *http.Request, st library.Staff) error

// AsStaff runs h for the signed-in staff member, with the member library
// they work for, as library.Permit needs it; RequireStaff sends anyone
// else to sign in. The store names the library of an account; a branch's
// library is the fallback for an account that names none.
func (s *Server) AsStaff(h StaffHandler) HandlerFunc {
	return s.AsStaffWith(DefaultFormLimits, h)
}

// AsStaffWith is AsStaff for a route whose form is read within lim rather
// than the short forms' limits (see FormLimits).
func (s *Server) AsStaffWith(lim FormLimits, h StaffHandler) HandlerFunc {
	return s.RequireStaff(func(w http.ResponseWriter, r *http.Request) error {
		st, ok := s.CurrentStaff(r)
		if !ok {
			return library.Errorf(library.EUNAUTHORIZED, "no staff member signed in")
		}
		if err := ReadFormWith(w, r, lim); err != nil {
			return err
		}
		if st.Library == "" && st.Branch != "" {
			lib, err := s.branchLibrary(r.Context(), st.Branch)
			if err != nil {
				return err
			}
			st.Library = lib
		}
		r = r.WithContext(context.WithValue(r.Context(), staffKey{}, st))
		return h(w, r, st)
	})
}

// branchLibrary returns the member library a branch belongs to, or "" for
// a branch the consortium does not have.
func (s *Server) branchLibrary(ctx context.Context, branch string) (string, error) {
	_, branches, err := s.Consortium(ctx)
	if err != nil {
		return "", err
	}
	for _, b := range branches {
		if b.ID == branch {
			return b.LibraryID, nil
		}
	}
	return "", nil
}

// staffKey is the context key of the staff member AsStaff runs a handler
// for, with their library, so that Render can say what they may do.
type staffKey struct{}

// permittedStaff is the staff member AsStaff put in r's context.
func permittedStaff(r *http.Request) (library.Staff, bool) {
	st, ok := r.Context().Value(staffKey{}).(library.Staff)
	return st, ok
}
