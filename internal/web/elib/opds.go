package elib

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// OPDS for reading apps (issue 17): the e-library as an OPDS 2 catalogue
// at /opds (JSON) and as OPDS 1.2 at /opds/v1 (Atom) for older readers.
// Both are built from one format-neutral view (opds_view.go) and lend
// through the pages' own borrow and return (title.go, account.go).
// Patrons sign in as Authentication for OPDS 1.0 describes: HTTP Basic
// with card number and PIN, or a bearer token made on My Account's
// e-library page (opds_auth.go). docs/opds.md has the whole picture.

// Media types of OPDS.
const (
	typeOPDS        = "application/opds+json"
	typeOPDSPub     = "application/opds-publication+json"
	typeAuthDoc     = "application/opds-authentication+json"
	typeProblem     = "application/problem+json"
	typeAtomNav     = "application/atom+xml;profile=opds-catalog;kind=navigation"
	typeAtomAcq     = "application/atom+xml;profile=opds-catalog;kind=acquisition"
	typeAtomEntry   = "application/atom+xml;type=entry;profile=opds-catalog"
	typeOpenSearch  = "application/opensearchdescription+xml"
	typeHTML        = "text/html"
	relBorrow       = "http://opds-spec.org/acquisition/borrow"
	relAcquisition  = "http://opds-spec.org/acquisition"
	relOpenAccess   = "http://opds-spec.org/acquisition/open-access"
	relImage        = "http://opds-spec.org/image"
	relShelf        = "http://opds-spec.org/shelf"
	relAuthDoc      = "http://opds-spec.org/auth/document"
	relFacet        = "http://opds-spec.org/facet"
	relRevoke       = "http://librarysimplified.org/terms/rel/revoke"
	opdsPath        = "/opds"
	opdsV1Path      = "/opds/v1"
	opdsAuthPath    = "/opds/auth"
	opdsLoansPath   = "/opds/loans"
	opdsSearchParam = "query"
)

// opdsRoutes registers both catalogues. The handlers answer errors as
// problem documents (opds_auth.go), never as pages.
func (s *server) opdsRoutes(mux *http.ServeMux) {
	h := func(pattern string, f web.HandlerFunc) { mux.Handle(pattern, s.Wrap(s.opdsErrors(f), false)) }
	p := func(pattern string, f web.PatronHandler) { h(pattern, s.opdsPatron(f)) }
	h("GET /opds", s.serveRoot)
	h("GET /opds/auth", s.serveAuthDoc)
	h("GET /opds/publications", s.serveFeed)
	h("GET /opds/search", s.serveFeed)
	h("GET /opds/publications/{id}", s.servePublication)
	p("GET /opds/loans", s.serveLoans)
	p("POST /opds/publications/{id}/borrow", s.borrowAs(s.writePublication))
	p("POST /opds/publications/{id}/reserve", s.reserveAs(s.writePublication))
	p("POST /opds/loans/{id}/return", s.returnAs(s.writePublication))
	p("POST /opds/holds/{id}/cancel", s.cancelAs(s.writePublication))

	h("GET /opds/v1", s.serveAtomRoot)
	h("GET /opds/v1/opensearch.xml", s.serveOpenSearch)
	h("GET /opds/v1/publications", s.serveAtomFeed)
	h("GET /opds/v1/search", s.serveAtomFeed)
	h("GET /opds/v1/publications/{id}", s.serveAtomEntry)
	p("GET /opds/v1/loans", s.serveAtomLoans)
	p("POST /opds/v1/publications/{id}/borrow", s.borrowAs(s.writeEntry))
	p("POST /opds/v1/publications/{id}/reserve", s.reserveAs(s.writeEntry))
	p("POST /opds/v1/loans/{id}/return", s.returnAs(s.writeEntry))
	p("POST /opds/v1/holds/{id}/cancel", s.cancelAs(s.writeEntry))
}

// baseURL is the site's address as the client reached it: reading apps
// want absolute links, and feeds are fetched from anywhere.
func (s *server) baseURL(r *http.Request) string {
	scheme := "http://"
	if s.Secure(r) {
		scheme = "https://"
	}
	return scheme + r.Host
}

// feedQuery is what a publications feed lists: its facets, search words
// and page.
type feedQuery struct {
	Material  library.Material // "" all e-materials
	Available bool             // lendable now (or open access)
	Open      bool             // open access only
	New       bool             // newest first
	Query     string
	Page      int
}

// Facet values of the feeds' parameters.
const (
	paramMaterial  = "material"
	paramAvailable = "available"
	paramAccess    = "access"
	paramSort      = "sort"
)

