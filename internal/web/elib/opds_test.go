package elib

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// opdsDir is the shared OPDS material (schemas and specifications),
// beside the repository, never copied into it.
const opdsDir = "../../../../shared/opds"

// opdsSchemas compiles OPDS 2's schemas with every OPDS and Readium
// schema loaded under its own $id, as they refer to each other, and
// returns the feed's, the publication's and the authentication
// document's.
func opdsSchemas(t *testing.T) (feedS, pubS, authS *jsonschema.Schema) {
	t.Helper()
	if _, err := os.Stat(opdsDir); err != nil {
		if os.Getenv("KIRJASTO_TEST_STRICT") == "1" {
			t.Fatalf("shared OPDS schemas missing: %v", err)
		}
		t.Skipf("shared OPDS schemas missing (%v): check out the shared data next to the repository as ../shared", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	// The library checks a URI template's braces in its path only, after
	// parsing it as a URL, so the "?" of OPDS's own search example,
	// "/search{?query}" (RFC 6570's form-style query), cuts the
	// expression in two. This check reads the expressions first.
	c.RegisterFormat(&jsonschema.Format{Name: "uri-template", Validate: validURITemplate})
	for _, sub := range []string{"opds2-schema", "webpub-schema"} {
		err := filepath.WalkDir(filepath.Join(opdsDir, sub), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
				return err
			}
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			doc, err := jsonschema.UnmarshalJSON(f)
			if err != nil {
				return err
			}
			id, _ := doc.(map[string]any)["$id"].(string)
			return c.AddResource(id, doc)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var ss [3]*jsonschema.Schema
	for i, id := range []string{"feed", "publication", "authentication"} {
		s, err := c.Compile("https://drafts.opds.io/schema/" + id + ".schema.json")
		if err != nil {
			t.Fatal(err)
		}
		ss[i] = s
	}
	return ss[0], ss[1], ss[2]
}

// validURITemplate checks an RFC 6570 template: expressions of
// variable names, optionally after an operator, and around them a URI
// reference.
func validURITemplate(v any) error {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	expr := regexp.MustCompile(`\{[+#./;?&]?[A-Za-z0-9_.%]+(:[0-9]+|\*)?(,[A-Za-z0-9_.%]+(:[0-9]+|\*)?)*\}`)
	rest := expr.ReplaceAllString(s, "")
	if strings.ContainsAny(rest, "{}") {
		return fmt.Errorf("%q: a malformed expression", s)
	}
	if _, err := url.Parse(rest); err != nil {
		return err
	}
	return nil
}

// validate checks a JSON answer against a schema.
func validate(t *testing.T, s *jsonschema.Schema, what, body string) {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s: %v\n%s", what, err, body)
	}
	if err := s.Validate(doc); err != nil {
		t.Fatalf("%s is not valid OPDS 2: %v\n%s", what, err, body)
	}
}

// opdsEnv is an ELibEnv with e-titles in the index and a patron who
// signs in with a card number and PIN.
type opdsEnv struct {
	*webtest.ELibEnv
	Reader     library.Patron
	Basic      string // the reader's Authorization header
	ReaderSess string // the reader's session cookie
}

const (
	readerCard = "20001"
	readerPIN  = "4321"
)

func newOPDSEnv(t *testing.T, e *webtest.ELibEnv) *opdsEnv {
	t.Helper()
	ctx := context.Background()
	p, err := e.DB.CreatePatron(ctx, library.Patron{CardNumber: readerCard, Name: "Lukija, Lea", PickupBranch: "esp-sello", HomeLibrary: "espoo"}, readerPIN)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := e.DB.NewSession(ctx, library.Session{PatronID: p.ID, Created: webtest.Now})
	if err != nil {
		t.Fatal(err)
	}
	req := http.Request{Header: http.Header{}}
	req.SetBasicAuth(readerCard, readerPIN)
	return &opdsEnv{ELibEnv: e, Reader: p, Basic: "Authorization: " + req.Header.Get("Authorization"),
		ReaderSess: "Cookie: kirjasto_session=" + sess.Token}
}

// titles catalogues n e-titles of one place each and indexes them.
func (o *opdsEnv) titles(t *testing.T, n int) []int64 {
	t.Helper()
	var ids []int64
	for range n {
		ids = append(ids, o.ETitle(t, webtest.OneCopy))
	}
	if err := o.Index.Rebuild(context.Background(), o.DB, nil); err != nil {
		t.Fatal(err)
	}
	return ids
}

// openTitle catalogues an open-access e-book, as an import of a
// distributor's open-access link makes it, and indexes it.
func (o *opdsEnv) openTitle(t *testing.T) int64 {
	t.Helper()
	ctx := context.Background()
	res, err := o.DB.UpsertRecords(ctx, []library.RecordWithItems{{Record: library.Record{SourceID: "(OPEN)1",
		Title: "Vapaa kirja", Material: library.EBook, Language: "fin",
		Links: []library.Link{{URL: "https://example.org/open/1.epub"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := o.DB.UpsertLicences(ctx, o.Admin, []library.Licence{{RecordID: res[0].ID, Distributor: webtest.ELibDistributor,
		Identifier: "open:1", Model: library.ModelOpenAccess, Status: library.LicenceActive,
		CheckoutURL: "https://example.org/open/1.epub", Formats: []string{"application/epub+zip"}}}, webtest.Now); err != nil {
		t.Fatal(err)
	}
	if err := o.Index.Rebuild(ctx, o.DB, nil); err != nil {
		t.Fatal(err)
	}
	return res[0].ID
}

// getJSON fetches an OPDS document and wants status and content type.
func (o *opdsEnv) getJSON(t *testing.T, method, path string, status int, ctype string, headers ...string) string {
	t.Helper()
	resp, body := o.DoRaw(t, method, path, nil, headers...)
	if resp.StatusCode != status || !strings.HasPrefix(resp.Header.Get("Content-Type"), ctype) {
		t.Fatalf("%s %s: %d %s, want %d %s\n%s", method, path, resp.StatusCode, resp.Header.Get("Content-Type"), status, ctype, body)
	}
	return body
}

// localPath turns an absolute link of a feed into the path to request.
func localPath(t *testing.T, href string) string {
	t.Helper()
	u, err := url.Parse(href)
	if err != nil || u.Host != "kirjasto.test" {
		t.Fatalf("link %q is not on the site", href)
	}
	return u.RequestURI()
}

// testFeed is what the tests read of an OPDS 2 feed.
type testFeed struct {
	Metadata struct {
		Title         string
		NumberOfItems int
	}
	Links        []link
	Navigation   []link
	Facets       []facetGroup
	Publications []publication
}

func decodeFeed(t *testing.T, body string) testFeed {
	t.Helper()
	var f testFeed
	if err := json.Unmarshal([]byte(body), &f); err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
	return f
}

func linkRel(ls []link, rel string) (link, bool) {
	for _, l := range ls {
		if l.Rel == rel {
			return l, true
		}
	}
	return link{}, false
}

func pubOf(f testFeed, id int64) (publication, bool) {
	suffix := "/opds/publications/" + strconv.FormatInt(id, 10)
	for _, p := range f.Publications {
		if self, ok := linkRel(p.Links, "self"); ok && strings.HasSuffix(self.Href, suffix) {
			return p, true
		}
	}
	return publication{}, false
}

func TestOPDSCatalogue(t *testing.T) {
	feedS, pubS, authS := opdsSchemas(t)
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		o := newOPDSEnv(t, e)
		ids := o.titles(t, 3)

		// The root: navigation for every feed, search as a URI template,
		// the shelf and the authentication document.
		body := o.getJSON(t, "GET", "/opds", 200, typeOPDS, "Accept-Language: fi")
		validate(t, feedS, "/opds", body)
		root := decodeFeed(t, body)
		if len(root.Navigation) != len(navigation) || root.Navigation[0].Title != o.Msg("fi", "opds.nav.ebooks") {
			t.Fatalf("root navigation %+v", root.Navigation)
		}
		if s, ok := linkRel(root.Links, "search"); !ok || !s.Templated || !strings.HasSuffix(s.Href, "/opds/search{?query}") {
			t.Fatalf("search link %+v", s)
		}
		for _, rel := range []string{relShelf, relAuthDoc, "self", "start"} {
			if _, ok := linkRel(root.Links, rel); !ok {
				t.Errorf("root has no %s link", rel)
			}
		}

		// Every navigation entry's feed is valid OPDS 2.
		for _, n := range root.Navigation {
			validate(t, feedS, n.Href, o.getJSON(t, "GET", localPath(t, n.Href), 200, typeOPDS))
		}
		// The e-books feed lists the titles, with metadata, availability
		// and a borrow link, and facets.
		body = o.getJSON(t, "GET", "/opds/publications?material=ebook", 200, typeOPDS, "Accept-Language: sv")
		f := decodeFeed(t, body)
		if f.Metadata.Title != o.Msg("sv", "opds.nav.ebooks") {
			t.Errorf("the e-books feed is titled %q", f.Metadata.Title)
		}
		rec, err := o.DB.Record(context.Background(), ids[0])
		if err != nil {
			t.Fatal(err)
		}
		if rec.Material != library.EBook {
			t.Skipf("the double's first title is %s, not an e-book", rec.Material)
		}
		p, ok := pubOf(f, ids[0])
		if !ok || p.Metadata.Title != rec.Title || f.Metadata.NumberOfItems < 1 || len(f.Facets) != 3 {
			t.Fatalf("the e-books feed lacks record %d (%q):\n%s", ids[0], rec.Title, body)
		}
		b, ok := linkRel(p.Links, relBorrow)
		if !ok || b.Properties == nil || b.Properties.Availability.State != "available" ||
			b.Properties.Copies == nil || b.Properties.Copies.Total != 1 || b.Properties.Copies.Available != 1 {
			t.Fatalf("borrow link %+v", b)
		}
		if len(rec.Authors) > 0 && (len(p.Metadata.Author) == 0 || p.Metadata.Author[0].Name != rec.Authors[0].Name) {
			t.Errorf("authors %+v, want %+v", p.Metadata.Author, rec.Authors)
		}

		// One publication, and search by a word of its title.
		body = o.getJSON(t, "GET", localPath(t, must(linkRel(p.Links, "self")).Href), 200, typeOPDSPub)
		validate(t, pubS, "the publication", body)
		word := longestWord(rec.Title)
		body = o.getJSON(t, "GET", "/opds/search?query="+url.QueryEscape(word), 200, typeOPDS)
		validate(t, feedS, "search", body)
		if _, ok := pubOf(decodeFeed(t, body), ids[0]); !ok {
			t.Fatalf("searching %q does not find record %d:\n%s", word, ids[0], body)
		}

		// Paging: page size 10 in the tests, so 3 titles fit one page;
		// a page past the end is a 404 problem.
		o.getJSON(t, "GET", "/opds/publications?page=9", 404, typeProblem)

		// Available now leaves out a title someone else has borrowed.
		o.Do(t, http.MethodPost, "/elib/"+strconv.FormatInt(ids[1], 10)+"/borrow", nil, o.AsPatron("en"))
		body = o.getJSON(t, "GET", "/opds/publications?available=now", 200, typeOPDS)
		validate(t, feedS, "available now", body)
		avail := decodeFeed(t, body)
		if _, ok := pubOf(avail, ids[1]); ok {
			t.Fatalf("available now lists the borrowed title:\n%s", body)
		}
		if _, ok := pubOf(avail, ids[0]); !ok {
			t.Fatalf("available now lacks a free title:\n%s", body)
		}
		// ... and the whole list shows it with Reserve behind the borrow
		// relation.
		p, _ = pubOf(decodeFeed(t, o.getJSON(t, "GET", "/opds/publications", 200, typeOPDS)), ids[1])
		if b, ok := linkRel(p.Links, relBorrow); !ok || !strings.HasSuffix(b.Href, "/reserve") || b.Properties.Availability.State != "unavailable" {
			t.Fatalf("a title with none free: %+v", p.Links)
		}

		// Open access: the download, in the open feed only.
		open := o.openTitle(t)
		body = o.getJSON(t, "GET", "/opds/publications?access=open", 200, typeOPDS, "Accept-Language: fi")
		validate(t, feedS, "open access", body)
		of := decodeFeed(t, body)
		if len(of.Publications) != 1 || of.Metadata.Title != o.Msg("fi", "opds.nav.open") {
			t.Fatalf("the open-access feed:\n%s", body)
		}
		if dl, ok := linkRel(of.Publications[0].Links, relOpenAccess); !ok || dl.Href != "https://example.org/open/1.epub" || dl.Type != "application/epub+zip" {
			t.Fatalf("the open-access download: %+v", of.Publications[0].Links)
		}
		if _, ok := pubOf(decodeFeed(t, o.getJSON(t, "GET", "/opds/publications?material=ebook", 200, typeOPDS)), open); !ok && rec.Material == library.EBook {
			t.Fatalf("the e-books feed lacks the open-access title")
		}

		// The authentication document.
		body = o.getJSON(t, "GET", "/opds/auth", 200, typeAuthDoc, "Accept-Language: sv")
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if err := authS.Validate(doc); err != nil {
			t.Fatalf("the authentication document: %v\n%s", err, body)
		}
		if !strings.Contains(body, "http://opds-spec.org/auth/basic") || !strings.Contains(body, o.Msg("sv", "opds.auth.card")) {
			t.Fatalf("the authentication document:\n%s", body)
		}

		// Bad input: a facet value nobody offers, an unknown record, a
		// print record.
		for _, path := range []string{"/opds/publications?material=book", "/opds/publications?available=yes"} {
			if b := o.getJSON(t, "GET", path, 400, typeProblem, "Accept-Language: fi"); !strings.Contains(b, o.Msg("fi", "opds.error.bad_facet")) {
				t.Errorf("%s: %s", path, b)
			}
		}
		o.getJSON(t, "GET", "/opds/publications/99999999", 404, typeProblem)
		o.getJSON(t, "GET", "/opds/publications/x", 404, typeProblem)
	})
}

func must(l link, ok bool) link {
	if !ok {
		panic("no such link")
	}
	return l
}

// longestWord is a word of a title to search for.
func longestWord(s string) string {
	best := ""
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127) }) {
		if len([]rune(w)) > len([]rune(best)) {
			best = w
		}
	}
	return best
}

func TestOPDSBorrowReturn(t *testing.T) {
	feedS, pubS, _ := opdsSchemas(t)
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		o := newOPDSEnv(t, e)
		ids := o.titles(t, 1)
		id := strconv.FormatInt(ids[0], 10)

		// Borrowing needs credentials: without, the authentication
		// document with 401 and a challenge.
		resp, body := o.DoRaw(t, http.MethodPost, "/opds/publications/"+id+"/borrow", nil)
		if resp.StatusCode != 401 || resp.Header.Get("Content-Type") != typeAuthDoc || !strings.Contains(strings.Join(resp.Header.Values("WWW-Authenticate"), " "), "Basic") {
			t.Fatalf("borrow without credentials: %d %s %v\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header, body)
		}

		// With card and PIN: 201, the publication with the distributor's
		// link, which serves the licence.
		body = o.getJSON(t, "POST", "/opds/publications/"+id+"/borrow", 201, typeOPDSPub, o.Basic)
		validate(t, pubS, "the borrowed publication", body)
		var p publication
		json.Unmarshal([]byte(body), &p)
		acq, ok := linkRel(p.Links, relAcquisition)
		if !ok || acq.Properties.Availability.State != "available" || acq.Properties.Availability.Until == "" {
			t.Fatalf("no acquisition link after borrowing:\n%s", body)
		}
		loans, err := o.DB.ELoans(context.Background(), o.Reader.ID, webtest.Now)
		if err != nil || len(loans) != 1 || loans[0].Link != acq.Href {
			t.Fatalf("loans %+v, %v; link %s", loans, err, acq.Href)
		}
		r, err := http.Get(acq.Href)
		if err != nil || r.StatusCode != 200 {
			t.Fatalf("GET the licence link: %v %v", r, err)
		}
		r.Body.Close()

		// The loan is on the shelf, with its return, and on My Account.
		body = o.getJSON(t, "GET", "/opds/loans", 200, typeOPDS, o.Basic)
		validate(t, feedS, "the shelf", body)
		shelf := decodeFeed(t, body)
		sp, ok := pubOf(shelf, ids[0])
		if !ok {
			t.Fatalf("the shelf lacks the loan:\n%s", body)
		}
		ret, ok := linkRel(sp.Links, relRevoke)
		if !ok || !strings.HasSuffix(ret.Href, "/opds/loans/"+strconv.FormatInt(loans[0].ID, 10)+"/return") {
			t.Fatalf("no return link: %+v", sp.Links)
		}
		if _, page := o.Do(t, "GET", "/account/elib", nil, o.ReaderSess); !strings.Contains(page, acq.Href) && !strings.Contains(page, strings.ReplaceAll(acq.Href, "&", "&amp;")) {
			t.Fatalf("My Account lacks the OPDS loan:\n%s", page)
		}

		// Borrowing again is refused in the patron's language.
		if b := o.getJSON(t, "POST", "/opds/publications/"+id+"/borrow", 409, typeProblem, o.Basic, "Accept-Language: sv"); !strings.Contains(b, o.Msg("sv", "error.elib_already_borrowed")) {
			t.Fatalf("borrowing twice: %s", b)
		}

		// Another patron's borrow becomes a hold: none is free.
		_, bobCookie := o.NewPatron(t, "1001", "Korhonen, Bo", "esp-sello")
		body = o.getJSON(t, "POST", "/opds/publications/"+id+"/borrow", 201, typeOPDSPub, "Cookie: "+bobCookie)
		json.Unmarshal([]byte(body), &p)
		if b, ok := linkRel(p.Links, relBorrow); !ok || b.Properties.Availability.State != "reserved" || b.Properties.Holds.Position != 1 {
			t.Fatalf("Bob's borrow with none free:\n%s", body)
		}
		if _, ok := linkRel(p.Links, relRevoke); !ok {
			t.Fatalf("Bob's hold has no cancel:\n%s", body)
		}

		// Return: 200, the shelf is empty, the distributor's loan ended
		// and Bob is offered the place.
		body = o.getJSON(t, "POST", localPath(t, ret.Href), 200, typeOPDSPub, o.Basic)
		validate(t, pubS, "the returned publication", body)
		if st, err := o.Client.LoanStatus(context.Background(), loans[0].StatusURL); err != nil || st.Open() {
			t.Fatalf("the distributor's loan after the return: %+v, %v", st, err)
		}
		shelf = decodeFeed(t, o.getJSON(t, "GET", "/opds/loans", 200, typeOPDS, o.Basic))
		if len(shelf.Publications) != 0 {
			t.Fatalf("the shelf after the return: %+v", shelf.Publications)
		}
		if _, page := o.Do(t, "GET", "/account/elib", nil, o.ReaderSess); !strings.Contains(page, o.Msg("en", "elib_web.account.no_loans")) && !strings.Contains(page, o.Msg("fi", "elib_web.account.no_loans")) {
			t.Fatalf("My Account still lists the returned loan:\n%s", page)
		}
		bobShelf := decodeFeed(t, o.getJSON(t, "GET", "/opds/loans", 200, typeOPDS, "Cookie: "+bobCookie))
		bp, _ := pubOf(bobShelf, ids[0])
		if b, ok := linkRel(bp.Links, relBorrow); !ok || b.Properties.Availability.State != "ready" {
			t.Fatalf("Bob's shelf after the return: %+v", bobShelf.Publications)
		}
		// Returning again: 404.
		o.getJSON(t, "POST", localPath(t, ret.Href), 404, typeProblem, o.Basic)
	})
}

// basic is the credentials of an Authorization: Basic header.
func basic(user, pass string) string {
	req := http.Request{Header: http.Header{}}
	req.SetBasicAuth(user, pass)
	return strings.TrimPrefix(req.Header.Get("Authorization"), "Basic ")
}

// tokenOnPage finds the token the reading apps page shows once.
var tokenOnPage = regexp.MustCompile(`id="new-token" type="text" value="([^"]+)"`)

func TestOPDSAuthentication(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		o := newOPDSEnv(t, e)

		// A wrong PIN: 401 with a problem document in the request's
		// language, and a challenge.
		req := http.Request{Header: http.Header{}}
		req.SetBasicAuth(readerCard, "9999")
		resp, body := o.DoRaw(t, "GET", "/opds/loans", nil, "Authorization: "+req.Header.Get("Authorization"), "Accept-Language: fi")
		var pd problemDoc
		json.Unmarshal([]byte(body), &pd)
		if resp.StatusCode != 401 || resp.Header.Get("Content-Type") != typeProblem || pd.Status != 401 ||
			pd.Detail != o.Msg("fi", "opds.error.bad_credentials") || resp.Header.Get("WWW-Authenticate") == "" {
			t.Fatalf("a wrong PIN: %d %v\n%s", resp.StatusCode, resp.Header, body)
		}
		// An unknown scheme.
		o.getJSON(t, "GET", "/opds/loans", 401, typeProblem, "Authorization: Digest x")

		// My Account makes a token, shown once; it opens the shelf.
		// POST, then 303 to the page that shows it, carried there in a
		// cookie sealed under the session.
		resp, page := o.Do(t, "POST", "/account/elib/apps", url.Values{"name": {"Tabletti"}}, o.ReaderSess, "Accept-Language: fi")
		if resp.StatusCode != 303 || resp.Header.Get("Location") != "/account/elib/apps?done=created" || strings.Contains(resp.Header.Get("Location"), "kirjasto_app_token") {
			t.Fatalf("making a token: %d %v\n%s", resp.StatusCode, resp.Header, page)
		}
		var sealed *http.Cookie
		for _, c := range resp.Cookies() {
			if c.Name == "kirjasto_app_token" {
				sealed = c
			}
		}
		if sealed == nil {
			t.Fatalf("making a token set no sealed cookie: %v", resp.Header)
		}
		resp, page = o.Do(t, "GET", "/account/elib/apps?done=created", nil, o.ReaderSess+"; kirjasto_app_token="+sealed.Value, "Accept-Language: fi")
		m := tokenOnPage.FindStringSubmatch(page)
		if resp.StatusCode != 200 || m == nil || resp.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("the page after making a token: %d\n%s", resp.StatusCode, page)
		}
		// The cookie opens under this session only.
		if _, other := o.Do(t, "GET", "/account/elib/apps", nil, o.AsPatron("fi")+"; kirjasto_app_token="+sealed.Value); strings.Contains(other, m[1]) {
			t.Fatal("another session's page shows the token")
		}
		bearer := "Authorization: Bearer " + m[1]
		o.getJSON(t, "GET", "/opds/loans", 200, typeOPDS, bearer)
		_, page = o.Do(t, "GET", "/account/elib/apps", nil, o.ReaderSess)
		if strings.Contains(page, m[1]) || !strings.Contains(page, "Tabletti") {
			t.Fatalf("the apps page shows the token again, or not the app:\n%s", page)
		}
		if _, page := o.Do(t, "GET", "/account/elib", nil, o.ReaderSess); !strings.Contains(page, `href="/account/elib/apps"`) {
			t.Fatalf("My Account's e-lending does not link the reading apps:\n%s", page)
		}
		// A name too long is refused.
		if resp, _ := o.Do(t, "POST", "/account/elib/apps", url.Values{"name": {strings.Repeat("x", 81)}}, o.ReaderSess); resp.StatusCode != 400 {
			t.Fatalf("a long name: %d", resp.StatusCode)
		}

		// Revoked: 401 with the token's own message.
		ts, err := o.DB.APITokens(context.Background(), o.Reader.ID, webtest.Now)
		if err != nil || len(ts) != 1 {
			t.Fatalf("tokens %+v, %v", ts, err)
		}
		resp, _ = o.Do(t, "POST", "/account/elib/apps/"+strconv.FormatInt(ts[0].ID, 10)+"/revoke", nil, o.ReaderSess)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/account/elib/apps?done=revoked" {
			t.Fatalf("revoking: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if b := o.getJSON(t, "GET", "/opds/loans", 401, typeProblem, bearer, "Accept-Language: sv"); !strings.Contains(b, o.Msg("sv", "opds.error.token")) {
			t.Fatalf("a revoked token: %s", b)
		}
		// Expired: made long ago.
		old, err := o.DB.NewAPIToken(context.Background(), o.Reader.ID, "old", webtest.Now.Add(-200*24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if b := o.getJSON(t, "GET", "/opds/publications", 401, typeProblem, "Authorization: Bearer "+old.Token, "Accept-Language: en"); !strings.Contains(b, o.Msg("en", "opds.error.token")) {
			t.Fatalf("an expired token: %s", b)
		}
		// Someone else's token ID cannot be revoked.
		if resp, _ := o.Do(t, "POST", "/account/elib/apps/"+strconv.FormatInt(old.ID, 10)+"/revoke", nil, o.AsPatron("en")); resp.StatusCode != 404 {
			t.Fatalf("revoking another's token: %d", resp.StatusCode)
		}

		// A card and PIN that held are remembered, but not past the
		// account's closing (and not past a PIN change: TestOPDSPINChange).
		ritaP, err := o.DB.CreatePatron(context.Background(), library.Patron{CardNumber: "20002", Name: "Suljettava, Rita", PickupBranch: "esp-sello", HomeLibrary: "espoo"}, "5555")
		if err != nil {
			t.Fatal(err)
		}
		ritaBasic := "Authorization: Basic " + basic("20002", "5555")
		o.getJSON(t, "GET", "/opds/loans", 200, typeOPDS, ritaBasic)
		if err := o.DB.CloseAccountByStaff(context.Background(), o.Admin, ritaP.ID, webtest.Now); err != nil {
			t.Fatal(err)
		}
		o.getJSON(t, "GET", "/opds/loans", 401, typeProblem, ritaBasic)

		// Basic counts as the sign-in form does: wrong PINs lock the card
		// (five in a window), even to the right PIN ...
		locked := false
		for range 5 {
			resp, _ := o.DoRaw(t, "GET", "/opds/loans", nil, "Authorization: "+req.Header.Get("Authorization"))
			if resp.StatusCode == http.StatusForbidden {
				locked = true
				break
			}
		}
		if !locked {
			t.Fatal("six wrong PINs did not lock the card")
		}
		resp, body = o.DoRaw(t, "GET", "/opds/loans", nil, o.Basic, "Accept-Language: en")
		if resp.StatusCode != 403 || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "urn:kirjasto:error:error.card_locked") {
			t.Fatalf("a locked card: %d %v\n%s", resp.StatusCode, resp.Header, body)
		}
		// ... and the address's attempts run out: 429.
		for i := range 10 {
			resp, _ = o.DoRaw(t, "GET", "/opds/loans", nil, "Authorization: Basic "+basic("3000"+strconv.Itoa(i), "1"))
			if resp.StatusCode == http.StatusTooManyRequests {
				break
			}
		}
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("many attempts from one address: %d", resp.StatusCode)
		}
	})
}

