package sru_test

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/search"
	"github.com/kirjasto/kirjasto/internal/sru"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// server is an SRU server over a real store and search index with the
// first records of the demo catalogue, which opens with well-known works.
type server struct {
	*httptest.Server
	recs map[int64]library.Record
}

func newServer(t *testing.T, n int) *server {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t, "sqlite")
	c := demo.Consortium(2026)
	if err := db.PutConsortium(ctx, c); err != nil {
		t.Fatal(err)
	}
	var recs []library.RecordWithItems
	for r := range demo.Records(1, n, c, time.Now()) {
		recs = append(recs, r)
	}
	if _, err := db.UpsertRecords(ctx, recs); err != nil {
		t.Fatal(err)
	}
	ix := search.New(search.Config{Branches: search.BranchCities(c.Branches)})
	if err := ix.Rebuild(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	// Scan reads the suggester, which Rebuild starts building in the
	// background; until it is built, scan lists nothing, as a server
	// just started does. The tests wait for it, however slow the machine.
	first := strings.ToLower(string([]rune(recs[0].Record.Title)[:1]))
	for deadline := time.Now().Add(2 * time.Minute); len(ix.Scan(ctx, "title", first, 1)) == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the suggester was not built in two minutes")
		}
	}
	s := &server{recs: map[int64]library.Record{}}
	for _, r := range recs {
		s.recs[r.Record.ID] = r.Record
	}
	s.Server = httptest.NewServer(sru.New(sru.Config{Search: ix, Record: db.Record, Scan: ix}))
	t.Cleanup(s.Close)
	return s
}

// response is what the tests read of any SRU response, 1.2 or 2.0.
type response struct {
	XMLName         xml.Name
	Version         string `xml:"version"`
	NumberOfRecords int    `xml:"numberOfRecords"`
	Records         []struct {
		Schema   string `xml:"recordSchema"`
		Packing  string `xml:"recordPacking"`
		Escaping string `xml:"recordXMLEscaping"`
		Data     struct {
			Inner string `xml:",innerxml"`
		} `xml:"recordData"`
		Position int `xml:"recordPosition"`
	} `xml:"records>record"`
	Next        int      `xml:"nextRecordPosition"`
	Diagnostics []string `xml:"diagnostics>diagnostic>uri"`
	Terms       []struct {
		Value string `xml:"value"`
		Count int    `xml:"numberOfRecords"`
	} `xml:"terms>term"`
	Explain string `xml:"record>recordData>explain>databaseInfo>title"`
}

