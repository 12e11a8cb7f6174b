// Package web is the core of Kirjasto's web library: server-rendered
// pages for people and the same information as JSON under /api/v1/ for
// programs.
//
// Pages work without JavaScript. Every word they show comes from the
// message catalogues of package i18n, in the language the user chose
// (?lang=, remembered in a cookie) or their browser prefers.
//
// The core knows no audience. It holds what every page needs: the server
// and its routing (Wrap, HandlerFunc, 405 and 404 for the rest), rendering
// in the layout with the shared partials (Render), sessions and who is
// signed in (CurrentPatron, AsPatron, AsStaff), errors (a library.Error's
// code is the status; LogFailure), language and bidi isolation, security
// headers and gzip, static files, protection against cross-site forms,
// the API's guard and paging, and the views several audiences share. Each
// audience is a package beside it that gives New an Area (area.go): its
// templates and its routes. site is the public catalogue, account the
// patron's part, desk the staff desk, admin the administration; services
// to come (events, bookings, ...) are areas of their own. Their handlers
// are methods of a type embedding *Server, so they reach the core as the
// core's own code does.
package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/cover"
	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/identity"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/metrics"
	"github.com/kirjasto/kirjasto/internal/odl"
	"github.com/kirjasto/kirjasto/internal/payment"
	"github.com/kirjasto/kirjasto/internal/realtime"
)

// Config configures a Server. Store and Search are required.
type Config struct {
	Store  library.Store
	Search library.Searcher // if it is also a library.Works, there are work pages
	// I18n is the message catalogues; nil loads the embedded ones.
	I18n *i18n.Bundle
	// Logger receives internal errors and recovered panics; nil discards.
	Logger *slog.Logger
	// Now is the clock for opening hours; nil means time.Now.
	Now func() time.Time
	// PageSize is the number of hits on a result page; 0 means 20.
	PageSize int
	// Patrons and Circulation serve sign-in, My Account and the staff
	// desk. Both are required: the store implements them.
	Patrons     library.Patrons
	Circulation library.Circulation
	// DemoAccounts, on a demo, are shown on the home page so that anyone
	// can sign in as a patron or at the desk. Empty in production.
	DemoAccounts []DemoAccount
	// Auth configures sign-in and sessions (session.go).
	Auth AuthConfig
	// Payment takes fees online (payment.go); nil offers no online
	// payment. A *payment.Test is served by the site itself.
	Payment payment.Provider
	// AdminEmail is the OAI-PMH repository's contact (oai.go); "" lets
	// package oai choose the postmaster of the site's host.
	AdminEmail string
	// APILimiter limits /api requests per client address: shared by the
	// nodes through the database in kirjasto serve on PostgreSQL; nil
	// counts in this process, 300 at once and 50 a second (api_guard.go).
	APILimiter auth.RateLimiter
	// Identity is strong identification through an OpenID Connect
	// provider (package identity), which confirms a patron's account
	// online; nil offers none, and no page mentions it.
	Identity IdentityProvider
	// CoverService is where records without a picture of their own find
	// one by ISBN (cover.go); nil: nowhere, their covers are drawn.
	CoverService *cover.Service
	// Areas are the parts of the site, one per audience (area.go): the
	// public catalogue, the patron's account, the staff desk, the
	// administration. Without them the site has the core's routes only.
	Areas []Area
	// Broker delivers live events (chat messages, queues) to the pages
	// that wait for them (package realtime). nil: a broker within this
	// process, which is right for one node but hears no other node.
	Broker *realtime.Broker
	// Metrics, when set, counts and times requests by route pattern and
	// searches (package metrics); nil counts nothing.
	Metrics *metrics.Metrics
	// Distributors are the e-library's ODL clients by distributor ID
	// (library.Licence.Distributor); a licence of a distributor not here
	// cannot be lent.
	Distributors map[string]*odl.Client
}

