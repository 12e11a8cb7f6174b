package oai_test

import (
	"context"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/oai"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/testenv"
)

// envelope is the part of a response the tests read.
type envelope struct {
	ResponseDate string `xml:"responseDate"`
	Request      struct {
		Verb string `xml:"verb,attr"`
		URL  string `xml:",chardata"`
	} `xml:"request"`
	Error *struct {
		Code string `xml:"code,attr"`
		Text string `xml:",chardata"`
	} `xml:"error"`
	Identify struct {
		DeletedRecord     string `xml:"deletedRecord"`
		Granularity       string `xml:"granularity"`
		EarliestDatestamp string `xml:"earliestDatestamp"`
	} `xml:"Identify"`
	Formats []string `xml:"ListMetadataFormats>metadataFormat>metadataPrefix"`
	Sets    []string `xml:"ListSets>set>setSpec"`
	Lists   []list   `xml:",any"`
}

type list struct {
	XMLName xml.Name
	Headers []header `xml:"header"`
	Records []struct {
		Header header `xml:"header"`
		Title  string `xml:"metadata>dc>title"`
		Leader string `xml:"metadata>record>leader"`
	} `xml:"record"`
	Token *struct {
		Cursor int    `xml:"cursor,attr"`
		Value  string `xml:",chardata"`
	} `xml:"resumptionToken"`
}

type header struct {
	Status     string   `xml:"status,attr"`
	Identifier string   `xml:"identifier"`
	Datestamp  string   `xml:"datestamp"`
	Sets       []string `xml:"setSpec"`
}

// repo is a repository over a store with a demo catalogue.
type repo struct {
	t      *testing.T
	db     *store.DB
	srv    *httptest.Server
	n      int    // demo records stored so far
	schema string // every response is validated against it
}

func newRepo(t *testing.T, db *store.DB, records, pageSize int) *repo {
	c := demo.Consortium(2026)
	if err := db.PutConsortium(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	h := oai.New(oai.Config{Harvester: db, Libraries: db.Libraries, PageSize: pageSize})
	r := &repo{t: t, db: db, srv: httptest.NewServer(h), schema: harvestSchema(t)}
	t.Cleanup(r.srv.Close)
	r.add(records)
	return r
}

// add stores the next n records of the demo catalogue.
func (r *repo) add(n int) []int64 {
	r.t.Helper()
	var recs []library.RecordWithItems
	i := 0
	for rec := range demo.Records(1, r.n+n, demo.Consortium(2026), time.Now()) {
		if i >= r.n {
			recs = append(recs, rec)
		}
		i++
	}
	r.n += n
	res, err := r.db.UpsertRecords(context.Background(), recs)
	if err != nil {
		r.t.Fatal(err)
	}
	var ids []int64
	for _, x := range res {
		ids = append(ids, x.ID)
	}
	return ids
}

// deleteOne deletes the first of ids that has no copy on loan (demo
// records are on loan at random) and returns its ID.
func (r *repo) deleteOne(ids []int64) int64 {
	r.t.Helper()
	for _, id := range ids {
		err := r.db.DeleteRecord(context.Background(), id)
		if err == nil {
			return id
		}
		if library.ErrorCode(err) != library.ECONFLICT {
			r.t.Fatal(err)
		}
	}
	r.t.Fatal("every record has a copy on loan")
	return 0
}

func (r *repo) get(args ...string) envelope {
	r.t.Helper()
	v := url.Values{}
	for i := 0; i+1 < len(args); i += 2 {
		v.Add(args[i], args[i+1])
	}
	resp, err := http.Get(r.srv.URL + "?" + v.Encode())
	if err != nil {
		r.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		r.t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/xml") {
		r.t.Fatalf("GET %v: %s %s\n%s", v, resp.Status, resp.Header.Get("Content-Type"), body)
	}
	testenv.ValidateXML(r.t, r.schema, body)
	var e envelope
	if err := xml.Unmarshal(body, &e); err != nil {
		r.t.Fatalf("GET %v: %v\n%s", v, err, body)
	}
	return e
}

// harvest runs a list request to its end, calling between after each page,
// and returns the identifiers listed with their datestamps.
func (r *repo) harvest(between func(), args ...string) (ids []string, titles int) {
	r.t.Helper()
	verb := args[1]
	e := r.get(args...)
	for pages := 0; ; pages++ {
		if e.Error != nil {
			r.t.Fatalf("%v: error %s: %s", args, e.Error.Code, e.Error.Text)
		}
		if len(e.Lists) != 1 || e.Lists[0].XMLName.Local != verb {
			r.t.Fatalf("%v: response has %v, want one %s", args, e.Lists, verb)
		}
		l := e.Lists[0]
		for _, h := range l.Headers {
			ids = append(ids, h.Identifier)
		}
		for _, rec := range l.Records {
			ids = append(ids, rec.Header.Identifier)
			if rec.Title != "" || rec.Leader != "" {
				titles++
			}
		}
		if l.Token == nil || l.Token.Value == "" {
			return ids, titles
		}
		if pages > 1000 {
			r.t.Fatal("harvest does not end")
		}
		if between != nil {
			between()
		}
		e = r.get("verb", verb, "resumptionToken", l.Token.Value)
	}
}

func identifiers(ids []int64) []string {
	var s []string
	for _, id := range ids {
		s = append(s, oai.IdentifierPrefix+fmt.Sprint(id))
	}
	return s
}

func TestHarvestEveryRecordOnce(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		r := newRepo(t, db, 0, 40)
		want := identifiers(r.add(500))
		slices.Sort(want)
		for _, tc := range []struct {
			verb, prefix string
		}{
			{"ListRecords", "oai_dc"},
			{"ListRecords", "marc21"},
			{"ListIdentifiers", "oai_dc"},
		} {
			t.Run(tc.verb+"/"+tc.prefix, func(t *testing.T) {
				start := r.get("verb", "Identify").ResponseDate
				// New records arrive between every two pages.
				got, withMetadata := r.harvest(func() { r.add(7) }, "verb", tc.verb, "metadataPrefix", tc.prefix)
				slices.Sort(got)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("harvest (-want +got):\n%s", diff)
				}
				if tc.verb == "ListRecords" && withMetadata != len(got) {
					t.Errorf("%d of %d records have metadata", withMetadata, len(got))
				}
				// The records added meanwhile are the next harvest's.
				added, _ := r.harvest(nil, "verb", tc.verb, "metadataPrefix", tc.prefix, "from", start)
				if len(added) < 7 {
					t.Errorf("harvest from %s listed %d records, want at least the 7 added", start, len(added))
				}
				want = append(want, added...)
				slices.Sort(want)
				want = slices.Compact(want)
			})
		}
	})
}

