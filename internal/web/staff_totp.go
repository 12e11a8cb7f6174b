package web

import (
	"net/http"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Staff who must set up two-step verification first. When the operator
// requires it of administrators (library.StaffAccounts.MustEnrolTOTP), an
// administrator without it may use their own account page, where they
// set it up, and nothing else: every other staff page sends them there.

// EnrolPath is the staff member's own account page, where two-step
// verification is set up (package admin serves it).
const EnrolPath = "/admin/account"

// StaffAccounts returns the store's staff accounts, if it keeps them.
func (s *Server) StaffAccounts() (library.StaffAccounts, bool) {
	if sa, ok := s.patrons.(library.StaffAccounts); ok {
		return sa, true
	}
	sa, ok := s.store.(library.StaffAccounts)
	return sa, ok
}

// mustEnrolFirst reports whether st may see r's page only after setting
// up two-step verification. Only administrators without it are asked
// the store, so other staff pages cost no extra query.
func (s *Server) mustEnrolFirst(r *http.Request, st library.Staff) (bool, error) {
	if !library.IsAdministrator(st.Role) || st.TOTP {
		return false, nil
	}
	if r.URL.Path == EnrolPath || strings.HasPrefix(r.URL.Path, EnrolPath+"/") {
		return false, nil
	}
	sa, ok := s.StaffAccounts()
	if !ok {
		return false, nil
	}
	return sa.MustEnrolTOTP(r.Context(), st)
}

// toEnrolment answers a request of a staff member who must set up two-step
// verification first: the API refuses, a page sends them to do it.
func (s *Server) toEnrolment(w http.ResponseWriter, r *http.Request) error {
	if IsAPI(r) {
		return &library.Error{Code: library.EFORBIDDEN, Key: "error.totp_enrol_first", Message: "set up two-step verification first"}
	}
	http.Redirect(w, r, EnrolPath, http.StatusSeeOther)
	return nil
}
