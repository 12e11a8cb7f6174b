package marc

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sample returns a small valid record.
func sample(title string) *Record {
	r := &Record{Leader: defaultLeader}
	r.AddControl("001", "id-"+title)
	r.AddData("245", '1', '0', "a", title, "c", "Kirjoittaja.")
	r.AddData("650", ' ', '4', "a", "aihe")
	return r
}

func mustMarshal(t testing.TB, r *Record) []byte {
	t.Helper()
	b, err := Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReaderRepairsAndResyncs damages one record of three in different
// ways: the reader must repair what it can, report the rest with the
// record's number, and always read the records after it.
func TestReaderRepairsAndResyncs(t *testing.T) {
	good := mustMarshal(t, sample("Ensimmäinen"))
	last := mustMarshal(t, sample("Viimeinen"))
	tests := []struct {
		name     string
		damage   func(b []byte) []byte
		wantErr  bool // the middle record is reported, not read
		wantNote string
	}{
		{"intact", func(b []byte) []byte { return b }, false, ""},
		{"wrong record length", func(b []byte) []byte { copy(b, "99999"); return b }, false, "record length"},
		{"wrong base address", func(b []byte) []byte { copy(b[12:], "00000"); return b }, false, "base address"},
		{"leader junk", func(b []byte) []byte { copy(b[20:], "xx\x01\x02"); return b }, false, "leader/20"},
		{"field length off", func(b []byte) []byte { b[24+12+3+3]++; return b }, false, "directory"},
		{"unordered directory", func(b []byte) []byte {
			e := append([]byte(nil), b[24:36]...)
			copy(b[24:36], b[36:48])
			copy(b[36:48], e)
			return b
		}, false, ""},
		{"leading newline", func(b []byte) []byte { return append([]byte("\r\n"), b...) }, false, ""},
		{"no directory terminator", func(b []byte) []byte { return bytes.ReplaceAll(b, []byte{fieldTerminator}, []byte{'x'}) }, true, ""},
		{"too short", func(b []byte) []byte { return []byte("00010\x1d") }, true, ""},
		{"directory and terminators disagree", func(b []byte) []byte {
			copy(b[24+3:], "abcdefghi") // first entry unreadable
			base := bytes.IndexByte(b, fieldTerminator) + 1
			b[base+bytes.IndexByte(b[base:], fieldTerminator)] = 'x' // two fields run together
			return b
		}, true, ""},
		{"invalid UTF-8", func(b []byte) []byte { return bytes.Replace(b, []byte("aihe"), []byte("aih\xe4"), 1) }, false, "Windows-1252"},
		{"bad subfield code", func(b []byte) []byte { return bytes.Replace(b, []byte("\x1faaihe"), []byte("\x1f\x01aihe"), 1) }, false, "subfield code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mid := tt.damage(mustMarshal(t, sample("Keskimmäinen")))
			in := bytes.Join([][]byte{good, mid, last}, nil)
			r := NewReader(bytes.NewReader(in))
			var titles []string
			var notes []string
			var errs []*RecordError
			for {
				rec, err := r.Next()
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
				titles = append(titles, rec.Subfield("245", 'a'))
				notes = append(notes, r.Repairs()...)
			}
			want := []string{"Ensimmäinen", "Keskimmäinen", "Viimeinen"}
			if tt.wantErr {
				want = []string{"Ensimmäinen", "Viimeinen"}
				if len(errs) != 1 || errs[0].N != 2 || errs[0].Offset != int64(len(good)) || errs[0].Reason == "" {
					t.Errorf("errors %v, want one for record 2 at byte %d", errs, len(good))
				}
			} else if len(errs) > 0 {
				t.Errorf("unexpected errors %v", errs)
			}
			if diff := cmp.Diff(want, titles); diff != "" {
				t.Errorf("titles (-want +got):\n%s", diff)
			}
			if tt.wantNote != "" && !strings.Contains(strings.Join(notes, "\n"), tt.wantNote) {
				t.Errorf("repairs %q do not mention %q", notes, tt.wantNote)
			}
		})
	}
}

func TestReaderTruncated(t *testing.T) {
	b := mustMarshal(t, sample("Katkaistu"))
	r := NewReader(bytes.NewReader(b[:len(b)-10]))
	_, err := r.Next()
	var re *RecordError
	if !errors.As(err, &re) || re.N != 1 {
		t.Fatalf("got %v, want a RecordError for record 1", err)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("after the error got %v, want io.EOF", err)
	}
}

func TestReaderMARC8(t *testing.T) {
	rec := sample("x")
	rec.Leader[9] = ' '
	rec.Fields[1].Subfields[0].Value = "\xe2ecole \x1b(SABD\x1b(B" // MARC-8: combining acute before e; Greek
	b, err := encode(rec)                                          // Marshal would make the text valid UTF-8
	if err != nil {
		t.Fatal(err)
	}
	b[9] = ' ' // encode always says UTF-8; this is a MARC-8 record
	got, err := NewReader(bytes.NewReader(b)).Next()
	if err != nil {
		t.Fatal(err)
	}
	if v := got.Subfield("245", 'a'); v != "école ΑΒΓ" {
		t.Errorf("got %q, want %q", v, "école ΑΒΓ")
	}
	if got.Leader[9] != 'a' {
		t.Errorf("leader/09 %q, want 'a'", got.Leader[9])
	}
}

func TestXMLRoundTrip(t *testing.T) {
	recs := []*Record{sample("Yksi & <kaksi>"), sample("Kolme \"neljä\"")}
	var buf bytes.Buffer
	w := NewXMLWriter(&buf)
	for _, r := range recs {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	xr := NewXMLReader(&buf)
	var got []*Record
	for {
		r, err := xr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	if diff := cmp.Diff(recs, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestXMLReaderForms(t *testing.T) {
	tests := []struct{ name, in, title string }{
		{"single record without namespace", `<record><leader>00000nam a2200000 i 4500</leader><controlfield tag="001">1</controlfield><datafield tag="245" ind1="0" ind2="0"><subfield code="a">T</subfield></datafield></record>`, "T"},
		{"prefixed namespace", `<marc:collection xmlns:marc="http://www.loc.gov/MARC21/slim"><marc:record><marc:leader>00000nam a2200000 i 4500</marc:leader><marc:controlfield tag="001">1</marc:controlfield><marc:datafield tag="245" ind1="0" ind2="0"><marc:subfield code="a">T</marc:subfield></marc:datafield></marc:record></marc:collection>`, "T"},
		{"latin-1 declared", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><record><leader>00000nam a2200000 i 4500</leader><controlfield tag=\"001\">1</controlfield><datafield tag=\"245\" ind1=\"0\" ind2=\"0\"><subfield code=\"a\">T\xe4</subfield></datafield></record>", "Tä"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := &Record{Leader: defaultLeader}
			want.AddControl("001", "1")
			want.AddData("245", '0', '0', "a", tt.title)
			got, err := NewXMLReader(strings.NewReader(tt.in)).Next()
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestReaderSkipsHugeRecord(t *testing.T) {
	huge := append(bytes.Repeat([]byte("0"), MaxRecordSize+1), recordTerminator)
	in := append(huge, mustMarshal(t, sample("Jälkeen"))...)
	r := NewReader(bytes.NewReader(in))
	_, err := r.Next()
	var re *RecordError
	if !errors.As(err, &re) || re.N != 1 {
		t.Fatalf("got %v, want a RecordError for record 1", err)
	}
	rec, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.Subfield("245", 'a'); got != "Jälkeen" {
		t.Errorf("next record's title %q, want %q", got, "Jälkeen")
	}
}
