package marc

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The cataloguing form is a view of the MARC record, which stays the
// source of truth. FormOf reads the form's fields from a record with the
// same rules ToLibrary uses; ApplyForm writes a form back, rewriting only
// the fields of the sections the cataloguer changed, so that what the form
// does not show (a heading's $0 link, a 264's copyright date, local
// fields) survives an edit of the title. For every form f without
// problems, FormOf(ApplyForm(r, f)) equals NormalizeForm(f).

// FormOf returns the cataloguing form of r.
func FormOf(r *Record) library.RecordForm {
	f008 := r.Control("008")
	var f library.RecordForm
	if t, ok := r.Field("245"); ok {
		f.Title = trimISBD(t.Subfield('a'))
		f.Subtitle = trimISBD(t.Subfield('b'))
	}
	f.Authors = contributors(r)
	f.OriginalTitle = trimISBD(r.Subfield("240", 'a'))
	f.Edition = trimISBD(r.Subfield("250", 'a'))
	f.Place = trimISBD(publication(r, 'a'))
	f.Publisher = trimISBD(publication(r, 'b'))
	f.Year = year(r, f008)
	f.Extent = trimISBD(r.Subfield("300", 'a'))
	f.Material = material(r)
	f.Language = language(r, f008)
	f.Audience = audience(r, f008)
	for _, fl := range r.FieldsOf("020") {
		if s := normISBN(fl.Subfield('a')); s != "" {
			f.ISBNs = append(f.ISBNs, s)
		}
	}
	for _, fl := range r.FieldsOf("022") {
		if s := normISSN(fl.Subfield('a')); s != "" {
			f.ISSNs = append(f.ISSNs, s)
		}
	}
	f.Series = trimISBD(r.Subfield("490", 'a'))
	f.SeriesNumber = trimISBD(r.Subfield("490", 'v'))
	for _, fl := range r.FieldsOf("084") {
		if strings.EqualFold(strings.TrimSpace(fl.Subfield('2')), "ykl") {
			f.YKL = appendTrimmed(f.YKL, fl.SubfieldValues("a")...)
		}
	}
	for _, fl := range r.FieldsOf("080") {
		f.UDK = appendTrimmed(f.UDK, fl.SubfieldValues("a")...)
	}
	f.Subjects = headings(r, "650")
	for _, fl := range r.FieldsOf("653") {
		f.Keywords = appendTrimmed(f.Keywords, fl.SubfieldValues("a")...)
	}
	f.Genres = headings(r, "655")
	f.Summary = strings.TrimSpace(r.Subfield("520", 'a'))
	for _, fl := range r.FieldsOf("500") {
		f.Notes = appendTrimmed(f.Notes, fl.Subfield('a'))
	}
	return f
}

func appendTrimmed(list []string, vs ...string) []string {
	for _, v := range vs {
		if v = trimISBD(v); v != "" {
			list = append(list, v)
		}
	}
	return list
}

// NormalizeForm returns f as it will read back from the record: text
// trimmed of spaces and of the ISBD punctuation that belongs to the
// catalogue's display rather than to the data, ISBNs as digits and X,
// ISSNs as "1234-567X", language codes in lower case, empty list entries
// dropped and empty lists nil.
func NormalizeForm(f library.RecordForm) library.RecordForm {
	f.Title, f.Subtitle = trimISBD(f.Title), trimISBD(f.Subtitle)
	var authors []library.Contributor
	for _, a := range f.Authors {
		if a, ok := normAuthor(a); ok {
			authors = append(authors, a)
		}
	}
	f.Authors = authors
	f.OriginalTitle, f.Edition = trimISBD(f.OriginalTitle), trimISBD(f.Edition)
	f.Place, f.Publisher, f.Extent = trimISBD(f.Place), trimISBD(f.Publisher), trimISBD(f.Extent)
	f.Language = strings.ToLower(strings.TrimSpace(f.Language))
	f.Audience = strings.TrimSpace(f.Audience)
	f.ISBNs = normList(f.ISBNs, normISBNEntry)
	f.ISSNs = normList(f.ISSNs, normISSNEntry)
	f.Series, f.SeriesNumber = trimISBD(f.Series), trimISBD(f.SeriesNumber)
	f.YKL = normList(f.YKL, trimISBD)
	f.UDK = normList(f.UDK, trimISBD)
	f.Subjects = normList(f.Subjects, normHeading)
	f.Keywords = normList(f.Keywords, trimISBD)
	f.Genres = normList(f.Genres, normHeading)
	f.Summary = strings.TrimSpace(f.Summary)
	f.Notes = normList(f.Notes, trimISBD)
	return f
}

