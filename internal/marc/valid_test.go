package marc

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/testenv"
)

func marcSchema(t *testing.T) string { return testenv.Shared(t, "xml-schemas", "MARC21slim.xsd") }

// validateXML writes recs as one MARCXML collection and validates it
// against the MARC21slim schema.
func validateXML(t *testing.T, recs ...*Record) {
	t.Helper()
	var b bytes.Buffer
	w := NewXMLWriter(&b)
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	testenv.ValidateXML(t, marcSchema(t), b.Bytes())
}

// malformed returns sample("x") damaged as real files are: a leader with
// '^' and '-' in coded positions, indicators '^', '-', '#' and 'B', a
// control field after the data fields, and a two-digit tag.
func malformed() *Record {
	r := sample("x")
	copy(r.Leader[5:9], "^-^^")
	r.Leader[17], r.Leader[18], r.Leader[19] = '-', '^', '#'
	r.Fields[1].Ind1, r.Fields[1].Ind2 = '^', '-'
	r.Fields[2].Ind1, r.Fields[2].Ind2 = '#', 'B'
	r.AddControl("008", "860101s1986    fi            000 1 fin d")
	r.AddData("45", ' ', ' ', "a", "d7d8")
	return r
}

// TestRepair repairs what has one reading and says what it did.
func TestRepair(t *testing.T) {
	r := malformed()
	notes, err := Repair(r)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Leader.String(), "00000nam a2200000uu 4500"; got != want {
		t.Errorf("leader %q, want %q", got, want)
	}
	var tags []string
	for _, f := range r.Fields {
		tags = append(tags, f.Tag+" "+string(indText(f.Ind1))+string(indText(f.Ind2)))
	}
	want := []string{"001 __", "008 __", "245 __", "650 __", "045 __"}
	if diff := cmp.Diff(want, tags); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	joined := strings.Join(notes, "\n")
	for _, n := range []string{`leader/05 '^' set to 'n'`, `field 245: indicator '^' set to blank`, `tag "45" read as "045"`, "control fields moved before the data fields"} {
		if !strings.Contains(joined, n) {
			t.Errorf("no note %q in:\n%s", n, joined)
		}
	}
	if again, err := Repair(r); err != nil || len(again) > 0 {
		t.Errorf("repairing a repaired record: %q, %v; want nothing to do", again, err)
	}
	validateXML(t, r)
}

// TestRepairRefuses refuses what cannot be repaired without a guess.
func TestRepairRefuses(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		damage     func(r *Record)
	}{
		{"tag with a hyphen", `tag "30-"`, func(r *Record) { r.AddData("30-", ' ', ' ', "a", "1 v.") }},
		{"tag with a blank", `tag "0 2"`, func(r *Record) { r.Fields[1].Tag = "0 2" }},
		{"tag 000", `tag "000"`, func(r *Record) { r.Fields[1].Tag = "000" }},
		{"tag of mixed case", `tag "aB1"`, func(r *Record) { r.Fields[1].Tag = "aB1" }},
		{"nothing left", "no fields", func(r *Record) { r.Fields = []Field{{Tag: "245", Subfields: []Subfield{{'a', " "}}}} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := sample("x")
			tc.damage(r)
			if _, err := Repair(r); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Repair: %v, want an error naming %s", err, tc.want)
			}
			if _, err := Marshal(r); err == nil {
				t.Error("Marshal wrote it")
			}
			var b bytes.Buffer
			if err := NewXMLWriter(&b).Write(r); err == nil || b.Len() > 0 {
				t.Errorf("XMLWriter wrote %d bytes, error %v; want nothing written and an error", b.Len(), err)
			}
		})
	}
}

// TestWritersNeverWriteInvalid hands the writers records as bad data in a
// database can make them: what they write is valid, and the record handed
// to them is left as it was.
func TestWritersNeverWriteInvalid(t *testing.T) {
	r := malformed()
	r.Fields[1].Subfields = append(r.Fields[1].Subfields, Subfield{'@', "mark"}, Subfield{'b', "tab\there\x1fand\x1ethere"})
	before := r.Clone()
	b, err := Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, r); diff != "" {
		t.Errorf("Marshal changed its argument (-before +after):\n%s", diff)
	}
	rd := NewReader(bytes.NewReader(b))
	got, err := rd.Next()
	if err != nil {
		t.Fatal(err)
	}
	if len(rd.Repairs()) > 0 {
		t.Errorf("what Marshal wrote needed repairs: %q", rd.Repairs())
	}
	if v := got.Fields[2].Subfield('b'); v != "tab hereandthere" {
		t.Errorf("245 $b %q, want control characters gone", v)
	}
	validateXML(t, r, got)
	var x bytes.Buffer
	if err := WriteXMLRecord(&x, r); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(x.Bytes(), []byte(`ind1="^"`)) || bytes.Contains(x.Bytes(), []byte(`tag="45"`)) {
		t.Errorf("WriteXMLRecord wrote the damage:\n%s", x.Bytes())
	}
}

