package oai

import (
	"bufio"
	"encoding/xml"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/dc"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/marc"
)

// response writes an OAI-PMH response as it goes, so that a page of
// records streams out instead of being built in memory. The first write
// error is kept and reported by end.
type response struct {
	hw      http.ResponseWriter
	w       *bufio.Writer
	now     time.Time
	base    string
	started bool
	err     error
}

func newResponse(w http.ResponseWriter, now time.Time, base string) *response {
	return &response{hw: w, w: bufio.NewWriter(w), now: now, base: base}
}

// start writes the envelope up to the verb's element. A request that
// failed with badVerb or badArgument is echoed without its arguments.
func (r *response) start(req request) {
	r.started = true
	r.hw.Header().Set("Content-Type", "text/xml; charset=utf-8")
	r.raw(xml.Header)
	r.raw(`<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">` + "\n")
	r.leaf("responseDate", r.now.Format(stampLayout))
	r.raw("<request")
	if req.verb != "" {
		r.attr("verb", req.verb)
		keys := make([]string, 0, len(req.args))
		for k := range req.args {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			r.attr(k, req.args[k])
		}
	}
	r.raw(">")
	r.text(r.base)
	r.raw("</request>\n")
}

// fail writes a response that is only an error.
func (r *response) fail(req request, perr *protoError) {
	if perr.code == BadVerb || perr.code == BadArgument {
		req = request{}
	}
	r.start(req)
	r.raw(`<error code="` + perr.code + `">`)
	r.text(perr.message)
	r.raw("</error>\n")
	r.end()
}

// end closes the envelope and flushes.
func (r *response) end() error {
	r.raw("</OAI-PMH>\n")
	if r.err == nil {
		r.err = r.w.Flush()
	}
	return r.err
}

// header writes a record's header: deleted or not, its datestamp, its sets.
func (r *response) header(e library.HarvestEntry) {
	if e.Deleted {
		r.raw(`<header status="deleted">`)
	} else {
		r.raw("<header>")
	}
	r.leaf("identifier", identifier(e.ID))
	r.leaf("datestamp", e.Datestamp.UTC().Format(stampLayout))
	for _, s := range e.Sets {
		r.leaf("setSpec", s)
	}
	r.raw("</header>\n")
}

// record writes a record with its metadata in a format; a deleted record
// is its header alone.
func (r *response) record(e library.HarvestEntry, prefix string) {
	r.raw("<record>")
	r.header(e)
	if !e.Deleted {
		r.raw("<metadata>")
		switch prefix {
		case "marc21":
			r.keep(marc.WriteXMLRecord(r.w, marc.Of(e.Record, nil)))
		default:
			r.keep(dc.Write(r.w, e.Record,
				`<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="`+dc.Namespace+`" `+
					`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" `+
					`xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">`,
				"</oai_dc:dc>"))
		}
		r.raw("</metadata>")
	}
	r.raw("</record>\n")
}

// resumption writes the resumption token; an empty token ends a list.
func (r *response) resumption(tok string, cursor int) {
	r.raw(`<resumptionToken cursor="` + strconv.Itoa(cursor) + `">`)
	r.text(tok)
	r.raw("</resumptionToken>\n")
}

func (r *response) open(name string)  { r.raw("<" + name + ">\n") }
func (r *response) close(name string) { r.raw("</" + name + ">\n") }

func (r *response) leaf(name, value string) {
	r.raw("<" + name + ">")
	r.text(value)
	r.raw("</" + name + ">\n")
}

func (r *response) attr(name, value string) {
	r.raw(" " + name + `="`)
	r.text(value)
	r.raw(`"`)
}

func (r *response) text(s string) {
	if r.err == nil {
		r.keep(xml.EscapeText(r.w, []byte(s)))
	}
}

func (r *response) raw(s string) {
	if r.err == nil {
		_, r.err = r.w.WriteString(s)
	}
}

func (r *response) keep(err error) {
	if r.err == nil {
		r.err = err
	}
}
