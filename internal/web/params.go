package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Limits on input. They are generous for people and keep a crafted
// request from costing much.
const (
	maxURL     = 4000 // bytes of path and query
	maxQuery   = 500  // characters of q
	MaxParam   = 200  // characters of any other parameter value
	MaxParams  = 60   // parameter values in one request
	MaxPage    = 1000 // result pages; deeper paging is for the API's filters
	LangCookie = "lang"
	ParamLang  = "lang"
	ParamQuery = "q"
	ParamPage  = "page"
	ParamSort  = "sort"
	ParamGroup = "group" // search: hits as works or as editions (package site)
)

type langKey struct{}

// Lang returns the language of the request: see i18n.Bundle.Match.
func (s *Server) Lang(r *http.Request) string {
	if l, ok := r.Context().Value(langKey{}).(string); ok {
		return l
	}
	cookie := ""
	if c, err := r.Cookie(LangCookie); err == nil {
		cookie = c.Value
	}
	query := ""
	if v, err := url.ParseQuery(r.URL.RawQuery); err == nil {
		query = v.Get(ParamLang)
	}
	return s.I18n().Match(r.Header.Get("Accept-Language"), cookie, query)
}

// IsAPI reports whether r is a request of the JSON API.
func IsAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// Invalid returns an EINVALID error that shows the user the message key.
func Invalid(key, format string, args ...any) error {
	e := library.Errorf(library.EINVALID, format, args...)
	e.Key = key
	return e
}

// checkInput rejects what no handler can use: over-long addresses,
// undecodable queries, text that is not UTF-8, and over-long values. Every
// handler can then read r.URL.Query() knowing it is sane.
func checkInput(r *http.Request) error {
	if len(r.URL.RawPath)+len(r.URL.Path)+len(r.URL.RawQuery) > maxURL {
		return Invalid("error.url_too_long", "URL of %d bytes", len(r.URL.RawQuery))
	}
	if !utf8.ValidString(r.URL.Path) {
		return Invalid("error.bad_utf8", "path is not UTF-8")
	}
	values, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return Invalid("error.bad_query", "query: %v", err)
	}
	n := 0
	for k, vs := range values {
		if !utf8.ValidString(k) {
			return Invalid("error.bad_utf8", "parameter name is not UTF-8")
		}
		for _, v := range vs {
			n++
			if !utf8.ValidString(v) {
				return Invalid("error.bad_utf8", "parameter %q is not UTF-8", k)
			}
			switch {
			case k == ParamQuery && utf8.RuneCountInString(v) > maxQuery:
				return Invalid("error.query_too_long", "q of %d characters", utf8.RuneCountInString(v))
			case k != ParamQuery && utf8.RuneCountInString(v) > MaxParam:
				return Invalid("error.param_too_long", "parameter %q too long", k)
			}
		}
	}
	if n > MaxParams {
		return Invalid("error.too_many_params", "%d parameters", n)
	}
	return nil
}

// ParsePage returns the 1-based page number of a page parameter.
func ParsePage(s string) (int, error) {
	if s == "" {
		return 1, nil
	}
	p, err := strconv.Atoi(s)
	if err != nil || p < 1 || p > MaxPage {
		return 0, Invalid("error.bad_page", "page %q", s)
	}
	return p, nil
}

// ParseSort returns the search order a sort parameter names.
func ParseSort(s string) (library.Sort, error) {
	switch library.Sort(s) {
	case "":
		return library.SortRelevance, nil
	case library.SortRelevance, library.SortNewest, library.SortTitle:
		return library.Sort(s), nil
	}
	return "", Invalid("error.bad_sort", "sort %q", s)
}

// ParseRecordID returns the record ID in a path. An ID that is not a
// positive number names no record, so it is a not-found like any other.
func ParseRecordID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		e := library.Errorf(library.ENOTFOUND, "record id %q", s)
		e.Key = "error.bad_id"
		return 0, e
	}
	return id, nil
}

// FacetNames are the facets a search URL may filter on; other parameters
// are ignored, so that old or decorated links keep working.
var FacetNames = append(append([]string(nil), library.Facets...), library.FacetYear)

// Filters returns the facet filters of a query.
func Filters(v url.Values) map[string][]string {
	f := make(map[string][]string)
	for _, name := range FacetNames {
		for _, val := range v[name] {
			if val != "" {
				f[name] = append(f[name], val)
			}
		}
	}
	return f
}
