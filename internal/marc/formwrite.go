package marc

import (
	"slices"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// How ApplyForm writes each section of the form into a MARC record.

// section is a group of form fields written together, by the Go names of
// their RecordForm fields (converted by FormFieldName).
type section struct {
	fields []string
	write  func(r *Record, f library.RecordForm)
}

var sections = []section{
	{[]string{"material"}, writeMaterial},
	{[]string{"title", "subtitle", "authors"}, writeTitle},
	{[]string{"authors"}, func(r *Record, f library.RecordForm) {
		r.remove("100", "110", "111", "700", "710", "711")
		for i, a := range f.Authors {
			tag := "700"
			if i == 0 {
				tag = "100"
			}
			ind1 := byte('0') // forename only
			if strings.Contains(a.Name, ",") {
				ind1 = '1' // surname first
			}
			r.insert(dataField(tag, ind1, ' ', "a", a.Name, "e", a.Role))
		}
	}},
	{[]string{"original_title"}, replaceWith("240", '1', '0', func(f library.RecordForm) []string { return []string{"a", f.OriginalTitle} })},
	{[]string{"edition"}, replaceWith("250", ' ', ' ', func(f library.RecordForm) []string { return []string{"a", f.Edition} })},
	{[]string{"place", "publisher", "year"}, writePublication},
	{[]string{"extent"}, replaceWith("300", ' ', ' ', func(f library.RecordForm) []string { return []string{"a", f.Extent} })},
	{[]string{"language"}, func(r *Record, f library.RecordForm) {
		lang := f.Language
		if lang == "" {
			lang = "   "
		}
		r.set008(35, lang)
	}},
	{[]string{"audience", "material"}, writeAudience},
	{[]string{"isbns"}, each("020", ' ', ' ', "a", func(f library.RecordForm) []string { return f.ISBNs })},
	{[]string{"issns"}, each("022", ' ', ' ', "a", func(f library.RecordForm) []string { return f.ISSNs })},
	{[]string{"series", "series_number"}, replaceWith("490", '0', ' ', func(f library.RecordForm) []string {
		return []string{"a", f.Series, "v", f.SeriesNumber}
	})},
	{[]string{"ykl"}, writeYKL},
	{[]string{"udk"}, each("080", ' ', ' ', "a", func(f library.RecordForm) []string { return f.UDK })},
	{[]string{"subjects"}, func(r *Record, f library.RecordForm) {
		r.remove("650")
		for _, s := range f.Subjects {
			r.insert(dataField("650", ' ', '4', heading(s)...))
		}
	}},
	{[]string{"keywords"}, each("653", ' ', ' ', "a", func(f library.RecordForm) []string { return f.Keywords })},
	{[]string{"genres"}, func(r *Record, f library.RecordForm) {
		r.remove("655")
		for _, s := range f.Genres {
			r.insert(dataField("655", ' ', '4', heading(s)...))
		}
	}},
	{[]string{"summary"}, replaceWith("520", ' ', ' ', func(f library.RecordForm) []string { return []string{"a", f.Summary} })},
	{[]string{"notes"}, each("500", ' ', ' ', "a", func(f library.RecordForm) []string { return f.Notes })},
}

// replaceWith is a section of one non-repeated field.
func replaceWith(tag string, ind1, ind2 byte, pairs func(library.RecordForm) []string) func(*Record, library.RecordForm) {
	return func(r *Record, f library.RecordForm) {
		r.remove(tag)
		r.insert(dataField(tag, ind1, ind2, pairs(f)...))
	}
}

// each is a section of one field per value.
func each(tag string, ind1, ind2 byte, code string, values func(library.RecordForm) []string) func(*Record, library.RecordForm) {
	return func(r *Record, f library.RecordForm) {
		r.remove(tag)
		for _, v := range values(f) {
			r.insert(dataField(tag, ind1, ind2, code, v))
		}
	}
}

// writeTitle sets 245 $a and $b, keeping the field's other subfields
// (statement of responsibility, part number and name) and its
// nonfiling-characters indicator; the first indicator says whether a main
// entry (1XX) comes before it.
func writeTitle(r *Record, f library.RecordForm) {
	i := slices.IndexFunc(r.Fields, func(fl Field) bool { return fl.Tag == "245" })
	if i < 0 {
		r.insert(Field{Tag: "245", Ind1: '0', Ind2: '0'})
		i = slices.IndexFunc(r.Fields, func(fl Field) bool { return fl.Tag == "245" })
	}
	fl := &r.Fields[i]
	var rest []Subfield
	for _, sf := range fl.Subfields {
		if sf.Code != 'a' && sf.Code != 'b' {
			rest = append(rest, sf)
		}
	}
	title := f.Title
	var subs []Subfield
	if f.Subtitle != "" {
		subs = append(subs, Subfield{'a', title + " :"}, Subfield{'b', f.Subtitle})
	} else {
		subs = append(subs, Subfield{'a', title})
	}
	if len(rest) > 0 && rest[0].Code == 'c' {
		subs[len(subs)-1].Value += " /"
	}
	fl.Subfields = append(subs, rest...)
	fl.Ind1 = '0'
	if len(f.Authors) > 0 || len(r.FieldsOf("100", "110", "111", "130")) > 0 {
		fl.Ind1 = '1'
	}
}

// writePublication rewrites the publication statement as an RDA 264 _1
// (replacing a 260 or 264 _1) and the date in the 008.
func writePublication(r *Record, f library.RecordForm) {
	kept := r.Fields[:0]
	for _, fl := range r.Fields {
		if fl.Tag != "260" && !(fl.Tag == "264" && fl.Ind2 == '1') {
			kept = append(kept, fl)
		}
	}
	r.Fields = kept
	year := ""
	if f.Year > 0 {
		year = strconv.Itoa(f.Year)
	}
	place, publisher := f.Place, f.Publisher
	if place != "" && (publisher != "" || year != "") {
		place += " :"
	}
	if publisher != "" && year != "" {
		publisher += ","
	}
	r.insert(dataField("264", ' ', '1', "a", place, "b", publisher, "c", year))
	if f.Year > 0 {
		r.set008(6, "s"+leftPad(f.Year)+"    ")
	} else {
		r.set008(6, "nuuuu    ")
	}
}

// writeMaterial sets what tells a material apart: leader/06-07, the 007
// and 008/23 (form of item), and 008/33 for games.
func writeMaterial(r *Record, f library.RecordForm) {
	c, ok := carriers[f.Material]
	if !ok {
		c = carriers[library.OtherMedium]
	}
	copy(r.Leader[6:8], c.leader)
	r.remove("007")
	if c.f007 != "" {
		r.insert(Field{Tag: "007", Value: c.f007})
	}
	r.set008(23, string(c.form))
	if f.Material == library.BoardGame {
		r.set008(33, "g")
	}
	if f.Material == library.Instrument {
		r.set008(33, "r") // realia
	}
}

// writeAudience puts the audience in 008/22 where the record's type has
// it there, else in a 385 note, as FromLibrary does.
func writeAudience(r *Record, f library.RecordForm) {
	r.remove("385")
	if audienceIn008(r) {
		code := byte(' ')
		if c, ok := audienceCodes[f.Audience]; ok {
			code = c
		}
		r.set008(22, string(code))
		return
	}
	if f.Audience != "" {
		r.insert(dataField("385", ' ', ' ', "a", audienceTerms[f.Audience]))
	}
}

// writeYKL rewrites the 084s of the YKL classification, leaving those of
// other schemes.
func writeYKL(r *Record, f library.RecordForm) {
	kept := r.Fields[:0]
	for _, fl := range r.Fields {
		if fl.Tag != "084" || !strings.EqualFold(strings.TrimSpace(fl.Subfield('2')), "ykl") {
			kept = append(kept, fl)
		}
	}
	r.Fields = kept
	for _, c := range f.YKL {
		r.insert(dataField("084", ' ', ' ', "a", c, "2", "ykl"))
	}
}

// dataField is AddData's field, for insert.
func dataField(tag string, ind1, ind2 byte, pairs ...string) Field {
	var r Record
	r.AddData(tag, ind1, ind2, pairs...)
	if len(r.Fields) == 0 {
		return Field{Tag: tag}
	}
	return r.Fields[0]
}

// remove deletes every field with one of the tags.
func (r *Record) remove(tags ...string) {
	r.Fields = slices.DeleteFunc(r.Fields, func(f Field) bool { return slices.Contains(tags, f.Tag) })
}

// insert puts f before the first field with a greater tag, so that
// rewritten fields land where cataloguers look for them. A data field
// without subfields (an empty form field) is not inserted, except a 245
// about to be filled in.
func (r *Record) insert(f Field) {
	if !f.IsControl() && len(f.Subfields) == 0 && f.Tag != "245" {
		return
	}
	i := slices.IndexFunc(r.Fields, func(g Field) bool { return g.Tag > f.Tag })
	if i < 0 {
		i = len(r.Fields)
	}
	r.Fields = slices.Insert(r.Fields, i, f)
}

// set008 writes s into the 008 at position pos, creating the 008 (with
// FromLibrary's defaults) or padding it to its 40 characters as needed.
func (r *Record) set008(pos int, s string) {
	i := slices.IndexFunc(r.Fields, func(f Field) bool { return f.Tag == "008" })
	if i < 0 {
		r.insert(Field{Tag: "008", Value: f008(library.Record{}, carrier{leader: string(r.Leader[6:8]), form: ' '})})
		i = slices.IndexFunc(r.Fields, func(f Field) bool { return f.Tag == "008" })
	}
	v := []byte(r.Fields[i].Value)
	for len(v) < 40 {
		v = append(v, ' ')
	}
	copy(v[pos:], s)
	r.Fields[i].Value = string(v)
}
