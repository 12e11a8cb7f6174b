package marc

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The MARC editor hands over a leader and a list of fields as text. Where
// the readers repair what they are given (a file from elsewhere must load),
// FromEdited repairs nothing: a cataloguer typing a record wants to hear
// what is wrong and where, so every problem is reported with the field,
// subfield and position it is at, and the record is built only when there
// are none. What FromEdited accepts, Marshal writes as it is, so that a
// record saved from the editor is exported field for field as it was typed.

// Edited returns r as the MARC editor shows it: the leader as text and the
// fields in record order, indicators as one character each (a blank is
// " ").
func Edited(r *Record) (string, []library.MARCField) {
	fields := make([]library.MARCField, len(r.Fields))
	for i, f := range r.Fields {
		if f.IsControl() {
			fields[i] = library.MARCField{Tag: f.Tag, Value: f.Value}
			continue
		}
		mf := library.MARCField{Tag: f.Tag, Ind1: string(indOrBlank(f.Ind1)), Ind2: string(indOrBlank(f.Ind2))}
		for _, sf := range f.Subfields {
			mf.Subfields = append(mf.Subfields, library.MARCSubfield{Code: string(sf.Code), Value: sf.Value})
		}
		fields[i] = mf
	}
	return r.Leader.String(), fields
}

func indOrBlank(c byte) byte {
	if c == 0 {
		return ' '
	}
	return c
}

// leaderComputed are the leader positions a writer computes (record
// length, base address, the coding scheme, the counts and the entry map):
// the editor shows them but what it sends there does not matter.
var leaderComputed = []int{0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 14, 15, 16, 20, 21, 22, 23}

// notRepeatable are the MARC 21 bibliographic fields that may occur once.
var notRepeatable = []string{"001", "003", "005", "008", "010", "018", "036", "038", "040", "042", "043",
	"044", "045", "066", "100", "110", "111", "130", "240", "243", "245", "254", "256", "263", "306", "357",
	"384", "507", "514", "841", "842", "844"}

