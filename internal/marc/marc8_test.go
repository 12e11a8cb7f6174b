package marc

import (
	"bufio"
	"os"
	"path/filepath"
	"testing"
)

// sharedDir is the shared MARC test data, outside the repository.
const sharedDir = "../../../shared/marc"

// shared returns the path of a shared test file, skipping the test when the
// shared data is absent (failing under KIRJASTO_TEST_STRICT=1, as in CI).
func shared(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(sharedDir, name)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("KIRJASTO_TEST_STRICT") == "1" {
			t.Fatalf("shared MARC data missing: %v", err)
		}
		t.Skipf("shared MARC data missing (%v): check out the shared data next to the repository as ../shared", err)
	}
	return p
}

func readLines(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(shared(t, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

// TestDecodeMARC8File checks the whole MARC-8 table against pymarc's test
// data: line N of test_marc8.txt must become line N of test_utf8.txt.
func TestDecodeMARC8File(t *testing.T) {
	in := readLines(t, "pymarc/test_marc8.txt")
	want := readLines(t, "pymarc/test_utf8.txt")
	if len(in) != len(want) || len(in) != 1515 {
		t.Fatalf("got %d and %d lines, want 1515 each", len(in), len(want))
	}
	bad := 0
	for i := range in {
		got, err := DecodeMARC8([]byte(in[i]))
		if err != nil {
			t.Errorf("line %d: %v", i+1, err)
		}
		if got != want[i] {
			bad++
			if bad <= 10 {
				t.Errorf("line %d:\n got %q\nwant %q", i+1, got, want[i])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d lines differ", bad, len(in))
	}
}

func TestDecodeMARC8(t *testing.T) {
	tests := []struct {
		name, in, want string
		wantErr        bool
	}{
		{"ascii", "plain text", "plain text", false},
		{"combining before base", "\xe2ecole", "école", false},
		{"two marks", "\xe3\xf2a", "ậ", false}, // circumflex and dot below, NFC
		{"ansel letters", "\xa1od\xa2", "ŁodØ", false},
		{"greek G0", "\x1b(SABD\x1b(B!", "ΑΒΓ!", false},
		{"cyrillic G0", "\x1b(NFIN\x1b(B", "фин", false},
		{"subscript and superscript", "H\x1bb2\x1bsO x\x1bp2\x1bs", "H₂O x²", false},
		{"greek symbols", "\x1bgabc\x1bs", "αβγ", false},
		{"hebrew", "\x1b(2`\x1b(B", "א", false},
		{"cjk", "\x1b$1!04\x1b(B", "中", false},
		{"unknown eacc", "\x1b$1\x7e\x7e\x7e\x1b(B", "\ufffd", true},
		{"truncated escape", "ab\x1b", "ab", true},
		{"unknown escape", "a\x1bZb", "aZb", true},
		{"ligature halves", "\xebt\xecs", "t͡s", false},
		{"mark without base follows the last letter", "a\xe2", "á", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeMARC8([]byte(tt.in))
			if got != tt.want {
				t.Errorf("DecodeMARC8(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if (err != nil) != tt.wantErr {
				t.Errorf("error %v, want error: %v", err, tt.wantErr)
			}
		})
	}
}
