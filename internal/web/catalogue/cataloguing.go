// Package catalogue is the cataloguers' part of Kirjasto's web library:
// finding a record to edit, the record form for the common fields, the
// MARC field editor for the rest, a record's copies, batch changes to
// copies by barcode, merging two records and deleting one.
//
// The store does the work (library.Cataloguing) and sends every change
// to the search index at once; these pages ask library.Permit first:
// ActCatalogue at the consortium for a record, which the catalogue
// shares, and at the owning library for a copy, which is that city's.
package catalogue

import (
	"context"
	"embed"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// server is the core with the cataloguing pages' handlers.
type server struct{ *web.Server }

// Area returns the cataloguers' part of the site.
func Area() web.Area { return web.Area{Name: "catalogue", Templates: templates, Routes: routes} }

func routes(ws *web.Server, mux *http.ServeMux) {
	s := &server{ws}
	page := func(pattern string, h web.StaffHandler) {
		mux.Handle(pattern, s.Wrap(s.AsStaffWith(cataloguingForms, h), false))
	}
	page("GET /catalogue", s.serveCatalogue)
	page("GET /catalogue/new", s.serveRecordForm)
	page("POST /catalogue/new", s.saveRecordForm)
	page("GET /catalogue/new/marc", s.serveMARC)
	page("POST /catalogue/new/marc", s.saveMARC)
	page("GET /catalogue/records/{id}", s.serveRecordForm)
	page("POST /catalogue/records/{id}", s.saveRecordForm)
	page("GET /catalogue/records/{id}/marc", s.serveMARC)
	page("POST /catalogue/records/{id}/marc", s.saveMARC)
	page("GET /catalogue/records/{id}/items", s.serveItems)
	page("POST /catalogue/records/{id}/items", s.addItem)
	page("GET /catalogue/items/{barcode}", s.serveItem)
	page("POST /catalogue/items/{barcode}", s.saveItem)
	page("POST /catalogue/items/{barcode}/withdraw", s.withdrawItem)
	page("POST /catalogue/items/{barcode}/delete", s.deleteItem)
	page("GET /catalogue/batch", s.serveBatch)
	page("POST /catalogue/batch", s.postBatch)
	page("GET /catalogue/merge", s.serveMerge)
	page("POST /catalogue/merge", s.mergeRecords)
	page("GET /catalogue/records/{id}/delete", s.serveDelete)
	page("POST /catalogue/records/{id}/delete", s.deleteRecord)
}

// cataloguingForms are the limits of the cataloguing forms, larger than
// the core's short forms: a MARC record has dozens of fields, a summary
// runs to paragraphs, a batch has a barcode a line.
var cataloguingForms = web.FormLimits{Values: 2000, ValueLen: 20000, Body: 512 << 10}

// libraryOf returns the member library of a branch, "" for a branch the
// consortium does not have.
func (s *server) libraryOf(ctx context.Context, branch string) (string, error) {
	_, branches, err := s.Consortium(ctx)
	if err != nil {
		return "", err
	}
	for _, b := range branches {
		if b.ID == branch {
			return b.LibraryID, nil
		}
	}
	return "", nil
}

// cataloguing is the store's side of these pages.
func (s *server) cataloguing() (library.Cataloguing, error) {
	c, ok := s.Store().(library.Cataloguing)
	if !ok {
		return nil, errors.New("catalogue: the store does not catalogue")
	}
	return c, nil
}

// mayEditRecords asks whether st may create and edit records, which the
// consortium shares.
func mayEditRecords(st library.Staff) error {
	return library.Permit(st, library.ActCatalogue, library.ConsortiumScope)
}

// mayEditItemAt asks whether st may keep copies owned by branch.
func (s *server) mayEditItemAt(ctx context.Context, st library.Staff, branch string) error {
	lib, err := s.libraryOf(ctx, branch)
	if err != nil {
		return err
	}
	if lib == "" {
		return web.Invalid("error.catalogue_branch_unknown", "no branch %q", branch)
	}
	return library.Permit(st, library.ActCatalogue, library.BranchScope(lib, branch))
}

// recordID reads the record's id from the path, or 0 for a new record.
func recordID(r *http.Request) (int64, error) {
	v := r.PathValue("id")
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, &library.Error{Code: library.ENOTFOUND, Key: "error.catalogue_record_not_found", Message: "record " + v}
	}
	return id, nil
}

// recordPath is the form page of a record.
func recordPath(id int64) string { return "/catalogue/records/" + strconv.FormatInt(id, 10) }

// tabs is the navigation between a record's pages.
type tabs struct {
	ID      int64
	Current string // form, marc, items, delete
}

// hitView is one record found on the entry page.
type hitView struct {
	ID     int64
	Title  string
	Author string
	Year   int
}

// cataloguePage is the entry page: a search and its hits.
type cataloguePage struct {
	Query    string
	Hits     []hitView
	Searched bool
	Deleted  string // the id of a record just deleted
}

// serveCatalogue is the entry page: find a record by its id, an ISBN or
// words of its title through the search index, or start a new one.
func (s *server) serveCatalogue(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayEditRecords(st); err != nil {
		return err
	}
	cp := &cataloguePage{Query: strings.TrimSpace(r.URL.Query().Get("find")), Deleted: r.URL.Query().Get("deleted")}
	if cp.Query != "" {
		cp.Searched = true
		hits, err := s.find(r.Context(), s.Lang(r), cp.Query)
		if err != nil {
			return err
		}
		cp.Hits = hits
	}
	s.Render(w, r, http.StatusOK, "catalogue", s.Tr(r, "cataloguing.title"), cp)
	return nil
}

// find looks a record up by id first, then in the search index.
func (s *server) find(ctx context.Context, lang, q string) ([]hitView, error) {
	var ids []int64
	if id, err := strconv.ParseInt(q, 10, 64); err == nil && id > 0 && len(q) < 10 {
		if _, err := s.Store().Record(ctx, id); err == nil {
			ids = append(ids, id)
		}
	}
	res, err := s.Search().Search(ctx, library.SearchQuery{Text: q, Lang: lang, Limit: 20})
	if err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		if len(ids) == 0 || h.ID != ids[0] {
			ids = append(ids, h.ID)
		}
	}
	var hits []hitView
	for _, id := range ids {
		rec, err := s.Store().Record(ctx, id)
		if library.ErrorCode(err) == library.ENOTFOUND {
			continue // deleted since the index saw it
		}
		if err != nil {
			return nil, err
		}
		hits = append(hits, hitView{ID: id, Title: rec.Title, Author: rec.MainAuthor(), Year: rec.Year})
	}
	return hits, nil
}
