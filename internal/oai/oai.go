// Package oai is an OAI-PMH 2.0 repository of the catalogue: the six verbs,
// the formats oai_dc and marc21, sets by member library and by material,
// deleted records kept persistently, and resumption tokens that page a list
// as a stable keyset, so that a harvest fetches every record once even
// while the catalogue changes under it.
//
// The protocol is at https://www.openarchives.org/OAI/openarchivesprotocol.html.
package oai

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Error codes of the protocol.
const (
	BadArgument             = "badArgument"
	BadResumptionToken      = "badResumptionToken"
	BadVerb                 = "badVerb"
	CannotDisseminateFormat = "cannotDisseminateFormat"
	IDDoesNotExist          = "idDoesNotExist"
	NoRecordsMatch          = "noRecordsMatch"
	NoMetadataFormats       = "noMetadataFormats"
	NoSetHierarchy          = "noSetHierarchy"
)

// IdentifierPrefix starts every record's OAI identifier; the record ID
// follows, as in oai:kirjasto:42.
const IdentifierPrefix = "oai:kirjasto:"

// Config configures a Handler. Harvester is required.
type Config struct {
	Harvester library.Harvester
	// Libraries lists the member libraries, for ListSets; nil offers
	// only the material sets.
	Libraries func(ctx context.Context) ([]library.Library, error)
	// RepositoryName and AdminEmail are for Identify. AdminEmail must
	// satisfy ValidAdminEmail; "" means the postmaster of the host
	// harvesters reach the repository at (see defaultAdmin).
	RepositoryName string
	AdminEmail     string
	// PageSize is the number of headers or records a list response has
	// before its resumption token; 0 means 100.
	PageSize int
	// Now is the clock; nil means time.Now.
	Now    func() time.Time
	Logger *slog.Logger
}

// Handler serves OAI-PMH requests, by GET or by POST.
type Handler struct {
	cfg Config
}

// New returns a Handler for cfg.
func New(cfg Config) *Handler {
	if cfg.PageSize <= 0 {
		cfg.PageSize = 100
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.RepositoryName == "" {
		cfg.RepositoryName = "Kirjasto"
	}
	return &Handler{cfg: cfg}
}

// verbs maps each verb to the arguments it allows and which of them are
// required. A resumption token, where allowed, is exclusive.
var verbs = map[string]struct{ allowed, required []string }{
	"Identify":            {},
	"ListMetadataFormats": {allowed: []string{"identifier"}},
	"ListSets":            {allowed: []string{"resumptionToken"}},
	"GetRecord":           {allowed: []string{"identifier", "metadataPrefix"}, required: []string{"identifier", "metadataPrefix"}},
	"ListIdentifiers":     {allowed: []string{"metadataPrefix", "from", "until", "set", "resumptionToken"}, required: []string{"metadataPrefix"}},
	"ListRecords":         {allowed: []string{"metadataPrefix", "from", "until", "set", "resumptionToken"}, required: []string{"metadataPrefix"}},
}

// protoError is an OAI-PMH error: a code and a message for people.
type protoError struct {
	code, message string
}

func (e *protoError) Error() string { return e.code + ": " + e.message }

func errorf(code, message string) *protoError { return &protoError{code, message} }

// request is a checked OAI-PMH request.
type request struct {
	verb string
	args map[string]string
}

// ServeHTTP answers one request. Protocol errors are part of a normal
// response (status 200), as OAI-PMH asks; only a failing store is a 500.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "OAI-PMH takes GET and POST", http.StatusMethodNotAllowed)
		return
	}
	now := h.cfg.Now().UTC()
	rw := newResponse(w, now, baseURL(r))
	req, perr := parseRequest(r)
	if perr != nil {
		rw.fail(request{}, perr)
		return
	}
	err := h.serve(r.Context(), rw, req, now)
	if err == nil {
		return
	}
	if perr, ok := errors.AsType[*protoError](err); ok {
		rw.fail(req, perr)
		return
	}
	h.cfg.Logger.Error("OAI-PMH request", "verb", req.verb, "err", err)
	if !rw.started {
		http.Error(w, "internal error", http.StatusInternalServerError)
	}
}

