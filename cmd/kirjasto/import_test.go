package main

import (
	"fmt"
	"html"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/marc"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/testenv"
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

var summaryLine = regexp.MustCompile(`(\d+) records read: (\d+) imported \((\d+) created, (\d+) updated\), (\d+) repaired, (\d+) skipped`)

type importSummary struct{ read, imported, created, updated, repaired, skipped int }

func parseSummary(t *testing.T, out string) importSummary {
	t.Helper()
	m := summaryLine.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no summary in import output:\n%s", out)
	}
	n := func(s string) int { v, _ := strconv.Atoi(s); return v }
	return importSummary{n(m[1]), n(m[2]), n(m[3]), n(m[4]), n(m[5]), n(m[6])}
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
	if first.skipped == 0 || !regexp.MustCompile(`\.mrc: record \d+ \(byte \d+(, 001 [^)]+)?\) skipped: `).MatchString(out) {
		t.Errorf("no broken record reported with its file, number and place:\n%s", out)
	}
	if first.repaired == 0 || !regexp.MustCompile(`\.mrc: record \d+ \(001 [^)]+\) repaired: `).MatchString(out) {
		t.Errorf("no repaired record reported with its file, number and 001:\n%s", out)
	}
	stored := first.created
	second := parseSummary(t, run(t, args...))
	if second.created != 0 {
		t.Errorf("second import created %d records, want 0", second.created)
	}

	db := args[:len(args)-len(files)-1]
	validateExport(t, db, stored)
	initConsortium(t, db)
	s := start(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, db...)...)
	validateOAI(t, s, stored)
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
	initConsortium(t, db)
	s := start(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, db...)...)
	var res searchResponse
	s.getJSON(t, "/api/v1/search?q="+url.QueryEscape("гидравлического расчета"), &res)
	if res.Total == 0 {
		t.Error("the Windows-1251 title is not found in Cyrillic after import --charset windows-1251")
	}
}

// validateExport exports the catalogue as MARCXML and ISO 2709: the XML
// must be valid against the MARC21slim schema and hold every record, and
// the ISO 2709 must read back without a repair and hold every record but
// those reported as too long for the format.
func validateExport(t *testing.T, db []string, records int) {
	t.Helper()
	dir := t.TempDir()
	xmlFile, isoFile := filepath.Join(dir, "all.xml"), filepath.Join(dir, "all.mrc")
	run(t, append(db, "export", "--format", "marcxml", xmlFile)...)
	out := run(t, append(db, "export", isoFile)...)
	tooLong := strings.Count(out, "too long for ISO 2709")
	doc, err := os.ReadFile(xmlFile)
	if err != nil {
		t.Fatal(err)
	}
	testenv.ValidateXML(t, testenv.Shared(t, "xml-schemas", "MARC21slim.xsd"), doc)
	if n := strings.Count(string(doc), "<record>"); n != records {
		t.Errorf("MARCXML export has %d records, want %d", n, records)
	}
	f, err := os.Open(isoFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := marc.NewReader(f)
	n := 0
	for {
		_, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("ISO 2709 export, record %d: %v", n+1, err)
		}
		n++
		if len(r.Repairs()) > 0 {
			t.Errorf("ISO 2709 export, record %d needs repairs: %q", n, r.Repairs())
		}
	}
	if n+tooLong != records {
		t.Errorf("ISO 2709 export has %d records and %d too long, want %d in all:\n%s", n, tooLong, records, out)
	}
}

var (
	oaiMARC  = regexp.MustCompile(`(?s)<record xmlns="http://www.loc.gov/MARC21/slim">.*?</record>`)
	oaiToken = regexp.MustCompile(`<resumptionToken[^>]*>([^<]+)</resumptionToken>`)
)

