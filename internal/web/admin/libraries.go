package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Member libraries: the list, creating one (ActConsortium), editing its
// names and descriptions (ActBranches at the library), closing and
// reopening it (ActConsortium).

// branchAdmin returns the store's administration of libraries and
// branches; every store Kirjasto runs on has it.
func (s *server) branchAdmin() (library.BranchAdmin, error) {
	ba, ok := s.Store().(library.BranchAdmin)
	if !ok {
		return nil, errors.New("admin: the store cannot edit libraries and branches")
	}
	return ba, nil
}

// langInput is one language's input of a multilingual text.
type langInput struct {
	ID, Name, Lang, LangName, Value string
	Required                        bool
}

// textField is a multilingual text as a form edits it: one input per
// language of the catalogue, Finnish required where the text is.
type textField struct {
	Name   string // the form's field, e.g. "name"; inputs are name.fi, name.sv ...
	Label  string // message id
	Long   bool   // a textarea
	Inputs []langInput
	Error  string
}

func (s *server) textField(name, label string, t library.Text, long, required bool) textField {
	f := textField{Name: name, Label: label, Long: long}
	for _, l := range library.Languages {
		f.Inputs = append(f.Inputs, langInput{
			ID: name + "-" + l, Name: name + "." + l, Lang: l,
			LangName: s.I18n().T(l, "meta.name", nil), Value: t[l],
			Required: required && l == "fi",
		})
	}
	return f
}

// formText reads the multilingual text name from a posted form.
func formText(r *http.Request, name string) library.Text {
	t := library.Text{}
	for _, l := range library.Languages {
		if v := strings.TrimSpace(r.PostFormValue(name + "." + l)); v != "" {
			t[l] = v
		}
	}
	return t
}

// fieldErrors maps a validation error to the form field it is about:
// library's errors begin with the field's name ("address.city: ...",
// "hours.monday.staffed[0]: ..."); the longest of fields that prefixes
// it wins, else fallback.
func fieldOf(err error, fields []string, fallback string) string {
	var le *library.Error
	if !errors.As(err, &le) {
		return fallback
	}
	name, _, _ := strings.Cut(le.Message, ":")
	best := fallback
	for _, f := range fields {
		if (name == f || strings.HasPrefix(name, f+".") || strings.HasPrefix(name, f+"[")) && (best == fallback || len(f) > len(best)) {
			best = f
		}
	}
	return best
}

// errText words a domain error in the request's language, and its
// status; ok is false for an error that is not the user's (a failing
// database), which the caller returns as it is.
func (s *server) errText(r *http.Request, err error) (msg string, status int, ok bool) {
	code := library.ErrorCode(err)
	status = web.HTTPStatus(code)
	if status == http.StatusInternalServerError {
		return "", status, false
	}
	lang := s.Lang(r)
	key := library.ErrorKey(err)
	if !s.I18n().Has(lang, key) {
		key = "error." + code
	}
	return s.ErrorMessage(lang, key, err), status, true
}

// libraryRow is a member library on the list.
type libraryRow struct {
	ID      string
	Name    web.LangText
	Missing string // the languages its name is not given in, by name
	Closed  bool
}

// librariesPage is the list of member libraries with the form to add one.
type librariesPage struct {
	Libraries []libraryRow
	MayCreate bool
	ID        string
	IDError   string
	Name      textField
	Desc      textField
	Alert     string
	Done      string
}

func (s *server) serveLibraries(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActBranches, st.Reach()); err != nil {
		return err
	}
	lp := &librariesPage{Name: s.textField("name", "admin.libraries.name", nil, false, true),
		Desc: s.textField("description", "admin.libraries.description", nil, true, false)}
	return s.renderLibraries(w, r, st, http.StatusOK, lp)
}

func (s *server) renderLibraries(w http.ResponseWriter, r *http.Request, st library.Staff, status int, lp *librariesPage) error {
	libs, _, err := s.Consortium(r.Context())
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	for _, l := range libs {
		if library.Permit(st, library.ActBranches, library.LibraryScope(l.ID)) != nil {
			continue
		}
		lp.Libraries = append(lp.Libraries, libraryRow{ID: l.ID, Name: web.TextIn(l.Name, lang), Missing: s.missing(l.Name), Closed: l.Closed()})
	}
	lp.MayCreate = library.Permit(st, library.ActConsortium, library.ConsortiumScope) == nil
	web.NoStore(w)
	s.Render(w, r, status, "admin_libraries", s.Tr(r, "admin.libraries.title"), lp)
	return nil
}

