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

// serveOpenAPI serves the API's description, which covers the routes of
// every area (openapi_test.go checks that it does).
func (s *Server) serveOpenAPI(w http.ResponseWriter, r *http.Request) error {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=3600")
	h.Set("Access-Control-Allow-Origin", "*") // for API explorers on other sites
	w.Write(openAPIDoc)
	return nil
}
