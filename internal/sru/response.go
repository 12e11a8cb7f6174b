package sru

import (
	"bufio"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/cql"
)

// Namespaces of the two SRU versions' responses and diagnostics.
const (
	nsSRW        = "http://www.loc.gov/zing/srw/"
	nsSRWDiag    = "http://www.loc.gov/zing/srw/diagnostic/"
	nsSRU2       = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
	nsSRU2Scan   = "http://docs.oasis-open.org/ns/search-ws/scan"
	nsSRU2Diag   = "http://docs.oasis-open.org/ns/search-ws/diagnostic"
	diagSchemaID = "info:srw/schema/1/diagnostics-v1.1"
)

// response writes an SRU response for one version and operation as it
// goes, so a page of records streams out.
type response struct {
	hw      http.ResponseWriter
	w       *bufio.Writer
	version string
	op      string
	prefix  string // of the response elements: zs, sruResponse or scan
	started bool
}

func newResponse(w http.ResponseWriter, version, op string) *response {
	return &response{hw: w, w: bufio.NewWriter(w), version: version, op: op}
}

// begin writes the XML declaration and opens the operation's response
// element with the version.
func (r *response) begin() {
	r.started = true
	ns, ctype := nsSRW, "text/xml; charset=utf-8"
	r.prefix = "zs"
	if r.version == "2.0" {
		ns, r.prefix, ctype = nsSRU2, "sruResponse", "application/sru+xml; charset=utf-8"
		if r.op == "scan" {
			ns, r.prefix = nsSRU2Scan, "scan"
		}
	}
	r.hw.Header().Set("Content-Type", ctype)
	r.raw(xml.Header)
	r.raw("<" + r.prefix + ":" + r.op + "Response xmlns:" + r.prefix + `="` + ns + `">`)
	r.leaf("version", r.version)
}

func (r *response) startSearch(total int) {
	r.begin()
	r.leaf("numberOfRecords", itoa(total))
}

func (r *response) startScan() { r.begin() }

// record writes one record of a result with its position.
func (r *response) record(schemaID, escaping, data string, pos int) {
	r.raw(r.el("record"))
	r.leaf("recordSchema", schemaID)
	if r.version == "2.0" {
		r.leaf("recordXMLEscaping", escaping)
	} else {
		r.leaf("recordPacking", escaping)
	}
	r.raw(r.el("recordData"))
	if escaping == "string" {
		r.text(data)
	} else {
		r.raw(data)
	}
	r.raw(r.closeEl("recordData"))
	r.leaf("recordPosition", itoa(pos))
	r.raw(r.closeEl("record"))
}

// surrogate writes a diagnostic in place of a record that could not be
// given.
func (r *response) surrogate(d *cql.Diagnostic, pos int) {
	r.record(diagSchemaID, "xml", r.diagnostic(d), pos)
}

func (r *response) diagnostic(d *cql.Diagnostic) string {
	ns := nsSRWDiag
	if r.version == "2.0" {
		ns = nsSRU2Diag
	}
	var b strings.Builder
	b.WriteString(`<diag:diagnostic xmlns:diag="` + ns + `"><diag:uri>` + d.URI() + "</diag:uri>")
	if d.Details != "" {
		b.WriteString("<diag:details>" + escape(d.Details) + "</diag:details>")
	}
	b.WriteString("<diag:message>" + escape(d.Message) + "</diag:message></diag:diagnostic>")
	return b.String()
}

// diagnostics writes the diagnostics element.
func (r *response) diagnostics(ds ...*cql.Diagnostic) {
	r.raw(r.el("diagnostics"))
	for _, d := range ds {
		r.raw(r.diagnostic(d))
	}
	r.raw(r.closeEl("diagnostics"))
}

// fatal ends the response with a diagnostic that stopped the operation:
// for a search, no records and the diagnostic.
func (r *response) fatal(d *cql.Diagnostic) {
	if !r.started {
		if r.op == "searchRetrieve" {
			r.startSearch(0)
		} else {
			r.begin()
		}
	}
	r.diagnostics(d)
	r.end()
}

// explain writes an explain response around a ZeeRex record.
func (r *response) explain(record string) {
	r.begin()
	r.raw(r.el("record"))
	r.leaf("recordSchema", "http://explain.z3950.org/dtd/2.0/")
	if r.version == "2.0" {
		r.leaf("recordXMLEscaping", "xml")
	} else {
		r.leaf("recordPacking", "xml")
	}
	r.raw(r.el("recordData") + record + r.closeEl("recordData"))
	r.raw(r.closeEl("record"))
	r.end()
}

// end closes the response element and flushes. A failed write means the
// client has gone; there is no one left to tell.
func (r *response) end() {
	r.raw("</" + r.prefix + ":" + r.op + "Response>\n")
	r.w.Flush()
}

func (r *response) el(name string) string { return "<" + r.prefix + ":" + name + ">" }

// Elements follow each other without whitespace between them: a widely
// used SRU client takes such text for a child element and fails on it.
func (r *response) closeEl(name string) string { return "</" + r.prefix + ":" + name + ">" }

func (r *response) leaf(name, value string) { r.raw(r.el(name) + escape(value) + r.closeEl(name)) }
func (r *response) text(s string)           { r.raw(escape(s)) }
func (r *response) raw(s string)            { r.w.WriteString(s) }

func escape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }
