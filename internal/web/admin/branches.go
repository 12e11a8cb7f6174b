package admin

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Branches of a member library: creating one, editing every detail,
// closing it (settling its waiting holds) and reopening it. All of it is
// ActBranches at the branch's library.

// branchFields are the branch form's fields that errors are shown at.
var branchFields = []string{"id", "name", "description", "address.street", "address.postal_code",
	"address.city", "lat", "lon", "phone", "email", "services", "accessibility"}

// branchForm is the form of a branch's details.
type branchForm struct {
	Library   library.Library
	Branch    library.Branch
	New       bool
	Action    string
	Name      textField
	Desc      textField
	City      textField
	Access    textField
	Lat, Lon  string
	Services  []serviceBox
	Errors    map[string]string
	Alert     string
	Done      string
	HasPhoto  bool
	LibraryID string
}

// serviceBox is one service of the vocabulary, as a checkbox.
type serviceBox struct {
	Code, Name string
	Checked    bool
}

// branchFor reads the branch of the request's {id} and asks Permit
// whether st may edit it.
func (s *server) branchFor(r *http.Request, st library.Staff) (library.BranchAdmin, library.Branch, error) {
	ba, err := s.branchAdmin()
	if err != nil {
		return nil, library.Branch{}, err
	}
	b, err := s.Store().Branch(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, library.Branch{}, err
	}
	if err := library.Permit(st, library.ActBranches, library.LibraryScope(b.LibraryID)); err != nil {
		return nil, library.Branch{}, err
	}
	return ba, b, nil
}

func (s *server) newBranchForm(r *http.Request, b library.Branch, isNew bool) *branchForm {
	f := &branchForm{Branch: b, New: isNew, LibraryID: b.LibraryID,
		Name:   s.textField("name", "admin.branch.name", b.Name, false, true),
		Desc:   s.textField("description", "admin.branch.description", b.Description, true, false),
		City:   s.textField("address.city", "admin.branch.city", b.Address.City, false, false),
		Access: s.textField("accessibility", "admin.branch.accessibility", b.Accessibility, true, false),
		Errors: map[string]string{},
	}
	if b.Lat != 0 || b.Lon != 0 {
		f.Lat, f.Lon = strconv.FormatFloat(b.Lat, 'f', -1, 64), strconv.FormatFloat(b.Lon, 'f', -1, 64)
	}
	lang := s.Lang(r)
	for _, code := range library.Services {
		f.Services = append(f.Services, serviceBox{code, s.I18n().T(lang, "service."+code, nil), slices.Contains(b.Services, code)})
	}
	f.Action = "/admin/branches/" + b.ID
	if isNew {
		f.Action = "/admin/libraries/" + b.LibraryID + "/branches"
	}
	return f
}

func (s *server) renderBranch(w http.ResponseWriter, r *http.Request, status int, f *branchForm) error {
	ba, err := s.branchAdmin()
	if err != nil {
		return err
	}
	l, err := ba.Library(r.Context(), f.LibraryID)
	if err != nil {
		return err
	}
	f.Library = l
	title := s.Tr(r, "admin.branch.new")
	if !f.New {
		title = web.TextIn(f.Branch.Name, s.Lang(r)).Text
		if title == "" {
			title = f.Branch.ID
		}
	}
	web.NoStore(w)
	s.Render(w, r, status, "admin_branch", title, f)
	return nil
}

func (s *server) serveNewBranch(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	lib := r.PathValue("lib")
	if err := library.Permit(st, library.ActBranches, library.LibraryScope(lib)); err != nil {
		return err
	}
	return s.renderBranch(w, r, http.StatusOK, s.newBranchForm(r, library.Branch{LibraryID: lib}, true))
}

func (s *server) serveBranch(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	_, b, err := s.branchFor(r, st)
	if err != nil {
		return err
	}
	f := s.newBranchForm(r, b, false)
	f.Done = s.doneText(r, branchDone)
	f.HasPhoto = b.Photo != ""
	return s.renderBranch(w, r, http.StatusOK, f)
}

// formBranch reads a branch's details from a posted form onto b. Bad
// coordinates are the form's own error, since they never reach b.
func formBranch(r *http.Request, b library.Branch) (library.Branch, string, string, error) {
	b.Name = formText(r, "name")
	b.Description = formText(r, "description")
	b.Accessibility = formText(r, "accessibility")
	b.Address = library.Address{Street: r.PostFormValue("address.street"), PostalCode: r.PostFormValue("address.postal_code"), City: formText(r, "address.city")}
	b.Phone, b.Email = r.PostFormValue("phone"), r.PostFormValue("email")
	b.Services = nil
	for _, code := range r.PostForm["services"] {
		if !slices.Contains(b.Services, code) {
			b.Services = append(b.Services, code)
		}
	}
	lat, lon := strings.TrimSpace(r.PostFormValue("lat")), strings.TrimSpace(r.PostFormValue("lon"))
	var err error
	b.Lat, b.Lon = 0, 0
	for _, c := range []struct {
		field, s string
		v        *float64
	}{{"lat", lat, &b.Lat}, {"lon", lon, &b.Lon}} {
		if c.s == "" {
			continue
		}
		v, perr := strconv.ParseFloat(strings.ReplaceAll(c.s, ",", "."), 64)
		if perr != nil && err == nil {
			err = &library.Error{Code: library.EINVALID, Key: "error.branch_coordinates", Message: c.field + ": not a number"}
		}
		*c.v = v
	}
	if err == nil && (lat == "") != (lon == "") {
		err = &library.Error{Code: library.EINVALID, Key: "error.branch_coordinates", Message: "lat: give both or neither"}
	}
	return b, lat, lon, err
}

