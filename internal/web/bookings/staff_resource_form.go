package bookings

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The resource editor's form: its texts per language (Finnish required,
// the missing ones marked), its numbers, and the refusals at their
// fields.

// langFields is one language's texts in the editor.
type langFields struct {
	Lang          string
	Name          web.LangText // the language's name, in itself
	Required      bool
	Title         string
	Description   string
	Rules         string
	Accessibility string
	Equipment     string // one piece a line
	Error         string // a refusal of the name
}

// choice is an option of the form.
type choice struct {
	Value, Name string
	Checked     bool
}

// photoRow is a photo of the resource in the editor.
type photoRow struct {
	URL, DeleteURL string
	Alt            string
	Width, Height  int
}

// resourceEditor is the data of the editor page.
type resourceEditor struct {
	Action   string
	ID       int64
	Version  int64
	Active   bool
	Langs    []langFields
	Branches []choice // a new resource's choices; an old one's branch stays
	Branch   web.LangText
	Kinds    []choice
	Form     map[string]string
	Errors   map[string]string
	Alert    string
	Done     string
	Missing  []web.LangText
	Photos   []photoRow
	PhotoMax bool // no more photos may be added
	PhotoErr string
	AltLangs []langFields
}

// numberFields are the editor's whole-number fields, each a field of
// library.Resource.
var numberFields = []string{"capacity", "slot_minutes", "min_minutes", "max_minutes", "buffer_minutes", "horizon_days",
	"weekly_bookings", "weekly_minutes", "cancel_before_minutes", "min_age"}

// editorFields are the fields a refusal may name.
var editorFields = append([]string{"branch", "kind", "name", "description", "rules", "accessibility", "equipment", "price"}, numberFields...)

func (s *server) newEditor(action string) *resourceEditor {
	return &resourceEditor{Action: action, Form: map[string]string{}, Errors: map[string]string{}}
}

// texts reads a multilingual field (name.fi, name.sv, ...).
func texts(r *http.Request, field string) library.Text {
	t := library.Text{}
	for _, l := range library.Languages {
		if v := strings.TrimSpace(r.PostFormValue(field + "." + l)); v != "" {
			t[l] = v
		}
	}
	return t
}

// equipment reads the equipment lists, one piece a line in each
// language: the lines of the same number are one piece.
func equipment(r *http.Request) []library.Text {
	var out []library.Text
	for _, l := range library.Languages {
		for i, line := range strings.Split(r.PostFormValue("equipment."+l), "\n") {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			for len(out) <= i {
				out = append(out, library.Text{})
			}
			out[i][l] = line
		}
	}
	return out
}

// readResource reads the posted form over old. The numbers must be
// whole; the domain checks the rest.
func readResource(r *http.Request, old library.Resource) (library.Resource, error) {
	res := old
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	res.Kind = f("kind")
	res.Name, res.Description = texts(r, "name"), texts(r, "description")
	res.Rules, res.Accessibility = texts(r, "rules"), texts(r, "accessibility")
	res.Equipment = equipment(r)
	res.NeedsApproval, res.SelfService = f("needs_approval") != "", f("self_service") != ""
	if v, err := strconv.ParseInt(f("version"), 10, 64); err == nil {
		res.Version = v
	}
	nums := []*int{&res.Capacity, &res.SlotMinutes, &res.MinMinutes, &res.MaxMinutes, &res.BufferMinutes, &res.HorizonDays,
		&res.WeeklyBookings, &res.WeeklyMinutes, &res.CancelBeforeMinutes, &res.MinAge}
	for i, name := range numberFields {
		v := f(name)
		if v == "" {
			*nums[i] = 0
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			return res, formErr("bookings_staff.error.number", name+": not a whole number: "+v)
		}
		*nums[i] = n
	}
	var err error
	if res.Price, err = cents(f("price")); err != nil {
		return res, formErr("error.resource_price", "price: "+f("price"))
	}
	return res, nil
}

// cents reads a price in euros ("5", "4,50", "-1") as cents; empty is
// free. A negative price is read as such, for the domain to refuse.
func cents(v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	euros, frac, _ := strings.Cut(strings.Replace(v, ",", ".", 1), ".")
	if len(frac) > 2 {
		return 0, strconv.ErrSyntax
	}
	for len(frac) < 2 {
		frac += "0"
	}
	e, err := strconv.ParseInt(euros, 10, 32)
	if err != nil {
		return 0, err
	}
	c, err := strconv.ParseInt(frac, 10, 32)
	if err != nil || c < 0 {
		return 0, strconv.ErrSyntax
	}
	if strings.HasPrefix(euros, "-") {
		return e*100 - c, nil
	}
	return e*100 + c, nil
}

