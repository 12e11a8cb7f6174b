package catalogue

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/marc"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The record form: the common fields of a record (library.RecordForm),
// each problem shown beside its field, and the version read travelling
// in a hidden field so that a save over someone else's is refused.

// option is one choice of a select.
type option struct {
	Value, Label string
	Selected     bool
}

// row is one entry of a repeatable field: an author, an ISBN, an ISSN.
type row struct {
	N     int
	Value string
	Role  string
	Roles []option
	Error string
}

// recordFormPage is the data of the record form.
type recordFormPage struct {
	Tabs      tabs
	Action    string
	Version   int64
	Title     string // the record's title as stored, for the heading
	Values    map[string]string
	Errors    map[string]string // form field → message
	Alert     string
	Saved     bool
	Merged    *library.RecordMerge
	Authors   []row
	ISBNs     []row
	ISSNs     []row
	Materials []option
	Languages []option
	Audiences []option
}

// Form fields written as one entry a line.
var lineFields = []string{"ykl", "udk", "subjects", "keywords", "genres", "notes"}

// serveRecordForm shows the form of a record, or an empty one.
func (s *server) serveRecordForm(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayEditRecords(st); err != nil {
		return err
	}
	id, err := recordID(r)
	if err != nil {
		return err
	}
	form := library.RecordForm{Material: library.Book, Language: "fin"}
	var version int64
	title := ""
	if id != 0 {
		c, err := s.cataloguing()
		if err != nil {
			return err
		}
		cr, err := c.CatalogueRecord(r.Context(), id)
		if err != nil {
			return err
		}
		form, version, title = cr.Form, cr.Version, cr.Record.Title
	}
	fp := s.newRecordFormPage(r, id, version, title, form, nil)
	q := r.URL.Query()
	fp.Saved = q.Get("saved") != ""
	if q.Get("kept") != "" {
		fp.Merged = mergeFromQuery(q)
	}
	s.Render(w, r, http.StatusOK, "catalogue_record", s.pageTitle(r, id, title), fp)
	return nil
}

// pageTitle is the title of a record's pages.
func (s *server) pageTitle(r *http.Request, id int64, title string) string {
	if id == 0 {
		return s.Tr(r, "cataloguing.new.title")
	}
	return s.I18n().T(s.Lang(r), "cataloguing.record.title", map[string]any{"Title": title})
}

// saveRecordForm creates or saves a record from the form; a record with
// problems, or one changed by someone else meanwhile, is shown again with
// what was typed.
func (s *server) saveRecordForm(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := mayEditRecords(st); err != nil {
		return err
	}
	id, err := recordID(r)
	if err != nil {
		return err
	}
	c, err := s.cataloguing()
	if err != nil {
		return err
	}
	form, ps := readRecordForm(r)
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	var cr library.CatalogueRecord
	if len(ps) == 0 {
		if id == 0 {
			cr, err = c.CreateRecord(r.Context(), st, form)
		} else {
			cr, err = c.UpdateRecordForm(r.Context(), st, id, version, form)
		}
		if err == nil {
			http.Redirect(w, r, recordPath(cr.Record.ID)+"?saved=1", http.StatusSeeOther)
			return nil
		}
		var pe *library.ProblemsError
		if errors.As(err, &pe) {
			ps = pe.Problems
		} else if code := library.ErrorCode(err); code != library.ECONFLICT && code != library.EINVALID {
			return err
		}
	}
	title := r.PostFormValue("stored_title")
	fp := s.newRecordFormPage(r, id, version, title, form, ps)
	status := http.StatusUnprocessableEntity
	if len(ps) == 0 { // refused as a whole: changed by someone else
		status = web.HTTPStatus(library.ErrorCode(err))
		fp.Alert = s.ErrorText(s.Lang(r), err)
	}
	// What was typed is shown as typed, not as the store would read it.
	fp.keepTyped(r)
	s.Render(w, r, status, "catalogue_record", s.pageTitle(r, id, title), fp)
	return nil
}

// readRecordForm reads the posted form. Lists keep their blank entries,
// so that a problem's index is the row it was typed in; a year that is no
// number is a problem of its own.
func readRecordForm(r *http.Request) (library.RecordForm, []library.Problem) {
	v := r.PostFormValue
	f := library.RecordForm{
		Title: v("title"), Subtitle: v("subtitle"), OriginalTitle: v("original_title"), Edition: v("edition"),
		Place: v("place"), Publisher: v("publisher"), Extent: v("extent"),
		Material: library.Material(v("material")), Language: v("language"), Audience: v("audience"),
		Series: v("series"), SeriesNumber: v("series_number"), Summary: v("summary"),
	}
	var ps []library.Problem
	if y := strings.TrimSpace(v("year")); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			ps = append(ps, library.Problem{Field: "year", Index: -1, Subfield: -1, Position: -1,
				Key: "catalogue.problem.year_invalid", Message: "year " + strconv.Quote(y)})
		}
		f.Year = n
	}
	for i := 0; r.PostForm.Has("author_name_" + strconv.Itoa(i)); i++ {
		n := strconv.Itoa(i)
		f.Authors = append(f.Authors, library.Contributor{Name: v("author_name_" + n), Role: v("author_role_" + n)})
	}
	f.ISBNs = rowsOf(r, "isbn_")
	f.ISSNs = rowsOf(r, "issn_")
	lines := func(name string) []string { return splitLines(v(name)) }
	f.YKL, f.UDK, f.Subjects, f.Keywords, f.Genres, f.Notes =
		lines("ykl"), lines("udk"), lines("subjects"), lines("keywords"), lines("genres"), lines("notes")
	if len(ps) > 0 {
		// The form goes back without reaching the store: show its other
		// problems with the year's, not one after the other.
		ps = append(ps, marc.CheckForm(f)...)
	}
	return f, ps
}

