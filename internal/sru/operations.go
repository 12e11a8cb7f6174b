package sru

import (
	"bytes"
	"cmp"
	"context"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/cql"
	"github.com/kirjasto/kirjasto/internal/dc"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/marc"
)

// searchRetrieve runs a query and writes a page of its records, each as
// soon as it is read.
func (h *Handler) searchRetrieve(ctx context.Context, rw *response, p map[string][]string) error {
	query := first(p["query"])
	if query == "" {
		rw.fatal(diag(diagMandatoryMissing, "query"))
		return nil
	}
	if qt := first(p["queryType"]); qt != "" && qt != "cql" {
		rw.fatal(diag(diagUnsupportedValue, "queryType"))
		return nil
	}
	start, d := intParam(p, "startRecord", 1, 1)
	if d != nil {
		rw.fatal(d)
		return nil
	}
	limit, d := intParam(p, "maximumRecords", defaultRecords, 0)
	if d != nil {
		rw.fatal(d)
		return nil
	}
	limit = min(limit, maxRecords)
	sch, ok := findSchema(first(p["recordSchema"]))
	if !ok {
		rw.fatal(diag(diagUnknownSchema, first(p["recordSchema"])))
		return nil
	}
	escaping := "xml"
	switch {
	case rw.version == "2.0":
		escaping = cmp.Or(first(p["recordXMLEscaping"]), "xml")
		if pk := first(p["recordPacking"]); pk != "" && pk != "packed" {
			rw.fatal(diag(diagUnsupportedPacking, pk))
			return nil
		}
	default:
		escaping = cmp.Or(first(p["recordPacking"]), "xml")
	}
	if escaping != "xml" && escaping != "string" {
		rw.fatal(diag(diagUnsupportedPacking, escaping))
		return nil
	}
	if len(p["sortKeys"]) > 0 && first(p["sortKeys"]) != "" {
		rw.fatal(diag(cql.DiagSortUnsupported, "sortKeys: use sortBy in the query"))
		return nil
	}

	q, err := cql.Parse(query)
	if err != nil {
		rw.fatal(cql.AsDiagnostic(err))
		return nil
	}
	sq, d := Translate(q)
	if d != nil {
		rw.fatal(d)
		return nil
	}
	sq.Offset, sq.Limit = start-1, limit
	res, err := h.cfg.Search.Search(ctx, sq)
	if err != nil {
		if library.ErrorCode(err) == library.EINVALID {
			rw.fatal(cql.CannotProcess(err.Error()))
			return nil
		}
		return err
	}
	if start > res.Total && res.Total > 0 {
		rw.startSearch(res.Total)
		rw.diagnostics(diag(diagFirstRecordOutOfRng, strconv.Itoa(start)))
		rw.end()
		return nil
	}
	rw.startSearch(res.Total)
	if len(res.Hits) > 0 && limit > 0 {
		rw.raw(rw.el("records"))
		for i, hit := range res.Hits {
			pos := start + i
			rec, err := h.cfg.Record(ctx, hit.ID)
			if library.ErrorCode(err) == library.ENOTFOUND {
				rw.surrogate(diag(diagRecordDeleted, strconv.FormatInt(hit.ID, 10)), pos)
				continue
			}
			if err != nil {
				return err
			}
			var data bytes.Buffer
			if err := writeRecord(&data, rec, sch); err != nil {
				return err
			}
			rw.record(sch.id, escaping, data.String(), pos)
		}
		rw.raw(rw.closeEl("records"))
		if next := start + len(res.Hits); next <= res.Total {
			rw.leaf("nextRecordPosition", strconv.Itoa(next))
		}
	}
	rw.end()
	return nil
}

// writeRecord writes rec in a record schema.
func writeRecord(w *bytes.Buffer, rec library.Record, s schema) error {
	if s.id == schemas[0].id {
		var b bytes.Buffer
		if err := marc.WriteXMLRecord(&b, marc.Of(rec, nil)); err != nil {
			return err
		}
		// The MARCXML writer puts each element on a line of its own; here
		// elements follow each other without whitespace, as in the rest of
		// the response. Every line end it writes is between elements, since
		// it escapes those in values.
		w.Write(bytes.ReplaceAll(b.Bytes(), []byte("\n"), nil))
		return nil
	}
	return dc.Write(w, rec, `<srw_dc:dc xmlns:srw_dc="info:srw/schema/1/dc-schema" xmlns:dc="`+dc.Namespace+`">`, "</srw_dc:dc>")
}

