// Package sru is an SRU 1.2 and 2.0 server of the catalogue: explain,
// searchRetrieve and scan over HTTP GET and POST, with records in MARCXML
// and Dublin Core and the standard diagnostics (info:srw/diagnostic/1/N).
//
// Queries are CQL, parsed by package cql and translated into the search
// engine's own query language (translate.go), so that SRU finds what the
// web search finds, ranked the same way. What that language cannot express
// (proximity, NOT or filters inside OR, ...) is refused with the diagnostic
// the SRU standard names for it.
package sru

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/cql"
	"github.com/kirjasto/kirjasto/internal/library"
)

// Config configures a Handler. Search and Record are required.
type Config struct {
	Search library.Searcher
	// Record returns a record by ID (the store's Record).
	Record func(ctx context.Context, id int64) (library.Record, error)
	// Scan serves scan; nil refuses scan with diagnostic 4.
	Scan Scanner
	// Title names the database in explain.
	Title  string
	Logger *slog.Logger
}

// Scanner lists the terms of an index from a point: the titles, authors
// ("author") or subjects ("subject") that start with prefix, in
// alphabetical order, with their record counts. The search index
// implements it.
type Scanner interface {
	Scan(ctx context.Context, kind, prefix string, n int) []library.Suggestion
}

// Handler serves SRU requests.
type Handler struct {
	cfg Config
}

// New returns a Handler for cfg.
func New(cfg Config) *Handler {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Title == "" {
		cfg.Title = "Kirjasto"
	}
	return &Handler{cfg: cfg}
}

// Paging limits.
const (
	defaultRecords = 10
	maxRecords     = 100
	defaultTerms   = 20
)

// Diagnostics about the request rather than the query, from the SRU list.
const (
	diagUnsupportedOperation = 4
	diagUnsupportedVersion   = 5
	diagUnsupportedValue     = 6
	diagMandatoryMissing     = 7
	diagFirstRecordOutOfRng  = 61
	diagRecordDeleted        = 65
	diagUnknownSchema        = 66
	diagUnsupportedPacking   = 71
	diagResponsePosition     = 120
)

// diag returns a standard diagnostic; package cql knows the messages of
// those about queries.
func diag(n int, details string) *cql.Diagnostic {
	d := cql.NewDiagnostic(n, details)
	if m, ok := requestMessages[n]; ok {
		d.Message = m
	}
	return d
}

var requestMessages = map[int]string{
	diagUnsupportedOperation: "Unsupported operation",
	diagUnsupportedVersion:   "Unsupported version",
	diagUnsupportedValue:     "Unsupported parameter value",
	diagMandatoryMissing:     "Mandatory parameter not supplied",
	diagFirstRecordOutOfRng:  "First record position out of range",
	diagRecordDeleted:        "Record deleted by another user",
	diagUnknownSchema:        "Unknown schema for retrieval",
	diagUnsupportedPacking:   "Unsupported record packing",
	diagResponsePosition:     "Response position out of range",
}

// ServeHTTP answers one request. As SRU asks, a diagnostic is a normal
// response (status 200) that says what was wrong.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "SRU takes GET and POST", http.StatusMethodNotAllowed)
		return
	}
	_ = r.ParseForm() // a malformed query string leaves what could be read
	p := r.Form
	version := p.Get("version")
	op := p.Get("operation")
	if op == "" {
		switch {
		case p.Has("query"):
			op = "searchRetrieve"
		case p.Has("scanClause"):
			op = "scan"
		default:
			op = "explain"
		}
	}
	if version == "" {
		version = "2.0"
		if p.Has("operation") {
			version = "1.2" // SRU 1.x names the operation, 2.0 need not
		}
	}
	rw := newResponse(w, version, op)
	if version != "1.1" && version != "1.2" && version != "2.0" {
		rw.version = "1.2"
		rw.fatal(diag(diagUnsupportedVersion, "2.0"))
		return
	}
	var err error
	switch op {
	case "searchRetrieve":
		err = h.searchRetrieve(r.Context(), rw, p)
	case "scan":
		err = h.scan(r.Context(), rw, p)
	case "explain":
		err = h.explain(rw, r)
	default:
		rw.op = "explain"
		rw.fatal(diag(diagUnsupportedOperation, op))
		return
	}
	if err != nil {
		h.cfg.Logger.Error("SRU request", "operation", op, "err", err)
		rw.fatal(diag(cql.DiagGeneralSystemError, ""))
	}
}

// intParam reads a positive integer parameter, or returns def if it is
// absent.
func intParam(p map[string][]string, name string, def, lo int) (int, *cql.Diagnostic) {
	vs := p[name]
	if len(vs) == 0 || vs[0] == "" {
		return def, nil
	}
	n, err := strconv.Atoi(vs[0])
	if err != nil || n < lo {
		return 0, diag(diagUnsupportedValue, name)
	}
	return n, nil
}

// schema is a record schema the server gives records in.
type schema struct {
	id    string
	names []string
	title string
}

var schemas = []schema{
	{"info:srw/schema/1/marcxml-v1.1", []string{"marcxml", "marc21", "marc"}, "MARCXML"},
	{"info:srw/schema/1/dc-v1.1", []string{"dc"}, "Dublin Core"},
}

// findSchema returns the schema a recordSchema parameter names, by short
// name or identifier; MARCXML when it is empty.
func findSchema(name string) (schema, bool) {
	if name == "" {
		return schemas[0], true
	}
	for _, s := range schemas {
		if strings.EqualFold(name, s.id) {
			return s, true
		}
		for _, n := range s.names {
			if strings.EqualFold(name, n) {
				return s, true
			}
		}
	}
	return schema{}, false
}