func (s *server) createBranch(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	lib := r.PathValue("lib")
	if err := library.Permit(st, library.ActBranches, library.LibraryScope(lib)); err != nil {
		return err
	}
	ba, err := s.branchAdmin()
	if err != nil {
		return err
	}
	b, lat, lon, err := formBranch(r, library.Branch{ID: strings.TrimSpace(r.PostFormValue("id")), LibraryID: lib})
	if err == nil {
		var nb library.Branch
		if nb, err = ba.CreateBranch(r.Context(), b, st, s.Now()); err == nil {
			http.Redirect(w, r, "/admin/branches/"+nb.ID+"/hours?done=created", http.StatusSeeOther)
			return nil
		}
	}
	return s.branchFailed(w, r, b, lat, lon, true, err)
}

func (s *server) updateBranch(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	ba, cur, err := s.branchFor(r, st)
	if err != nil {
		return err
	}
	b := cur
	b.Version, _ = strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	b, lat, lon, err := formBranch(r, b)
	if err == nil {
		if _, err = ba.UpdateBranch(r.Context(), b, st, s.Now()); err == nil {
			http.Redirect(w, r, "/admin/branches/"+b.ID+"?done=saved", http.StatusSeeOther)
			return nil
		}
	}
	if library.ErrorCode(err) == library.ECONFLICT {
		msg, status, _ := s.errText(r, err)
		now, berr := s.Store().Branch(r.Context(), b.ID)
		if berr != nil {
			return berr
		}
		f := s.newBranchForm(r, now, false)
		f.Alert = msg
		return s.renderBranch(w, r, status, f)
	}
	return s.branchFailed(w, r, b, lat, lon, false, err)
}

// branchFailed shows the branch form again with what was typed and the
// error at its field.
func (s *server) branchFailed(w http.ResponseWriter, r *http.Request, b library.Branch, lat, lon string, isNew bool, err error) error {
	msg, status, ok := s.errText(r, err)
	if !ok {
		return err
	}
	f := s.newBranchForm(r, b, isNew)
	f.Lat, f.Lon = lat, lon
	field := fieldOf(err, branchFields, "")
	if library.ErrorKey(err) == "error.branch_exists" {
		field = "id"
	}
	switch field {
	case "name":
		f.Name.Error = msg
	case "description":
		f.Desc.Error = msg
	case "address.city":
		f.City.Error = msg
	case "accessibility":
		f.Access.Error = msg
	case "":
		f.Alert = msg
	default:
		f.Errors[field] = msg
	}
	return s.renderBranch(w, r, status, f)
}

// closePage asks what closing a branch needs: what is pending there, and
// where its waiting holds should go.
type closePage struct {
	Branch  library.Branch
	Name    web.LangText
	Pending library.BranchPending
	Targets []branchRow // open branches of the consortium to move holds to
	Alert   string
	Moved   string
}

func (s *server) serveCloseBranch(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	ba, b, err := s.branchFor(r, st)
	if err != nil {
		return err
	}
	return s.renderClose(w, r, ba, b, http.StatusOK, "")
}

func (s *server) renderClose(w http.ResponseWriter, r *http.Request, ba library.BranchAdmin, b library.Branch, status int, alert string) error {
	pending, err := ba.BranchPending(r.Context(), b.ID)
	if err != nil {
		return err
	}
	_, branches, err := s.Consortium(r.Context())
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	cp := &closePage{Branch: b, Name: web.TextIn(b.Name, lang), Pending: pending, Alert: alert}
	for _, o := range branches {
		if o.ID != b.ID && !o.Closed() {
			cp.Targets = append(cp.Targets, branchRow{ID: o.ID, Name: web.TextIn(o.Name, lang)})
		}
	}
	slices.SortFunc(cp.Targets, func(a, b branchRow) int { return web.CompareNames(a.Name.Text, b.Name.Text) })
	web.NoStore(w)
	s.Render(w, r, status, "admin_branch_close", s.Tr(r, "admin.close.title"), cp)
	return nil
}

func (s *server) closeBranch(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	ba, b, err := s.branchFor(r, st)
	if err != nil {
		return err
	}
	if _, err = ba.CloseBranch(r.Context(), b.ID, r.PostFormValue("move_to"), st, s.Now()); err == nil {
		http.Redirect(w, r, "/admin/branches/"+b.ID+"?done=closed", http.StatusSeeOther)
		return nil
	}
	msg, status, ok := s.errText(r, err)
	if !ok {
		return err
	}
	return s.renderClose(w, r, ba, b, status, msg)
}

func (s *server) reopenBranch(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	ba, b, err := s.branchFor(r, st)
	if err != nil {
		return err
	}
	if _, err = ba.ReopenBranch(r.Context(), b.ID, st, s.Now()); err != nil {
		msg, status, ok := s.errText(r, err)
		if !ok {
			return err
		}
		f := s.newBranchForm(r, b, false)
		f.Alert = msg
		return s.renderBranch(w, r, status, f)
	}
	http.Redirect(w, r, "/admin/branches/"+b.ID+"?done=reopened", http.StatusSeeOther)
	return nil
}

// branchDone are the messages of what a form did, by its ?done= value.
var branchDone = map[string]string{"saved": "admin.branch.done_saved", "closed": "admin.branch.done_closed", "reopened": "admin.branch.done_reopened"}
