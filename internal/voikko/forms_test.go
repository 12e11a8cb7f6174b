package voikko

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// readForms returns the lines of testdata/forms.tsv as their fields,
// with their line numbers.
func readForms(t *testing.T) (lines [][]string, numbers []int) {
	t.Helper()
	f, err := os.Open("testdata/forms.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Split(text, "\t")
		if len(fields) < 2 || len(fields) > 3 || fields[0] == "" || fields[1] == "" {
			t.Fatalf("forms.tsv:%d: want form TAB bases [TAB parts], got %q", n, text)
		}
		lines, numbers = append(lines, fields), append(numbers, n)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines, numbers
}

// testForms returns the word forms of testdata/forms.tsv.
func testForms(t *testing.T) []string {
	lines, _ := readForms(t)
	var forms []string
	for _, l := range lines {
		forms = append(forms, l[0])
	}
	return forms
}

// TestForms checks every line of testdata/forms.tsv: the expected base
// forms must be among the word's analyses and, where given, the compound
// parts must be those of an analysis with the first base. It logs the
// accuracy (run with -v to see it).
func TestForms(t *testing.T) {
	a := analyzer(t)
	lines, numbers := readForms(t)
	good := 0
	for i, fields := range lines {
		got := a.Analyze(fields[0])
		if msg := checkForm(got, fields[1:]); msg != "" {
			t.Errorf("forms.tsv:%d: %s: %s; got %s", numbers[i], fields[0], msg, describe(got))
			continue
		}
		good++
	}
	if len(lines) < 200 {
		t.Errorf("forms.tsv has %d forms, want at least 200", len(lines))
	}
	t.Logf("accuracy: %d of %d forms (%.1f%%)", good, len(lines), 100*float64(good)/float64(len(lines)))
}

// checkForm returns what is wrong with analyses for want (bases and,
// optionally, parts), or "".
func checkForm(analyses []Analysis, want []string) string {
	bases := strings.Split(want[0], ",")
	for _, b := range bases {
		if !hasBase(analyses, b) {
			return "no analysis with base " + b
		}
	}
	if len(want) < 2 {
		return ""
	}
	parts := strings.Split(want[1], "+")
	for _, an := range analyses {
		if an.Base == bases[0] && equalParts(an.Parts, parts) {
			return ""
		}
	}
	return "no analysis " + bases[0] + " with parts " + want[1]
}

func hasBase(analyses []Analysis, base string) bool {
	for _, an := range analyses {
		if an.Base == base {
			return true
		}
	}
	return false
}

func describe(analyses []Analysis) string {
	if len(analyses) == 0 {
		return "no analysis"
	}
	var s []string
	for _, an := range analyses {
		d := an.Base + " (" + an.Class
		if an.Parts != nil {
			d += ", " + strings.Join(an.Parts, "+")
		}
		s = append(s, d+")")
	}
	return strings.Join(s, "; ")
}
