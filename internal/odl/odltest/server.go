// Package odltest is a distributor that speaks the server side of Open
// Distribution to Libraries 1.0 over OPDS 2: a test double at an edge
// Kirjasto does not own, built to the published specification, for the
// tests and the demo. It serves a seeded, deterministic feed of e-books,
// e-audiobooks and e-magazine issues under a mix of licence terms, the
// licences' info documents, checkouts answered with License Status
// Documents, and returns. It keeps its loans in memory.
//
// What it serves in place of the real thing: the "license" link of a
// loan gives a small JSON stand-in, not an encrypted LCP licence, and
// the open-access downloads are small EPUB 3 files made on the fly.
package odltest

import (
	"cmp"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Options configure a Server; the zero value serves 60 publications
// from seed 0.
type Options struct {
	Seed int64
	// N is how many publications; 0 is 60.
	N int
	// PageSize is how many publications a feed page holds; 0 is 50.
	PageSize int
	// Start is the day licence dates are counted from (expiry, created);
	// zero is today, UTC. The feed is the same for the same Seed, N and
	// Start.
	Start time.Time
	// Now is the clock of checkouts and loans; nil is time.Now.
	Now func() time.Time
	// BaseURL, when set, is the address the Server is reachable at (with
	// any path prefix it is mounted under); "" takes it from each
	// request's Host.
	BaseURL string
	// Libraries are member libraries that bought licences of their own
	// for some of the titles, listed in a feed of each library's own at
	// LibraryFeedPath(code); the consortium's feed leaves them out.
	Libraries []string
	// Token, when set, must come as a bearer token with every request to
	// the feed, licence info, checkouts and loans (not covers, previews,
	// open downloads or licence files, which patrons' apps fetch).
	Token string
}

// Server is the distributor double; it is an http.Handler.
type Server struct {
	opts     Options
	pubs     []*publication
	licences map[string]*licence // by the part after "urn:uuid:"
	// byLibrary lists the publications each member library bought
	// licences for.
	byLibrary map[string][]*publication
	mux       *http.ServeMux

	mu    sync.Mutex
	loans map[string]*loan // by loan ID
	// byCheckout finds a loan by its licence and checkout_id, for the
	// 303 ODL asks for when a checkout is repeated.
	byCheckout map[string]*loan
	seq        int
}

type loan struct {
	id, checkoutID, patronID, notify string
	lic                              *licence
	status                           string
	start, end, updated              time.Time
}

// New returns a distributor serving opts' catalogue.
func New(opts Options) *Server {
	opts.N = cmp.Or(opts.N, 60)
	opts.PageSize = cmp.Or(opts.PageSize, 50)
	if opts.Start.IsZero() {
		opts.Start = time.Now().UTC().Truncate(24 * time.Hour)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	opts.BaseURL = strings.TrimSuffix(opts.BaseURL, "/")
	s := &Server{opts: opts, licences: map[string]*licence{}, loans: map[string]*loan{}, byCheckout: map[string]*loan{}}
	s.pubs = generate(opts.Seed, opts.N, opts.Start)
	s.byLibrary = buyForLibraries(opts.Seed, s.pubs, opts.Libraries, opts.Start)
	for _, p := range s.pubs {
		for _, l := range p.licences {
			s.licences[key(l.id)] = l
		}
	}
	m := http.NewServeMux()
	m.HandleFunc("GET /feed", s.guard(s.serveFeed))
	m.HandleFunc("GET /libraries/{library}/feed", s.guard(s.serveLibraryFeed))
	m.HandleFunc("GET /licenses/{id}", s.guard(s.serveInfo))
	m.HandleFunc("POST /licenses/{id}/checkout", s.guard(s.serveCheckout))
	m.HandleFunc("GET /loans/{id}", s.guard(s.serveStatus))
	m.HandleFunc("PUT /loans/{id}/return", s.guard(s.serveReturn))
	m.HandleFunc("PUT /loans/{id}/renew", s.guard(s.serveRenew))
	m.HandleFunc("GET /loans/{id}/license", s.serveLicenceFile)
	m.HandleFunc("GET /covers/{n}", s.serveCover)
	m.HandleFunc("GET /preview/{n}", s.servePreview)
	m.HandleFunc("GET /open/{n}", s.serveOpen)
	s.mux = m
	return s
}

// FeedPath is the feed's path under the Server's address.
const FeedPath = "/feed"

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// key is a licence's or loan's path segment: its identifier without the
// URN prefix.
func key(id string) string { return strings.TrimPrefix(id, "urn:uuid:") }

// base is the address links are built on.
func (s *Server) base(r *http.Request) string {
	if s.opts.BaseURL != "" {
		return s.opts.BaseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// guard asks for the bearer token, when one is set.
func (s *Server) guard(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.opts.Token != "" && r.Header.Get("Authorization") != "Bearer "+s.opts.Token {
			w.Header().Set("WWW-Authenticate", `Bearer realm="odltest"`)
			problem(w, http.StatusUnauthorized, "http://opds-spec.org/odl/error", "authentication required")
			return
		}
		h(w, r)
	}
}