func (s *server) createLibrary(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActConsortium, library.ConsortiumScope); err != nil {
		return err
	}
	ba, err := s.branchAdmin()
	if err != nil {
		return err
	}
	l := library.Library{ID: strings.TrimSpace(r.PostFormValue("id")), Name: formText(r, "name"), Description: formText(r, "description")}
	l, err = ba.CreateLibrary(r.Context(), l, st, s.Now())
	if err == nil {
		http.Redirect(w, r, "/admin/libraries/"+l.ID+"?done=created", http.StatusSeeOther)
		return nil
	}
	msg, status, ok := s.errText(r, err)
	if !ok {
		return err
	}
	lp := &librariesPage{ID: l.ID, Name: s.textField("name", "admin.libraries.name", l.Name, false, true),
		Desc: s.textField("description", "admin.libraries.description", l.Description, true, false)}
	switch fieldOf(err, []string{"id", "name", "description"}, "") {
	case "id":
		lp.IDError = msg
	case "name":
		lp.Name.Error = msg
	case "description":
		lp.Desc.Error = msg
	default:
		if library.ErrorKey(err) == "error.library_exists" {
			lp.IDError = msg
		} else {
			lp.Alert = msg
		}
	}
	return s.renderLibraries(w, r, st, status, lp)
}

// libraryPage is one member library: its texts to edit and its branches.
type libraryPage struct {
	Library    library.Library
	Name       textField
	Desc       textField
	Branches   []branchRow
	MayClose   bool
	Alert      string
	Done       string
	HolidayURL string
}

// branchRow is a branch on its library's page.
type branchRow struct {
	ID      string
	Name    web.LangText
	Missing string
	Closed  bool
}

func (s *server) serveLibrary(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	id := r.PathValue("lib")
	if err := library.Permit(st, library.ActBranches, library.LibraryScope(id)); err != nil {
		return err
	}
	ba, err := s.branchAdmin()
	if err != nil {
		return err
	}
	l, err := ba.Library(r.Context(), id)
	if err != nil {
		return err
	}
	lp := &libraryPage{Library: l}
	lp.Done = s.doneText(r, libraryDone)
	return s.renderLibrary(w, r, st, http.StatusOK, lp)
}

func (s *server) renderLibrary(w http.ResponseWriter, r *http.Request, st library.Staff, status int, lp *libraryPage) error {
	l := lp.Library
	if lp.Name.Name == "" {
		lp.Name = s.textField("name", "admin.libraries.name", l.Name, false, true)
		lp.Desc = s.textField("description", "admin.libraries.description", l.Description, true, false)
	}
	_, branches, err := s.Consortium(r.Context())
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	for _, b := range branches {
		if b.LibraryID == l.ID {
			lp.Branches = append(lp.Branches, branchRow{ID: b.ID, Name: web.TextIn(b.Name, lang), Missing: s.missing(b.Name), Closed: b.Closed()})
		}
	}
	lp.MayClose = library.Permit(st, library.ActConsortium, library.ConsortiumScope) == nil
	web.NoStore(w)
	s.Render(w, r, status, "admin_library", web.TextIn(l.Name, lang).Text, lp)
	return nil
}

func (s *server) updateLibrary(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	id := r.PathValue("lib")
	if err := library.Permit(st, library.ActBranches, library.LibraryScope(id)); err != nil {
		return err
	}
	ba, err := s.branchAdmin()
	if err != nil {
		return err
	}
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	l := library.Library{ID: id, Name: formText(r, "name"), Description: formText(r, "description"), Version: version}
	if _, err = ba.UpdateLibrary(r.Context(), l, st, s.Now()); err == nil {
		http.Redirect(w, r, "/admin/libraries/"+id+"?done=saved", http.StatusSeeOther)
		return nil
	}
	msg, status, ok := s.errText(r, err)
	if !ok {
		return err
	}
	cur, lerr := ba.Library(r.Context(), id)
	if lerr != nil {
		return lerr
	}
	lp := &libraryPage{Library: cur}
	if library.ErrorCode(err) == library.ECONFLICT {
		// Someone else saved first: show what is there now.
		lp.Alert = msg
		return s.renderLibrary(w, r, st, status, lp)
	}
	lp.Library.Version = version
	lp.Name = s.textField("name", "admin.libraries.name", l.Name, false, true)
	lp.Desc = s.textField("description", "admin.libraries.description", l.Description, true, false)
	switch fieldOf(err, []string{"name", "description"}, "") {
	case "name":
		lp.Name.Error = msg
	case "description":
		lp.Desc.Error = msg
	default:
		lp.Alert = msg
	}
	return s.renderLibrary(w, r, st, status, lp)
}