// validateOAI harvests every record in the marc21 format over OAI-PMH and
// validates the MARC records against the MARC21slim schema.
func validateOAI(t *testing.T, s *server, records int) {
	t.Helper()
	var doc strings.Builder
	doc.WriteString(`<collection xmlns="http://www.loc.gov/MARC21/slim">`)
	n := 0
	path := "/oai?verb=ListRecords&metadataPrefix=marc21"
	for path != "" {
		code, body := s.get(t, path)
		if code != 200 {
			t.Fatalf("GET %s: %d\n%s", path, code, body)
		}
		for _, m := range oaiMARC.FindAllString(body, -1) {
			doc.WriteString(strings.Replace(m, ` xmlns="http://www.loc.gov/MARC21/slim"`, "", 1))
			n++
		}
		path = ""
		if m := oaiToken.FindStringSubmatch(body); m != nil {
			path = "/oai?verb=ListRecords&resumptionToken=" + url.QueryEscape(html.UnescapeString(m[1]))
		}
	}
	doc.WriteString("</collection>")
	if n != records {
		t.Errorf("harvested %d MARC records, want %d", n, records)
	}
	testenv.ValidateXML(t, testenv.Shared(t, "xml-schemas", "MARC21slim.xsd"), []byte(doc.String()))
}

// isoRecord builds an ISO 2709 record byte by byte, as a broken exporter
// would: leader as given (lengths computed), fields as tag and raw content.
func isoRecord(leader string, fields ...[2]string) []byte {
	var dir, data strings.Builder
	for _, f := range fields {
		fmt.Fprintf(&dir, "%s%04d%05d", f[0], len(f[1])+1, data.Len())
		data.WriteString(f[1] + "\x1e")
	}
	base := 24 + dir.Len() + 1
	l := []byte(leader)
	copy(l[0:5], fmt.Sprintf("%05d", base+data.Len()+1))
	copy(l[12:17], fmt.Sprintf("%05d", base))
	return []byte(string(l) + dir.String() + "\x1e" + data.String() + "\x1d")
}

