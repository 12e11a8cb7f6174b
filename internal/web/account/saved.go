package account

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// savedPage is /account/searches.
type savedPage struct {
	Searches []savedView
	Alerts   []alertOption
	Done     string
}

// savedView is one saved search as its patron sees it.
type savedView struct {
	ID         int64
	Name       string
	Query      string // the search words, or "" for filters only
	Filters    int    // how many filters it has
	Alert      library.Alert
	AlertLabel string
	RunURL     string
	Options    []alertOption
}

type alertOption struct {
	Value    library.Alert
	Label    string
	Selected bool
}

// savedRoutes registers saving searches and /account/searches.
func (s *server) savedRoutes(mux *http.ServeMux) {
	page := func(pattern string, h web.PatronHandler) { mux.Handle(pattern, s.Wrap(s.AsPatron(h), false)) }
	page("GET /account/searches", s.serveSaved)
	page("POST /account/searches", s.saveSearch)
	page("GET /account/searches/{id}/run", s.runSaved)
	page("POST /account/searches/{id}", s.updateSaved)
	page("POST /account/searches/{id}/delete", s.deleteSaved)
}

// savedStore is the store's saved searches.
func (s *server) savedStore() (library.SavedSearches, error) {
	st, ok := s.Store().(library.SavedSearches)
	if !ok {
		return nil, library.Errorf(library.ENOTFOUND, "saved searches not available")
	}
	return st, nil
}

func (s *server) alertOptions(lang string, selected library.Alert) []alertOption {
	var out []alertOption
	for _, a := range library.Alerts {
		out = append(out, alertOption{Value: a, Label: s.I18n().T(lang, "saved.alert."+string(a), nil), Selected: a == selected})
	}
	return out
}

func (s *server) serveSaved(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	st, err := s.savedStore()
	if err != nil {
		return err
	}
	list, err := st.SavedSearches(r.Context(), p.ID)
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	sp := &savedPage{Searches: []savedView{}, Alerts: s.alertOptions(lang, library.AlertNone)}
	if k := r.URL.Query().Get("done"); k == "saved" || k == "updated" || k == "deleted" {
		sp.Done = s.I18n().T(lang, "saved.done."+k, nil)
	}
	for _, ss := range list {
		n := 0
		for _, vs := range ss.Query.Filters {
			n += len(vs)
		}
		sp.Searches = append(sp.Searches, savedView{
			ID: ss.ID, Name: ss.Name, Query: ss.Query.Text, Filters: n, Alert: ss.Alert,
			AlertLabel: s.I18n().T(lang, "saved.alert."+string(ss.Alert), nil),
			RunURL:     savedURL(ss.ID) + "/run",
			Options:    s.alertOptions(lang, ss.Alert),
		})
	}
	s.Render(w, r, http.StatusOK, "saved", s.I18n().T(lang, "saved.title", nil), sp)
	return nil
}

func savedURL(id int64) string { return "/account/searches/" + strconv.FormatInt(id, 10) }

// searchURL is the result page of a saved query.
func searchURL(q library.SearchQuery) string {
	v := url.Values{}
	if q.Text != "" {
		v.Set(web.ParamQuery, q.Text)
	}
	for name, vals := range q.Filters {
		v[name] = append(v[name], vals...)
	}
	if q.Sort != "" && q.Sort != library.SortRelevance {
		v.Set(web.ParamSort, string(q.Sort))
	}
	return "/search?" + v.Encode()
}

// saveSearch saves the search in the form: q, sort and filters as on a
// result page, with a name (the words if none) and an alert.
func (s *server) saveSearch(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	st, err := s.savedStore()
	if err != nil {
		return err
	}
	sort, err := web.ParseSort(r.PostForm.Get(web.ParamSort))
	if err != nil {
		return err
	}
	q := library.SearchQuery{Text: r.PostForm.Get(web.ParamQuery), Filters: web.Filters(r.PostForm), Sort: sort}
	name := r.PostForm.Get("name")
	if name == "" {
		name = q.Text
	}
	if name == "" {
		name = s.I18n().T(s.Lang(r), "saved.unnamed", nil)
	}
	alert := library.Alert(r.PostForm.Get("alert"))
	if alert == "" {
		alert = library.AlertNone
	}
	if _, err := st.SaveSearch(r.Context(), library.SavedSearch{PatronID: p.ID, Name: name, Query: q, Alert: alert}, s.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, "/account/searches?done=saved", http.StatusSeeOther)
	return nil
}

// savedID returns the saved search a path names.
func savedID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, &library.Error{Code: library.ENOTFOUND, Key: "error.saved_not_found", Message: "saved search id " + r.PathValue("id")}
	}
	return id, nil
}

func (s *server) runSaved(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	st, err := s.savedStore()
	if err != nil {
		return err
	}
	id, err := savedID(r)
	if err != nil {
		return err
	}
	ss, err := st.SavedSearch(r.Context(), p.ID, id)
	if err != nil {
		return err
	}
	http.Redirect(w, r, searchURL(ss.Query), http.StatusSeeOther)
	return nil
}

func (s *server) updateSaved(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	st, err := s.savedStore()
	if err != nil {
		return err
	}
	id, err := savedID(r)
	if err != nil {
		return err
	}
	if err := st.UpdateSavedSearch(r.Context(), p.ID, id, r.PostForm.Get("name"), library.Alert(r.PostForm.Get("alert"))); err != nil {
		return err
	}
	http.Redirect(w, r, "/account/searches?done=updated", http.StatusSeeOther)
	return nil
}

func (s *server) deleteSaved(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	st, err := s.savedStore()
	if err != nil {
		return err
	}
	id, err := savedID(r)
	if err != nil {
		return err
	}
	if err := st.DeleteSavedSearch(r.Context(), p.ID, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/account/searches?done=deleted", http.StatusSeeOther)
	return nil
}