// closeLibrary and reopenLibrary are the consortium administrator's.
func (s *server) closeLibrary(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	return s.libraryState(w, r, st, true)
}

func (s *server) reopenLibrary(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	return s.libraryState(w, r, st, false)
}

func (s *server) libraryState(w http.ResponseWriter, r *http.Request, st library.Staff, closing bool) error {
	if err := library.Permit(st, library.ActConsortium, library.ConsortiumScope); err != nil {
		return err
	}
	ba, err := s.branchAdmin()
	if err != nil {
		return err
	}
	id := r.PathValue("lib")
	done := "reopened"
	if closing {
		_, err = ba.CloseLibrary(r.Context(), id, st, s.Now())
		done = "closed"
	} else {
		_, err = ba.ReopenLibrary(r.Context(), id, st, s.Now())
	}
	if err == nil {
		http.Redirect(w, r, "/admin/libraries/"+id+"?done="+done, http.StatusSeeOther)
		return nil
	}
	msg, status, ok := s.errText(r, err)
	if !ok || status == http.StatusNotFound {
		return err
	}
	l, lerr := ba.Library(r.Context(), id)
	if lerr != nil {
		return lerr
	}
	return s.renderLibrary(w, r, st, status, &libraryPage{Library: l, Alert: msg})
}

// librariesRoutes registers the pages of libraries, branches, hours and
// photos.
func librariesRoutes(s *server, mux *http.ServeMux, page func(string, web.StaffHandler)) {
	page("GET /admin/libraries", s.serveLibraries)
	page("POST /admin/libraries", s.createLibrary)
	page("GET /admin/libraries/{lib}", s.serveLibrary)
	page("POST /admin/libraries/{lib}", s.updateLibrary)
	page("POST /admin/libraries/{lib}/close", s.closeLibrary)
	page("POST /admin/libraries/{lib}/reopen", s.reopenLibrary)
	page("GET /admin/libraries/{lib}/holidays", s.serveHolidays)
	page("POST /admin/libraries/{lib}/holidays", s.adoptHolidays)
	page("GET /admin/libraries/{lib}/branches/new", s.serveNewBranch)
	page("POST /admin/libraries/{lib}/branches", s.createBranch)
	page("GET /admin/branches/{id}", s.serveBranch)
	page("POST /admin/branches/{id}", s.updateBranch)
	page("GET /admin/branches/{id}/close", s.serveCloseBranch)
	page("POST /admin/branches/{id}/close", s.closeBranch)
	page("POST /admin/branches/{id}/reopen", s.reopenBranch)
	page("GET /admin/branches/{id}/hours", s.serveHours)
	page("POST /admin/branches/{id}/hours", s.saveHours)
	page("GET /admin/branches/{id}/calendar", s.serveCalendar)
	page("POST /admin/branches/{id}/exceptions", s.addException)
	page("GET /admin/branches/{id}/exceptions/{eid}", s.serveException)
	page("POST /admin/branches/{id}/exceptions/{eid}", s.updateException)
	page("POST /admin/branches/{id}/exceptions/{eid}/delete", s.deleteException)
	page("GET /admin/branches/{id}/photo", s.servePhoto)
	page("POST /admin/branches/{id}/photo/delete", s.deletePhoto)
	page("POST /admin/branches/{id}/photo", s.uploadPhoto) // see largeForms
}

// missing names the languages t is not given in, for the lists to mark.
func (s *server) missing(t library.Text) string {
	var names []string
	for _, l := range t.Missing() {
		names = append(names, s.I18n().T(l, "meta.name", nil))
	}
	return strings.Join(names, ", ")
}

// libraryDone are the messages of what a form did, by its ?done= value.
var libraryDone = map[string]string{"created": "admin.library.done_created", "saved": "admin.library.done_saved", "closed": "admin.library.done_closed", "reopened": "admin.library.done_reopened"}

// doneText is the message of what a form did, from the page's ?done=
// parameter, or "" for none (or one not of keys).
func (s *server) doneText(r *http.Request, keys map[string]string) string {
	if k, ok := keys[r.URL.Query().Get("done")]; ok {
		return s.Tr(r, k)
	}
	return ""
}