// priceText writes cents as euros for the form ("4.50"); free is "".
func priceText(c int64) string {
	if c == 0 {
		return ""
	}
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return sign + strconv.FormatInt(c/100, 10) + "." + strconv.FormatInt(c%100/10, 10) + strconv.FormatInt(c%10, 10)
}

// fillEditor shows res in the editor, with the branches st may choose.
func (s *server) fillEditor(r *http.Request, ed *resourceEditor, st library.Staff, res library.Resource) error {
	lang := s.Lang(r)
	ed.ID, ed.Version, ed.Active = res.ID, res.Version, res.Active()
	ed.Langs, ed.AltLangs = nil, nil
	for _, l := range library.Languages {
		var eq []string
		for _, e := range res.Equipment {
			eq = append(eq, e[l])
		}
		name := web.LangText{Text: s.I18n().T(l, "meta.name", nil), Lang: l}
		ed.Langs = append(ed.Langs, langFields{Lang: l, Name: name, Required: l == "fi", Title: res.Name[l],
			Description: res.Description[l], Rules: res.Rules[l], Accessibility: res.Accessibility[l],
			Equipment: strings.TrimRight(strings.Join(eq, "\n"), "\n")})
		ed.AltLangs = append(ed.AltLangs, langFields{Lang: l, Name: name, Required: l == "fi"})
	}
	if res.ID == 0 {
		cs, err := s.branchesFor(r, st, library.ActResources, res.BranchID)
		if err != nil {
			return err
		}
		for _, c := range cs {
			ed.Branches = append(ed.Branches, choice{Value: c.ID, Name: c.Name.Text, Checked: c.Current})
		}
	} else {
		ed.Missing = s.missing(res.Name)
		id := strconv.FormatInt(res.ID, 10)
		for _, p := range res.Photos {
			pid := strconv.FormatInt(p.ID, 10)
			ed.Photos = append(ed.Photos, photoRow{URL: "/admin/resources/" + id + "/photos/" + pid + "?v=" + p.Hash,
				DeleteURL: "/admin/resources/" + id + "/photos/" + pid + "/delete", Alt: p.Alt.Get(lang)})
		}
		ed.PhotoMax = len(res.Photos) >= library.MaxResourcePhotos
	}
	if _, b, err := s.branchScope(r, res.BranchID); err == nil {
		ed.Branch = web.TextIn(b.Name, lang)
	}
	for _, k := range library.ResourceKinds {
		ed.Kinds = append(ed.Kinds, choice{Value: k, Name: s.Tr(r, "resource.kind."+k), Checked: k == res.Kind})
	}
	nums := []int{res.Capacity, res.SlotMinutes, res.MinMinutes, res.MaxMinutes, res.BufferMinutes, res.HorizonDays,
		res.WeeklyBookings, res.WeeklyMinutes, res.CancelBeforeMinutes, res.MinAge}
	for i, name := range numberFields {
		ed.Form[name] = strconv.Itoa(nums[i])
	}
	ed.Form["price"] = priceText(res.Price)
	if res.NeedsApproval {
		ed.Form["needs_approval"] = "on"
	}
	if res.SelfService {
		ed.Form["self_service"] = "on"
	}
	return nil
}

// keepTyped shows the numbers as typed, so that a refusal loses nothing.
func keepTyped(r *http.Request, ed *resourceEditor) {
	for _, f := range append(numberFields, "price") {
		ed.Form[f] = strings.TrimSpace(r.PostFormValue(f))
	}
	for i := range ed.Langs {
		ed.Langs[i].Equipment = r.PostFormValue("equipment." + ed.Langs[i].Lang)
	}
}

// fail puts err at its field (the message's "field:" prefix), or above
// the form.
func (s *server) fail(r *http.Request, ed *resourceEditor, err error) {
	msg := s.ErrorText(s.Lang(r), err)
	var le *library.Error
	if !errors.As(err, &le) {
		ed.Alert = msg
		return
	}
	// The domain's messages begin with the field, alone or followed by
	// a language (name.fi) or a space and more words (price 5 cents).
	name, _, _ := strings.Cut(le.Message, ":")
	name, _, _ = strings.Cut(name, ".")
	name, _, _ = strings.Cut(name, " ")
	for _, f := range editorFields {
		if f == name {
			if f == "name" {
				ed.Langs[0].Error = msg
			}
			ed.Errors[f] = msg
			return
		}
	}
	ed.Alert = msg
}

func (s *server) renderEditor(w http.ResponseWriter, r *http.Request, status int, ed *resourceEditor) error {
	title := "bookings_staff.resources.new"
	if ed.ID != 0 {
		title = "bookings_staff.resources.edit"
	}
	web.NoStore(w)
	s.Render(w, r, status, "bookings_admin_resource", s.Tr(r, title), ed)
	return nil
}
