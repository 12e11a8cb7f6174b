package admin

import (
	"net/http"
	"time"

	"github.com/kirjasto/kirjasto/internal/web"
)

// The administration's sealed cookies (web.Server.Seal) are sealed under
// the staff member's session.

func (s *server) seal(w http.ResponseWriter, r *http.Request, name, path string, ttl time.Duration, v any) bool {
	return s.Seal(w, r, web.StaffCookie, name, path, ttl, v)
}

func (s *server) unseal(r *http.Request, name string, v any) bool {
	return s.Unseal(r, web.StaffCookie, name, v)
}

func (s *server) dropCookie(w http.ResponseWriter, r *http.Request, name, path string) {
	s.DropCookie(w, r, name, path)
}
