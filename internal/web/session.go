package web

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
)

// Sessions and the guards of signed-in pages.
//
// Forms and CSRF: every change of state is a POST (or another unsafe
// method), never a GET. http.CrossOriginProtection, wrapped around the
// whole mux, refuses unsafe requests that browsers mark as cross-site
// (Sec-Fetch-Site, or an Origin that is not this host), and the session
// cookies are SameSite=Lax, so a form on another site can neither post
// with them nor read the answer. A handler therefore needs no token: it
// must only be registered for POST ("POST /account/pin") and redirect
// afterwards (303 See Other) so a reload does not post again.

// Session cookies. Patrons and staff have separate cookies, so that a
// staff member can look up a patron's view on the desk computer without
// signing themselves out.
const (
	PatronCookie = "kirjasto_session"
	StaffCookie  = "kirjasto_staff"
)

// AuthConfig configures sign-in. The zero value suits a server that faces
// the browsers directly.
type AuthConfig struct {
	// BehindProxy says a TLS-terminating reverse proxy stands in front:
	// cookies are always Secure, and the client's address is the last
	// one in X-Forwarded-For (the one the proxy added).
	BehindProxy bool
	// Limiter limits sign-in attempts per client address: the
	// database's (store.DB's RateLimit) in kirjasto serve, so that every
	// node counts the same attempts; nil keeps the count in this process,
	// 10 at once and one more every 6 seconds, for 100 000 addresses.
	Limiter auth.RateLimiter
	// Mail says notices go out by e-mail (a mail server is configured).
	// Without it a forgotten PIN is renewed at a library's desk: the page
	// promises no link that nobody would send.
	Mail bool
	// SMS says text-message notices go out (an SMS gateway is
	// configured); the staff's outbox says when they do not.
	SMS bool
	// Hasher, with the server's pepper, keys Pseudonym; nil keys it with
	// a random pepper of the process (for tests: pseudonyms then change
	// when the server restarts).
	Hasher *auth.Hasher
}

func (c *AuthConfig) setDefaults() {
	if c.Limiter == nil {
		c.Limiter = auth.NewLimiter(6*time.Second, 10, 100_000)
	}
	if c.Hasher == nil {
		c.Hasher = auth.NewHasher(auth.NewPepper(), auth.TestParams)
	}
}

// Pseudonym is value's stable stand-in for purpose (auth.Hasher's
// Pseudonym): what a distributor knows a patron by, or the chat's key
// for a client's address.
func (s *Server) Pseudonym(purpose, value string) string {
	return s.auth.Hasher.Pseudonym(purpose, value)
}

// who is the signed-in patron and staff member of a request, looked up
// once per request by the guards and kept in its context.
type who struct {
	patron   library.Patron
	staff    library.Staff
	hasP     bool
	hasS     bool
	patronOK bool // looked up
	staffOK  bool
	tokenID  int64 // the API token the patron was known by, if any
	// err is why a lookup failed other than for want of a session (the
	// database out of reach): the guards answer with it rather than send
	// a signed-in person to sign in.
	err error
}

type whoKey struct{}

// withWho gives r a place to keep who is signed in, so the lookups happen
// once however often the handler and its templates ask.
func withWho(r *http.Request) (*http.Request, *who) {
	if w, ok := r.Context().Value(whoKey{}).(*who); ok {
		return r, w
	}
	w := new(who)
	return r.WithContext(context.WithValue(r.Context(), whoKey{}, w)), w
}

// lookupWho returns the request's who, without caching when the request
// was not prepared by withWho.
func lookupWho(r *http.Request) *who {
	if w, ok := r.Context().Value(whoKey{}).(*who); ok {
		return w
	}
	return new(who)
}

// sessionFor returns the live session in the named cookie. An error is a
// lookup that failed (the database out of reach), not a missing or
// ended session: the cookie may well be good.
func (s *Server) sessionFor(r *http.Request, cookie string) (library.Session, bool, error) {
	c, err := r.Cookie(cookie)
	if err != nil || c.Value == "" || s.Patrons() == nil {
		return library.Session{}, false, nil
	}
	sess, err := s.Patrons().SessionByToken(r.Context(), c.Value, s.Now())
	if err != nil {
		if signedOut(err) {
			return library.Session{}, false, nil
		}
		return library.Session{}, false, fmt.Errorf("session lookup: %w", err)
	}
	return sess, true, nil
}

// signedOut reports whether a lookup's err means there is nobody to find
// (no such session or account) rather than that the lookup failed.
func signedOut(err error) bool {
	code := library.ErrorCode(err)
	return code == library.EUNAUTHORIZED || code == library.ENOTFOUND
}

// lookupFailed is why r's session could not be looked up, if it could
// not: the guards answer with it (503 while the database is out of
// reach) instead of sending someone who is signed in to sign in, which
// would lose the form they sent.
func lookupFailed(r *http.Request) error { return lookupWho(r).err }