// Server serves the web library. Create it with New.
type Server struct {
	store    library.Store
	search   library.Searcher
	works    library.Works // nil: no work pages, no grouped hits to open
	i18n     *i18n.Bundle
	log      *slog.Logger
	now      func() time.Time
	pageSize int
	patrons  library.Patrons
	circ     library.Circulation
	demo     []DemoAccount
	pages    map[string]*pageTemplate
	static   map[string]staticFile
	handler  http.Handler
	cache    consortiumCache
	auth     AuthConfig
	pay      payment.Provider
	admin    string // OAI-PMH adminEmail
	// mux holds the routes, for the OpenAPI document's test.
	mux        *http.ServeMux
	apiLimiter auth.RateLimiter
	identity   IdentityProvider
	covers     *cover.Service
	broker     *realtime.Broker
	metrics    *metrics.Metrics
	dists      map[string]*odl.Client

	footer []FooterLinks // the footer's links, from the areas (footer.go)
	menu   []menuLink    // the main menu's links, from the areas (nav.go)
}

// New returns a Server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Search == nil {
		return nil, errors.New("web: Config needs a Store and a Search")
	}
	s := &Server{
		store:    cfg.Store,
		search:   cfg.Search,
		i18n:     cfg.I18n,
		log:      cfg.Logger,
		now:      cfg.Now,
		pageSize: cfg.PageSize,
		patrons:  cfg.Patrons,
		circ:     cfg.Circulation,
		demo:     cfg.DemoAccounts,
		auth:     cfg.Auth,
		pay:      cfg.Payment,
		admin:    cfg.AdminEmail,

		apiLimiter: cfg.APILimiter,
		identity:   cfg.Identity,
		covers:     cfg.CoverService,
		metrics:    cfg.Metrics,
		broker:     cfg.Broker,
		dists:      cfg.Distributors,
	}
	if s.broker == nil {
		s.broker = realtime.NewLocal()
	}
	if s.apiLimiter == nil {
		s.apiLimiter = defaultAPILimiter()
	}
	s.works, _ = cfg.Search.(library.Works)
	s.auth.setDefaults()
	if s.i18n == nil {
		b, err := i18n.New()
		if err != nil {
			return nil, err
		}
		s.i18n = b
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.pageSize <= 0 {
		s.pageSize = 20
	}
	var err error
	if s.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.pages, err = s.parseTemplates(cfg.Areas); err != nil {
		return nil, err
	}
	s.handler = s.routes(cfg.Areas)
	return s, nil
}

// Handler returns the HTTP handler of the whole site.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) routes(areas []Area) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/", s.Wrap(s.noRoute, false))
	mux.Handle("/api/", s.Wrap(s.noRoute, true))
	mux.HandleFunc("GET /static/{name}", s.serveStatic)
	mux.Handle("GET /covers/{name}", s.Wrap(s.serveCover, false))
	mux.Handle("GET /api/openapi.json", s.Wrap(s.serveOpenAPI, true))
	s.pwaRoutes(mux)
	for _, a := range areas {
		a.Routes(s, mux)
	}
	s.mux = mux

	// No GET changes state, so cross-origin protection lets every read
	// through; it stands guard for the forms to come (holds, My Account).
	var h http.Handler = s.apiGuard(s.crossOriginProtection().Handler(mux), mux)
	h = s.recoverPanics(h)
	h = securityHeaders(compress(h), s.imageSources())
	// The route is the pattern the mux matches, never the path, so that a
	// record ID does not make a time series of its own.
	return s.metrics.Middleware(h, func(r *http.Request) string {
		_, pattern := mux.Handler(r)
		return pattern
	})
}

// HandlerFunc is an HTTP handler that returns its error for wrap to show.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Wrap checks the request's input, sets the language cookie when the user
// chose a language, runs h and shows its error, as a page or as JSON.
func (s *Server) Wrap(h HandlerFunc, api bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := s.Lang(r)
		// The language, and so the response, depends on these headers.
		w.Header().Add("Vary", "Accept-Language, Cookie")
		ctx := context.WithValue(r.Context(), langKey{}, lang)
		r = r.WithContext(ctx)
		if q := r.URL.Query().Get("lang"); q == lang {
			if c, err := r.Cookie(LangCookie); err != nil || c.Value != lang {
				http.SetCookie(w, &http.Cookie{
					Name: LangCookie, Value: lang, Path: "/",
					MaxAge: 365 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode,
					Secure: r.TLS != nil,
				})
			}
		}
		err := checkInput(r)
		if err == nil {
			err = h(w, r)
		}
		if err != nil {
			s.serveError(w, r, err, api)
		}
	})
}

