package site

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/marc"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// readExport reads the records of an export response in either format.
func readExport(t *testing.T, body, contentType string) []*marc.Record {
	t.Helper()
	type reader interface{ Next() (*marc.Record, error) }
	var r reader = marc.NewReader(strings.NewReader(body))
	if strings.Contains(contentType, "xml") {
		r = marc.NewXMLReader(bytes.NewReader([]byte(body)))
	}
	var recs []*marc.Record
	for {
		m, err := r.Next()
		if err == io.EOF {
			return recs
		}
		if err != nil {
			t.Fatalf("%s export: %v\n%s", contentType, err, body)
		}
		recs = append(recs, m)
	}
}

func TestRecordExport(t *testing.T) {
	e := webtest.NewEnv(t, storetest.Open(t, "sqlite"))
	path := e.RecordPath("(TEST)1")
	for _, tc := range []struct {
		path, ctype string
	}{
		{path + ".mrc", "application/marc"},
		{path + ".xml", "application/marcxml+xml; charset=utf-8"},
		{path + "?format=marc", "application/marc"},
		{path + "?format=marcxml", "application/marcxml+xml; charset=utf-8"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			resp, body := e.Get(t, tc.path)
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != tc.ctype {
				t.Fatalf("GET %s: %s %s", tc.path, resp.Status, resp.Header.Get("Content-Type"))
			}
			if !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment;") {
				t.Errorf("GET %s: Content-Disposition %q", tc.path, resp.Header.Get("Content-Disposition"))
			}
			recs := readExport(t, body, tc.ctype)
			if len(recs) != 1 || !strings.HasPrefix(recs[0].Subfield("245", 'a'), "Tuntematon sotilas") {
				t.Errorf("GET %s: records %v", tc.path, recs)
			}
		})
	}
	// The source record is exported as imported, fields the catalogue
	// does not map included.
	resp, body := e.Get(t, e.RecordPath("(TEST)3")+".mrc")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("source record export: %s", resp.Status)
	}
	if recs := readExport(t, body, "application/marc"); len(recs) != 1 || recs[0].Subfield("590", 'a') != "Vain lähdetietueessa." {
		t.Errorf("source record export lost its 590: %v", recs)
	}
	for _, bad := range []string{path + "?format=json", path + ".pdf", "/records/x.mrc", "/records/99999.xml"} {
		resp, _ := e.Get(t, bad)
		if resp.StatusCode != http.StatusBadRequest && resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %s, want 400 or 404", bad, resp.Status)
		}
	}
	if resp, body := e.Get(t, path+"?format=json&lang=en"); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "MARCXML (format=marcxml)") {
		t.Errorf("bad format: %s, page without the message", resp.Status)
	}
	if resp, body := e.Get(t, path+"?lang=en"); !strings.Contains(body, `href="`+path+`.mrc"`) || resp.StatusCode != http.StatusOK {
		t.Errorf("record page has no export link")
	}
}

func TestSearchExport(t *testing.T) {
	e := webtest.NewEnv(t, storetest.Open(t, "sqlite"))
	_, page := e.Get(t, "/search?q=&lang=en")
	if !strings.Contains(page, `name="format"`) {
		t.Error("results page has no export form")
	}
	resp, body := e.Get(t, "/api/v1/search?q=")
	var all struct{ Total int }
	if err := json.Unmarshal([]byte(body), &all); resp.StatusCode != http.StatusOK || err != nil {
		t.Fatal(resp.Status, err)
	}
	for _, format := range []string{"marc", "marcxml"} {
		resp, body := e.Get(t, "/search?q=&format="+format)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("export %s: %s", format, resp.Status)
		}
		recs := readExport(t, body, resp.Header.Get("Content-Type"))
		if len(recs) == 0 || len(recs) != all.Total {
			t.Errorf("export %s has %d records; the search finds %d", format, len(recs), all.Total)
		}
		resp, body = e.Get(t, "/search?q=linna&material=book&format="+format)
		if recs := readExport(t, body, resp.Header.Get("Content-Type")); len(recs) != 1 {
			t.Errorf("filtered export %s: %d records, want 1", format, len(recs))
		}
	}
	if resp, _ := e.Get(t, "/search?q=x&format=pdf"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad export format: %s, want 400", resp.Status)
	}
}

func TestProtocolRoutes(t *testing.T) {
	e := webtest.NewEnv(t, storetest.Open(t, "sqlite"))
	for _, tc := range []struct{ path, want string }{
		{"/sru?operation=searchRetrieve&version=1.2&query=dc.creator%3Dlinna", "<zs:numberOfRecords>1</zs:numberOfRecords>"},
		{"/oai?verb=Identify", "<deletedRecord>persistent</deletedRecord>"},
		{"/oai?verb=ListRecords&metadataPrefix=oai_dc&set=library:helsinki", "<dc:title>Tuntematon sotilas : romaani</dc:title>"},
	} {
		resp, body := e.Get(t, tc.path)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, tc.want) {
			t.Errorf("GET %s: %s, want %s in\n%s", tc.path, resp.Status, tc.want, body)
		}
	}
}