func TestHarvestDeletedAndSets(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		r := newRepo(t, db, 80, 100)
		e := r.get("verb", "ListIdentifiers", "metadataPrefix", "marc21", "set", "material:book")
		if e.Error != nil || len(e.Lists) == 0 || len(e.Lists[0].Headers) == 0 {
			t.Fatalf("no books listed: %+v", e)
		}
		var books []int64
		for _, h := range e.Lists[0].Headers {
			if !slices.Contains(h.Sets, "material:book") {
				t.Errorf("header of a book has sets %v", h.Sets)
			}
			var id int64
			fmt.Sscanf(strings.TrimPrefix(h.Identifier, oai.IdentifierPrefix), "%d", &id)
			books = append(books, id)
		}
		id := r.deleteOne(books)
		victim := e.Lists[0].Headers[slices.Index(books, id)]
		rec := r.get("verb", "GetRecord", "identifier", victim.Identifier, "metadataPrefix", "oai_dc")
		if rec.Error != nil || len(rec.Lists) != 1 || len(rec.Lists[0].Records) != 1 {
			t.Fatalf("GetRecord of a deleted record: %+v", rec)
		}
		h := rec.Lists[0].Records[0].Header
		if h.Status != "deleted" || !slices.Equal(h.Sets, victim.Sets) {
			t.Errorf("deleted record's header %+v, want status deleted and sets %v", h, victim.Sets)
		}
		ids, _ := r.harvest(nil, "verb", "ListRecords", "metadataPrefix", "oai_dc", "set", "material:book")
		if !slices.Contains(ids, victim.Identifier) {
			t.Errorf("the deleted book is not in its set's harvest")
		}
		if got := r.get("verb", "Identify").Identify.DeletedRecord; got != "persistent" {
			t.Errorf("deletedRecord %q", got)
		}
		sets := r.get("verb", "ListSets").Sets
		for _, s := range []string{"library", "library:espoo", "library:helsinki", "material", "material:book", "material:dvd"} {
			if !slices.Contains(sets, s) {
				t.Errorf("ListSets lacks %s: %v", s, sets)
			}
		}
		if got := r.get("verb", "ListMetadataFormats").Formats; !slices.Equal(got, []string{"oai_dc", "marc21"}) {
			t.Errorf("formats %v", got)
		}
	})
}

