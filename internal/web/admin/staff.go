package admin

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Staff accounts: the list, a new account, and one account's page (its
// details and role, disabling, a new password, removing a lost second
// factor). library.Permit(ActStaff) decides who sees them; the store asks
// MayGrant and MayManage again for each change, so that nobody gives
// rights wider than their own, and its refusal is shown next to the field
// it is about.

// onceCookie carries what a page shows once after its POST: a generated
// password, recovery codes (seal.go).
const onceCookie = "kirjasto_admin_once"

// onceTTL is how long the page that shows it has to be opened.
const onceTTL = time.Minute

// once is what onceCookie holds.
type once struct {
	Staff    int64    `json:"s,omitempty"` // the account a password is for
	Password string   `json:"p,omitempty"`
	Codes    []string `json:"c,omitempty"`
}

// option is one choice of a select.
type option struct {
	Value    string
	Label    web.LangText
	Selected bool
}

// optgroup is a library's branches in a select.
type optgroup struct {
	Label   web.LangText
	Options []option
}

// staffRow is one account in the list.
type staffRow struct {
	library.Staff
	LibraryName, BranchName web.LangText
}

// staffListPage is the list of accounts.
type staffListPage struct {
	Rows                   []staffRow
	Libraries, Roles       []option // the filters
	States                 []option
	Consortium             bool // may change the consortium's setting
	TOTPRequired, Filtered bool
	Done                   string
}

// staffFormPage is a new account's form, or an account's page.
type staffFormPage struct {
	Account   staffRow // zero for a new account
	Roles     []option
	Libraries []option
	Branches  []optgroup
	Generated string // a generated password, shown once
	Self      bool   // the account is the staff member's own
}

// consortiumNames returns the libraries st may manage staff of (all, for
// the consortium's administrator), and every library's and branch's name.
func (s *server) consortiumNames(ctx context.Context, lang string, st library.Staff) (mine []library.Library, libs, branches map[string]web.LangText, all []library.Branch, err error) {
	ls, bs, err := s.Consortium(ctx)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	libs = make(map[string]web.LangText, len(ls))
	for _, l := range ls {
		libs[l.ID] = web.TextIn(l.Name, lang)
		if library.Permit(st, library.ActStaff, library.LibraryScope(l.ID)) == nil {
			mine = append(mine, l)
		}
	}
	branches = make(map[string]web.LangText, len(bs))
	for _, b := range bs {
		branches[b.ID] = web.TextIn(b.Name, lang)
	}
	return mine, libs, branches, bs, nil
}

// consortiumWide reports whether st may do act for the whole consortium
// (the rules of every library and the policy-wide settings; staff of every
// library), not only for their own library.
func consortiumWide(st library.Staff, act library.Action) bool {
	return library.Permit(st, act, library.ConsortiumScope) == nil
}

func (s *server) staffAccounts() (library.StaffAccounts, error) {
	sa, ok := s.StaffAccounts()
	if !ok {
		return nil, library.Errorf(library.EINTERNAL, "the store keeps no staff accounts")
	}
	return sa, nil
}

// serveStaffList lists the accounts, filtered by library, role and state.
// A library administrator sees their own library's staff only.
func (s *server) serveStaffList(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActStaff, st.Reach()); err != nil {
		return err
	}
	sa, err := s.staffAccounts()
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	q := r.URL.Query()
	f := library.StaffFilter{Library: q.Get("library"), Role: q.Get("role"), State: q.Get("state")}
	if !consortiumWide(st, library.ActStaff) {
		f.Library = st.Library
	}
	if f.Role != "" && !library.KnownRole(f.Role) {
		return web.Invalid("error.staff_role_unknown", "unknown role %q", f.Role)
	}
	list, err := sa.ListStaff(r.Context(), f)
	if err != nil {
		return err
	}
	mine, libs, branches, _, err := s.consortiumNames(r.Context(), lang, st)
	if err != nil {
		return err
	}
	p := &staffListPage{Consortium: library.Permit(st, library.ActConsortium, library.ConsortiumScope) == nil,
		Filtered: f.Role != "" || f.State != "" || (f.Library != "" && consortiumWide(st, library.ActStaff))}
	for _, a := range list {
		p.Rows = append(p.Rows, staffRow{Staff: a, LibraryName: libs[a.Library], BranchName: branches[a.Branch]})
	}
	if consortiumWide(st, library.ActStaff) {
		for _, l := range mine {
			p.Libraries = append(p.Libraries, option{Value: l.ID, Label: libs[l.ID], Selected: l.ID == f.Library})
		}
	}
	p.Roles = s.roleOptions(lang, f.Role)
	for _, state := range []string{library.StaffActive, library.StaffDisabled} {
		p.States = append(p.States, option{Value: state, Label: web.LangText{Text: s.I18n().T(lang, "staff.admin.state."+state, nil)}, Selected: state == f.State})
	}
	if p.Consortium {
		if p.TOTPRequired, err = sa.TOTPRequired(r.Context()); err != nil {
			return err
		}
	}
	if d := q.Get("done"); d == "totp_required" {
		p.Done = s.Tr(r, "staff.admin.totp_required.done")
	}
	s.Render(w, r, http.StatusOK, "admin_staff", s.Tr(r, "staff.admin.title"), p)
	return nil
}

