package account

import (
	"context"
	"net/http"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Lists: a patron's own lists of records, at /account/lists, private or
// shared by an unguessable link at /lists/shared/{token}, which anyone
// may read without signing in until the owner makes the list private
// again. The store is reached through library.Lists, which the SQL store
// implements; a store without it has no lists, and every page is 404.

// listRoutes registers the lists pages, their JSON twins and the forms of
// the record page (adding to a list and rating, see ratings.go).
func (s *server) listRoutes(mux *http.ServeMux) {
	page := func(pattern string, h web.PatronHandler) { mux.Handle(pattern, s.Wrap(s.AsPatron(h), false)) }
	api := func(pattern string, h web.PatronHandler) { mux.Handle(pattern, s.Wrap(s.AsPatron(h), true)) }

	page("GET /account/lists", s.serveLists)
	page("POST /account/lists", s.createList)
	page("GET /account/lists/{id}", s.serveList)
	page("POST /account/lists/{id}/{action}", s.listAction)
	page("POST /records/{id}/lists", s.addToList)
	// Signing in from a record page's forms comes back here by GET: send
	// the patron on to the form.
	page("GET /records/{id}/lists", s.BackToRecord("#lists"))
	mux.Handle("GET /lists/shared/{token}", s.Wrap(s.serveSharedList, false))

	api("GET /api/v1/account/lists", s.apiLists)
	api("GET /api/v1/account/lists/{id}", s.apiList)
	mux.Handle("GET /api/v1/lists/shared/{token}", s.Wrap(s.apiSharedList, true))
}

// listStore returns the store's lists, or fails with not found.
func (s *server) listStore() (library.Lists, error) {
	if ls, ok := s.Store().(library.Lists); ok {
		return ls, nil
	}
	return nil, library.Errorf(library.ENOTFOUND, "this store keeps no lists")
}

// listsPage is /account/lists and GET /api/v1/account/lists.
type listsPage struct {
	Lists []web.ListSummary `json:"lists"`
	// Done and Error are the last action's outcome, for the page only.
	Done  string `json:"-"`
	Error string `json:"-"`
	// Name is the name the patron typed for a list that could not be made.
	Name       string `json:"-"`
	MaxLists   int    `json:"max_lists"`
	MaxRecords int    `json:"max_records_per_list"`
}

// listPage is one list, the patron's own or shared: /account/lists/{id},
// /lists/shared/{token} and their JSON twins.
type listPage struct {
	web.ListSummary
	Records []listRecord `json:"records"`
	Done    string       `json:"-"`
	Own     bool         `json:"-"` // the owner's page, with the forms
}

// listRecord is one record on a list. Title is empty for a record that
// has left the catalogue since.
type listRecord struct {
	RecordID int64  `json:"record_id"`
	Title    string `json:"title"`
	Author   string `json:"author,omitempty"`
	URL      string `json:"-"`
}

// listDone are the results a redirect may announce; nothing else in
// ?done= is shown, so a link cannot put words in our mouth.
var listDone = map[string]string{
	"created": "lists.done.created",
	"renamed": "lists.done.renamed",
	"shared":  "lists.done.shared",
	"private": "lists.done.private",
	"added":   "lists.done.added",
	"removed": "lists.done.removed",
	"deleted": "lists.done.deleted",
}

// doneText is the announcement for ?done=, or "".
func (s *server) doneText(r *http.Request) string {
	if key, ok := listDone[r.URL.Query().Get("done")]; ok {
		return s.I18n().T(s.Lang(r), key, nil)
	}
	return ""
}

func (s *server) listsPage(ctx context.Context, p library.Patron) (*listsPage, error) {
	store, err := s.listStore()
	if err != nil {
		return nil, err
	}
	lists, err := store.Lists(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	lp := &listsPage{Lists: []web.ListSummary{}, MaxLists: library.MaxLists, MaxRecords: library.MaxListRecords}
	for _, l := range lists {
		lp.Lists = append(lp.Lists, web.Summarize(l))
	}
	return lp, nil
}

func (s *server) serveLists(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	lp, err := s.listsPage(r.Context(), p)
	if err != nil {
		return err
	}
	lp.Done = s.doneText(r)
	s.Render(w, r, http.StatusOK, "lists", s.I18n().T(s.Lang(r), "lists.title", nil), lp)
	return nil
}

// createList makes a list from the form on /account/lists. A refusal (no
// name, too many lists) shows the page again with the reason.
func (s *server) createList(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	store, err := s.listStore()
	if err != nil {
		return err
	}
	name := r.PostFormValue("name")
	l, err := store.CreateList(r.Context(), p.ID, name)
	if err != nil {
		return s.listsRefused(w, r, p, name, err)
	}
	http.Redirect(w, r, web.ListURL(l.ID)+"?done=created", http.StatusSeeOther)
	return nil
}

// listsRefused shows /account/lists with why an action was refused, in
// the status the error calls for; internal errors go to the error page.
func (s *server) listsRefused(w http.ResponseWriter, r *http.Request, p library.Patron, name string, refusal error) error {
	status := web.HTTPStatus(library.ErrorCode(refusal))
	if status == http.StatusInternalServerError || status == http.StatusNotFound {
		return refusal
	}
	lp, err := s.listsPage(r.Context(), p)
	if err != nil {
		return err
	}
	lp.Error, lp.Name = s.I18n().T(s.Lang(r), library.ErrorKey(refusal), nil), name
	s.Render(w, r, status, "lists", s.I18n().T(s.Lang(r), "lists.title", nil), lp)
	return nil
}

// listPage builds a list's page from the list and its entries.
func (s *server) listPage(ctx context.Context, lang string, l library.List, entries []library.ListEntry) *listPage {
	lp := &listPage{ListSummary: web.Summarize(l), Records: []listRecord{}}
	for _, e := range entries {
		lr := listRecord{RecordID: e.RecordID, URL: web.RecordURL(e.RecordID)}
		if rec, err := s.Store().Record(ctx, e.RecordID); err == nil {
			lr.Title = rec.Title
			if len(rec.Authors) > 0 {
				lr.Author = rec.Authors[0].Name
			}
		}
		lp.Records = append(lp.Records, lr)
	}
	return lp
}

// ownList returns the patron's list named in the path as a page.
func (s *server) ownList(r *http.Request, p library.Patron) (*listPage, error) {
	store, err := s.listStore()
	if err != nil {
		return nil, err
	}
	id, err := web.ParseID(r.PathValue("id"))
	if err != nil {
		return nil, library.Errorf(library.ENOTFOUND, "list %q", r.PathValue("id"))
	}
	l, entries, err := store.List(r.Context(), p.ID, id)
	if err != nil {
		return nil, err
	}
	lp := s.listPage(r.Context(), s.Lang(r), l, entries)
	lp.Own = true
	return lp, nil
}

func (s *server) serveList(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	lp, err := s.ownList(r, p)
	if err != nil {
		return err
	}
	lp.Done = s.doneText(r)
	s.Render(w, r, http.StatusOK, "lists_list", lp.Name, lp)
	return nil
}

// sharedList returns the list shared with the path's token as a page.
func (s *server) sharedList(r *http.Request) (*listPage, error) {
	store, err := s.listStore()
	if err != nil {
		return nil, err
	}
	l, entries, err := store.SharedList(r.Context(), r.PathValue("token"))
	if err != nil {
		return nil, err
	}
	lp := s.listPage(r.Context(), s.Lang(r), l, entries)
	// The owner's own address and the link itself are theirs to know.
	lp.ID, lp.URL, lp.ShareURL = 0, "", ""
	return lp, nil
}

// serveSharedList shows a shared list to anyone with the link. It is not
// cached anywhere, so that making the list private takes effect at once.
func (s *server) serveSharedList(w http.ResponseWriter, r *http.Request) error {
	web.NoStore(w)
	w.Header().Set("Referrer-Policy", "no-referrer")
	lp, err := s.sharedList(r)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "lists_shared", lp.Name, lp)
	return nil
}

// listAction runs one change to a list from a form on its page and sends
// the patron back with word of what was done.
func (s *server) listAction(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	ctx := r.Context()
	store, err := s.listStore()
	if err != nil {
		return err
	}
	id, err := web.ParseID(r.PathValue("id"))
	if err != nil {
		return library.Errorf(library.ENOTFOUND, "list %q", r.PathValue("id"))
	}
	var done string
	switch r.PathValue("action") {
	case "rename":
		err = store.RenameList(ctx, p.ID, id, r.PostFormValue("name"))
		done = "renamed"
	case "share":
		_, err = store.ShareList(ctx, p.ID, id, true)
		done = "shared"
	case "private":
		_, err = store.ShareList(ctx, p.ID, id, false)
		done = "private"
	case "remove":
		var rec int64
		if rec, err = web.ParseID(r.PostFormValue("record")); err == nil {
			err = store.RemoveFromList(ctx, p.ID, id, rec)
		}
		done = "removed"
	case "delete":
		if err = store.DeleteList(ctx, p.ID, id); err == nil {
			http.Redirect(w, r, "/account/lists?done=deleted", http.StatusSeeOther)
			return nil
		}
	default:
		return library.Errorf(library.ENOTFOUND, "no list action %q", r.PathValue("action"))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, web.ListURL(id)+"?done="+done, http.StatusSeeOther)
	return nil
}

// addToList adds the record in the path to the list the form names, or
// to a new list of the name it gives when the list is "new".
func (s *server) addToList(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	ctx := r.Context()
	store, err := s.listStore()
	if err != nil {
		return err
	}
	rec, err := web.ParseRecordID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if _, err := s.Store().Record(ctx, rec); err != nil {
		return err
	}
	var listID int64
	if r.PostFormValue("list") == "new" {
		l, err := store.CreateList(ctx, p.ID, r.PostFormValue("name"))
		if err != nil {
			return err
		}
		listID = l.ID
	} else if listID, err = web.ParseID(r.PostFormValue("list")); err != nil {
		return err
	}
	if err := store.AddToList(ctx, p.ID, listID, rec); err != nil {
		return err
	}
	http.Redirect(w, r, web.ListURL(listID)+"?done=added", http.StatusSeeOther)
	return nil
}

func (s *server) apiLists(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	lp, err := s.listsPage(r.Context(), p)
	if err != nil {
		return err
	}
	return web.WritePaged(w, r, lp, &lp.Lists)
}

func (s *server) apiList(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	lp, err := s.ownList(r, p)
	if err != nil {
		return err
	}
	return web.WritePaged(w, r, lp, &lp.Records)
}

func (s *server) apiSharedList(w http.ResponseWriter, r *http.Request) error {
	web.NoStore(w)
	lp, err := s.sharedList(r)
	if err != nil {
		return err
	}
	return web.WritePaged(w, r, lp, &lp.Records)
}
