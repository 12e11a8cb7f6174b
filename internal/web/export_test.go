package web

import "net/http"

// The core's internals that its external tests (package web_test, which
// serve the whole site through webtest) look at.

// OpenAPIDoc is the API's description, as served.
var OpenAPIDoc = openAPIDoc

// Mux returns the server's routes.
func Mux(s *Server) *http.ServeMux { return s.mux }

// The paging parameters of the API's lists.
const (
	ParamLimit  = paramLimit
	ParamOffset = paramOffset
)

// AcceptsGzip reports whether a request accepts gzip.
var AcceptsGzip = acceptsGzip

// Manifest and ManifestIcon are the web app manifest's JSON.
type (
	Manifest     = manifest
	ManifestIcon = manifestIcon
)