func (s *server) get(t *testing.T, args ...string) (response, string) {
	t.Helper()
	v := url.Values{}
	for i := 0; i+1 < len(args); i += 2 {
		v.Add(args[i], args[i+1])
	}
	resp, err := http.Get(s.URL + "/sru?" + v.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	ct := resp.Header.Get("Content-Type")
	if resp.StatusCode != http.StatusOK || !strings.Contains(ct, "xml") {
		t.Fatalf("GET %v: %s %s\n%s", v, resp.Status, ct, body)
	}
	var r response
	if err := xml.Unmarshal(body, &r); err != nil {
		t.Fatalf("GET %v: %v\n%s", v, err, body)
	}
	return r, string(body)
}

// yazClient returns the path of yaz-client, or skips (fails under
// KIRJASTO_TEST_STRICT=1) without it.
func yazClient(t *testing.T) string {
	path, err := exec.LookPath("yaz-client")
	if err != nil {
		const how = "yaz-client not found: install the Debian package yaz (apt-get install yaz) to run the SRU client test"
		if os.Getenv("KIRJASTO_TEST_STRICT") == "1" {
			t.Fatal(how + " (KIRJASTO_TEST_STRICT=1 makes this a failure)")
		}
		t.Skip(how)
	}
	return path
}

func TestYazClient(t *testing.T) {
	yaz := yazClient(t)
	s := newServer(t, 60)
	for _, method := range []string{"get 1.2", "post 1.2", "get 2.0", "post 2.0"} {
		t.Run(method, func(t *testing.T) {
			cmds := filepath.Join(t.TempDir(), "commands")
			script := "sru " + method + "\nopen " + s.URL + "/sru\nquerytype cql\nformat xml\n" +
				"find dc.title = \"seitsemän veljestä\"\nshow 1\n" +
				"schema dc\nfind dc.creator = jansson\nshow 1+3\n" +
				"scan dc.title = muumi\nquit\n"
			if err := os.WriteFile(cmds, []byte(script), 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			out, err := exec.CommandContext(ctx, yaz, "-f", cmds).CombinedOutput()
			if err != nil {
				t.Fatalf("yaz-client: %v\n%s", err, out)
			}
			t.Logf("yaz-client output:\n%s", out)
			// Every title of the Jansson records shown must be in the output.
			var jansson []string
			for _, r := range s.recs {
				if strings.Contains(r.MainAuthor(), "Jansson") {
					jansson = append(jansson, r.Title)
				}
			}
			if len(jansson) == 0 {
				t.Fatal("the demo catalogue has no Jansson: pick another author")
			}
			for _, want := range []string{"<subfield code=\"a\">Seitsemän veljestä</subfield>", "Number of hits: ", "<dc:creator>Jansson, Tove</dc:creator>",
				"Received SRW Scan Response\nMuumipeikko ja pyrstötähti: "} {
				if !strings.Contains(string(out), want) {
					t.Errorf("yaz-client output lacks %q", want)
				}
			}
			found := 0
			for _, title := range jansson {
				if strings.Contains(string(out), title) {
					found++
				}
			}
			if found == 0 {
				t.Errorf("yaz-client shows none of the Jansson titles %q", jansson)
			}
		})
	}
}

func TestSearchRetrieve(t *testing.T) {
	s := newServer(t, 60)
	for _, version := range []string{"1.2", "2.0"} {
		t.Run(version, func(t *testing.T) {
			wantNS := map[string]string{"1.2": "http://www.loc.gov/zing/srw/", "2.0": "http://docs.oasis-open.org/ns/search-ws/sruResponse"}[version]
			r, _ := s.get(t, "operation", "searchRetrieve", "version", version, "query", "dc.creator = jansson", "maximumRecords", "2")
			if r.XMLName.Space != wantNS || r.XMLName.Local != "searchRetrieveResponse" || r.Version != version {
				t.Errorf("response %v version %q, want searchRetrieveResponse in %s", r.XMLName, r.Version, wantNS)
			}
			if r.NumberOfRecords != 3 || len(r.Records) != 2 || r.Next != 3 {
				t.Fatalf("%d hits, %d records, next %d; want 3, 2, 3", r.NumberOfRecords, len(r.Records), r.Next)
			}
			if r.Records[0].Position != 1 || r.Records[1].Position != 2 || !strings.Contains(r.Records[0].Data.Inner, "Jansson, Tove") {
				t.Errorf("records %+v", r.Records)
			}
			// The last page, in Dublin Core, escaped as a string.
			packing := map[string]string{"1.2": "recordPacking", "2.0": "recordXMLEscaping"}[version]
			r, _ = s.get(t, "operation", "searchRetrieve", "version", version, "query", "dc.creator = jansson",
				"startRecord", "3", "recordSchema", "dc", packing, "string")
			if len(r.Records) != 1 || r.Next != 0 || r.Records[0].Position != 3 {
				t.Fatalf("last page: %+v", r)
			}
			rec := r.Records[0]
			if rec.Schema != "info:srw/schema/1/dc-v1.1" || rec.Packing+rec.Escaping != "string" ||
				!strings.Contains(rec.Data.Inner, "&lt;dc:creator&gt;Jansson, Tove&lt;/dc:creator&gt;") {
				t.Errorf("string-packed DC record: %+v", rec)
			}
		})
	}
	r, _ := s.get(t, "query", `"seitsemän veljestä" sortBy dc.date/sort.descending`, "maximumRecords", "0")
	if r.Version != "2.0" || r.NumberOfRecords == 0 || len(r.Records) != 0 {
		t.Errorf("SRU 2.0 count-only search: %+v", r)
	}
}

func TestDiagnostics(t *testing.T) {
	s := newServer(t, 10)
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"version", []string{"operation", "explain", "version", "3.0"}, "5"},
		{"operation", []string{"operation", "update", "version", "1.2"}, "4"},
		{"no query", []string{"operation", "searchRetrieve", "version", "1.2"}, "7"},
		{"syntax", []string{"operation", "searchRetrieve", "version", "1.2", "query", "(kivi"}, "13"},
		{"syntax 2", []string{"operation", "searchRetrieve", "version", "1.2", "query", "kivi and"}, "10"},
		{"index", []string{"operation", "searchRetrieve", "version", "1.2", "query", "dc.format = x"}, "16"},
		{"proximity", []string{"operation", "searchRetrieve", "version", "1.2", "query", "a prox b"}, "39"},
		{"start", []string{"operation", "searchRetrieve", "version", "1.2", "query", "kivi", "startRecord", "0"}, "6"},
		{"past the end", []string{"operation", "searchRetrieve", "version", "1.2", "query", "seitsemän", "startRecord", "500"}, "61"},
		{"schema", []string{"operation", "searchRetrieve", "version", "1.2", "query", "kivi", "recordSchema", "mods"}, "66"},
		{"packing", []string{"operation", "searchRetrieve", "version", "1.2", "query", "kivi", "recordPacking", "json"}, "71"},
		{"sortKeys", []string{"operation", "searchRetrieve", "version", "1.1", "query", "kivi", "sortKeys", "title"}, "80"},
		{"scan index", []string{"operation", "scan", "version", "1.2", "scanClause", "bath.isbn = 978"}, "16"},
		{"scan position", []string{"operation", "scan", "version", "1.2", "scanClause", "dc.title = muu", "responsePosition", "5"}, "120"},
		{"scan clause", []string{"operation", "scan", "version", "2.0", "scanClause", "a and b"}, "47"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, body := s.get(t, tc.args...)
			if len(r.Diagnostics) != 1 || r.Diagnostics[0] != "info:srw/diagnostic/1/"+tc.want {
				t.Errorf("%v: diagnostics %v, want %s\n%s", tc.args, r.Diagnostics, tc.want, body)
			}
		})
	}
}

func TestExplainAndScan(t *testing.T) {
	s := newServer(t, 60)
	r, body := s.get(t, "operation", "explain", "version", "1.2")
	if r.XMLName.Local != "explainResponse" || r.Explain != "Kirjasto" || !strings.Contains(body, `<zr:name set="bath">isbn</zr:name>`) {
		t.Errorf("explain:\n%s", body)
	}
	r, _ = s.get(t) // SRU 2.0: no parameters is explain
	if r.XMLName.Local != "explainResponse" || r.Version != "2.0" {
		t.Errorf("bare request answered %v version %s", r.XMLName, r.Version)
	}
	r, body = s.get(t, "operation", "scan", "version", "1.2", "scanClause", "dc.creator = jans")
	if len(r.Terms) == 0 || r.Terms[0].Value != "Jansson, Tove" || r.Terms[0].Count != 3 {
		t.Errorf("scan of creators: %+v\n%s", r.Terms, body)
	}
}