// TestImportBadRecords imports crafted broken records as real files have
// them, in ISO 2709 and MARCXML, on both databases: what has one reading
// is repaired, what has none is skipped with a message naming the record,
// the good records around them go in, the counts say so, and neither the
// export nor OAI-PMH hands out invalid MARC.
func TestImportBadRecords(t *testing.T) {
	dir := t.TempDir()
	title := func(s string) string { return "10\x1fa" + s }
	iso := slices.Concat(
		isoRecord("00000nam a2200000 i 4500", [2]string{"001", "iso-good"}, [2]string{"245", title("Hyvä tietue")}),
		// Leader and indicators with '^' and '-', a control field after
		// the data fields: repaired.
		isoRecord("00000^-^^a2200000-^#4500", [2]string{"001", "iso-leader"}, [2]string{"245", "^-\x1faKorjattava otsikko"},
			[2]string{"650", "#-\x1faaihe"}, [2]string{"008", "860101s1986    fi            000 1 fin d"}),
		// A tag nobody can read: skipped.
		isoRecord("00000nam a2200000 i 4500", [2]string{"001", "iso-tag"}, [2]string{"245", title("Outo kenttä")}, [2]string{"30-", "  \x1fa1 v."}),
		// Labelled UTF-8, written in MARC-8: read as MARC-8.
		isoRecord("00000nam a2200000 i 4500", [2]string{"001", "iso-marc8"}, [2]string{"245", title("Genevi\xe1eve ja kirjasto")}),
	)
	xmlDoc := `<?xml version="1.0" encoding="UTF-8"?>
<collection xmlns="http://www.loc.gov/MARC21/slim">
<record><leader>00000nam a2200000 i 4500</leader><controlfield tag="001">xml-good</controlfield>
<datafield tag="245" ind1="1" ind2="0"><subfield code="a">Toinen hyvä tietue</subfield></datafield></record>
<record><leader>00000nam a2200000 i 4500</leader><controlfield tag="001">xml-broken</controlfield>
<datafield tag="245" ind1="1" ind2="0"><subfield code="a">a < b</subfield></datafield></record>
<record><leader>00000nam a2200000 i 4500</leader>
<datafield tag="245" ind1="^" ind2="-"><subfield code="a">Kaksinumeroinen kenttä</subfield></datafield>
<controlfield tag="001">xml-repaired</controlfield>
<datafield tag="45" ind1=" " ind2=" "><subfield code="a">d7d8</subfield></datafield></record>
<record><leader>00000nam a2200000 i 4500</leader><controlfield tag="001">xml-tag</controlfield>
<datafield tag="2^5" ind1="1" ind2="0"><subfield code="a">Outo</subfield></datafield></record>
</collection>
`
	isoFile, xmlFile := filepath.Join(dir, "bad.mrc"), filepath.Join(dir, "bad.xml")
	if err := os.WriteFile(isoFile, iso, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(xmlFile, []byte(xmlDoc), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			db := dbArgs(t, dialect)
			out := run(t, append(db, "import", isoFile, xmlFile)...)
			got := parseSummary(t, out)
			want := importSummary{read: 5, imported: 5, created: 5, repaired: 3, skipped: 3}
			if got != want {
				t.Errorf("summary %+v, want %+v:\n%s", got, want, out)
			}
			for _, line := range []string{
				`bad.mrc: record 2 (001 iso-leader) repaired: `, `leader/05 '^' set to 'n'`,
				`field 245: indicator '^' set to blank`,
				"control fields moved before the data fields",
				`bad.mrc: record 3 (byte `, `, 001 iso-tag) skipped: field 3 has tag "30-", which is not a MARC tag`,
				`bad.mrc: record 4 (001 iso-marc8) repaired: leader/09 says UTF-8 but the text is MARC-8; read as MARC-8`,
				`bad.xml: record 2 (line 5, 001 xml-broken) skipped: not well-formed`,
				`bad.xml: record 3 (001 xml-repaired) repaired: `, `tag "45" read as "045"`,
				`bad.xml: record 4 (line 11, 001 xml-tag) skipped: field 2 has tag "2^5"`,
			} {
				if !strings.Contains(out, line) {
					t.Errorf("output lacks %q:\n%s", line, out)
				}
			}
			validateExport(t, db, 5)
			initConsortium(t, db)
			s := start(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, db...)...)
			validateOAI(t, s, 5)
			var res searchResponse
			s.getJSON(t, "/api/v1/search?q="+url.QueryEscape("Geneviève"), &res)
			if res.Total != 1 {
				t.Errorf("search for Geneviève found %d records, want the one written in MARC-8", res.Total)
			}
		})
	}
}

// TestImportCharsetOverride imports records in IBM866 whose leader/09 is
// neither UTF-8 nor MARC-8, and one labelled UTF-8: --charset ibm866 reads
// them all, and the log names the character set used.
func TestImportCharsetOverride(t *testing.T) {
	file := filepath.Join(t.TempDir(), "dos.mrc")
	data := slices.Concat(
		isoRecord("00000nam z2200000 i 4500", [2]string{"001", "dos-1"}, [2]string{"245", "10\x1fa\x8f\xe0\xa8\xa2\xa5\xe2 \xac\xa8\xe0"}),
		isoRecord("00000nam a2200000 i 4500", [2]string{"001", "dos-2"}, [2]string{"245", "10\x1fa\x8a\xae\xe8\xaa\xa0"}),
	)
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	db := dbArgs(t, "sqlite")
	out := run(t, append(db, "import", "--charset", "ibm866", file)...)
	if !strings.Contains(out, "read as ibm866") || strings.Contains(out, "MARC-8") {
		t.Errorf("import --charset ibm866 says:\n%s\nwant it to name ibm866 and never MARC-8", out)
	}
	initConsortium(t, db)
	s := start(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, db...)...)
	for _, q := range []string{"Привет мир", "Кошка"} {
		var res searchResponse
		s.getJSON(t, "/api/v1/search?q="+url.QueryEscape(q), &res)
		if res.Total != 1 {
			t.Errorf("search for %q found %d records, want 1", q, res.Total)
		}
	}
}