// roleOptions are the roles, named in lang.
func (s *server) roleOptions(lang, selected string) []option {
	var out []option
	for _, role := range library.Roles {
		out = append(out, option{Value: role, Label: web.LangText{Text: s.I18n().T(lang, "staff.role."+role, nil)}, Selected: role == selected})
	}
	return out
}

// staffForm builds an account's form: the choices, with what was typed.
func (s *server) staffForm(ctx context.Context, r *http.Request, st library.Staff, action string, values map[string]string) (*web.Form, error) {
	lang := s.Lang(r)
	mine, libs, branches, all, err := s.consortiumNames(ctx, lang, st)
	if err != nil {
		return nil, err
	}
	p := &staffFormPage{Roles: s.roleOptions(lang, values["role"])}
	for _, l := range mine {
		p.Libraries = append(p.Libraries, option{Value: l.ID, Label: libs[l.ID], Selected: l.ID == values["library"]})
		g := optgroup{Label: libs[l.ID]}
		for _, b := range all {
			if b.LibraryID == l.ID {
				g.Options = append(g.Options, option{Value: b.ID, Label: branches[b.ID], Selected: b.ID == values["branch"]})
			}
		}
		slices.SortFunc(g.Options, func(a, b option) int { return web.CompareNames(a.Label.Text, b.Label.Text) })
		if len(g.Options) > 0 {
			p.Branches = append(p.Branches, g)
		}
	}
	return &web.Form{Action: action, Values: values, Data: p, Staff: true}, nil
}

// staffFields names the field a store's refusal is about.
var staffFields = map[string]string{
	"error.staff_username_format":  "username",
	"error.staff_username_taken":   "username",
	"error.staff_name_required":    "name",
	"error.staff_role_unknown":     "role",
	"error.staff_grant_wider":      "role",
	"error.staff_role":             "role",
	"error.staff_last_admin":       "role",
	"error.staff_library_required": "library",
	"error.staff_library_unknown":  "library",
	"error.staff_other_library":    "library",
	"error.staff_branch_unknown":   "branch",
	"error.staff_branch_library":   "branch",
	"error.staff_password_short":   "password",
	"error.staff_password_wrong":   "old_password",
	"error.account_locked":         "old_password",
	"error.totp_wrong":             "code",
	"error.setup_username_invalid": "username",
	"error.setup_username_taken":   "username",
	"error.setup_name_required":    "name",
	"error.setup_password_short":   "password",
	"error.setup_password_long":    "password",
}

// failForm puts a refusal of the domain on the form, next to its field
// (or fallback, or the whole form), and returns the status to answer
// with; any other error is returned for the error page.
func (s *server) failForm(r *http.Request, f *web.Form, err error, rename map[string]string) (int, error) {
	code := library.ErrorCode(err)
	switch code {
	case library.EINVALID, library.ECONFLICT, library.EFORBIDDEN, library.EUNAUTHORIZED, library.ENOTFOUND:
	default:
		return 0, err
	}
	key := library.ErrorKey(err)
	lang := s.Lang(r)
	if !s.I18n().Has(lang, key) {
		key = "error." + code
	}
	msg := s.ErrorMessage(lang, key, err)
	field := staffFields[key]
	if to, ok := rename[field]; ok {
		field = to
	}
	if field == "" {
		f.Alert = msg
	} else {
		f.Fail(field, msg)
	}
	return web.HTTPStatus(code), nil
}

// serveStaffNew shows the form of a new account.
func (s *server) serveStaffNew(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActStaff, st.Reach()); err != nil {
		return err
	}
	values := map[string]string{"role": library.RoleBranchStaff}
	if !consortiumWide(st, library.ActStaff) {
		values["library"] = st.Library
	}
	f, err := s.staffForm(r.Context(), r, st, "/admin/staff", values)
	if err != nil {
		return err
	}
	s.RenderForm(w, r, http.StatusOK, "admin_staff_new", "staff.admin.new.title", f)
	return nil
}