// rowsOf reads the inputs prefix0, prefix1, ... as they were sent.
func rowsOf(r *http.Request, prefix string) []string {
	var out []string
	for i := 0; r.PostForm.Has(prefix + strconv.Itoa(i)); i++ {
		out = append(out, r.PostFormValue(prefix+strconv.Itoa(i)))
	}
	return out
}

// splitLines returns the non-blank lines of a text area.
func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// newRecordFormPage fills the form's page from form, with ps marked.
func (s *server) newRecordFormPage(r *http.Request, id, version int64, title string, form library.RecordForm, ps []library.Problem) *recordFormPage {
	lang := s.Lang(r)
	tr := func(key string) string { return s.I18n().T(lang, key, nil) }
	fp := &recordFormPage{Tabs: tabs{ID: id, Current: "form"}, Action: "/catalogue/new", Version: version, Title: title,
		Errors: map[string]string{}}
	if id != 0 {
		fp.Action = recordPath(id)
	}
	year := ""
	if form.Year != 0 {
		year = strconv.Itoa(form.Year)
	}
	fp.Values = map[string]string{
		"title": form.Title, "subtitle": form.Subtitle, "original_title": form.OriginalTitle, "edition": form.Edition,
		"place": form.Place, "publisher": form.Publisher, "year": year, "extent": form.Extent,
		"series": form.Series, "series_number": form.SeriesNumber, "summary": form.Summary,
		"ykl": strings.Join(form.YKL, "\n"), "udk": strings.Join(form.UDK, "\n"),
		"subjects": strings.Join(form.Subjects, "\n"), "keywords": strings.Join(form.Keywords, "\n"),
		"genres": strings.Join(form.Genres, "\n"), "notes": strings.Join(form.Notes, "\n"),
	}
	rowErrs := map[string]map[int]string{"authors": {}, "isbns": {}, "issns": {}}
	for _, p := range ps {
		msg := tr(p.Key)
		if m, ok := rowErrs[p.Field]; ok && p.Index >= 0 {
			if m[p.Index] == "" {
				m[p.Index] = msg
			}
			continue
		}
		if fp.Errors[p.Field] == "" {
			fp.Errors[p.Field] = msg
		}
	}
	if len(ps) > 0 {
		fp.Alert = tr("error.catalogue_record_invalid")
	}
	roles := func(sel string) []option {
		var out []option
		for _, role := range marc.Roles {
			out = append(out, option{Value: role, Label: tr("role." + role), Selected: role == sel})
		}
		if sel != "" && !slices.Contains(marc.Roles, sel) {
			out = append(out, option{Value: sel, Label: sel, Selected: true})
		}
		return out
	}
	authors := form.Authors
	for len(authors) < len(form.Authors)+2 || len(authors) < 3 {
		authors = append(authors, library.Contributor{})
	}
	for i, a := range authors {
		role := a.Role
		if role == "" {
			role = "author"
		}
		fp.Authors = append(fp.Authors, row{N: i, Value: a.Name, Role: role, Roles: roles(role), Error: rowErrs["authors"][i]})
	}
	fp.ISBNs = listRows(form.ISBNs, 2, rowErrs["isbns"])
	fp.ISSNs = listRows(form.ISSNs, 1, rowErrs["issns"])
	for _, m := range library.Materials {
		fp.Materials = append(fp.Materials, option{Value: string(m), Label: tr("material." + string(m)), Selected: m == form.Material})
	}
	fp.Languages = []option{{Value: "", Label: tr("cataloguing.none"), Selected: form.Language == ""}}
	for _, code := range library.RecordLanguages {
		fp.Languages = append(fp.Languages, option{Value: code, Label: tr("lang." + code), Selected: code == form.Language})
	}
	if form.Language != "" && !slices.Contains(library.RecordLanguages, form.Language) {
		fp.Languages = append(fp.Languages, option{Value: form.Language, Label: form.Language, Selected: true})
	}
	fp.Audiences = []option{{Value: "", Label: tr("cataloguing.none"), Selected: form.Audience == ""}}
	for _, a := range []string{library.AudienceAdult, library.AudienceYouth, library.AudienceChildren} {
		fp.Audiences = append(fp.Audiences, option{Value: a, Label: tr("audience." + a), Selected: a == form.Audience})
	}
	return fp
}

// listRows returns the rows of a list with at least one blank row to add
// to and at least min rows in all.
func listRows(list []string, min int, errs map[int]string) []row {
	for len(list) < min || len(list) == 0 || list[len(list)-1] != "" {
		list = append(list, "")
	}
	out := make([]row, len(list))
	for i, v := range list {
		out[i] = row{N: i, Value: v, Error: errs[i]}
	}
	return out
}

// keepTyped shows the text fields as they were typed (a year "19x5" the
// form could not read, spaces the store would trim).
func (fp *recordFormPage) keepTyped(r *http.Request) {
	for name := range fp.Values {
		if r.PostForm.Has(name) {
			fp.Values[name] = r.PostFormValue(name)
		}
	}
}