// normISBNEntry is an ISBN as typed, as digits and X if it is one.
func normISBNEntry(s string) string {
	if s = strings.TrimSpace(s); onlyISBNChars(s) {
		return isbnChars(s)
	}
	return s
}

// normISSNEntry is an ISSN as typed, as "1234-567X" if it is one.
func normISSNEntry(s string) string {
	if n := normISSN(s); n != "" && onlyISBNChars(s) {
		return n
	}
	return strings.TrimSpace(s)
}

// normAuthor is a contributor as typed, trimmed, with the default role;
// ok is false for a blank row.
func normAuthor(a library.Contributor) (library.Contributor, bool) {
	a.Name, a.Role = trimISBD(a.Name), strings.ToLower(strings.TrimSpace(a.Role))
	if a.Role == "" {
		a.Role = "author"
	}
	return a, a.Name != "" || a.Role != "author"
}

func normList(list []string, norm func(string) string) []string {
	var out []string
	for _, s := range list {
		if s = norm(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// normHeading trims each part of "Main -- subdivision" as the reader will.
func normHeading(s string) string {
	var parts []string
	for _, p := range strings.Split(s, "--") {
		if p = trimISBD(p); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " -- ")
}

// Roles lists the contributor roles the form offers, in its order.
var Roles = []string{"author", "illustrator", "translator", "editor", "composer", "performer", "director", "other"}

// CheckForm returns the problems of a form, normalised as NormalizeForm
// does: a title is required, ISBNs and ISSNs must have the right check
// digit, the year, language, material, audience and roles must be ones the
// catalogue knows. The Index of a problem in a list (authors, ISBNs,
// ISSNs) is that of the entry in raw as sent, blank entries counted.
func CheckForm(raw library.RecordForm) []library.Problem {
	f := NormalizeForm(raw)
	var ps []library.Problem
	add := func(field string, index int, key, msg string) {
		ps = append(ps, library.Problem{Field: field, Index: index, Subfield: -1, Position: -1, Key: key, Message: msg})
	}
	if f.Title == "" {
		add("title", -1, "catalogue.problem.title_required", "the title is required")
	}
	for i, a := range raw.Authors {
		a, ok := normAuthor(a)
		if !ok {
			continue
		}
		if a.Name == "" {
			add("authors", i, "catalogue.problem.author_name_required", "contributor "+strconv.Itoa(i+1)+" has a role but no name")
		}
		if !slices.Contains(Roles, a.Role) {
			add("authors", i, "catalogue.problem.role_unknown", "contributor "+strconv.Itoa(i+1)+" has unknown role "+strconv.Quote(a.Role))
		}
	}
	if f.Year < 0 || f.Year > 9999 {
		add("year", -1, "catalogue.problem.year_invalid", "year "+strconv.Itoa(f.Year)+" is not a year of four digits")
	}
	if !slices.Contains(library.Materials, f.Material) {
		add("material", -1, "catalogue.problem.material_unknown", "unknown material "+strconv.Quote(string(f.Material)))
	}
	if f.Language != "" && (len(f.Language) != 3 || !isLetters(f.Language)) {
		add("language", -1, "catalogue.problem.language_invalid", "language "+strconv.Quote(f.Language)+" is not a MARC language code of three letters")
	}
	if f.Audience != "" && audienceCodes[f.Audience] == 0 {
		add("audience", -1, "catalogue.problem.audience_unknown", "unknown audience "+strconv.Quote(f.Audience))
	}
	for i, s := range raw.ISBNs {
		if s = normISBNEntry(s); s != "" && !ValidISBN(s) {
			add("isbns", i, "catalogue.problem.isbn_invalid", "ISBN "+strconv.Quote(s)+" has a wrong length or check digit")
		}
	}
	for i, s := range raw.ISSNs {
		if s = normISSNEntry(s); s != "" && !ValidISSN(s) {
			add("issns", i, "catalogue.problem.issn_invalid", "ISSN "+strconv.Quote(s)+" has a wrong length or check digit")
		}
	}
	if f.SeriesNumber != "" && f.Series == "" {
		add("series_number", -1, "catalogue.problem.series_number_without_series", "a number in a series needs the series")
	}
	return ps
}

// ApplyForm returns a copy of base (nil for a new record) with form
// written into it, or the form's problems. Sections of the form that are
// as base already has them are left as they are; changed ones are
// rewritten: their fields removed and written anew in tag order.
//
// An ISBN or ISSN the record already has is not checked again: a wrong
// check digit in a record from elsewhere (printed so on the book, as
// happens) must not stop the edit of its title.
func ApplyForm(base *Record, form library.RecordForm) (*Record, []library.Problem) {
	var r *Record
	old := library.RecordForm{}
	if base == nil {
		r = &Record{Leader: defaultLeader}
	} else {
		r = base.Clone()
		old = FormOf(r)
	}
	ps := slices.DeleteFunc(CheckForm(form), func(p library.Problem) bool {
		return p.Field == "isbns" && slices.Contains(old.ISBNs, normISBNEntry(form.ISBNs[p.Index])) ||
			p.Field == "issns" && slices.Contains(old.ISSNs, normISSNEntry(form.ISSNs[p.Index]))
	})
	if len(ps) > 0 {
		return nil, ps
	}
	form = NormalizeForm(form)
	changed := formDiff(old, form)
	for _, s := range sections {
		if slices.ContainsFunc(s.fields, func(name string) bool { return slices.Contains(changed, name) }) {
			s.write(r, form)
		}
	}
	// What the form shows must read back as it was entered. It may not
	// when a field the form does not show says otherwise (a 338 carrier
	// "online" under a material changed to book, a 041 under an emptied
	// language): the cataloguer then fixes that field in the MARC editor.
	for _, name := range formDiff(FormOf(r), form) {
		ps = append(ps, library.Problem{Field: name, Index: -1, Subfield: -1, Position: -1,
			Key: "catalogue.problem.form_not_kept", Message: "the MARC record overrides " + name + "; edit it in the MARC editor"})
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return r, nil
}

// formDiff returns the names (as in Problem.Field) of the form fields
// that differ between a and b.
func formDiff(a, b library.RecordForm) []string {
	var names []string
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := 0; i < va.NumField(); i++ {
		fa, fb := va.Field(i), vb.Field(i)
		if fa.Kind() == reflect.Slice && fa.Len() == 0 && fb.Len() == 0 {
			continue
		}
		if !reflect.DeepEqual(fa.Interface(), fb.Interface()) {
			names = append(names, FormFieldName(va.Type().Field(i).Name))
		}
	}
	return names
}

// FormFieldName returns the name a Problem gives a RecordForm field:
// "SeriesNumber" is "series_number".
func FormFieldName(goName string) string {
	var b strings.Builder
	for i, c := range goName {
		if unicode.IsUpper(c) {
			if i > 0 && !unicode.IsUpper(rune(goName[i-1])) {
				b.WriteByte('_')
			}
			c = unicode.ToLower(c)
		}
		b.WriteRune(c)
	}
	return b.String()
}