func TestErrors(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	r := newRepo(t, db, 3, 10)
	e := r.get("verb", "ListIdentifiers", "metadataPrefix", "oai_dc")
	stamp := e.Lists[0].Headers[0].Datestamp
	deleted := r.deleteOne(r.add(10))
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no verb", nil, oai.BadVerb},
		{"unknown verb", []string{"verb", "Harvest"}, oai.BadVerb},
		{"two verbs", []string{"verb", "Identify", "verb", "Identify"}, oai.BadVerb},
		{"argument not allowed", []string{"verb", "Identify", "set", "x"}, oai.BadArgument},
		{"missing prefix", []string{"verb", "ListRecords"}, oai.BadArgument},
		{"missing identifier", []string{"verb", "GetRecord", "metadataPrefix", "oai_dc"}, oai.BadArgument},
		{"repeated argument", []string{"verb", "ListRecords", "metadataPrefix", "oai_dc", "metadataPrefix", "oai_dc"}, oai.BadArgument},
		{"token not exclusive", []string{"verb", "ListRecords", "metadataPrefix", "oai_dc", "resumptionToken", "x"}, oai.BadArgument},
		{"bad from", []string{"verb", "ListRecords", "metadataPrefix", "oai_dc", "from", "yesterday"}, oai.BadArgument},
		{"from with zone", []string{"verb", "ListRecords", "metadataPrefix", "oai_dc", "from", "2020-01-01T00:00:00+02:00"}, oai.BadArgument},
		{"mixed granularity", []string{"verb", "ListRecords", "metadataPrefix", "oai_dc", "from", "2020-01-01", "until", "2021-01-01T00:00:00Z"}, oai.BadArgument},
		{"from after until", []string{"verb", "ListRecords", "metadataPrefix", "oai_dc", "from", "2021-01-02", "until", "2021-01-01"}, oai.BadArgument},
		{"garbage token", []string{"verb", "ListRecords", "resumptionToken", "not-a-token"}, oai.BadResumptionToken},
		{"sets token", []string{"verb", "ListSets", "resumptionToken", "x"}, oai.BadResumptionToken},
		{"unknown format", []string{"verb", "ListRecords", "metadataPrefix", "mods"}, oai.CannotDisseminateFormat},
		{"unknown format of record", []string{"verb", "GetRecord", "metadataPrefix", "mods", "identifier", oai.IdentifierPrefix + "1"}, oai.CannotDisseminateFormat},
		{"no such record", []string{"verb", "GetRecord", "metadataPrefix", "oai_dc", "identifier", oai.IdentifierPrefix + "99999"}, oai.IDDoesNotExist},
		{"foreign identifier", []string{"verb", "GetRecord", "metadataPrefix", "oai_dc", "identifier", "oai:elsewhere:1"}, oai.IDDoesNotExist},
		{"formats of no record", []string{"verb", "ListMetadataFormats", "identifier", oai.IdentifierPrefix + "99999"}, oai.IDDoesNotExist},
		{"formats of a deleted record", []string{"verb", "ListMetadataFormats", "identifier", oai.IdentifierPrefix + fmt.Sprint(deleted)}, oai.NoMetadataFormats},
		{"until before everything", []string{"verb", "ListRecords", "metadataPrefix", "oai_dc", "until", "1990-01-01"}, oai.NoRecordsMatch},
		{"unknown set", []string{"verb", "ListRecords", "metadataPrefix", "oai_dc", "set", "library:turku"}, oai.NoRecordsMatch},
		{"until second before first stamp", []string{"verb", "ListIdentifiers", "metadataPrefix", "oai_dc", "until", "2000-01-01T00:00:00Z"}, oai.NoRecordsMatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := r.get(tc.args...)
			if e.Error == nil {
				t.Fatalf("%v: no error, want %s", tc.args, tc.want)
			}
			if e.Error.Code != tc.want {
				t.Errorf("%v: error %s (%s), want %s", tc.args, e.Error.Code, e.Error.Text, tc.want)
			}
			if (tc.want == oai.BadVerb || tc.want == oai.BadArgument) && e.Request.Verb != "" {
				t.Errorf("%v: request echoed with verb %q after %s", tc.args, e.Request.Verb, tc.want)
			}
		})
	}
	// A token naming a set that does not exist is not one this repository gave.
	forged := base64.RawURLEncoding.EncodeToString([]byte("1\noai_dc\nlibrary:turku\n0\n1796270908834676\n2\n2"))
	if e := r.get("verb", "ListRecords", "resumptionToken", forged); e.Error == nil || e.Error.Code != oai.BadResumptionToken {
		t.Errorf("forged token: %+v, want badResumptionToken", e.Error)
	}

	// Requests may come by POST too.
	resp, err := http.PostForm(r.srv.URL, url.Values{"verb": {"Identify"}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "<deletedRecord>persistent</deletedRecord>") {
		t.Errorf("POST Identify: %s\n%s", resp.Status, body)
	}

	// A datestamp is a valid from and until, at second granularity.
	e = r.get("verb", "ListIdentifiers", "metadataPrefix", "oai_dc", "from", stamp, "until", stamp)
	if e.Error != nil || len(e.Lists[0].Headers) == 0 {
		t.Errorf("from=until=%s lists nothing: %+v", stamp, e.Error)
	}
}

