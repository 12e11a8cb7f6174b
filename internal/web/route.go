package web

import (
	"net/http"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// errMethodNotAllowed is the error code of a request whose path exists
// for other methods only. It is the web's own: the domain knows no methods.
const errMethodNotAllowed = "method_not_allowed"

// methods are the ones a route may be registered for.
var methods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// noRoute answers a request that no route took. The catch-all patterns
// match every method, so net/http's own 405 never happens: when the path
// exists for other methods, say so with 405 and Allow, not 404.
func (s *Server) noRoute(w http.ResponseWriter, r *http.Request) error {
	if allow := s.allowedMethods(r); len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		return &library.Error{Code: errMethodNotAllowed, Key: "error.method_not_allowed",
			Message: r.Method + " not allowed; allowed: " + strings.Join(allow, ", ")}
	}
	if IsAPI(r) {
		return library.Errorf(library.ENOTFOUND, "no endpoint here")
	}
	return library.Errorf(library.ENOTFOUND, "no page here")
}

// allowedMethods returns the methods a route other than a catch-all
// serves for r's path.
func (s *Server) allowedMethods(r *http.Request) []string {
	var allow []string
	for _, m := range methods {
		probe := *r
		probe.Method = m
		if _, pattern := s.mux.Handler(&probe); pattern != "" && pattern != "/" && pattern != "/api/" {
			allow = append(allow, m)
		}
	}
	return allow
}
