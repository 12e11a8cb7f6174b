package desk

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Registering a patron at the desk, and correcting the details later.
// The form has every field of library.Registration; what the store
// refuses is shown next to its field (fieldOf), in the user's language,
// with the 4xx of the refusal and nothing saved. When accounts with the
// same name and birth date exist, the form comes back with them listed
// and a box to tick to save anyway.

// regForm is the registration (or edit) form's data.
type regForm struct {
	web.Form
	Edit       bool
	ID         int64
	Libraries  []option
	Langs      []option
	Categories []option
	PINModes   []option
	Duplicates []patronRow
}

// option is one choice of a select or a radio group.
type option struct {
	Value, Label string
	Selected     bool
}

// fieldOf names the form field a registration refusal is about; "" is
// the whole form.
func fieldOf(key string) string {
	switch key {
	case "error.name_required":
		return "family"
	case "error.birth_date_required", "error.birth_date":
		return "birth"
	case "error.category_age", "error.category":
		return "category"
	case "error.phone_format":
		return "phone"
	case "error.email_format", "error.email_required":
		return "email"
	case "error.lang":
		return "lang"
	case "error.library_unknown", "error.branch_unknown", "error.staff_other_library":
		return "library"
	case "error.guardian_required", "error.guardian_invalid":
		return "guardian"
	case "error.card_range_missing", "error.card_range_full", "error.card_format", "error.card_check_digit",
		"error.card_in_use", "error.card_lost", "error.card_replaced":
		return "card"
	case "error.pin_mode":
		return "pin"
	case "error.possible_duplicates":
		return "confirm"
	}
	return ""
}

// regFields are the form's text fields, kept when the form comes back.
var regFields = []string{"family", "given", "birth", "category", "street", "postal", "city", "email", "phone",
	"lang", "library", "guardian", "card", "pin", "confirm"}

// newRegForm fills the choices of the form for st.
func (s *server) newRegForm(ctx context.Context, lang string, st library.Staff, values map[string]string) (*regForm, error) {
	f := &regForm{Form: web.Form{Values: values, Staff: true}}
	libs, _, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range libs {
		if library.Permit(st, library.ActPatrons, library.LibraryScope(l.ID)) == nil {
			f.Libraries = append(f.Libraries, option{Value: l.ID, Label: web.TextIn(l.Name, lang).Text, Selected: values["library"] == l.ID})
		}
	}
	for _, code := range s.I18n().Languages() {
		f.Langs = append(f.Langs, option{Value: code, Label: s.I18n().T(code, "meta.name", nil), Selected: values["lang"] == code})
	}
	for _, c := range []string{"", library.CategoryAdult, library.CategoryChild, library.CategoryStaff} {
		key := "desk.register.category.by_age"
		if c != "" {
			key = "desk.register.category." + c
		}
		f.Categories = append(f.Categories, option{Value: c, Label: s.I18n().T(lang, key, nil), Selected: values["category"] == c})
	}
	for _, m := range []string{library.PINLetter, library.PINFirstSignIn, library.PINNone} {
		f.PINModes = append(f.PINModes, option{Value: m, Label: s.I18n().T(lang, "desk.register.pin."+m, nil), Selected: values["pin"] == m})
	}
	f.Data = f
	return f, nil
}

