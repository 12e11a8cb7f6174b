package marc

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrInvalid is wrapped by the writers' errors for a record they refuse
// because it cannot be made valid MARC 21; the writer can go on.
var ErrInvalid = errors.New("not valid MARC 21")

// What is valid here is what both output formats can carry and what MARC 21
// defines: the patterns of the MARC21slim schema (leader, tags, indicators,
// subfield codes), control fields before data fields, no data field without
// a subfield, and text without the control characters that delimit ISO 2709
// and that XML cannot hold. The readers repair every record they return to
// this, and the writers never write anything else.

// Repair makes r valid MARC 21 where the repair is unambiguous, and returns
// a note for each thing it changed. It returns an error, leaving r partly
// repaired, when a record cannot be repaired without guessing: a tag that
// is no MARC tag (which field was "30-"?), or no fields at all.
func Repair(r *Record) ([]string, error) {
	var notes []string
	err := repair(r, func(format string, args ...any) {
		notes = append(notes, fmt.Sprintf(format, args...))
	})
	return notes, err
}

// repaired returns r when it is valid, else a repaired copy, leaving r as
// it is: the writers' way of never writing invalid MARC whatever their
// callers hand them, at no cost for the valid records that are the rule.
func repaired(r *Record) (*Record, error) {
	if valid(r) {
		return r, nil
	}
	c := r.Clone()
	if err := repair(c, func(string, ...any) {}); err != nil {
		id := ""
		if v := r.Control("001"); v != "" {
			id = " (001 " + v + ")"
		}
		return nil, fmt.Errorf("marc: record%s %w: %v", id, ErrInvalid, err)
	}
	return c, nil
}

// Clone returns a deep copy of r.
func (r *Record) Clone() *Record {
	c := &Record{Leader: r.Leader, Fields: make([]Field, len(r.Fields))}
	n := 0
	for _, f := range r.Fields {
		n += len(f.Subfields)
	}
	subs := make([]Subfield, 0, n) // one allocation for all subfields
	for i, f := range r.Fields {
		if f.Subfields != nil {
			start := len(subs)
			subs = append(subs, f.Subfields...)
			f.Subfields = subs[start:len(subs):len(subs)]
		}
		c.Fields[i] = f
	}
	return c
}

func repair(r *Record, note func(format string, args ...any)) error {
	if r.Leader == (Leader{}) {
		r.Leader = defaultLeader // a record built in code without one
	}
	fixLeader(r, note)
	for i := range r.Fields {
		f := &r.Fields[i]
		if t := padTag(f.Tag); t != f.Tag {
			note("tag %q read as %q", f.Tag, t)
			f.Tag = t
		}
		if !validTag(f.Tag) {
			return fmt.Errorf("field %d has tag %q, which is not a MARC tag", i+1, f.Tag)
		}
	}
	controlFirst(r, note)
	kept := r.Fields[:0]
	for _, f := range r.Fields {
		if repairField(&f, note) {
			kept = append(kept, f)
		}
	}
	r.Fields = kept
	if len(r.Fields) == 0 {
		return fmt.Errorf("no fields")
	}
	return nil
}

// padTag left-pads a tag of one or two digits with zeros. Tags are numbers
// to many systems, and those that store them as integers lose the leading
// zeros: pymarc's bad_tag.xml, a Project Gutenberg record, has tag "42"
// with $a "dc", which is field 042 (authentication code) and its code for
// Dublin Core. Padding keeps the digits where they were; any other reading
// ("245" for "45") would have to invent a digit.
func padTag(tag string) string {
	if len(tag) == 0 || len(tag) > 2 || strings.Trim(tag, "0123456789") != "" {
		return tag
	}
	return strings.Repeat("0", 3-len(tag)) + tag
}

// validTag reports whether tag is a tag the MARC21slim schema accepts:
// three digits or letters of one case, not 000; 00X is a control field.
func validTag(tag string) bool {
	if len(tag) != 3 || tag == "000" {
		return false
	}
	upper, lower := false, false
	for i := 0; i < 3; i++ {
		c := tag[i]
		switch {
		case c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			upper = true
		case c >= 'a' && c <= 'z':
			lower = true
		default:
			return false
		}
	}
	// Control tags may mix cases ("00a", "00A"); data field tags are one
	// case throughout, apart from the leading 0 of "0XX".
	return isControlTag(tag) || !(upper && lower)
}

// validIndicator is an indicator the schema accepts: a digit, a lower-case
// letter or blank. A '#', '^', '_' or '-' is how documentation and some
// systems write a blank; anything else is damage, and blank ("undefined")
// is the only value that claims nothing.
func validIndicator(c byte) bool {
	return c == ' ' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z'
}