// TestReaderRepairsMalformed reads the malformed record from ISO 2709 and
// from MARCXML: both readers repair it and say so.
func TestReaderRepairsMalformed(t *testing.T) {
	r := malformed()
	r.Fields[len(r.Fields)-1].Tag = "045" // ISO 2709 tags are three bytes
	iso, err := encode(r)
	if err != nil {
		t.Fatal(err)
	}
	var x bytes.Buffer
	x.WriteString(`<collection xmlns="http://www.loc.gov/MARC21/slim"><record><leader>00000^-^^a2200000-^#4500</leader>` +
		`<controlfield tag="001">id-x</controlfield>` +
		`<datafield tag="245" ind1="^" ind2="-"><subfield code="a">x</subfield><subfield code="c">Kirjoittaja.</subfield></datafield>` +
		`<datafield tag="650" ind1="#" ind2="B"><subfield code="a">aihe</subfield></datafield>` +
		`<controlfield tag="008">860101s1986    fi            000 1 fin d</controlfield>` +
		`<datafield tag="45" ind1=" " ind2=" "><subfield code="a">d7d8</subfield></datafield></record></collection>`)
	for name, rr := range map[string]interface {
		Next() (*Record, error)
		Repairs() []string
	}{"iso2709": NewReader(bytes.NewReader(iso)), "marcxml": NewXMLReader(&x)} {
		t.Run(name, func(t *testing.T) {
			got, err := rr.Next()
			if err != nil {
				t.Fatal(err)
			}
			if len(rr.Repairs()) < 5 {
				t.Errorf("repairs %q, want leader, indicators and order noted", rr.Repairs())
			}
			if !valid(got) {
				t.Errorf("the reader returned an invalid record:\n%s", got)
			}
			if f, _ := got.Field("045"); f.Subfield('a') != "d7d8" {
				t.Errorf("045 not read:\n%s", got)
			}
			validateXML(t, got)
		})
	}
}

// TestReaderRefusesBadTag reports a record with a tag nobody can read and
// reads the next one.
func TestReaderRefusesBadTag(t *testing.T) {
	bad := sample("x")
	bad.AddData("30-", ' ', ' ', "a", "1 v.")
	b, err := encode(bad)
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, mustMarshal(t, sample("y"))...)
	r := NewReader(bytes.NewReader(b))
	_, err = r.Next()
	var re *RecordError
	if !errors.As(err, &re) || re.N != 1 || re.ID != "id-x" || !strings.Contains(re.Reason, `"30-"`) {
		t.Fatalf("got %v, want record 1 (001 id-x) refused for its tag 30-", err)
	}
	if !strings.Contains(re.Error(), "001 id-x") {
		t.Errorf("message %q does not name the 001", re.Error())
	}
	if got, err := r.Next(); err != nil || got.Control("001") != "id-y" {
		t.Errorf("next record: %v, %v", got, err)
	}
}

// TestXMLReaderSkipsBrokenRecord: a record that is not well-formed XML, or
// that never ends, is reported with its number and line, and the records
// around it are read.
func TestXMLReaderSkipsBrokenRecord(t *testing.T) {
	rec := func(id, body string) string {
		return "<marc:record>\n<marc:leader>00000nam a2200000 i 4500</marc:leader>\n" +
			`<marc:controlfield tag="001">` + id + "</marc:controlfield>\n" + body + "</marc:record>\n"
	}
	title := `<marc:datafield tag="245" ind1="1" ind2="0"><marc:subfield code="a">Title</marc:subfield></marc:datafield>` + "\n"
	for _, tc := range []struct{ name, broken string }{
		{"mismatched tags", rec("bad", `<marc:datafield tag="245" ind1="1" ind2="0"><marc:subfield code="a">a < b</marc:subfield></marc:datafield>`+"\n")},
		{"no end tag", "<marc:record>\n<marc:leader>00000nam a2200000 i 4500</marc:leader>\n" + title},
		{"bad tag", rec("bad", `<marc:datafield tag="2^5" ind1="1" ind2="0"><marc:subfield code="a">T</marc:subfield></marc:datafield>`+"\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
				`<marc:collection xmlns:marc="http://www.loc.gov/MARC21/slim">` + "\n" +
				rec("one", title) + tc.broken + rec("three", title) + "</marc:collection>\n"
			r := NewXMLReader(strings.NewReader(doc))
			var ids []string
			var errs []*RecordError
			for {
				got, err := r.Next()
				if err == io.EOF {
					break
				}
				var re *RecordError
				if errors.As(err, &re) {
					errs = append(errs, re)
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, got.Control("001"))
			}
			if diff := cmp.Diff([]string{"one", "three"}, ids); diff != "" {
				t.Errorf("records read (-want +got):\n%s", diff)
			}
			if len(errs) != 1 || errs[0].N != 2 || errs[0].Line != 8 {
				t.Errorf("errors %v, want record 2 at line 8", errs)
			}
		})
	}
}