// readRegistration reads the posted form into a Registration; a value
// that cannot even be read (a birth date that is no date, an unknown
// guardian card) fails its field.
func (s *server) readRegistration(r *http.Request, values map[string]string) (library.Registration, string, error) {
	for _, k := range regFields {
		values[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	reg := library.Registration{
		FamilyName: values["family"], GivenNames: values["given"], Category: values["category"],
		Street: values["street"], PostalCode: values["postal"], City: values["city"], Email: values["email"],
		Phone: values["phone"], Lang: values["lang"], HomeLibrary: values["library"],
		CardNumber: strings.Join(strings.Fields(values["card"]), ""), PIN: values["pin"],
		ConfirmDuplicates: values["confirm"] != "",
	}
	if b := values["birth"]; b != "" {
		d, err := library.ParseDate(b)
		if err != nil {
			return reg, "birth", web.Invalid("error.birth_date", "birth date %q", b)
		}
		reg.BirthDate = d
	}
	if g := strings.Join(strings.Fields(values["guardian"]), ""); g != "" {
		gp, err := s.Patrons().PatronByCard(r.Context(), g)
		if library.ErrorCode(err) == library.ENOTFOUND {
			return reg, "guardian", web.Invalid("error.guardian_invalid", "no guardian card %q", g)
		} else if err != nil {
			return reg, "", err
		}
		reg.GuardianID = gp.ID
	}
	return reg, "", nil
}

func (s *server) serveRegisterPatron(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayPatrons(st); err != nil {
		return err
	}
	lang := s.Lang(r)
	values := map[string]string{"lang": lang, "library": st.Library, "pin": library.PINLetter}
	f, err := s.newRegForm(r.Context(), lang, st, values)
	if err != nil {
		return err
	}
	f.Action = "/desk/patrons/new"
	s.RenderForm(w, r, http.StatusOK, "desk_patron_form", "desk.register.title", &f.Form)
	return nil
}

// renderRegForm shows the form again with err next to its field.
func (s *server) renderRegForm(w http.ResponseWriter, r *http.Request, f *regForm, field string, err error) error {
	code := library.ErrorCode(err)
	if code != library.EINVALID && code != library.ECONFLICT && code != library.EFORBIDDEN {
		return err
	}
	lang := s.Lang(r)
	key := library.ErrorKey(err)
	if field == "" {
		field = fieldOf(key)
	}
	if field == "" {
		f.Alert = s.ErrorText(lang, err)
	} else {
		f.Fail(field, s.ErrorText(lang, err))
	}
	title := "desk.register.title"
	if f.Edit {
		title = "desk.edit.title"
	}
	s.RenderForm(w, r, web.HTTPStatus(code), "desk_patron_form", title, &f.Form)
	return nil
}

func (s *server) postRegisterPatron(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayPatrons(st); err != nil {
		return err
	}
	ctx, lang := r.Context(), s.Lang(r)
	d, err := s.deskOfPatrons()
	if err != nil {
		return err
	}
	values := map[string]string{}
	reg, field, err := s.readRegistration(r, values)
	f, ferr := s.newRegForm(ctx, lang, st, values)
	if ferr != nil {
		return ferr
	}
	f.Action = "/desk/patrons/new"
	if err != nil {
		return s.renderRegForm(w, r, f, field, err)
	}
	// Registering makes a patron of the chosen library: its register.
	if err := s.mayRegisterAt(ctx, st, reg.HomeLibrary); err != nil {
		return s.renderRegForm(w, r, f, "library", err)
	}
	if lib, _ := s.libraryOfBranch(ctx, st.Branch); lib == reg.HomeLibrary {
		reg.Branch = st.Branch // the PIN letter gives the desk's own address
	}
	out, err := d.RegisterPatron(ctx, st, reg, s.Now())
	if library.ErrorKey(err) == "error.possible_duplicates" {
		dups, derr := d.PossibleDuplicates(ctx, reg.FamilyName, reg.GivenNames, reg.BirthDate)
		if derr != nil {
			return derr
		}
		names, _ := s.libraryNames(ctx, lang)
		for _, p := range dups {
			f.Duplicates = append(f.Duplicates, patronRow{ID: p.ID, Name: p.Name, CardNumber: p.CardNumber,
				Library: names[p.HomeLibrary], BirthDate: s.FormatDate(lang, p.BirthDate)})
		}
	}
	if err != nil {
		return s.renderRegForm(w, r, f, "", err)
	}
	switch {
	case out.Letter != nil:
		return s.renderPINLetter(w, r, out.Patron, *out.Letter, nil)
	case out.FirstCode != nil:
		return s.renderPINLetter(w, r, out.Patron, library.PINLetterData{}, out.FirstCode)
	}
	toPatron(w, r, out.Patron.ID, "registered")
	return nil
}

// libraryOfBranch returns the member library of a branch, or "".
func (s *server) libraryOfBranch(ctx context.Context, branch string) (string, error) {
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

// patronValues are a patron's details as the form's fields.
func (s *server) patronValues(p library.Patron) map[string]string {
	family, given, _ := strings.Cut(p.Name, ",")
	v := map[string]string{
		"family": strings.TrimSpace(family), "given": strings.TrimSpace(given), "category": p.Category,
		"street": p.Street, "postal": p.PostalCode, "city": p.City, "email": p.Email, "phone": p.Phone,
		"lang": p.Lang, "library": p.HomeLibrary,
	}
	if p.BirthDate != (library.Date{}) {
		v["birth"] = p.BirthDate.String()
		v["category"] = "" // the birth date decides, as at registration
	}
	return v
}

func (s *server) serveEditPatron(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	p, err := s.patronFor(r, st)
	if err != nil {
		return err
	}
	values := s.patronValues(p)
	if p.GuardianID != 0 {
		if g, err := s.Patrons().Patron(r.Context(), p.GuardianID); err == nil {
			values["guardian"] = g.CardNumber
		}
	}
	f, err := s.newRegForm(r.Context(), s.Lang(r), st, values)
	if err != nil {
		return err
	}
	f.Edit, f.ID, f.Action = true, p.ID, "/desk/patrons/"+strconv.FormatInt(p.ID, 10)+"/edit"
	s.RenderForm(w, r, http.StatusOK, "desk_patron_form", "desk.edit.title", &f.Form)
	return nil
}

func (s *server) postEditPatron(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	p, err := s.patronFor(r, st)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d, err := s.deskOfPatrons()
	if err != nil {
		return err
	}
	values := map[string]string{}
	reg, field, err := s.readRegistration(r, values)
	f, ferr := s.newRegForm(ctx, s.Lang(r), st, values)
	if ferr != nil {
		return ferr
	}
	f.Edit, f.ID, f.Action = true, p.ID, "/desk/patrons/"+strconv.FormatInt(p.ID, 10)+"/edit"
	if err != nil {
		return s.renderRegForm(w, r, f, field, err)
	}
	// Moving the account to another register needs the right there too.
	if err := s.mayRegisterAt(ctx, st, reg.HomeLibrary); err != nil {
		return s.renderRegForm(w, r, f, "library", err)
	}
	if _, err := d.UpdateRegistration(ctx, st, p.ID, reg, s.Now()); err != nil {
		return s.renderRegForm(w, r, f, "", err)
	}
	toPatron(w, r, p.ID, "saved")
	return nil
}

// mayRegisterAt refuses a library that does not exist (EINVALID) or
// whose register st may not add to (EFORBIDDEN).
func (s *server) mayRegisterAt(ctx context.Context, st library.Staff, lib string) error {
	libs, _, err := s.Consortium(ctx)
	if err != nil {
		return err
	}
	for _, l := range libs {
		if l.ID == lib {
			return library.Permit(st, library.ActPatrons, library.LibraryScope(lib))
		}
	}
	return web.Invalid("error.library_unknown", "no library %q", lib)
}
