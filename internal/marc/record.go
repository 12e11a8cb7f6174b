package marc

import "strings"

// Record is one MARC 21 record: a leader and its fields in the order they
// appear in the source, which cataloguers expect to see preserved.
type Record struct {
	Leader Leader
	Fields []Field
}

// Leader is the 24-byte leader of a record. Positions are those of the
// MARC 21 documentation: Leader[6] is the type of record, Leader[9] the
// character coding scheme.
type Leader [24]byte

// String returns the leader as text.
func (l Leader) String() string { return string(l[:]) }

// defaultLeader is the leader of a new record: a UTF-8 book, with the
// constant parts (indicator count, subfield code length, entry map) set.
var defaultLeader = Leader([]byte("00000nam a2200000 i 4500"))

// Field is a control field (tag 001–009: Value only) or a data field
// (indicators and subfields).
type Field struct {
	Tag        string
	Value      string // control fields only
	Ind1, Ind2 byte
	Subfields  []Subfield
}

// Subfield is one subfield of a data field.
type Subfield struct {
	Code  byte
	Value string
}

// IsControl reports whether f is a control field. Tags 00X are control
// fields in MARC 21; everything else has indicators and subfields.
func (f Field) IsControl() bool { return isControlTag(f.Tag) }

func isControlTag(tag string) bool { return len(tag) == 3 && tag[0] == '0' && tag[1] == '0' }

// Subfield returns the value of the first subfield with code c, or "".
func (f Field) Subfield(c byte) string {
	for _, s := range f.Subfields {
		if s.Code == c {
			return s.Value
		}
	}
	return ""
}

// SubfieldValues returns the values of all subfields with one of the codes,
// in field order.
func (f Field) SubfieldValues(codes string) []string {
	var vs []string
	for _, s := range f.Subfields {
		if strings.IndexByte(codes, s.Code) >= 0 {
			vs = append(vs, s.Value)
		}
	}
	return vs
}

// Text returns the field as a line of text, for logs and the record page's
// MARC view: "245 10 $aTitle /$cAuthor." or "001 12345".
func (f Field) Text() string {
	if f.IsControl() {
		return f.Tag + " " + f.Value
	}
	var b strings.Builder
	b.WriteString(f.Tag)
	b.WriteByte(' ')
	b.WriteByte(indText(f.Ind1))
	b.WriteByte(indText(f.Ind2))
	b.WriteByte(' ')
	for _, s := range f.Subfields {
		b.WriteByte('$')
		b.WriteByte(s.Code)
		b.WriteString(s.Value)
	}
	return b.String()
}

func indText(c byte) byte {
	if c == ' ' || c == 0 {
		return '_'
	}
	return c
}

// Field returns the first field with the tag, and whether there is one.
func (r *Record) Field(tag string) (Field, bool) {
	for _, f := range r.Fields {
		if f.Tag == tag {
			return f, true
		}
	}
	return Field{}, false
}

// FieldsOf returns all fields with one of the tags, in record order.
func (r *Record) FieldsOf(tags ...string) []Field {
	var fs []Field
	for _, f := range r.Fields {
		for _, t := range tags {
			if f.Tag == t {
				fs = append(fs, f)
				break
			}
		}
	}
	return fs
}

// Control returns the value of the first control field with the tag, or "".
func (r *Record) Control(tag string) string {
	f, _ := r.Field(tag)
	return f.Value
}

// control001 returns the 001 of r, or "" when r is nil or has none, to
// name a record in messages.
func (r *Record) control001() string {
	if r == nil {
		return ""
	}
	return r.Control("001")
}

// Subfield returns the first non-empty value of subfield code in the
// fields with the tag, or "": the common case of "245 $a".
func (r *Record) Subfield(tag string, code byte) string {
	for _, f := range r.Fields {
		if f.Tag == tag {
			if v := f.Subfield(code); v != "" {
				return v
			}
		}
	}
	return ""
}

// AddControl appends a control field.
func (r *Record) AddControl(tag, value string) {
	r.Fields = append(r.Fields, Field{Tag: tag, Value: value})
}

// AddData appends a data field with the indicators and subfields given as
// code, value pairs; empty values are left out so callers need not check.
func (r *Record) AddData(tag string, ind1, ind2 byte, pairs ...string) {
	f := Field{Tag: tag, Ind1: ind1, Ind2: ind2}
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] != "" && pairs[i] != "" {
			f.Subfields = append(f.Subfields, Subfield{Code: pairs[i][0], Value: pairs[i+1]})
		}
	}
	if len(f.Subfields) > 0 {
		r.Fields = append(r.Fields, f)
	}
}

// String returns the record as text, one field a line, leader first.
func (r *Record) String() string {
	var b strings.Builder
	b.WriteString("LDR ")
	b.WriteString(r.Leader.String())
	for _, f := range r.Fields {
		b.WriteByte('\n')
		b.WriteString(f.Text())
	}
	return b.String()
}
