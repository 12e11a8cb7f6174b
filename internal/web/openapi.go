package web

import (
	_ "embed"
	"net/http"
)

// The OpenAPI 3.1 document of the JSON API, served at /api/openapi.json.
// It is written by hand, next to the handlers, and describes every field
// of every answer. openapi_test.go walks the routes and checks that the
// two agree both ways; openapi_live_test.go validates real answers against
// the document's schemas with a JSON Schema validator.
//
//go:embed openapi.json
var openAPIDoc []byte

// apiRoutes registers the API's endpoints beyond the pages' twins: the
// document itself, tokens, the account's changes and availability, and
// the page and calendar feed that go with tokens (account_apps.go).
func (s *Server) apiRoutes(mux *http.ServeMux) {
	mux.Handle("GET /api/openapi.json", s.Wrap(s.serveOpenAPI, true))
	mux.Handle("GET /api/v1/records/{id}/availability", s.Wrap(s.apiAvailability, true))
	s.tokenRoutes(mux)
	s.accountAPIRoutes(mux)
	s.appsRoutes(mux)
}

func (s *Server) serveOpenAPI(w http.ResponseWriter, r *http.Request) error {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=3600")
	h.Set("Access-Control-Allow-Origin", "*") // for API explorers on other sites
	w.Write(openAPIDoc)
	return nil
}