// parseFeedQuery reads a feed's parameters; a value no facet offers is a
// 400, so that a typo does not silently list everything.
func parseFeedQuery(r *http.Request) (feedQuery, error) {
	v := r.URL.Query()
	var q feedQuery
	if m := v.Get(paramMaterial); m != "" {
		if !isE(library.Material(m)) {
			return q, web.Invalid("opds.error.bad_facet", "material %q", m)
		}
		q.Material = library.Material(m)
	}
	switch a := v.Get(paramAvailable); a {
	case "":
	case "now":
		q.Available = true
	default:
		return q, web.Invalid("opds.error.bad_facet", "available %q", a)
	}
	switch a := v.Get(paramAccess); a {
	case "":
	case "open":
		q.Open = true
	default:
		return q, web.Invalid("opds.error.bad_facet", "access %q", a)
	}
	switch o := v.Get(paramSort); o {
	case "":
	case "new":
		q.New = true
	default:
		return q, web.Invalid("opds.error.bad_facet", "sort %q", o)
	}
	q.Query = v.Get(opdsSearchParam)
	if q.Query == "" {
		q.Query = v.Get(web.ParamQuery)
	}
	page, err := web.ParsePage(v.Get(web.ParamPage))
	if err != nil {
		return q, err
	}
	q.Page = page
	return q, nil
}

// values is the query as URL parameters, with page p (1 is left out).
func (q feedQuery) values(p int) url.Values {
	v := url.Values{}
	if q.Material != "" {
		v.Set(paramMaterial, string(q.Material))
	}
	if q.Available {
		v.Set(paramAvailable, "now")
	}
	if q.Open {
		v.Set(paramAccess, "open")
	}
	if q.New {
		v.Set(paramSort, "new")
	}
	if q.Query != "" {
		v.Set(opdsSearchParam, q.Query)
	}
	if p > 1 {
		v.Set(web.ParamPage, strconv.Itoa(p))
	}
	return v
}

// url is the feed's address under prefix (/opds or /opds/v1).
func (q feedQuery) url(prefix string, page int) string {
	path := prefix + "/publications"
	if q.Query != "" {
		path = prefix + "/search"
	}
	if v := q.values(page).Encode(); v != "" {
		return path + "?" + v
	}
	return path
}

// navEntry is one entry of the root navigation: the feed it opens and
// the message key of its title.
type navEntry struct {
	Key   string
	Query feedQuery
}

// navigation is the root's list: by material, the newest, open access.
var navigation = []navEntry{
	{"opds.nav.ebooks", feedQuery{Material: library.EBook}},
	{"opds.nav.eaudiobooks", feedQuery{Material: library.EAudioBook}},
	{"opds.nav.emagazines", feedQuery{Material: library.EMagazine}},
	{"opds.nav.new", feedQuery{New: true}},
	{"opds.nav.open", feedQuery{Open: true}},
	{"opds.nav.available", feedQuery{Available: true}},
}

// setOPDSHeaders marks an OPDS answer: its type, and no shared caching,
// since availability changes by the minute and a signed-in feed is
// personal.
func setOPDSHeaders(w http.ResponseWriter, contentType string) {
	w.Header().Set("Content-Type", contentType)
	if w.Header().Get("Cache-Control") == "" {
		w.Header().Set("Cache-Control", "private, no-cache")
	}
}

// facetOption is one choice of a facet: the feed it leads to.
type facetOption struct {
	Title  string
	Query  feedQuery
	Active bool
}

// facetView is a facet of the feeds: material, availability, order.
type facetView struct {
	Title   string
	Options []facetOption
}

// facets are a feed's facets, each option keeping the others' choices
// and the search words, back on the first page.
func (s *server) facets(lang string, q feedQuery) []facetView {
	tr := func(key string) string { return s.I18n().T(lang, key, nil) }
	q.Page = 1
	material := facetView{Title: tr("opds.facet.material")}
	all := q
	all.Material = ""
	material.Options = append(material.Options, facetOption{tr("opds.facet.all"), all, q.Material == ""})
	for _, m := range library.EMaterials {
		o := q
		o.Material = m
		material.Options = append(material.Options, facetOption{tr("material." + string(m)), o, q.Material == m})
	}
	avail := facetView{Title: tr("opds.facet.availability")}
	any, now, open := q, q, q
	any.Available, any.Open = false, false
	now.Available, now.Open = true, false
	open.Available, open.Open = false, true
	avail.Options = []facetOption{
		{tr("opds.facet.all"), any, !q.Available && !q.Open},
		{tr("opds.nav.available"), now, q.Available && !q.Open},
		{tr("opds.nav.open"), open, q.Open},
	}
	order := facetView{Title: tr("opds.facet.order")}
	rel, newest := q, q
	rel.New, newest.New = false, true
	order.Options = []facetOption{{tr("opds.facet.relevance"), rel, !q.New}, {tr("opds.nav.new"), newest, q.New}}
	return []facetView{material, avail, order}
}

// feedTitle names a feed: the search, the navigation entry it is, or
// all e-titles.
func (s *server) feedTitle(lang string, q feedQuery) string {
	if q.Query != "" {
		return s.I18n().T(lang, "opds.search.results", map[string]any{"Query": q.Query})
	}
	q.Page = 0 // as the navigation's queries have it
	for _, n := range navigation {
		if n.Query == q {
			return s.I18n().T(lang, n.Key, nil)
		}
	}
	return s.I18n().T(lang, "opds.all", nil)
}
