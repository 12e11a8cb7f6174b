package web

import (
	"net/http"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
)

// Rate limits and authentication schemes of the API, in front of the mux.

// defaultAPILimiter allows each client address 300 requests at once and
// 50 a second after that: far more than an app or a page's scripts need,
// and little enough that one client cannot starve the others.
func defaultAPILimiter() *auth.Limiter {
	return auth.NewLimiter(20*time.Millisecond, 300, 100_000)
}

// apiGuard limits API requests per client and lets requests with a bearer
// token past cross-origin protection, to the mux itself: browsers never
// add an Authorization header on their own, so such a request cannot be
// forged by another site, and it is never known by its cookies.
func (s *Server) apiGuard(protected http.Handler, mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !IsAPI(r) {
			protected.ServeHTTP(w, r)
			return
		}
		w = challenge{w}
		if ip, now := s.ClientIP(r), s.Now(); !s.apiLimiter.Allow(r.Context(), ip, now) {
			SetRetryAfter(w, s.apiLimiter.RetryAfter(ip, now))
			s.TooManyRequests(w, r, "error.api_rate_limited")
			return
		}
		if _, has := Bearer(r); has {
			mux.ServeHTTP(w, r)
			return
		}
		protected.ServeHTTP(w, r)
	})
}

// TooManyRequests answers 429 in the API's one error format, with the
// message of key; the limit that refused has set Retry-After.
func (s *Server) TooManyRequests(w http.ResponseWriter, r *http.Request, key string) {
	w.Header().Set("Cache-Control", "no-store")
	var body ErrorBody
	body.Error.Code = "too_many_requests"
	body.Error.Message = s.I18n().T(s.Lang(r), key, nil)
	WriteJSON(w, http.StatusTooManyRequests, body)
}

// crossOriginProtection refuses state changes from other sites. Its
// refusal is an error like any other: in the API's one error format for
// the API, on the error page otherwise, in the user's language.
func (s *Server) crossOriginProtection() *http.CrossOriginProtection {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := &library.Error{Code: library.EFORBIDDEN, Key: "error.api_cross_origin", Message: "cross-origin request"}
		s.serveError(w, r, err, IsAPI(r))
	}))
	return cop
}

// challenge adds the WWW-Authenticate header RFC 6750 asks of a 401, so
// that a client knows a bearer token is what it lacks.
type challenge struct{ http.ResponseWriter }

func (c challenge) WriteHeader(status int) {
	if status == http.StatusUnauthorized {
		c.Header().Set("WWW-Authenticate", `Bearer realm="kirjasto"`)
	}
	c.ResponseWriter.WriteHeader(status)
}

func (c challenge) Unwrap() http.ResponseWriter { return c.ResponseWriter }
