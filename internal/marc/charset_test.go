package marc

import (
	"bytes"
	"strings"
	"testing"
)

// rawRecord returns sample(title) as ISO 2709 bytes with leader/09 set to
// scheme and the title's bytes as given, not converted or checked.
func rawRecord(t *testing.T, scheme byte, title string) []byte {
	t.Helper()
	b, err := encode(sample(title))
	if err != nil {
		t.Fatal(err)
	}
	b[9] = scheme
	return b
}

// TestCharsetDetection reads records whose leader/09 lies or whose text
// is partly broken, without any word from the importer.
func TestCharsetDetection(t *testing.T) {
	for _, tc := range []struct {
		name        string
		scheme      byte
		title, want string
		note        string // a repair note must contain it; "" for none
	}{
		{"labelled UTF-8, MARC-8 grave", 'a', "Genevi\xe1eve", "Geneviève", "text is MARC-8"},
		{"labelled UTF-8, MARC-8 diaeresis and acute", 'a', "CD-levyll\xe8a \xe2ecole \xe8A\xe8ANITE", "CD-levyllä école ÄÄNITE", "text is MARC-8"},
		{"labelled UTF-8, MARC-8 special letter", 'a', "\xa1\xe2od\xe2z", "Łódź", "text is MARC-8"},
		{"labelled UTF-8, MARC-8 escapes", 'a', "\x1b(SABD\x1b(B", "ΑΒΓ", "text is MARC-8"},
		{"labelled UTF-8, Latin-1", 'a', "M\xe4ki", "Mäki", "Windows-1252"},
		{"labelled UTF-8, Latin-1 that reads as a rare MARC-8 letter", 'a', "G\xe4vleborg", "Gävleborg", "Windows-1252"},
		{"labelled UTF-8, Latin-1 ending in an accent", 'a', "Caf\xe9", "Café", "Windows-1252"},
		{"labelled UTF-8, UTF-8 with one stray byte", 'a', "Äiti \xe8a", "Äiti èa", "Windows-1252"},
		{"labelled UTF-8, UTF-8", 'a', "Geneviève", "Geneviève", ""},
		{"labelled MARC-8, UTF-8", ' ', "Geneviève", "Geneviève", "text is UTF-8"},
		{"labelled MARC-8, MARC-8", ' ', "Genevi\xe1eve", "Geneviève", ""},
		{"labelled nonsense, MARC-8", 'x', "Genevi\xe1eve", "Geneviève", "read as MARC-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReader(bytes.NewReader(rawRecord(t, tc.scheme, tc.title)))
			rec, err := r.Next()
			if err != nil {
				t.Fatal(err)
			}
			if got := rec.Subfield("245", 'a'); got != tc.want {
				t.Errorf("245 $a %q, want %q", got, tc.want)
			}
			notes := strings.Join(r.Repairs(), "\n")
			if tc.note == "" && notes != "" || !strings.Contains(notes, tc.note) {
				t.Errorf("repairs %q, want one saying %q", notes, tc.note)
			}
		})
	}
}

// TestCharsetOverride: the importer's --charset wins over leader/09, and
// the notes name the character set used.
func TestCharsetOverride(t *testing.T) {
	for _, tc := range []struct {
		name, charset string
		scheme        byte
		title, want   string
		note, notNote string
	}{
		{"windows-1251 labelled UTF-8", "windows-1251", 'a', "\xcf\xf0\xe8\xe2\xe5\xf2", "Привет", "", ""},
		{"ibm866 with a nonsense label", "IBM866", 'z', "\x8f\xe0\xa8\xa2\xa5\xe2", "Привет", "read as ibm866", "MARC-8"},
		{"MARC-8 labelled UTF-8", "marc-8", 'a', "\xe2ecole", "école", "", ""},
		{"MARC-8 over valid UTF-8", "marc8", 'a', "\x1b(SABD\x1b(B", "ΑΒΓ", "", ""},
		{"UTF-8 labelled MARC-8", "utf-8", ' ', "Mäki", "Mäki", "", ""},
		{"UTF-8 that is not", "utf8", ' ', "M\xe4ki", "M\ufffdki", "U+FFFD", "MARC-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cs, err := ParseCharset(tc.charset)
			if err != nil {
				t.Fatal(err)
			}
			r := NewReader(bytes.NewReader(rawRecord(t, tc.scheme, tc.title)))
			r.Charset = cs
			rec, err := r.Next()
			if err != nil {
				t.Fatal(err)
			}
			if got := rec.Subfield("245", 'a'); got != tc.want {
				t.Errorf("245 $a %q, want %q", got, tc.want)
			}
			notes := strings.Join(r.Repairs(), "\n")
			if tc.note == "" && notes != "" || !strings.Contains(notes, tc.note) || tc.notNote != "" && strings.Contains(notes, tc.notNote) {
				t.Errorf("repairs %q, want one saying %q and none %q", notes, tc.note, tc.notNote)
			}
		})
	}
}

func TestParseCharset(t *testing.T) {
	for in, want := range map[string]string{"": "auto", "auto": "auto", "MARC-8": "MARC-8", "utf-8": "UTF-8",
		"IBM866": "ibm866", "cp1251": "windows-1251", "latin1": "windows-1252"} {
		if cs, err := ParseCharset(in); err != nil || cs.String() != want {
			t.Errorf("ParseCharset(%q) = %v, %v; want %s", in, cs, err, want)
		}
	}
	if _, err := ParseCharset("klingon"); err == nil || !strings.Contains(err.Error(), "klingon") {
		t.Errorf("ParseCharset(klingon): %v, want an error naming it", err)
	}
}