// TestIdentifyAdminEmail checks the adminEmail of Identify: the one
// configured, else the postmaster of the host harvesters use, valid for
// the OAI-PMH schema either way (get validates every response).
func TestIdentifyAdminEmail(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	schema := harvestSchema(t)
	for _, tc := range []struct{ config, host, want string }{
		{"library@example.fi", "kirjasto.example.fi", "library@example.fi"},
		{"", "kirjasto.example.fi:8443", "postmaster@kirjasto.example.fi"},
		{"", "127.0.0.1:8080", "postmaster@localhost.localdomain"},
		{"", "localhost", "postmaster@localhost.localdomain"},
		{"", "[::1]:8080", "postmaster@localhost.localdomain"},
	} {
		h := oai.New(oai.Config{Harvester: db, AdminEmail: tc.config})
		req := httptest.NewRequest(http.MethodGet, "/oai?verb=Identify", nil)
		req.Host = tc.host
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		testenv.ValidateXML(t, schema, rec.Body.Bytes())
		if want := "<adminEmail>" + tc.want + "</adminEmail>"; !strings.Contains(rec.Body.String(), want) {
			t.Errorf("config %q, host %q: want %s in\n%s", tc.config, tc.host, want, rec.Body)
		}
	}
	for s, want := range map[string]bool{"library@example.fi": true, "a.b@c.d.fi": true, "admin@localhost": false,
		"": false, "library": false, "li brary@example.fi": false, "@example.fi": false} {
		if got := oai.ValidAdminEmail(s); got != want {
			t.Errorf("ValidAdminEmail(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestEveryVerbIsValid gets a live record in each format and its
// formats, so that every kind of response passes the schemas (the
// harvests, errors and deleted records are validated in the tests above).
func TestEveryVerbIsValid(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		r := newRepo(t, db, 30, 10)
		e := r.get("verb", "ListIdentifiers", "metadataPrefix", "marc21", "set", "library:espoo")
		if e.Error != nil || len(e.Lists) == 0 || len(e.Lists[0].Headers) == 0 {
			t.Fatalf("ListIdentifiers: %+v", e)
		}
		id := e.Lists[0].Headers[0].Identifier
		for _, prefix := range []string{"oai_dc", "marc21"} {
			rec := r.get("verb", "GetRecord", "identifier", id, "metadataPrefix", prefix)
			if rec.Error != nil || len(rec.Lists) != 1 || len(rec.Lists[0].Records) != 1 {
				t.Errorf("GetRecord %s %s: %+v", id, prefix, rec)
			}
		}
		if got := r.get("verb", "ListMetadataFormats", "identifier", id).Formats; len(got) != 2 {
			t.Errorf("formats of %s: %v", id, got)
		}
		r.get("verb", "Identify")
		r.get("verb", "ListSets")
	})
}
