package oai

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// format is a metadata format the repository disseminates.
type format struct {
	prefix, schema, namespace string
}

var formats = []format{
	{"oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", "http://www.openarchives.org/OAI/2.0/oai_dc/"},
	{"marc21", "http://www.loc.gov/standards/marcxml/schema/MARC21slim.xsd", "http://www.loc.gov/MARC21/slim"},
}

func checkFormat(prefix string) *protoError {
	for _, f := range formats {
		if f.prefix == prefix {
			return nil
		}
	}
	return errorf(CannotDisseminateFormat, "the metadata format "+strconv.Quote(prefix)+" is not offered; ListMetadataFormats lists those that are")
}

// granularity is the finest datestamp the repository gives and takes.
const (
	granularity = "YYYY-MM-DDThh:mm:ssZ"
	stampLayout = "2006-01-02T15:04:05Z"
	dayLayout   = "2006-01-02"
)

func (h *Handler) identify(ctx context.Context, rw *response, req request) error {
	earliest, err := h.cfg.Harvester.EarliestDatestamp(ctx)
	if err != nil {
		return err
	}
	if earliest.IsZero() {
		earliest = h.cfg.Now()
	}
	admin := h.cfg.AdminEmail
	if admin == "" {
		admin = defaultAdmin(rw.base)
	}
	rw.start(req)
	rw.open("Identify")
	rw.leaf("repositoryName", h.cfg.RepositoryName)
	rw.leaf("baseURL", rw.base)
	rw.leaf("protocolVersion", "2.0")
	rw.leaf("adminEmail", admin)
	rw.leaf("earliestDatestamp", earliest.UTC().Format(stampLayout))
	rw.leaf("deletedRecord", "persistent")
	rw.leaf("granularity", granularity)
	rw.close("Identify")
	return rw.end()
}

func (h *Handler) listMetadataFormats(ctx context.Context, rw *response, req request) error {
	if ident, ok := req.args["identifier"]; ok {
		id, perr := recordID(ident)
		if perr != nil {
			return perr
		}
		e, err := h.cfg.Harvester.HarvestRecord(ctx, id)
		if library.ErrorCode(err) == library.ENOTFOUND {
			return errorf(IDDoesNotExist, "no record has the identifier "+strconv.Quote(ident))
		}
		if err != nil {
			return err
		}
		if e.Deleted {
			return errorf(NoMetadataFormats, "the record "+ident+" is deleted: only its header remains")
		}
	}
	rw.start(req)
	rw.open("ListMetadataFormats")
	for _, f := range formats {
		rw.open("metadataFormat")
		rw.leaf("metadataPrefix", f.prefix)
		rw.leaf("schema", f.schema)
		rw.leaf("metadataNamespace", f.namespace)
		rw.close("metadataFormat")
	}
	rw.close("ListMetadataFormats")
	return rw.end()
}

func (h *Handler) listSets(ctx context.Context, rw *response, req request) error {
	if _, ok := req.args["resumptionToken"]; ok {
		// Every set is in the first response, so no token was ever given.
		return errorf(BadResumptionToken, "ListSets gives no resumption tokens")
	}
	sets, err := h.sets(ctx)
	if err != nil {
		return err
	}
	if len(sets) == 0 {
		return errorf(NoSetHierarchy, "the repository has no sets")
	}
	rw.start(req)
	rw.open("ListSets")
	for _, s := range sets {
		rw.open("set")
		rw.leaf("setSpec", s.spec)
		rw.leaf("setName", s.name)
		rw.close("set")
	}
	rw.close("ListSets")
	return rw.end()
}

type set struct{ spec, name string }

// sets lists the sets: the member libraries and the materials, each under
// its parent.
func (h *Handler) sets(ctx context.Context) ([]set, error) {
	var sets []set
	if h.cfg.Libraries != nil {
		libs, err := h.cfg.Libraries(ctx)
		if err != nil {
			return nil, err
		}
		if len(libs) > 0 {
			sets = append(sets, set{library.SetLibrary, "Records by member library"})
		}
		for _, l := range libs {
			sets = append(sets, set{library.SetLibrary + ":" + l.ID, l.Name.Get("fi")})
		}
	}
	sets = append(sets, set{library.SetMaterial, "Records by material"})
	for _, m := range library.Materials {
		sets = append(sets, set{library.SetMaterial + ":" + string(m), string(m)})
	}
	return sets, nil
}