// recoverPanics turns a panic into a logged 500 page. Handlers do not
// panic on bad input; this is defence in depth, not flow control.
func (s *Server) recoverPanics(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v) // net/http's own way to abort a response
			}
			err := fmt.Errorf("panic: %v", v)
			s.log.Error("panic serving request", "method", r.Method, "url", r.URL.String(), "panic", v)
			if r.Context().Value(langKey{}) == nil {
				r = r.WithContext(context.WithValue(r.Context(), langKey{}, s.Lang(r)))
			}
			s.serveError(w, r, library.Errorf(library.EINTERNAL, "%v", err), IsAPI(r))
		}()
		h.ServeHTTP(w, r)
	})
}

// securityHeaders sets the headers every response carries. The content
// security policy allows nothing but this site, no inline script or
// style, and pictures from imgSrc.
func securityHeaders(h http.Handler, imgSrc string) http.Handler {
	csp := "default-src 'self'; img-src " + imgSrc + "; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", csp)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		hd.Set("X-Frame-Options", "DENY")
		h.ServeHTTP(w, r)
	})
}

// imageSources are where pages may show pictures from: this site, data:
// URLs, and any https address, for records' own pictures of their covers
// live wherever their cataloguers found them (cover.go); a cover service
// on plain http is let in by name.
func (s *Server) imageSources() string {
	src := "'self' data: https:"
	if s.covers != nil && !strings.HasPrefix(s.covers.Origin(), "https:") {
		src += " " + s.covers.Origin()
	}
	return src
}

// The accessors below give the audience packages (site, account, desk,
// admin) what the server was configured with; they never change it.

// Store returns the catalogue and consortium store.
func (s *Server) Store() library.Store { return s.store }

// Search returns the search index.
func (s *Server) Search() library.Searcher {
	if s.metrics == nil {
		return s.search
	}
	return timedSearch{s.search, s.metrics}
}

// timedSearch reports every search's latency to the metrics.
type timedSearch struct {
	library.Searcher
	m *metrics.Metrics
}

func (t timedSearch) Search(ctx context.Context, q library.SearchQuery) (library.SearchResult, error) {
	start := time.Now()
	defer func() { t.m.ObserveSearch(time.Since(start)) }()
	return t.Searcher.Search(ctx, q)
}

// Works returns the index's works, or nil when it groups no editions.
func (s *Server) Works() library.Works { return s.works }

// I18n returns the message catalogues.
func (s *Server) I18n() *i18n.Bundle { return s.i18n }

// Logger returns the logger of internal errors.
func (s *Server) Logger() *slog.Logger { return s.log }

// Now returns the time on the server's clock.
func (s *Server) Now() time.Time { return s.now() }

// PageSize returns the number of hits on a result page.
func (s *Server) PageSize() int { return s.pageSize }

// Patrons returns the patrons, sessions and staff.
func (s *Server) Patrons() library.Patrons { return s.patrons }

// Circulation returns loans, holds and fees.
func (s *Server) Circulation() library.Circulation { return s.circ }

// DemoAccounts returns the accounts a demo shows on its home page.
func (s *Server) DemoAccounts() []DemoAccount { return s.demo }

// Payment returns the online payment provider, or nil.
func (s *Server) Payment() payment.Provider { return s.pay }

// AdminEmail returns the OAI-PMH repository's contact.
func (s *Server) AdminEmail() string { return s.admin }

// Distributor returns the ODL client of a distributor, or nil.
func (s *Server) Distributor(id string) *odl.Client { return s.dists[id] }

// Broker returns the broker of live events; never nil.
func (s *Server) Broker() *realtime.Broker { return s.broker }

// Identity returns the strong identification provider, or nil.
func (s *Server) Identity() IdentityProvider { return s.identity }

// IdentityProvider runs strong identifications; *identity.Provider is
// one. A Flow is kept by the caller between Start and Finish.
type IdentityProvider interface {
	Start() (url string, f identity.Flow)
	Finish(ctx context.Context, f identity.Flow, callback url.Values) (library.StrongIdentity, error)
}

// Auth returns the sign-in configuration.
func (s *Server) Auth() AuthConfig { return s.auth }