// scan lists the titles, authors or subjects that start with a term, in
// alphabetical order, with the number of records that have each.
func (h *Handler) scan(ctx context.Context, rw *response, p map[string][]string) error {
	clause := first(p["scanClause"])
	if clause == "" {
		rw.fatal(diag(diagMandatoryMissing, "scanClause"))
		return nil
	}
	n, d := intParam(p, "maximumTerms", defaultTerms, 1)
	if d != nil {
		rw.fatal(d)
		return nil
	}
	pos, d := intParam(p, "responsePosition", 1, 0)
	if d != nil {
		rw.fatal(d)
		return nil
	}
	if pos > 1 {
		// Terms before the scan term are not kept in an order to go back in.
		rw.fatal(diag(diagResponsePosition, strconv.Itoa(pos)))
		return nil
	}
	q, err := cql.Parse(clause)
	if err != nil {
		rw.fatal(cql.AsDiagnostic(err))
		return nil
	}
	if d := cql.Check(q, supported); d != nil {
		rw.fatal(d)
		return nil
	}
	sc, ok := q.Root.(*cql.SearchClause)
	if !ok || len(q.SortKeys) > 0 {
		rw.fatal(cql.CannotProcess("a scan clause is one index, relation and term"))
		return nil
	}
	kind := indexes[resolve(sc.EffectiveIndex(), sc.Prefixes)].scanAs
	switch {
	case h.cfg.Scan == nil:
		rw.fatal(diag(diagUnsupportedOperation, "scan"))
		return nil
	case kind == "":
		rw.fatal(cql.UnsupportedIndex(sc.EffectiveIndex()))
		return nil
	}
	term := sc.Term.Text()
	if strings.TrimSpace(term) == "" {
		rw.fatal(cql.EmptyTermUnsupported())
		return nil
	}
	terms := h.cfg.Scan.Scan(ctx, kind, term, n)
	rw.startScan()
	if len(terms) > 0 {
		rw.raw(rw.el("terms"))
		for _, t := range terms {
			rw.raw(rw.el("term"))
			rw.leaf("value", t.Text)
			rw.leaf("numberOfRecords", strconv.Itoa(t.Count))
			rw.raw(rw.closeEl("term"))
		}
		rw.raw(rw.closeEl("terms"))
	}
	rw.end()
	return nil
}

func first(vs []string) string {
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}

// explain describes the server in ZeeRex (explain.z3950.org/dtd/2.0).
func (h *Handler) explain(rw *response, r *http.Request) error {
	host, port := r.Host, "80"
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.HasSuffix(host, "]") {
		host, port = host[:i], host[i+1:]
	}
	var b bytes.Buffer
	b.WriteString(`<zr:explain xmlns:zr="http://explain.z3950.org/dtd/2.0/">`)
	b.WriteString(`<zr:serverInfo protocol="SRU" version="` + rw.version + `" transport="http">`)
	b.WriteString("<zr:host>" + escape(host) + "</zr:host><zr:port>" + escape(port) + "</zr:port>")
	b.WriteString("<zr:database>" + escape(strings.TrimPrefix(r.URL.Path, "/")) + "</zr:database></zr:serverInfo>")
	b.WriteString(`<zr:databaseInfo><zr:title lang="en" primary="true">` + escape(h.cfg.Title) + "</zr:title></zr:databaseInfo>")
	b.WriteString("<zr:indexInfo>")
	for _, name := range slices.Sorted(maps.Keys(contextSets)) {
		b.WriteString(`<zr:set name="` + name + `" identifier="` + contextSets[name] + `"/>`)
	}
	for _, name := range supported.Indexes {
		set, local, _ := strings.Cut(name, ".")
		b.WriteString(`<zr:index><zr:title>` + escape(indexes[name].title) + `</zr:title><zr:map><zr:name set="` +
			set + `">` + local + `</zr:name></zr:map></zr:index>`)
	}
	b.WriteString("</zr:indexInfo><zr:schemaInfo>")
	for _, s := range schemas {
		b.WriteString(`<zr:schema identifier="` + s.id + `" name="` + s.names[0] + `"><zr:title>` + s.title + `</zr:title></zr:schema>`)
	}
	b.WriteString("</zr:schemaInfo><zr:configInfo>")
	b.WriteString(`<zr:default type="numberOfRecords">` + strconv.Itoa(defaultRecords) + `</zr:default>`)
	b.WriteString(`<zr:default type="contextSet">dc</zr:default>`)
	b.WriteString(`<zr:setting type="maximumRecords">` + strconv.Itoa(maxRecords) + `</zr:setting>`)
	for _, rel := range supported.Relations {
		b.WriteString(`<zr:supports type="relation">` + escape(rel) + `</zr:supports>`)
	}
	b.WriteString(`<zr:supports type="maskingCharacter">*</zr:supports>`)
	b.WriteString(`<zr:supports type="sort">dc.title</zr:supports>`)
	b.WriteString("</zr:configInfo></zr:explain>")
	rw.explain(b.String())
	return nil
}