func (h *Handler) serve(ctx context.Context, rw *response, req request, now time.Time) error {
	switch req.verb {
	case "Identify":
		return h.identify(ctx, rw, req)
	case "ListMetadataFormats":
		return h.listMetadataFormats(ctx, rw, req)
	case "ListSets":
		return h.listSets(ctx, rw, req)
	case "GetRecord":
		return h.getRecord(ctx, rw, req)
	default:
		return h.list(ctx, rw, req, now)
	}
}

// parseRequest reads the verb and arguments of a GET or POST request and
// checks them against the verb's rules.
func parseRequest(r *http.Request) (request, *protoError) {
	if err := r.ParseForm(); err != nil {
		return request{}, errorf(BadArgument, "the request could not be read: "+err.Error())
	}
	form := r.Form
	vs := form["verb"]
	if len(vs) != 1 {
		return request{}, errorf(BadVerb, "the request must have exactly one verb")
	}
	verb := vs[0]
	spec, ok := verbs[verb]
	if !ok {
		return request{}, errorf(BadVerb, "unknown verb "+strconv.Quote(verb))
	}
	req := request{verb: verb, args: map[string]string{}}
	for k, v := range form {
		if k == "verb" {
			continue
		}
		if !slices.Contains(spec.allowed, k) {
			return request{}, errorf(BadArgument, verb+" does not take the argument "+strconv.Quote(k))
		}
		if len(v) != 1 {
			return request{}, errorf(BadArgument, "the argument "+k+" is repeated")
		}
		req.args[k] = v[0]
	}
	if _, ok := req.args["resumptionToken"]; ok {
		if len(req.args) > 1 {
			return request{}, errorf(BadArgument, "resumptionToken is an exclusive argument")
		}
		return req, nil
	}
	for _, k := range spec.required {
		if req.args[k] == "" {
			return request{}, errorf(BadArgument, verb+" needs the argument "+k)
		}
	}
	return req, nil
}

// baseURL is the address the request came to, without its query.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + r.URL.Path
}

// adminEmailPattern is the OAI-PMH schema's emailType (XML Schema
// patterns match the whole value).
var adminEmailPattern = regexp.MustCompile(`^\S+@(\S+\.)+\S+$`)

// ValidAdminEmail reports whether s is an adminEmail the OAI-PMH schema
// accepts: an address whose domain has a dot, as library@example.fi.
func ValidAdminEmail(s string) bool { return adminEmailPattern.MatchString(s) }

// defaultAdmin is the adminEmail of a repository not given one: the
// postmaster, whom every mail domain must have (RFC 5321), of the host in
// base. A host without a domain name (localhost, an IP address) has the
// postmaster of localhost.localdomain, the local machine's conventional
// name, since the schema wants a dot after the @.
func defaultAdmin(base string) string {
	host := ""
	if u, err := url.Parse(base); err == nil {
		host = strings.TrimSuffix(u.Hostname(), ".")
	}
	if addr := "postmaster@" + host; net.ParseIP(host) == nil && ValidAdminEmail(addr) {
		return addr
	}
	return "postmaster@localhost.localdomain"
}

// recordID returns the record ID an OAI identifier names.
func recordID(identifier string) (int64, *protoError) {
	s, ok := strings.CutPrefix(identifier, IdentifierPrefix)
	id, err := strconv.ParseInt(s, 10, 64)
	if !ok || err != nil || id <= 0 || strconv.FormatInt(id, 10) != s {
		return 0, errorf(IDDoesNotExist, "no record has the identifier "+strconv.Quote(identifier))
	}
	return id, nil
}

// identifier returns the OAI identifier of a record.
func identifier(id int64) string { return IdentifierPrefix + strconv.FormatInt(id, 10) }