func (h *Handler) getRecord(ctx context.Context, rw *response, req request) error {
	prefix := req.args["metadataPrefix"]
	id, perr := recordID(req.args["identifier"])
	if perr != nil {
		return perr
	}
	if perr := checkFormat(prefix); perr != nil {
		return perr
	}
	e, err := h.cfg.Harvester.HarvestRecord(ctx, id)
	if library.ErrorCode(err) == library.ENOTFOUND {
		return errorf(IDDoesNotExist, "no record has the identifier "+strconv.Quote(req.args["identifier"]))
	}
	if err != nil {
		return err
	}
	rw.start(req)
	rw.open("GetRecord")
	rw.record(e, prefix)
	rw.close("GetRecord")
	return rw.end()
}

// list serves ListIdentifiers and ListRecords, one page at a time.
func (h *Handler) list(ctx context.Context, rw *response, req request, now time.Time) error {
	var tok token
	if s, ok := req.args["resumptionToken"]; ok {
		var perr *protoError
		if tok, perr = parseToken(s); perr != nil {
			return perr
		}
		if err := h.checkSet(ctx, tok.set); err != nil {
			if _, ok := errors.AsType[*protoError](err); ok {
				return errorf(BadResumptionToken, "the resumption token names no set of this repository")
			}
			return err
		}
	} else {
		var err error
		if tok, err = h.newToken(ctx, req, now); err != nil {
			return err
		}
	}
	records := req.verb == "ListRecords"
	entries, err := h.cfg.Harvester.Harvest(ctx, library.HarvestQuery{
		From: tok.from, Until: tok.until, Set: tok.set, AfterID: tok.after,
		Limit: h.cfg.PageSize + 1, WithRecords: records,
	})
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return errorf(NoRecordsMatch, "no records match the request")
	}
	more := len(entries) > h.cfg.PageSize
	entries = entries[:min(len(entries), h.cfg.PageSize)]
	rw.start(req)
	rw.open(req.verb)
	for _, e := range entries {
		if records {
			rw.record(e, tok.prefix)
		} else {
			rw.header(e)
		}
	}
	switch {
	case more:
		next := tok
		next.after = entries[len(entries)-1].ID
		next.cursor = tok.cursor + len(entries)
		rw.resumption(next.String(), tok.cursor)
	case tok.cursor > 0:
		rw.resumption("", tok.cursor) // the last page of a resumed list
	}
	rw.close(req.verb)
	return rw.end()
}

// newToken turns the arguments of a first list request into the state
// of the list: the first page's token.
func (h *Handler) newToken(ctx context.Context, req request, now time.Time) (token, error) {
	a := req.args
	tok := token{prefix: a["metadataPrefix"], set: a["set"]}
	if perr := checkFormat(tok.prefix); perr != nil {
		return tok, perr
	}
	from, fromDay, perr := parseStamp("from", a["from"], false)
	if perr != nil {
		return tok, perr
	}
	until, untilDay, perr := parseStamp("until", a["until"], true)
	if perr != nil {
		return tok, perr
	}
	if a["from"] != "" && a["until"] != "" {
		if fromDay != untilDay {
			return tok, errorf(BadArgument, "from and until must have the same granularity")
		}
		if !from.Before(until) {
			return tok, errorf(BadArgument, "from is later than until")
		}
	}
	// The list is what the catalogue holds now: a record that changes
	// while it is harvested gets a later datestamp and belongs to the next
	// harvest, which starts from this response's date.
	if until.IsZero() || until.After(now) {
		until = now
	}
	tok.from, tok.until = from, until
	return tok, h.checkSet(ctx, tok.set)
}

// checkSet refuses a set the repository does not have.
func (h *Handler) checkSet(ctx context.Context, spec string) error {
	if spec == "" {
		return nil
	}
	sets, err := h.sets(ctx)
	if err != nil {
		return err
	}
	if len(sets) == 0 {
		return errorf(NoSetHierarchy, "the repository has no sets")
	}
	for _, s := range sets {
		if s.spec == spec {
			return nil
		}
	}
	return errorf(NoRecordsMatch, "there is no set "+strconv.Quote(spec)+"; ListSets lists the sets")
}

// parseStamp reads a from or until argument, at day or second granularity.
// until is returned as the exclusive end of the range it names: the end
// of its day or of its second.
func parseStamp(name, s string, until bool) (t time.Time, day bool, perr *protoError) {
	if s == "" {
		return time.Time{}, false, nil
	}
	step := time.Second
	t, err := time.Parse(stampLayout, s)
	if err != nil || len(s) != len(stampLayout) {
		t, err = time.Parse(dayLayout, s)
		if err != nil || len(s) != len(dayLayout) {
			return time.Time{}, false, errorf(BadArgument, name+" must be a date (YYYY-MM-DD) or a UTC time (YYYY-MM-DDThh:mm:ssZ), not "+strconv.Quote(s))
		}
		day, step = true, 24*time.Hour
	}
	if until {
		t = t.Add(step)
	}
	return t, day, nil
}