// validCode is a subfield code the schema accepts: a digit, a letter, or
// one of its symbols. MARC 21 itself uses only lower-case letters and digits.
func validCode(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' ||
		strings.IndexByte("!\"#$%&'()*+,-./:;<=>?{}_^`~[]\\", c) >= 0
}

// controlFirst moves control fields before the data fields, in their own
// order, as MARC 21 and the schema require; data fields keep theirs, which
// can carry meaning.
func controlFirst(r *Record, note func(format string, args ...any)) {
	if controlOrdered(r) {
		return
	}
	fields := make([]Field, 0, len(r.Fields))
	for _, f := range r.Fields {
		if f.IsControl() {
			fields = append(fields, f)
		}
	}
	for _, f := range r.Fields {
		if !f.IsControl() {
			fields = append(fields, f)
		}
	}
	r.Fields = fields
	note("control fields moved before the data fields")
}

func controlOrdered(r *Record) bool {
	data := false
	for _, f := range r.Fields {
		if !f.IsControl() {
			data = true
		} else if data {
			return false
		}
	}
	return true
}

// repairField repairs a field's indicators, subfield codes and text, and
// reports whether anything is left of it.
func repairField(f *Field, note func(format string, args ...any)) bool {
	if f.IsControl() {
		if f.Value = cleanText(f.Value); f.Value != "" || len(f.Subfields) == 0 {
			f.Ind1, f.Ind2, f.Subfields = 0, 0, nil
			return true
		}
		note("control field %s with subfields and no value dropped", f.Tag)
		return false
	}
	f.Value = ""
	for _, ind := range []*byte{&f.Ind1, &f.Ind2} {
		if *ind == 0 {
			*ind = ' '
		}
		if !validIndicator(*ind) {
			note("field %s: indicator %q set to blank", f.Tag, *ind)
			*ind = ' '
		}
	}
	kept := f.Subfields[:0]
	for _, sf := range f.Subfields {
		if sf.Code >= 'A' && sf.Code <= 'Z' {
			// MARC 21 codes are lower-case letters and digits; an
			// upper-case code is a keying error for the lower-case one.
			note("field %s: subfield code %c read as %c", f.Tag, sf.Code, sf.Code+'a'-'A')
			sf.Code += 'a' - 'A'
		}
		if !validCode(sf.Code) {
			// Kept rather than lost, under a code that shows the damage
			// in the MARC view and that XML can carry.
			note("field %s: subfield code %q read as '?'", f.Tag, sf.Code)
			sf.Code = '?'
		}
		if c := cleanText(sf.Value); c != sf.Value {
			note("field %s: control characters or invalid UTF-8 in $%c removed", f.Tag, sf.Code)
			sf.Value = c
		}
		if strings.TrimSpace(sf.Value) == "" {
			note("field %s: empty subfield $%c dropped", f.Tag, sf.Code)
			continue
		}
		kept = append(kept, sf)
	}
	f.Subfields = kept
	if len(kept) == 0 {
		note("field %s without subfields dropped", f.Tag)
		return false
	}
	return true
}

// cleanText makes s valid UTF-8 without control characters: ISO 2709 uses
// three of them as delimiters, XML 1.0 cannot carry them, and MARC text has
// no use for them. Tabs and line breaks become spaces.
func cleanText(s string) string {
	if cleanTextOK(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(c rune) rune {
		switch {
		case c == '\t' || c == '\n' || c == '\r':
			return ' '
		case c < 0x20 || c == 0x7f || c == 0xfffe || c == 0xffff:
			return -1
		}
		return c
	}, s)
}

func cleanTextOK(s string) bool {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f {
			return false
		}
		if c >= 0x80 {
			ascii = false
		}
	}
	return ascii || utf8.ValidString(s) && !strings.ContainsAny(s, "\ufffe\uffff")
}

// valid reports whether r needs no repair, without changing it.
func valid(r *Record) bool {
	if !leaderValid(r.Leader) || !controlOrdered(r) || len(r.Fields) == 0 {
		return false
	}
	for _, f := range r.Fields {
		if !validTag(f.Tag) || !cleanTextOK(f.Value) {
			return false
		}
		if f.IsControl() {
			if len(f.Subfields) > 0 {
				return false
			}
			continue
		}
		if !validIndicator(f.Ind1) || !validIndicator(f.Ind2) || len(f.Subfields) == 0 || f.Value != "" {
			return false
		}
		for _, sf := range f.Subfields {
			if !validCode(sf.Code) || sf.Code >= 'A' && sf.Code <= 'Z' || !cleanTextOK(sf.Value) || strings.TrimSpace(sf.Value) == "" {
				return false
			}
		}
	}
	return true
}
