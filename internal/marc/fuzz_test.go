package marc

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzReader feeds arbitrary bytes to the ISO 2709 reader. It must never
// panic or loop, must only return record errors or io.EOF, must produce
// valid UTF-8, and every record it returns must survive a round trip.
func FuzzReader(f *testing.F) {
	f.Add(mustMarshal(f, sample("siemen")))
	f.Add([]byte("00026nam a2200025 i 4500\x1e\x1d"))
	for _, name := range []string{"marc4j/summerland.mrc", "pymarc/bad_records.mrc", "marc4j/bad_oversize_field_bad_directory.mrc", "marc4j/brkrtest.mrc"} {
		if b, err := os.ReadFile(filepath.Join(sharedDir, name)); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(bytes.NewReader(data))
		for i := 0; ; i++ {
			if i > len(data) {
				t.Fatal("more records than bytes: the reader does not advance")
			}
			rec, err := r.Next()
			if err == io.EOF {
				return
			}
			var re *RecordError
			if errors.As(err, &re) {
				continue
			}
			if err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if !utf8.ValidString(rec.String()) {
				t.Fatalf("record %d is not valid UTF-8", i+1)
			}
			b, err := Marshal(rec)
			if err != nil {
				continue // too long for ISO 2709 once decoded
			}
			back, err := NewReader(bytes.NewReader(b)).Next()
			if err != nil {
				t.Fatalf("reading back a written record: %v\n%q\n%s", err, b, rec)
			}
			if withoutLengths(back) != withoutLengths(rec) {
				t.Fatalf("round trip changed the record:\n%s\n%s", rec, back)
			}
		}
	})
}

// FuzzDecodeMARC8 checks that the MARC-8 decoder never panics and always
// returns valid UTF-8 in NFC.
func FuzzDecodeMARC8(f *testing.F) {
	for _, s := range []string{"plain", "\xe2ecole", "\x1b$1!04\x1b(B", "\x1b(SABD", "\xebt\xecs", "\x1b$", "\x1b$)1\xa1\xb0\xb4"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, _ := DecodeMARC8(b)
		if !utf8.ValidString(s) {
			t.Fatalf("DecodeMARC8(%q) = %q, not valid UTF-8", b, s)
		}
	})
}

// withoutLengths is the record as text without the record length and base
// address, which Marshal computes afresh.
func withoutLengths(r *Record) string {
	c := *r
	copy(c.Leader[0:5], "00000")
	copy(c.Leader[12:17], "00000")
	return c.String()
}