// formValues reads the named fields of a POST, trimmed.
func formValues(r *http.Request, names ...string) map[string]string {
	v := make(map[string]string, len(names))
	for _, n := range names {
		v[n] = strings.TrimSpace(r.PostFormValue(n))
	}
	return v
}

// newPassword is a password the system chooses: a recovery code's
// alphabet, about 79 bits, in groups easy to read out.
func newPassword() string { return auth.NewRecoveryCodes(1)[0] }

// postStaff creates an account. A password left empty is generated and
// shown once on the account's page.
func (s *server) postStaff(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActStaff, st.Reach()); err != nil {
		return err
	}
	sa, err := s.staffAccounts()
	if err != nil {
		return err
	}
	v := formValues(r, "username", "name", "role", "library", "branch")
	password := r.PostFormValue("password")
	generated := password == ""
	if generated {
		password = newPassword()
	}
	a, err := sa.AddStaff(r.Context(), st, library.Staff{Username: v["username"], Name: v["name"], Role: v["role"],
		Library: v["library"], Branch: v["branch"]}, password, s.Now())
	if err != nil {
		f, ferr := s.staffForm(r.Context(), r, st, "/admin/staff", v)
		if ferr != nil {
			return ferr
		}
		status, err := s.failForm(r, f, err, nil)
		if err != nil {
			return err
		}
		s.RenderForm(w, r, status, "admin_staff_new", "staff.admin.new.title", f)
		return nil
	}
	path := staffPath(a.ID)
	if generated {
		s.seal(w, r, onceCookie, path, onceTTL, once{Staff: a.ID, Password: password})
	}
	http.Redirect(w, r, path+"?done=created", http.StatusSeeOther)
	return nil
}

func staffPath(id int64) string { return "/admin/staff/" + strconv.FormatInt(id, 10) }

// target reads the account of the request's {id}, which st must be allowed
// to manage staff of its library to see.
func (s *server) target(r *http.Request, st library.Staff) (library.Staff, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return library.Staff{}, &library.Error{Code: library.ENOTFOUND, Key: "error.staff_not_found", Message: "no staff account " + r.PathValue("id")}
	}
	sa, err := s.staffAccounts()
	if err != nil {
		return library.Staff{}, err
	}
	a, err := sa.StaffAccount(r.Context(), id)
	if err != nil {
		return a, err
	}
	if err := library.Permit(st, library.ActStaff, library.LibraryScope(a.Library)); err != nil {
		return a, err
	}
	return a, nil
}

// doneMessages are the ?done= of an account's page.
var doneMessages = map[string]string{
	"created":      "staff.admin.done.created",
	"saved":        "staff.admin.done.saved",
	"disabled":     "staff.admin.done.disabled",
	"enabled":      "staff.admin.done.enabled",
	"password":     "staff.admin.done.password",
	"totp_removed": "staff.admin.done.totp_removed",
}

// renderAccount shows an account's page with f (what was typed, what was
// wrong) at status.
//
// generated is a password the system chose, shown this once.
func (s *server) renderAccount(w http.ResponseWriter, r *http.Request, st, a library.Staff, f *web.Form, status int, generated string) error {
	values := map[string]string{"name": a.Name, "role": a.Role, "library": a.Library, "branch": a.Branch}
	if f != nil {
		for k, v := range f.Values {
			values[k] = v
		}
	}
	page, err := s.staffForm(r.Context(), r, st, staffPath(a.ID), values)
	if err != nil {
		return err
	}
	if f != nil {
		page.Errors, page.Alert, page.Done = f.Errors, f.Alert, f.Done
	}
	p := page.Data.(*staffFormPage)
	_, libs, branches, _, err := s.consortiumNames(r.Context(), s.Lang(r), st)
	if err != nil {
		return err
	}
	p.Account = staffRow{Staff: a, LibraryName: libs[a.Library], BranchName: branches[a.Branch]}
	p.Self = a.ID == st.ID
	p.Generated = generated
	web.NoStore(w)
	s.Render(w, r, status, "admin_staff_account", a.Name, page)
	return nil
}

// serveStaffAccount shows one account: its details and role, its state,
// a new password, its second factor.
func (s *server) serveStaffAccount(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	a, err := s.target(r, st)
	if err != nil {
		return err
	}
	f := &web.Form{}
	if key, ok := doneMessages[r.URL.Query().Get("done")]; ok {
		f.Done = s.Tr(r, key)
	}
	var o once
	generated := ""
	if s.unseal(r, onceCookie, &o) && o.Staff == a.ID {
		s.dropCookie(w, r, onceCookie, staffPath(a.ID))
		generated = o.Password
	}
	return s.renderAccount(w, r, st, a, f, http.StatusOK, generated)
}