// atomFeed as the tests read it.
type testAtom struct {
	Title   string `xml:"title"`
	Links   []atomLink
	Entries []struct {
		Title string `xml:"title"`
		Links []struct {
			Rel          string `xml:"rel,attr"`
			Href         string `xml:"href,attr"`
			Availability *struct {
				Status string `xml:"status,attr"`
			} `xml:"http://opds-spec.org/2010/catalog availability"`
		} `xml:"link"`
	} `xml:"entry"`
}

func TestOPDS1(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		o := newOPDSEnv(t, e)
		ids := o.titles(t, 2)
		read := func(path string, ctype string, headers ...string) testAtom {
			t.Helper()
			body := o.getJSON(t, "GET", path, 200, ctype, headers...)
			var f testAtom
			if err := xml.Unmarshal([]byte(body), &f); err != nil {
				t.Fatalf("%s: %v\n%s", path, err, body)
			}
			return f
		}
		root := read("/opds/v1", typeAtomNav, "Accept-Language: fi")
		if root.Title != o.Msg("fi", "opds.root.title") || len(root.Entries) != len(navigation) {
			t.Fatalf("the Atom root: %+v", root)
		}
		all := read("/opds/v1/publications", typeAtomAcq)
		if len(all.Entries) != 2 {
			t.Fatalf("the Atom feed has %d entries, want 2", len(all.Entries))
		}
		found := false
		for _, en := range all.Entries {
			for _, l := range en.Links {
				if l.Rel == relBorrow && l.Availability != nil && l.Availability.Status == "available" {
					found = true
				}
			}
		}
		if !found {
			t.Fatalf("no borrow link with availability in %+v", all.Entries)
		}
		body := o.getJSON(t, "GET", "/opds/v1/opensearch.xml", 200, typeOpenSearch)
		if !strings.Contains(body, `template="http://kirjasto.test/opds/v1/search?query={searchTerms}"`) {
			t.Fatalf("OpenSearch description:\n%s", body)
		}
		// Borrow through OPDS 1: an entry with the acquisition link.
		body = o.getJSON(t, "POST", "/opds/v1/publications/"+strconv.FormatInt(ids[0], 10)+"/borrow", 201, typeAtomEntry, o.Basic)
		if !strings.Contains(body, `rel="`+relAcquisition+`"`) {
			t.Fatalf("the borrowed entry:\n%s", body)
		}
		loans := read("/opds/v1/loans", typeAtomAcq, o.Basic)
		if len(loans.Entries) != 1 {
			t.Fatalf("the Atom shelf: %+v", loans.Entries)
		}
		resp, _ := o.DoRaw(t, "GET", "/opds/v1/loans", nil)
		if resp.StatusCode != 401 {
			t.Fatalf("the Atom shelf without credentials: %d", resp.StatusCode)
		}
	})
}

func TestOPDSPINChange(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		o := newOPDSEnv(t, e)
		// A card and PIN that held are remembered, but not past a change
		// of the PIN: the old PIN is refused at once, the new one holds.
		pekkaP, err := o.DB.CreatePatron(context.Background(), library.Patron{CardNumber: "20003", Name: "Vaihtaja, Pekka", PickupBranch: "esp-sello", HomeLibrary: "espoo"}, "6666")
		if err != nil {
			t.Fatal(err)
		}
		o.getJSON(t, "GET", "/opds/loans", 200, typeOPDS, "Authorization: Basic "+basic("20003", "6666"))
		if err := o.DB.ChangePIN(context.Background(), pekkaP.ID, "6666", "7777", webtest.Now); err != nil {
			t.Fatal(err)
		}
		o.getJSON(t, "GET", "/opds/loans", 401, typeProblem, "Authorization: Basic "+basic("20003", "6666"))
		o.getJSON(t, "GET", "/opds/loans", 200, typeOPDS, "Authorization: Basic "+basic("20003", "7777"))

	})
}
