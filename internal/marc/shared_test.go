package marc

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/charmap"
)

// recordReader is what the ISO 2709 and MARCXML readers have in common.
type recordReader interface {
	Next() (*Record, error)
}

// readResult is what reading a file gave: the good records, and the
// record errors in order.
type readResult struct {
	recs []*Record
	errs []*RecordError
}

func readAll(t testing.TB, path string) readResult {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rr recordReader = NewReader(f)
	if strings.HasSuffix(path, ".xml") {
		rr = NewXMLReader(f)
	}
	var res readResult
	for {
		rec, err := rr.Next()
		if err == io.EOF {
			return res
		}
		var re *RecordError
		if errors.As(err, &re) {
			res.errs = append(res.errs, re)
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		res.recs = append(res.recs, rec)
	}
}

// TestReadAllSharedFiles reads every shared file, broken ones included:
// none may panic or stop the reader, every record error must name its
// record and reason, and every record read must be valid UTF-8 that
// survives a round trip through both writers. All of them together, as
// MARCXML, must be valid against the MARC21slim schema.
func TestReadAllSharedFiles(t *testing.T) {
	dir := shared(t, ".")
	files, err := filepath.Glob(filepath.Join(dir, "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var all []*Record
	n := 0
	for _, p := range files {
		if strings.HasSuffix(p, ".txt") {
			continue
		}
		n++
		t.Run(filepath.Base(p), func(t *testing.T) {
			res := readAll(t, p)
			for _, e := range res.errs {
				if e.N < 1 || e.Reason == "" {
					t.Errorf("record error without number or reason: %#v", e)
				}
			}
			for i, rec := range res.recs {
				if s := rec.String(); !utf8Valid(s) {
					t.Errorf("record %d is not valid UTF-8", i+1)
				}
				roundTrip(t, rec)
			}
			all = append(all, res.recs...)
		})
	}
	if n < 50 {
		t.Errorf("found only %d shared files", n)
	}
	validateXML(t, all...)
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// roundTrip checks that a record written as ISO 2709 and as MARCXML reads
// back the same.
func roundTrip(t *testing.T, rec *Record) {
	t.Helper()
	b, err := Marshal(rec)
	if err != nil {
		return // too big for ISO 2709: only the reader of such files is tested
	}
	r := NewReader(strings.NewReader(string(b)))
	got, err := r.Next()
	if err != nil {
		t.Fatalf("reading back: %v", err)
	}
	if diff := cmp.Diff(rec, got, ignoreLengths); diff != "" {
		t.Errorf("ISO 2709 round trip (-want +got):\n%s", diff)
	}
	if len(r.Repairs()) > 0 {
		t.Errorf("written record needed repairs: %v", r.Repairs())
	}
	var sb strings.Builder
	w := NewXMLWriter(&sb)
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got, err = NewXMLReader(strings.NewReader(sb.String())).Next()
	if err != nil {
		t.Fatalf("reading back XML: %v", err)
	}
	// XML cannot carry control characters; compare what it can carry.
	want := sanitised(rec)
	if diff := cmp.Diff(want, got, ignoreLengths); diff != "" {
		t.Errorf("MARCXML round trip (-want +got):\n%s", diff)
	}
}

// ignoreLengths compares leaders without the record length and base
// address, which a writer computes afresh.
var ignoreLengths = cmp.Transformer("lengths", func(l Leader) Leader {
	copy(l[0:5], "00000")
	copy(l[12:17], "00000")
	return l
})

func sanitised(rec *Record) *Record {
	c := *rec
	c.Fields = make([]Field, len(rec.Fields))
	for i, f := range rec.Fields {
		f.Value = escapeRoundTrip(f.Value)
		sfs := make([]Subfield, len(f.Subfields))
		for j, sf := range f.Subfields {
			sf.Value = escapeRoundTrip(sf.Value)
			sfs[j] = sf
		}
		if f.Subfields == nil {
			sfs = nil
		}
		f.Subfields = sfs
		c.Fields[i] = f
	}
	return &c
}

func escapeRoundTrip(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			r = '\uFFFD'
		}
		b.WriteRune(r)
	}
	return strings.ReplaceAll(b.String(), "\r", "\n")
}

// TestBrokenFiles checks what each broken shared file yields: how many
// records are read (repaired where possible) and which are reported.
func TestBrokenFiles(t *testing.T) {
	tests := []struct {
		file    string
		good    int
		badRecs []int // numbers of the records reported as errors
	}{
		{"marc4j/008008027.mrc", 18, []int{19}}, // cut at 64 KiB inside record 19
		{"marc4j/bad-characters-in-various-fields.mrc", 1, nil},
		{"marc4j/bad_hathi_records.mrc", 5, nil},
		{"marc4j/bad_leaders_10_11.mrc", 1, nil},
		{"marc4j/bad_oversize_field_bad_directory.mrc", 5, nil},
		{"marc4j/bad_too_long_plus_2.mrc", 3, nil},
		{"marc4j/datos-20161010-slice.mrc", 1, nil},
		{"marc4j/incomplete_esc_seq.mrc", 1, nil},
		{"marc4j/pride-and-prejudice-with-many-errors.mrc", 383, nil},
		{"marc4j/unordered-directory-entries.mrc", 1, nil},
		{"marc4j/chabon-missing-subfield-code.xml", 1, nil},
		{"pymarc/bad_records.mrc", 7, []int{7}},
		{"pymarc/bad_eacc_encoding.dat", 1, nil},
		// The first directory entry's tag is "0 2": which of 002–092
		// it was nothing tells, so the record is refused, not guessed at.
		{"pymarc/bad_indicator.dat", 0, []int{1}},
		{"pymarc/bad_marc8_escape.dat", 1, nil},
		{"pymarc/bad_subfield_code.dat", 1, nil},
		{"pymarc/bad_tag.xml", 1, nil},
		{"pymarc/utf8_errors.dat", 1, nil},
		{"pymarc/utf8_invalid.mrc", 1, nil},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			res := readAll(t, shared(t, tt.file))
			var bad []int
			for _, e := range res.errs {
				bad = append(bad, e.N)
				t.Log(e)
			}
			if len(res.recs) != tt.good {
				t.Errorf("read %d records, want %d", len(res.recs), tt.good)
			}
			if diff := cmp.Diff(tt.badRecs, bad); diff != "" {
				t.Errorf("records reported (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSameRecords checks files that hold the same records in different
// forms: ISO 2709 and MARCXML, MARC-8 and UTF-8.
func TestSameRecords(t *testing.T) {
	tests := []struct{ a, b string }{
		{"marc4j/chabon.mrc", "marc4j/chabon.xml"},
		{"marc4j/summerland.mrc", "marc4j/summerland.xml"},
		{"marc4j/brkrtest.mrc", "marc4j/brkrtest_UTF8.mrc"},
		{"pymarc/utf8_with_leader_flag.dat", "pymarc/utf8_without_leader_flag.dat"},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.b), func(t *testing.T) {
			a := readAll(t, shared(t, tt.a))
			b := readAll(t, shared(t, tt.b))
			if len(a.recs) == 0 || len(a.errs)+len(b.errs) > 0 {
				t.Fatalf("got %d records, errors %v %v", len(a.recs), a.errs, b.errs)
			}
			if diff := cmp.Diff(a.recs, b.recs, ignoreLengths); diff != "" {
				t.Errorf("(-%s +%s):\n%s", tt.a, tt.b, diff)
			}
		})
	}
}

// TestSharedTitles spot-checks what ToLibrary makes of well-formed files.
func TestSharedTitles(t *testing.T) {
	tests := []struct {
		file   string
		count  int
		n      int // record to check, 1-based
		title  string
		author string
	}{
		{"marc4j/chabon.mrc", 2, 1, "The amazing adventures of Kavalier and Clay", "Chabon, Michael"},
		{"marc4j/summerland.xml", 1, 1, "Summerland", "Chabon, Michael"},
		{"marc4j/pride-and-prejudice-fixed.mrc", 383, 2, "Pride and prejudice", "Austen, Jane"},
		{"marc4j/brkrtest.mrc", 8, 1, "New test record number 1 with ordinary data", "Deer-Doe, J. saint, spirit"},
		{"pymarc/marc.dat", 20, 1, "The pragmatic programmer", "Hunt, Andrew"},
		{"pymarc/test.dat", 10, 2, "Programming the Perl DBI", "Descartes, Alligator"},
		{"pymarc/batch.xml", 2, 1, "The Great Ray Charles", "Charles, Ray"},
		{"marc4j/065001035.mrc", 40, 1, "", ""},
		{"marc4j/selectedRecs.mrc", 11, 1, "", ""},
		{"marc4j/sample1.mrc", 8, 1, "", ""},
		{"pymarc/regression45.dat", 12, 1, "", ""},
		{"pymarc/1251.dat", 6, 1, "", ""},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			res := readAll(t, shared(t, tt.file))
			if len(res.recs) != tt.count || len(res.errs) > 0 {
				t.Fatalf("read %d records and errors %v, want %d records", len(res.recs), res.errs, tt.count)
			}
			rec, _, err := ToLibrary(res.recs[tt.n-1])
			if err != nil {
				t.Fatal(err)
			}
			if tt.title != "" && rec.Title != tt.title {
				t.Errorf("title %q, want %q", rec.Title, tt.title)
			}
			if tt.title != "" && rec.MainAuthor() != tt.author {
				t.Errorf("author %q, want %q", rec.MainAuthor(), tt.author)
			}
		})
	}
}

// TestRepairsMatchFixedFile compares the records read from the file with
// many errors to the same records fixed by hand: the repairs must give
// back most of them exactly. The rest hold MARC-8 text that was mangled
// before it was written (read as Latin-1 and saved as UTF-8, so that "ä"
// is "èa"; or with its escape bytes stripped), which a reader cannot tell
// from intended text. (Before records labelled UTF-8 were checked for
// MARC-8, 303 were equal.)
func TestRepairsMatchFixedFile(t *testing.T) {
	fixed := readAll(t, shared(t, "marc4j/pride-and-prejudice-fixed.mrc"))
	broken := readAll(t, shared(t, "marc4j/pride-and-prejudice-with-many-errors.mrc"))
	if len(fixed.recs) != 383 || len(broken.recs) != 383 {
		t.Fatalf("read %d and %d records, want 383 each", len(fixed.recs), len(broken.recs))
	}
	same := 0
	for i := range fixed.recs {
		if cmp.Equal(fixed.recs[i].Fields, broken.recs[i].Fields) {
			same++
		}
	}
	t.Logf("%d of 383 repaired records equal the fixed ones", same)
	if same < 335 {
		t.Errorf("only %d of 383 repaired records equal the fixed ones, want at least 335", same)
	}
}

// TestLegacyEncoding reads pymarc's 1251.dat, Russian records in
// Windows-1251 with a blank leader/09, which only the importer can know.
func TestLegacyEncoding(t *testing.T) {
	f, err := os.Open(shared(t, "pymarc/1251.dat"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := NewReader(f)
	r.Charset = Charset{name: "windows-1251", enc: charmap.Windows1251}
	rec, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rec.Subfield("245", 'a'), "Основы гидравлического расчета инженерных сетей"; !strings.HasPrefix(got, want) {
		t.Errorf("245 $a %q, want it to start with %q", got, want)
	}
	if len(r.Repairs()) > 0 {
		t.Errorf("repairs %q, want none", r.Repairs())
	}
}