// FromEdited builds a bibliographic record from the MARC editor's leader
// and fields, or returns every problem found. The checks: the leader has
// 24 characters and MARC 21's values at the positions a cataloguer sets
// (05–08, 17–19); tags are three digits or letters of one case (not
// 000); control fields (00X) have a value and neither indicators nor
// subfields, and come before the data fields; data fields have two
// indicators of one character each (a digit, a lower-case letter or blank:
// "", " ", "#" and "_" are read as blank) and at least one subfield; subfield
// codes are one lower-case letter or digit, values not empty and free of
// control characters; there is a 245, at most one main entry (1XX), and no
// second occurrence of a field that is not repeatable; the 008 has its 40
// characters.
func FromEdited(leader string, fields []library.MARCField) (*Record, []library.Problem) {
	var ps []library.Problem
	add := func(field string, index, sub, pos int, key, format string, args ...any) {
		ps = append(ps, library.Problem{Field: field, Index: index, Subfield: sub, Position: pos, Key: key,
			Message: fmt.Sprintf(format, args...)})
	}
	r := &Record{Leader: defaultLeader}
	if len(leader) != 24 {
		add("leader", -1, -1, -1, "catalogue.problem.leader_length", "the leader has %d characters, not 24", len(leader))
	} else {
		copy(r.Leader[:], leader)
		for _, i := range leaderComputed {
			r.Leader[i] = defaultLeader[i]
		}
		if !isBibliographic(r.Leader) {
			add("leader", -1, -1, 6, "catalogue.problem.leader_position", "leader/06 %q is not a type of bibliographic record", leader[6])
		}
		for i, rule := range leaderRules {
			if i != 6 && !slices.Contains(leaderComputed, i) && !rule.allows(r.Leader[i], true) {
				add("leader", -1, -1, i, "catalogue.problem.leader_position", "leader/%02d %q is not a MARC 21 value", i, leader[i])
			}
		}
	}

	seen := map[string]int{}
	mainEntry := -1
	data := false
	for i, mf := range fields {
		tag := strings.TrimSpace(mf.Tag)
		if !validTag(tag) {
			add("fields", i, -1, -1, "catalogue.problem.tag_invalid", "field %d: tag %q is not three digits or letters", i+1, mf.Tag)
			continue
		}
		f := Field{Tag: tag}
		if f.IsControl() {
			if data {
				add("fields", i, -1, -1, "catalogue.problem.control_field_order", "field %d: control field %s after a data field", i+1, tag)
			}
			if strings.TrimSpace(mf.Ind1) != "" || strings.TrimSpace(mf.Ind2) != "" {
				add("fields", i, -1, -1, "catalogue.problem.control_field_indicators", "field %d: control field %s has indicators", i+1, tag)
			}
			if len(mf.Subfields) > 0 {
				add("fields", i, -1, -1, "catalogue.problem.control_field_subfields", "field %d: control field %s has subfields", i+1, tag)
			}
			switch {
			case mf.Value == "":
				add("fields", i, -1, -1, "catalogue.problem.control_field_empty", "field %d: control field %s is empty", i+1, tag)
			case !cleanTextOK(mf.Value):
				add("fields", i, -1, -1, "catalogue.problem.text_invalid", "field %d: control characters in %s", i+1, tag)
			case tag == "008" && isBibliographic(r.Leader) && len(mf.Value) != 40:
				add("fields", i, -1, len(mf.Value), "catalogue.problem.f008_length", "field %d: the 008 has %d characters, not 40", i+1, len(mf.Value))
			}
			f.Value = mf.Value
		} else {
			data = true
			if mf.Value != "" {
				add("fields", i, -1, -1, "catalogue.problem.data_field_value", "field %d: data field %s has text outside subfields", i+1, tag)
			}
			for n, ind := range []string{mf.Ind1, mf.Ind2} {
				c, ok := indicator(ind)
				if !ok {
					add("fields", i, -1, n+1, "catalogue.problem.indicator_invalid", "field %d: indicator %d of %s is %q, not one digit, lower-case letter or blank", i+1, n+1, tag, ind)
				}
				if n == 0 {
					f.Ind1 = c
				} else {
					f.Ind2 = c
				}
			}
			if len(mf.Subfields) == 0 {
				add("fields", i, -1, -1, "catalogue.problem.no_subfields", "field %d: data field %s has no subfields", i+1, tag)
			}
			for j, sf := range mf.Subfields {
				if len(sf.Code) != 1 || !(sf.Code[0] >= 'a' && sf.Code[0] <= 'z' || sf.Code[0] >= '0' && sf.Code[0] <= '9') {
					add("fields", i, j, -1, "catalogue.problem.subfield_code_invalid", "field %d: subfield code %q of %s is not one lower-case letter or digit", i+1, sf.Code, tag)
					continue
				}
				switch {
				case strings.TrimSpace(sf.Value) == "":
					add("fields", i, j, -1, "catalogue.problem.subfield_empty", "field %d: subfield $%s of %s is empty", i+1, sf.Code, tag)
				case !cleanTextOK(sf.Value):
					add("fields", i, j, -1, "catalogue.problem.text_invalid", "field %d: control characters in $%s of %s", i+1, sf.Code, tag)
				}
				f.Subfields = append(f.Subfields, Subfield{Code: sf.Code[0], Value: sf.Value})
			}
		}
		if tag[0] == '1' && slices.Contains(notRepeatable, tag) {
			if mainEntry >= 0 {
				add("fields", i, -1, -1, "catalogue.problem.one_main_entry", "field %d: a second main entry (%s after %s)", i+1, tag, fields[mainEntry].Tag)
			}
			mainEntry = i
		}
		if _, ok := seen[tag]; ok && slices.Contains(notRepeatable, tag) && tag[0] != '1' {
			add("fields", i, -1, -1, "catalogue.problem.field_not_repeatable", "field %d: %s may occur only once", i+1, tag)
		}
		seen[tag]++
		r.Fields = append(r.Fields, f)
	}
	if _, ok := seen["245"]; !ok {
		add("fields", -1, -1, -1, "catalogue.problem.title_field_required", "the record has no title field 245")
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return r, nil
}

// indicator reads an indicator as the editor sends it.
func indicator(s string) (byte, bool) {
	switch s {
	case "", " ", "#", "_":
		return ' ', true
	}
	if len(s) == 1 && validIndicator(s[0]) {
		return s[0], true
	}
	return ' ', false
}

// CheckIdentity reports an edit that changes a record's control number or
// its agency (001, 003): they are how the record is known to the
// catalogue it came from and to every harvester, so they stay.
func CheckIdentity(base, edited *Record) []library.Problem {
	var ps []library.Problem
	for _, tag := range []string{"001", "003"} {
		if base.Control(tag) == edited.Control(tag) {
			continue
		}
		i := slices.IndexFunc(edited.Fields, func(f Field) bool { return f.Tag == tag })
		ps = append(ps, library.Problem{Field: "fields", Index: i, Subfield: -1, Position: -1,
			Key: "catalogue.problem.control_number_fixed", Message: tag + " cannot be changed: it was " + strconv.Quote(base.Control(tag))})
	}
	return ps
}

// SetControl sets the value of the control field with the tag, adding it
// in tag order when the record has none.
func (r *Record) SetControl(tag, value string) {
	if i := slices.IndexFunc(r.Fields, func(f Field) bool { return f.Tag == tag }); i >= 0 {
		r.Fields[i].Value = value
		return
	}
	r.insert(Field{Tag: tag, Value: value})
}

// Stamp sets the 005, the date and time of the latest transaction, to t
// in UTC, as MARC 21 writes it.
func (r *Record) Stamp(t time.Time) {
	r.SetControl("005", t.UTC().Format("20060102150405.0"))
}

// Unmarshal reads one ISO 2709 record in UTF-8, as Marshal writes it and
// the store keeps it.
func Unmarshal(b []byte) (*Record, error) {
	return NewReader(strings.NewReader(string(b))).Next()
}
