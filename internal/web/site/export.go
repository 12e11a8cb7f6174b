package site

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/marc"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Export formats, as ?format= names them.
const (
	paramFormat   = "format"
	formatMARC    = "marc"    // MARC 21 in ISO 2709, UTF-8
	formatMARCXML = "marcxml" // MARCXML
)

// maxExport bounds a search result export: enough for a reading list or
// a subject bibliography; the whole catalogue is `kirjasto export`'s job.
const maxExport = 1000

// exportPage is how many hits a search export asks the index for at once.
const exportPage = 100

// serveRecordOrExport serves /records/{id}: the record page, or the record
// as MARC for /records/{id}.mrc, /records/{id}.xml and ?format=.
func (s *server) serveRecordOrExport(w http.ResponseWriter, r *http.Request) error {
	id, format := r.PathValue("id"), r.URL.Query().Get(paramFormat)
	switch {
	case strings.HasSuffix(id, ".mrc"):
		id, format = strings.TrimSuffix(id, ".mrc"), formatMARC
	case strings.HasSuffix(id, ".xml"):
		id, format = strings.TrimSuffix(id, ".xml"), formatMARCXML
	case format == "":
		return s.serveRecord(w, r)
	}
	if err := checkFormat(format); err != nil {
		return err
	}
	recID, err := web.ParseRecordID(id)
	if err != nil {
		return err
	}
	rec, err := s.Store().Record(r.Context(), recID)
	if err != nil {
		return err
	}
	items, err := s.Store().Items(r.Context(), recID)
	if err != nil {
		return err
	}
	ew := newExportWriter(w, format, "kirjasto-"+strconv.FormatInt(recID, 10))
	ew.write(marc.Of(rec, items))
	return ew.close()
}

// serveSearchOrExport serves /search: the result page, or with ?format=
// the first maxExport hits as MARC, streamed as they are read.
func (s *server) serveSearchOrExport(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	format := v.Get(paramFormat)
	if format == "" {
		return s.serveSearch(w, r)
	}
	if err := checkFormat(format); err != nil {
		return err
	}
	sort, err := web.ParseSort(v.Get(web.ParamSort))
	if err != nil {
		return err
	}
	q := library.SearchQuery{Text: v.Get(web.ParamQuery), Lang: s.Lang(r), Filters: web.Filters(v), Sort: sort, Limit: exportPage}
	// The first page is read before anything is written, so that a bad
	// query still gets an error page.
	res, err := s.Search().Search(r.Context(), q)
	if err != nil {
		return err
	}
	ew := newExportWriter(w, format, "kirjasto-search")
	for {
		for _, h := range res.Hits {
			if err := s.exportRecord(r.Context(), ew, h.ID); err != nil {
				s.LogFailure(r, "search export", err, "record", h.ID)
				return nil // the response has begun: it can only be cut short
			}
		}
		q.Offset += len(res.Hits)
		q.Limit = min(exportPage, maxExport-q.Offset)
		if len(res.Hits) == 0 || q.Offset >= res.Total || q.Limit <= 0 {
			break
		}
		if res, err = s.Search().Search(r.Context(), q); err != nil {
			s.LogFailure(r, "search export", err)
			return nil
		}
	}
	if err := ew.close(); err != nil {
		s.Logger().Debug("search export", "err", err)
	}
	return nil
}

// exportRecord writes one hit; a record deleted since the index saw it is
// left out.
func (s *server) exportRecord(ctx context.Context, ew *exportWriter, id int64) error {
	rec, err := s.Store().Record(ctx, id)
	if library.ErrorCode(err) == library.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	items, err := s.Store().Items(ctx, id)
	if err != nil {
		return err
	}
	ew.write(marc.Of(rec, items))
	return ew.err
}

func checkFormat(format string) error {
	if format != formatMARC && format != formatMARCXML {
		return web.Invalid("export.bad_format", "export format %q", format)
	}
	return nil
}

// exportWriter writes MARC records to a response in either format, with
// the headers that make a browser save them as a file.
type exportWriter struct {
	iso *marc.Writer
	xml *marc.XMLWriter
	w   http.ResponseWriter
	err error
}

func newExportWriter(w http.ResponseWriter, format, name string) *exportWriter {
	ew := &exportWriter{w: w}
	if format == formatMARC {
		w.Header().Set("Content-Type", "application/marc")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.mrc"`)
		ew.iso = marc.NewWriter(w)
	} else {
		w.Header().Set("Content-Type", "application/marcxml+xml; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xml"`)
		ew.xml = marc.NewXMLWriter(w)
	}
	return ew
}

func (ew *exportWriter) write(r *marc.Record) {
	if ew.err != nil {
		return
	}
	if ew.iso != nil {
		ew.err = ew.iso.Write(r)
	} else {
		ew.err = ew.xml.Write(r)
	}
}

func (ew *exportWriter) close() error {
	if ew.err != nil {
		return ew.err
	}
	if ew.iso != nil {
		return ew.iso.Flush()
	}
	return ew.xml.Close()
}
