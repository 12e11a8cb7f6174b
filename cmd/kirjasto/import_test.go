package main

import (
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// sharedMARC returns the path of a file in ../shared/marc, skipping the
// test when that folder is not beside the project (CI always has it).
func sharedMARC(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join("..", "..", "..", "shared", "marc", name)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("KIRJASTO_TEST_STRICT") == "1" {
			t.Fatalf("%s missing (KIRJASTO_TEST_STRICT=1): %v", p, err)
		}
		t.Skipf("%s missing: clone the project beside its shared/ folder to run this test", p)
	}
	return p
}

var summaryLine = regexp.MustCompile(`(\d+) records read, (\d+) created, (\d+) updated, (\d+) skipped`)

type importSummary struct{ read, created, updated, skipped int }

func parseSummary(t *testing.T, out string) importSummary {
	t.Helper()
	m := summaryLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no summary in import output:\n%s", out)
	}
	n := func(s string) int { v, _ := strconv.Atoi(s); return v }
	return importSummary{n(m[1]), n(m[2]), n(m[3]), n(m[4])}
}

// TestImportTwice imports real MARC files twice: the second run updates
// every record and creates none, and broken records are reported and
// skipped without stopping the import.
func TestImportTwice(t *testing.T) {
	files := []string{
		sharedMARC(t, "marc4j/pride-and-prejudice-fixed.mrc"),
		sharedMARC(t, "marc4j/chabon.xml"),
		sharedMARC(t, "pymarc/marc8.dat"),
		sharedMARC(t, "marc4j/pride-and-prejudice-with-many-errors.mrc"),
	}
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			args := append(dbArgs(t, dialect), append([]string{"import"}, files...)...)
			first := parseSummary(t, run(t, args...))
			if first.created == 0 || first.read < 383 {
				t.Fatalf("first import: %+v, want at least the 383 records of pride-and-prejudice created", first)
			}
			second := parseSummary(t, run(t, args...))
			if second.created != 0 || second.updated != first.created+first.updated {
				t.Errorf("second import: %+v, want 0 created and %d updated (first: %+v)", second, first.created+first.updated, first)
			}
		})
	}
}

// TestImportAllShared imports every MARC file in ../shared/marc, broken
// ones included, in one run: nothing crashes, broken records are reported
// by file and number, and a second run leaves the record count unchanged.
func TestImportAllShared(t *testing.T) {
	dir := filepath.Dir(sharedMARC(t, "README.md"))
	var files []string
	for _, pattern := range []string{"*/*.mrc", "*/*.dat", "*/*.xml"} {
		m, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 50 {
		t.Fatalf("found only %d MARC files in %s", len(files), dir)
	}
	args := append(dbArgs(t, "sqlite"), append([]string{"import"}, files...)...)
	out := run(t, args...)
	first := parseSummary(t, out)
	if first.skipped == 0 || !regexp.MustCompile(`\.mrc: record \d+ skipped: `).MatchString(out) {
		t.Errorf("no broken record reported with its file and number:\n%s", out)
	}
	stored := first.created
	second := parseSummary(t, run(t, args...))
	if second.created != 0 {
		t.Errorf("second import created %d records, want 0", second.created)
	}

	s := start(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, args[:len(args)-len(files)-1]...)...)
	var all searchResponse
	s.getJSON(t, "/api/v1/search?q=", &all)
	if all.Total != stored {
		t.Errorf("catalogue holds %d records after importing twice, want %d", all.Total, stored)
	}
	var chabon searchResponse
	s.getJSON(t, "/api/v1/search?q=chabon+summerland", &chabon)
	if chabon.Total == 0 {
		t.Error("Chabon's Summerland not found after import")
	}
}

// TestImportCharset imports pymarc's 1251.dat, Russian records written in
// Windows-1251 with a blank leader/09: read as MARC-8 the title is
// mojibake, and --charset windows-1251 makes it findable in Cyrillic.
func TestImportCharset(t *testing.T) {
	file := sharedMARC(t, "pymarc/1251.dat")
	db := dbArgs(t, "sqlite")
	if out, err := exec.Command(binary, append(db, "import", "--charset", "klingon", file)...).CombinedOutput(); err == nil || !strings.Contains(string(out), "klingon") {
		t.Errorf("import --charset klingon: %v, want an error naming the charset:\n%s", err, out)
	}
	run(t, append(db, "import", "--charset", "windows-1251", file)...)
	s := start(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, db...)...)
	var res searchResponse
	s.getJSON(t, "/api/v1/search?q="+url.QueryEscape("гидравлического расчета"), &res)
	if res.Total == 0 {
		t.Error("the Windows-1251 title is not found in Cyrillic after import --charset windows-1251")
	}
}
