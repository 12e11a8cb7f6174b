package bookings

import "net/http"

// staffRoutes registers the staff's pages.
func staffRoutes(s *server, mux *http.ServeMux) {}