// postStaffAccount changes an account's name, role, library and default
// branch.
func (s *server) postStaffAccount(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	a, err := s.target(r, st)
	if err != nil {
		return err
	}
	sa, err := s.staffAccounts()
	if err != nil {
		return err
	}
	v := formValues(r, "name", "role", "library", "branch")
	_, err = sa.UpdateStaff(r.Context(), st, library.Staff{ID: a.ID, Name: v["name"], Role: v["role"], Library: v["library"], Branch: v["branch"]}, s.Now())
	if err != nil {
		f := &web.Form{Values: v}
		status, err := s.failForm(r, f, err, nil)
		if err != nil {
			return err
		}
		return s.renderAccount(w, r, st, a, f, status, "")
	}
	http.Redirect(w, r, staffPath(a.ID)+"?done=saved", http.StatusSeeOther)
	return nil
}

// postStaffState disables or enables an account.
func (s *server) postStaffState(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	a, err := s.target(r, st)
	if err != nil {
		return err
	}
	sa, err := s.staffAccounts()
	if err != nil {
		return err
	}
	done := "disabled"
	switch r.PostFormValue("state") {
	case "disable":
		err = sa.DisableStaff(r.Context(), st, a.ID, s.Now())
	case "enable":
		done = "enabled"
		err = sa.EnableStaff(r.Context(), st, a.ID, s.Now())
	default:
		err = web.Invalid("error.bad_form", "state %q", r.PostFormValue("state"))
	}
	if err != nil {
		f := &web.Form{}
		rename := map[string]string{"role": "state", "": "state"}
		if a.ID == st.ID {
			rename = map[string]string{"role": ""} // their own page has no state form
		}
		status, err := s.failForm(r, f, err, rename)
		if err != nil {
			return err
		}
		return s.renderAccount(w, r, st, a, f, status, "")
	}
	http.Redirect(w, r, staffPath(a.ID)+"?done="+done, http.StatusSeeOther)
	return nil
}

// postStaffPassword gives an account a new password: the one typed, or
// one generated and shown once.
func (s *server) postStaffPassword(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	a, err := s.target(r, st)
	if err != nil {
		return err
	}
	sa, err := s.staffAccounts()
	if err != nil {
		return err
	}
	password := r.PostFormValue("new_password")
	generated := password == ""
	if generated {
		password = newPassword()
	}
	if err := sa.SetStaffPassword(r.Context(), st, a.ID, password, s.Now()); err != nil {
		f := &web.Form{}
		status, err := s.failForm(r, f, err, map[string]string{"password": "new_password", "role": "new_password", "": "new_password"})
		if err != nil {
			return err
		}
		return s.renderAccount(w, r, st, a, f, status, "")
	}
	if generated {
		s.seal(w, r, onceCookie, staffPath(a.ID), onceTTL, once{Staff: a.ID, Password: password})
	}
	http.Redirect(w, r, staffPath(a.ID)+"?done=password", http.StatusSeeOther)
	return nil
}

// postStaffTOTPRemove removes the second factor of someone else's account
// (a lost phone); staff remove their own on their own page.
func (s *server) postStaffTOTPRemove(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	a, err := s.target(r, st)
	if err != nil {
		return err
	}
	sa, err := s.staffAccounts()
	if err != nil {
		return err
	}
	if err := sa.RemoveTOTP(r.Context(), st, a.ID, s.Now()); err != nil {
		f := &web.Form{}
		status, err := s.failForm(r, f, err, map[string]string{"role": "", "library": ""})
		if err != nil {
			return err
		}
		return s.renderAccount(w, r, st, a, f, status, "")
	}
	http.Redirect(w, r, staffPath(a.ID)+"?done=totp_removed", http.StatusSeeOther)
	return nil
}

// postTOTPRequired turns the operator's "administrators must use two-step
// verification" on or off.
func (s *server) postTOTPRequired(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActConsortium, library.ConsortiumScope); err != nil {
		return err
	}
	sa, err := s.staffAccounts()
	if err != nil {
		return err
	}
	if err := sa.SetTOTPRequired(r.Context(), st, r.PostFormValue("required") == "on", s.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/staff?"+url.Values{"done": {"totp_required"}}.Encode(), http.StatusSeeOther)
	return nil
}