// TestXMLReaderControlCharacters removes control characters, which XML
// cannot carry, from a record instead of losing it.
func TestXMLReaderControlCharacters(t *testing.T) {
	doc := "<record><leader>00000nam a2200000 i 4500</leader><controlfield tag=\"001\">1</controlfield>" +
		"<datafield tag=\"245\" ind1=\"0\" ind2=\"0\"><subfield code=\"a\">Bell\x07 title</subfield></datafield></record>"
	r := NewXMLReader(strings.NewReader(doc))
	got, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if v := got.Subfield("245", 'a'); v != "Bell title" || len(r.Repairs()) == 0 {
		t.Errorf("245 $a %q, repairs %q", v, r.Repairs())
	}
}

// TestXMLReaderTwoDigitTag reads pymarc's bad_tag.xml, whose tag "42" is
// field 042 stored as a number, as 042.
func TestXMLReaderTwoDigitTag(t *testing.T) {
	res := readAll(t, shared(t, "pymarc/bad_tag.xml"))
	if len(res.recs) != 1 {
		t.Fatalf("read %d records, want 1", len(res.recs))
	}
	if v := res.recs[0].Subfield("042", 'a'); v != "dc" {
		t.Errorf("042 $a %q, want dc:\n%s", v, res.recs[0])
	}
	validateXML(t, res.recs...)
}

// TestXMLReaderOAIHarvest reads the MARC records of a saved OAI-PMH
// response, whose own record elements wrap them.
func TestXMLReaderOAIHarvest(t *testing.T) {
	rec := func(id string) string {
		return `<record><header><identifier>oai:x:` + id + `</identifier></header><metadata>` +
			`<marc:record xmlns:marc="http://www.loc.gov/MARC21/slim"><marc:leader>00000nam a2200000 i 4500</marc:leader>` +
			`<marc:controlfield tag="001">` + id + `</marc:controlfield>` +
			`<marc:datafield tag="245" ind1="1" ind2="0"><marc:subfield code="a">T</marc:subfield></marc:datafield>` +
			`</marc:record></metadata></record>` + "\n"
	}
	doc := `<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>` + "\n" + rec("1") + rec("2") + `</ListRecords></OAI-PMH>`
	r := NewXMLReader(strings.NewReader(doc))
	var ids []string
	for {
		got, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, got.Control("001"))
	}
	if diff := cmp.Diff([]string{"1", "2"}, ids); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
}

// TestOfNeverHandsOutInvalid: MARC stored before the readers repaired what
// they read, as a database may hold it, comes out of Of valid; a stored
// record beyond repair gives way to one built from the catalogue data.
func TestOfNeverHandsOutInvalid(t *testing.T) {
	repairable := malformed()
	repairable.Fields[len(repairable.Fields)-1].Tag = "045"
	beyond := sample("y")
	beyond.AddData("30-", ' ', ' ', "a", "1 v.")
	var recs []*Record
	for _, src := range []*Record{repairable, beyond} {
		data, err := encode(src)
		if err != nil {
			t.Fatal(err)
		}
		m := Of(library.Record{ID: 9, SourceID: "S 9", Title: "Luettelon nimeke", Material: library.Book, MARC: data}, nil)
		if !valid(m) {
			t.Errorf("Of gave an invalid record:\n%s", m)
		}
		recs = append(recs, m)
	}
	if got := recs[0].Control("001"); got != "id-x" {
		t.Errorf("repairable stored record: 001 %q, want the stored record's id-x", got)
	}
	if got := recs[1].Subfield("245", 'a'); got != "Luettelon nimeke" {
		t.Errorf("stored record beyond repair: 245 $a %q, want the catalogue's title", got)
	}
	validateXML(t, recs...)
}