// CurrentPatron returns the signed-in patron of r, if any.
func (s *Server) CurrentPatron(r *http.Request) (library.Patron, bool) {
	w := lookupWho(r)
	if !w.patronOK {
		w.patronOK = true
		if p, ok, isBearer := s.BearerPatron(r); isBearer {
			w.patron, w.hasP = p, ok
		} else if sess, ok, err := s.sessionFor(r, PatronCookie); err != nil {
			w.err = err
		} else if ok && sess.PatronID != 0 {
			p, err := s.Patrons().Patron(r.Context(), sess.PatronID)
			switch {
			case err == nil && p.ClosedAt.IsZero():
				w.patron, w.hasP = p, true
			case err != nil && !signedOut(err):
				w.err = fmt.Errorf("session's patron: %w", err)
			}
		}
	}
	return w.patron, w.hasP
}

// CurrentStaff returns the signed-in staff member of r, if any.
func (s *Server) CurrentStaff(r *http.Request) (library.Staff, bool) {
	w := lookupWho(r)
	if !w.staffOK {
		w.staffOK = true
		if sess, ok, err := s.sessionFor(r, StaffCookie); err != nil {
			w.err = err
		} else if ok && sess.StaffID != 0 {
			st, err := s.Patrons().Staff(r.Context(), sess.StaffID)
			switch {
			case err == nil:
				w.staff, w.hasS = st, true
			case !signedOut(err):
				w.err = fmt.Errorf("session's staff member: %w", err)
			}
		}
	}
	return w.staff, w.hasS
}

// RequirePatron runs h for a signed-in patron. Others are sent to the
// sign-in page, which brings them back here; API clients get 401.
func (s *Server) RequirePatron(h HandlerFunc) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		r, _ = withWho(r)
		if _, ok := s.CurrentPatron(r); ok {
			NoStore(w)
			return h(w, r)
		}
		if err := lookupFailed(r); err != nil {
			return err
		}
		return s.toSignIn(w, r, "/signin")
	}
}

// RequireStaff runs h for a signed-in staff member, like RequirePatron.
func (s *Server) RequireStaff(h HandlerFunc) HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		r, _ = withWho(r)
		if st, ok := s.CurrentStaff(r); ok {
			NoStore(w)
			if must, err := s.mustEnrolFirst(r, st); err != nil || must {
				if err != nil {
					return err
				}
				return s.toEnrolment(w, r)
			}
			return h(w, r)
		}
		if err := lookupFailed(r); err != nil {
			return err
		}
		return s.toSignIn(w, r, "/staff/signin")
	}
}

// toSignIn answers a request that needs a session: 401 for the API, else
// a redirect to the sign-in page with the way back in next=.
func (s *Server) toSignIn(w http.ResponseWriter, r *http.Request, signin string) error {
	if IsAPI(r) {
		return &library.Error{Code: library.EUNAUTHORIZED, Key: "error.signin_required", Message: "sign-in required"}
	}
	next := r.URL.Path
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		next = r.URL.RequestURI()
	}
	http.Redirect(w, r, signin+"?next="+url.QueryEscape(next), http.StatusSeeOther)
	return nil
}

// NoStore keeps pages with personal data out of shared caches and the
// browser's back-button history cache.
func NoStore(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
}

// LocalPath returns next if it is a path on this site, else fallback, so
// that next= cannot send a signed-in user to another site ("//evil",
// "/\evil", "https://evil" and the like are refused).
func LocalPath(next, fallback string) string {
	if next == "" || next[0] != '/' || len(next) > 1 && (next[1] == '/' || next[1] == '\\') ||
		strings.ContainsAny(next, "\\\r\n\t") {
		return fallback
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return fallback
	}
	return next
}

// Secure reports whether the browser reached us over HTTPS, directly or
// through the proxy.
func (s *Server) Secure(r *http.Request) bool {
	return r.TLS != nil || s.Auth().BehindProxy
}

// ClientIP is the address sign-in attempts are limited by.
func (s *Server) ClientIP(r *http.Request) string {
	if s.Auth().BehindProxy {
		xff := r.Header.Values("X-Forwarded-For")
		if len(xff) > 0 {
			parts := strings.Split(xff[len(xff)-1], ",")
			if ip := strings.TrimSpace(parts[len(parts)-1]); ip != "" {
				return ip
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// StartSession signs a patron or staff member in: it ends any session the
// browser had (a new token at every sign-in, so a token planted before it
// is worthless) and sets the new cookie.
func (s *Server) StartSession(w http.ResponseWriter, r *http.Request, patronID, staffID int64) error {
	cookie := PatronCookie
	if staffID != 0 {
		cookie = StaffCookie
	}
	if c, err := r.Cookie(cookie); err == nil && c.Value != "" {
		if err := s.Patrons().EndSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	sess, err := s.Patrons().NewSession(r.Context(), library.Session{PatronID: patronID, StaffID: staffID, Created: s.Now()})
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: cookie, Value: sess.Token, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.Secure(r),
		// No MaxAge: a session cookie goes when the browser closes,
		// which on a library's public computer is what people expect.
	})
	return nil
}

// EndSession signs the browser out of the session in the named cookie.
func (s *Server) EndSession(w http.ResponseWriter, r *http.Request, cookie string) error {
	if c, err := r.Cookie(cookie); err == nil && c.Value != "" {
		if err := s.Patrons().EndSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{
		Name: cookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.Secure(r),
	})
	return nil
}
