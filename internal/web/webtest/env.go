package webtest

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/marc"
	"github.com/kirjasto/kirjasto/internal/realtime"
	"github.com/kirjasto/kirjasto/internal/search"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Now is Monday 23 November 2026, 9.30 in Helsinki: Oodi is open,
// Kallio is in its self-service hours, Sello is closed for an exception
// and Tapiola is closed on Mondays.
var Now = time.Date(2026, 11, 23, 9, 30, 0, 0, library.Helsinki)

// Env is a web server on a real store and a real search index.
type Env struct {
	DB      *store.DB
	Index   *search.Index
	Srv     *web.Server
	Bundle  *i18n.Bundle
	Broker  *realtime.Broker // the servers' live events (NewBroker)
	Records map[string]int64 // record ID by SourceID
}

// ForEachEnv runs fn on a fresh environment for each database dialect
// the store's test helper offers.
func ForEachEnv(t *testing.T, fn func(t *testing.T, e *Env)) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		fn(t, NewEnv(t, db))
	})
}

// NewEnv returns the environment on db: the test consortium and records,
// indexed, and a server without circulation.
func NewEnv(t testing.TB, db *store.DB) *Env {
	t.Helper()
	ctx := context.Background()
	c := Consortium()
	if err := db.PutConsortium(ctx, c); err != nil {
		t.Fatal(err)
	}
	recs := Records()
	res, err := db.UpsertRecords(ctx, recs)
	if err != nil {
		t.Fatal(err)
	}
	e := &Env{DB: db, Records: map[string]int64{}, Broker: NewBroker(t, db)}
	for i, r := range res {
		e.Records[recs[i].Record.SourceID] = r.ID
	}
	e.Index = search.New(search.Config{Branches: search.BranchCities(c.Branches), Now: func() time.Time { return Now }})
	if err := e.Index.Rebuild(ctx, db, nil); err != nil {
		t.Fatal(err)
	}
	e.Bundle, err = i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	e.Srv, err = NewServer(web.Config{Store: db, Search: e.Index, I18n: e.Bundle, Now: func() time.Time { return Now }, PageSize: 10,
		Broker: e.Broker})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// Msg translates id with args, name and value pairs.
func (e *Env) Msg(lang, id string, args ...any) string {
	return e.Bundle.T(lang, id, Pairs(args...))
}

// Get requests path with optional headers ("Name: value") and returns
// the response with its body read, without the markup that isolates data
// (WithoutBdi).
func (e *Env) Get(t testing.TB, path string, headers ...string) (*http.Response, string) {
	t.Helper()
	resp, body := e.GetRaw(t, path, headers...)
	return resp, WithoutBdi(body)
}

// bdiRE matches the markup that isolates data in pages (bidi.go).
var bdiRE = regexp.MustCompile(`</?bdi[^>]*>`)

// WithoutBdi returns a page without the markup that isolates its data, so
// that a test can look for a message with its arguments as one string.
// TestBidi looks at the markup itself.
func WithoutBdi(body string) string { return bdiRE.ReplaceAllString(body, "") }

// GetRaw is get with the page as the server sent it.
func (e *Env) GetRaw(t testing.TB, path string, headers ...string) (*http.Response, string) {
	t.Helper()
	req := newRequest(http.MethodGet, path, nil)
	addHeaders(req, headers)
	return serve(e.Srv, req)
}

// newRequest returns a request to the test site; form, when not nil, is
// its body.
func newRequest(method, path string, form url.Values) *http.Request {
	if form == nil {
		return httptest.NewRequest(method, "http://kirjasto.test"+path, nil)
	}
	req := httptest.NewRequest(method, "http://kirjasto.test"+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

// addHeaders adds headers, each "Name: value", to req.
func addHeaders(req *http.Request, headers []string) {
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Add(k, v)
	}
}

// serve answers req with srv and returns the response with its body.
func serve(srv *web.Server, req *http.Request) (*http.Response, string) {
	w := httptest.NewRecorder()
	srv.Handler().ServeHTTP(w, req)
	return w.Result(), w.Body.String()
}

// Text is a text in four languages.
func Text(fi, sv, en, ru string) library.Text {
	return library.Text{"fi": fi, "sv": sv, "en": en, "ru": ru}
}

// Week is the same hours every day of the week.
func Week(staffed, self []library.Period) [7]library.Day {
	var w [7]library.Day
	for d := range w {
		w[d] = library.Day{Staffed: staffed, SelfService: self}
	}
	return w
}

// Hours is one period from open to close, in whole hours.
func Hours(open, close int) []library.Period {
	return []library.Period{{Open: library.NewClock(open, 0), Close: library.NewClock(close, 0)}}
}

// Consortium is the test consortium: Helsinki and Espoo with two branches
// each, Oodi, Kallio, Sello and Tapiola.
func Consortium() library.Consortium {
	oodi := library.Branch{
		ID: "hki-oodi", LibraryID: "helsinki", Name: Text("Keskustakirjasto Oodi", "Centrumbiblioteket Ode", "Central Library Oodi", "Центральная библиотека Оди"),
		Address: library.Address{Street: "Töölönlahdenkatu 4", PostalCode: "00100", City: Text("Helsinki", "Helsingfors", "Helsinki", "Хельсинки")},
		Phone:   "09 3108 5000", Email: "oodi@hel.fi",
		Services:      []string{"music-studio", "3d-printer", "sewing-machine", "cafe", "no-such-service"},
		Accessibility: Text("Esteetön sisäänkäynti.", "Tillgänglig ingång.", "Step-free entrance.", "Вход без ступенек."),
		Hours:         library.Hours{Weekly: Week(Hours(8, 21), nil)},
	}
	kallio := library.Branch{
		ID: "hki-kallio", LibraryID: "helsinki", Name: Text("Kallion kirjasto", "Berghälls bibliotek", "Kallio Library", "Библиотека Каллио"),
		Address: library.Address{Street: "Viides linja 11", PostalCode: "00530", City: Text("Helsinki", "Helsingfors", "Helsinki", "Хельсинки")},
		Hours:   library.Hours{Weekly: Week(Hours(10, 20), Hours(7, 10))},
	}
	sello := library.Branch{
		ID: "esp-sello", LibraryID: "espoo", Name: Text("Sellon kirjasto", "Sellobiblioteket", "Sello Library", "Библиотека Селло"),
		Address: library.Address{Street: "Leppävaarankatu 9", PostalCode: "02600", City: Text("Espoo", "Esbo", "Espoo", "Эспоо")},
		Hours: library.Hours{Weekly: Week(Hours(9, 20), nil), Exceptions: []library.Exception{
			{Date: library.Date{Year: 2026, Month: 11, Day: 23}, Day: library.Day{Note: Text("Henkilökunnan koulutuspäivä", "Personalens utbildningsdag", "Staff training day", "День обучения персонала")}},
			{Date: library.Date{Year: 2026, Month: 12, Day: 6}, Day: library.Day{Note: Text("Itsenäisyyspäivä", "Självständighetsdagen", "Independence Day", "День независимости")}},
			{Date: library.Date{Year: 2027, Month: 1, Day: 6}, Day: library.Day{Note: Text("Loppiainen", "Trettondagen", "Epiphany", "Крещение")}},
		}},
	}
	tapiola := library.Branch{
		ID: "esp-tapiola", LibraryID: "espoo", Name: Text("Tapiolan kirjasto", "Hagalunds bibliotek", "Tapiola Library", "Библиотека Тапиола"),
		Address: library.Address{Street: "Kulttuuriaukio 2", PostalCode: "02100", City: Text("Espoo", "Esbo", "Espoo", "Эспоо")},
		Hours:   library.Hours{Weekly: Week(Hours(10, 19), nil)},
	}
	tapiola.Hours.Weekly[time.Monday] = library.Day{}
	return library.Consortium{
		Name: Text("Helmet", "Helmet", "Helmet", "Helmet"),
		Libraries: []library.Library{
			{ID: "espoo", Name: Text("Espoon kaupunginkirjasto", "Esbo stadsbibliotek", "Espoo City Library", "Городская библиотека Эспоо")},
			{ID: "helsinki", Name: Text("Helsingin kaupunginkirjasto", "Helsingfors stadsbibliotek", "Helsinki City Library", "Городская библиотека Хельсинки")},
		},
		Branches: []library.Branch{sello, tapiola, kallio, oodi},
	}
}

// Records returns a few dozen records: two well-known ones the tests
// look at, and filler to make facets and paging real.
func Records() []library.RecordWithItems {
	due := time.Date(2026, 12, 7, 21, 59, 0, 0, time.UTC)
	recs := []library.RecordWithItems{
		{
			Record: library.Record{
				SourceID: "(TEST)1", Title: "Tuntematon sotilas", Subtitle: "romaani",
				Authors:  []library.Contributor{{Name: "Linna, Väinö", Role: "author"}, {Name: "Tiihonen, Pekka", Role: "narrator"}, {Name: "Someone", Role: "weird-role"}},
				Subjects: []string{"jatkosota", "sotilaat"}, Genres: []string{"sotaromaanit"},
				Language: "fin", Year: 1954, Publisher: "WSOY", Material: library.Book,
				ISBNs: []string{"9510096335"}, Series: "Suuri suomalainen kirjasto", Summary: "Jatkosodan kuvaus konekiväärikomppanian näkökulmasta.",
				Audience: library.AudienceAdult, Notes: []string{"Ensimmäinen painos 1954."},
			},
			Items: []library.Item{
				{Barcode: "T1-1", HomeBranch: "hki-oodi", Branch: "hki-oodi", CallNumber: "84.2 LIN", Shelf: "Aikuisten kirjat", Collection: "adult", Status: library.Available},
				{Barcode: "T1-2", HomeBranch: "hki-oodi", Branch: "hki-oodi", CallNumber: "84.2 LIN", Shelf: "Aikuisten kirjat", Collection: "adult", Status: library.Available},
				{Barcode: "T1-3", HomeBranch: "esp-sello", Branch: "esp-sello", CallNumber: "84.2 LIN", Shelf: "Kaunokirjallisuus", Collection: "adult", Status: library.OnLoan, DueAt: due},
				{Barcode: "T1-4", HomeBranch: "hki-kallio", Branch: "hki-kallio", CallNumber: "84.2 LIN", Collection: "adult", Status: library.InRepair},
			},
		},
		{
			Record: library.Record{
				SourceID: "(TEST)2", Title: "Муми-тролли", Authors: []library.Contributor{{Name: "Янссон, Туве", Role: "author"}},
				Language: "rus", Year: 2015, Material: library.EBook, Audience: library.AudienceChildren,
				Links: []library.Link{
					{URL: "https://ekirjasto.example/muumi", Text: "Ellibs"},
					{URL: "javascript:alert(1)", Text: "Haitallinen"}, // never a link
					{URL: "http://ekirjasto.example/muumi/sisallys"},
				},
			},
		},
	}
	src := &marc.Record{}
	copy(src.Leader[:], "00000cam a2200000 i 4500")
	src.AddControl("001", "000123")
	src.AddData("245", '1', '0', "a", "Seitsemän veljestä /", "c", "Aleksis Kivi.")
	src.AddData("590", ' ', ' ', "a", "Vain lähdetietueessa.")
	data, err := marc.Marshal(src)
	if err != nil {
		panic(err)
	}
	recs = append(recs, library.RecordWithItems{Record: library.Record{
		SourceID: "(TEST)3", Title: "Seitsemän veljestä", Authors: []library.Contributor{{Name: "Kivi, Aleksis"}},
		Language: "fin", Year: 1870, Material: library.Book, MARC: data,
	}})
	materials := []library.Material{library.Book, library.CD, library.DVD, library.AudioBook, library.BoardGame}
	langs := []string{"fin", "swe", "eng"}
	branches := []string{"hki-oodi", "hki-kallio", "esp-sello", "esp-tapiola"}
	for i := range 30 {
		r := library.RecordWithItems{Record: library.Record{
			SourceID: fmt.Sprintf("(TEST)f%d", i),
			Title:    fmt.Sprintf("Kirjaston kokoelma %d", i),
			Authors:  []library.Contributor{{Name: fmt.Sprintf("Kirjoittaja %d", i%4), Role: "author"}},
			Subjects: []string{"kirjastot"}, Language: langs[i%3], Year: 1990 + i,
			Material: materials[i%len(materials)], Audience: library.AudienceAdult,
		}}
		for j := range 2 {
			st := library.Available
			if (i+j)%3 == 0 {
				st = library.OnLoan
			}
			b := branches[(i+j)%4]
			it := library.Item{Barcode: fmt.Sprintf("F%d-%d", i, j), HomeBranch: b, Branch: b, CallNumber: "027", Status: st}
			if st == library.OnLoan {
				it.DueAt = due
			}
			r.Items = append(r.Items, it)
		}
		recs = append(recs, r)
	}
	return recs
}

// ServerAt is the environment's site with the clock at now.
func (e *Env) ServerAt(t *testing.T, now time.Time) *web.Server {
	t.Helper()
	srv, err := NewServer(web.Config{Store: e.DB, Search: e.Index, I18n: e.Bundle, Now: func() time.Time { return now },
		Broker: e.Broker})
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// Langs are the languages most page tests walk.
var Langs = []string{"fi", "sv", "en", "ru"}

// RecordPath returns the page of a test record by its source ID.
func (e *Env) RecordPath(source string) string {
	return "/records/" + strconv.FormatInt(e.Records[source], 10)
}

// ICalLines checks the framing of an iCalendar body (CRLF line ends, at
// most 75 octets a line, folds on rune boundaries) and returns its
// unfolded content lines.
func ICalLines(t *testing.T, body string) []string {
	t.Helper()
	if !strings.HasSuffix(body, "\r\n") {
		t.Errorf("body does not end in CRLF")
	}
	raw := strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n")
	var lines []string
	for i, l := range raw {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i, l)
		}
		if strings.HasPrefix(l, " ") && len(lines) > 0 {
			lines[len(lines)-1] += l[1:]
		} else {
			lines = append(lines, l)
		}
	}
	return lines
}

// ICalEvents returns the lines of each event of a calendar's lines.
func ICalEvents(lines []string) [][]string {
	var evs [][]string
	var cur []string
	for _, l := range lines {
		switch {
		case l == "BEGIN:VEVENT":
			cur = []string{}
		case l == "END:VEVENT":
			evs = append(evs, cur)
			cur = nil
		case cur != nil:
			cur = append(cur, l)
		}
	}
	return evs
}

// RawIDs returns the message ids of lang that appear in body: a page
// should show the messages, never their ids.
func RawIDs(b *i18n.Bundle, lang, body string) []string {
	var ids []string
	for _, w := range maybeID.FindAllString(body, -1) {
		if b.Has(lang, w) || b.Has(i18n.Default, w) { // an id lang lacks shows raw too
			ids = append(ids, w)
		}
	}
	return ids
}

// ParseSource parses the non-test source files of all the web packages
// (the core and every area), for tests that read what the code
// registers wherever it is registered.
func ParseSource(t *testing.T) []*ast.File {
	t.Helper()
	_, self, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("webtest: cannot find its own source")
	}
	root := filepath.Dir(filepath.Dir(self)) // internal/web
	var out []*ast.File
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "testdata" {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			return err
		}
		out = append(out, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// maybeID matches what could be a message id: words joined by dots.
var maybeID = regexp.MustCompile(`[a-z][a-z0-9_]*(?:\.[a-z0-9_-]+)+`)
