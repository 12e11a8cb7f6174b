package events

import "net/http"

// publicRoutes registers the residents' pages, feeds and API.
func publicRoutes(s *server, mux *http.ServeMux) {}
