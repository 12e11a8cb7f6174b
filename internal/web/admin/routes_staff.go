package admin

import (
	"net/http"

	"github.com/kirjasto/kirjasto/internal/web"
)

// staffRoutes registers the pages of staff accounts, the own account, the
// audit trail and the first administrator's link.
func (s *server) staffRoutes(mux *http.ServeMux, page func(string, web.StaffHandler)) {
	page("GET /admin/staff", s.serveStaffList)
	page("GET /admin/staff/new", s.serveStaffNew)
	page("POST /admin/staff", s.postStaff)
	page("POST /admin/staff/totp-required", s.postTOTPRequired)
	page("GET /admin/staff/{id}", s.serveStaffAccount)
	page("POST /admin/staff/{id}", s.postStaffAccount)
	page("POST /admin/staff/{id}/state", s.postStaffState)
	page("POST /admin/staff/{id}/password", s.postStaffPassword)
	page("POST /admin/staff/{id}/totp/remove", s.postStaffTOTPRemove)
	page("GET /admin/account", s.serveOwn)
	page("POST /admin/account/password", s.postOwnPassword)
	page("POST /admin/account/totp", s.postOwnTOTP)
	page("POST /admin/account/totp/confirm", s.postOwnTOTPConfirm)
	page("POST /admin/account/totp/remove", s.postOwnTOTPRemove)
	page("GET /admin/audit", s.serveAudit)

	public := func(pattern string, h web.HandlerFunc) { mux.Handle(pattern, s.Wrap(h, false)) }
	public("GET /setup/{token}", s.serveSetup)
	public("POST /setup/{token}", s.postSetup)
}
