package odl_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/odl"
	"github.com/kirjasto/kirjasto/internal/odl/odltest"
)

var start = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

func readFeed(t *testing.T, c *odl.Client, src string) *odl.Feed {
	t.Helper()
	f, err := c.ReadFeed(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// rawFeed reads every page of the double's feed as plain JSON: what the
// parser's results are compared with.
func rawFeed(t *testing.T, url string) []map[string]any {
	t.Helper()
	var pubs []map[string]any
	for url != "" {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			Links []struct {
				Rel, Href string
			}
			Publications []map[string]any
		}
		err = json.NewDecoder(resp.Body).Decode(&page)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		pubs = append(pubs, page.Publications...)
		url = ""
		for _, l := range page.Links {
			if l.Rel == "next" {
				url = l.Href
			}
		}
	}
	return pubs
}

func TestReadFeedRoundTrip(t *testing.T) {
	srv := httptest.NewServer(odltest.New(odltest.Options{Seed: 3, N: 230, PageSize: 50, Start: start}))
	defer srv.Close()
	c := &odl.Client{Distributor: "demo"}
	f := readFeed(t, c, srv.URL+odltest.FeedPath)
	if len(f.Problems) != 0 {
		t.Fatalf("problems reading the double's feed: %v", f.Problems)
	}
	if f.Pages != 5 {
		t.Errorf("pages = %d, want 5", f.Pages)
	}
	raw := rawFeed(t, srv.URL+odltest.FeedPath)
	if len(f.Publications) != len(raw) || len(raw) != 230 {
		t.Fatalf("read %d publications of %d", len(f.Publications), len(raw))
	}
	materials := map[library.Material]int{}
	models := map[string]int{}
	var several, open, magazines int
	for i, p := range f.Publications {
		md := raw[i]["metadata"].(map[string]any)
		if p.Identifier != md["identifier"] || p.Record.Title != md["title"] {
			t.Fatalf("publication %d = %q %q, want %v %v", i, p.Identifier, p.Record.Title, md["identifier"], md["title"])
		}
		if p.Record.SourceID != odl.SourceID("demo", p.Identifier) {
			t.Errorf("SourceID = %q", p.Record.SourceID)
		}
		if p.Record.Summary != md["description"] || p.Record.Publisher != md["publisher"] {
			t.Errorf("%s: summary %q publisher %q", p.Identifier, p.Record.Summary, p.Record.Publisher)
		}
		if p.Record.Language == "und" || p.Record.Year < 2016 || len(p.Record.Subjects) == 0 {
			t.Errorf("%s: language %q year %d subjects %v", p.Identifier, p.Record.Language, p.Record.Year, p.Record.Subjects)
		}
		if p.Cover == "" || p.Record.CoverImage() != p.Cover {
			t.Errorf("%s: cover %q, record's %q", p.Identifier, p.Cover, p.Record.CoverImage())
		}
		materials[p.Record.Material]++
		wantType := map[string]library.Material{"http://schema.org/Book": library.EBook,
			"http://schema.org/Audiobook": library.EAudioBook, "http://schema.org/Periodical": library.EMagazine}[md["@type"].(string)]
		if p.Record.Material != wantType {
			t.Errorf("%s: material %q for @type %v", p.Identifier, p.Record.Material, md["@type"])
		}
		switch p.Record.Material {
		case library.EMagazine:
			magazines++
			if p.Periodical == "" || p.Issue == "" || len(p.Record.ISSNs) != 1 || p.Record.Series != p.Periodical {
				t.Errorf("%s: magazine %q issue %q ISSNs %v series %q", p.Identifier, p.Periodical, p.Issue, p.Record.ISSNs, p.Record.Series)
			}
		default:
			if len(p.Record.Authors) == 0 || p.Record.Authors[0].Role != "author" || len(p.Record.ISBNs) != 1 {
				t.Errorf("%s: authors %v ISBNs %v", p.Identifier, p.Record.Authors, p.Record.ISBNs)
			}
		}
		if p.Record.Material == library.EAudioBook && !slices.ContainsFunc(p.Record.Authors, func(c library.Contributor) bool { return c.Role == "narrator" }) {
			t.Errorf("%s: an audiobook without its narrator: %v", p.Identifier, p.Record.Authors)
		}
		if len(p.OpenAccess) > 0 {
			open++
			if len(p.Licences) != 0 || p.OpenAccess[0].Type != "application/epub+zip" {
				t.Errorf("%s: open access %v with licences %v", p.Identifier, p.OpenAccess, p.Licences)
			}
			continue
		}
		wl, _ := raw[i]["licenses"].([]any)
		if len(p.Licences) != len(wl) || len(wl) == 0 {
			t.Fatalf("%s: %d licences of %d", p.Identifier, len(p.Licences), len(wl))
		}
		if len(wl) > 1 {
			several++
		}
		for j, l := range p.Licences {
			lm := wl[j].(map[string]any)["metadata"].(map[string]any)
			terms := lm["terms"].(map[string]any)
			models[l.Model]++
			if l.Identifier != lm["identifier"] || l.Distributor != "demo" || l.Status != library.LicenceActive ||
				l.CheckoutURL == "" || l.StatusURL == "" || !slices.Equal(l.Formats, []string{lm["format"].(string)}) {
				t.Errorf("%s: licence %+v from %v", p.Identifier, l, lm)
			}
			if n, _ := terms["concurrency"].(float64); l.Concurrency != int(n) {
				t.Errorf("%s: concurrency %d, terms %v", l.Identifier, l.Concurrency, terms)
			}
			if n, _ := terms["checkouts"].(float64); l.CheckoutsTotal != int(n) || l.Checkouts != int(n) {
				t.Errorf("%s: checkouts %d/%d, terms %v", l.Identifier, l.Checkouts, l.CheckoutsTotal, terms)
			}
			if n, _ := terms["length"].(float64); l.LoanLength != time.Duration(n)*time.Second {
				t.Errorf("%s: length %v, terms %v", l.Identifier, l.LoanLength, terms)
			}
			if e, _ := terms["expires"].(string); e != "" && l.Expires.Format(time.RFC3339) != e || e == "" && !l.Expires.IsZero() {
				t.Errorf("%s: expires %v, terms %v", l.Identifier, l.Expires, terms)
			}
			cpc, _ := lm[odl.CostPerCirculationKey].(map[string]any)
			switch {
			case cpc != nil:
				if l.Model != library.ModelCostPerCirculation || l.Price != int(cpc["value"].(float64)*100+0.5) || l.Concurrency != 0 {
					t.Errorf("%s: cost per circulation %v read as %s %d", l.Identifier, cpc, l.Model, l.Price)
				}
			case terms["concurrency"] == nil && terms["checkouts"] == nil:
				if l.Model != library.ModelSimultaneous {
					t.Errorf("%s: no limits read as %s", l.Identifier, l.Model)
				}
			default:
				if l.Model != library.ModelODL {
					t.Errorf("%s: ODL terms read as %s", l.Identifier, l.Model)
				}
			}
		}
	}
	// The double serves a mix, and the parser saw all of it.
	for _, m := range library.EMaterials {
		if materials[m] < 10 {
			t.Errorf("only %d %s: %v", materials[m], m, materials)
		}
	}
	for _, m := range []string{library.ModelODL, library.ModelSimultaneous, library.ModelCostPerCirculation} {
		if models[m] < 5 {
			t.Errorf("only %d licences of model %s: %v", models[m], m, models)
		}
	}
	if several < 10 || open < 5 || magazines < 10 {
		t.Errorf("%d titles with several licences, %d open access, %d magazine issues", several, open, magazines)
	}
}

func TestFeedIsDeterministic(t *testing.T) {
	feed := func(seed int64) string {
		srv := httptest.NewServer(odltest.New(odltest.Options{Seed: seed, N: 40, Start: start}))
		defer srv.Close()
		b, _ := json.Marshal(rawFeed(t, srv.URL+odltest.FeedPath))
		// The address differs from server to server; the rest must not.
		return strings.ReplaceAll(string(b), srv.URL, "")
	}
	a, b, c := feed(11), feed(11), feed(12)
	if a != b {
		t.Error("the same seed served different feeds")
	}
	if a == c {
		t.Error("different seeds served the same feed")
	}
}

// TestBrokenEntries: one bad entry never stops the rest, and each is
// reported with its place, its identifier and a message key.
func TestBrokenEntries(t *testing.T) {
	srv := httptest.NewServer(odltest.New(odltest.Options{Seed: 5, N: 40, PageSize: 20, Start: start}))
	defer srv.Close()
	pubs := rawFeed(t, srv.URL+odltest.FeedPath)
	licensed := func(from int) int {
		for i := from; i < len(pubs); i++ {
			if pubs[i]["licenses"] != nil {
				return i
			}
		}
		t.Fatal("no licensed publication")
		return 0
	}
	md := func(i int) map[string]any { return pubs[i]["metadata"].(map[string]any) }
	firstLicence := func(i int) map[string]any {
		return pubs[i]["licenses"].([]any)[0].(map[string]any)["metadata"].(map[string]any)
	}
	type want struct {
		pos int
		key string
		id  string
	}
	var wants []want
	// 1: no identifier.
	delete(md(0), "identifier")
	wants = append(wants, want{1, odl.KeyNoIdentifier, ""})
	// 2: a broken date.
	md(1)["published"] = "last spring"
	wants = append(wants, want{2, odl.KeyBadDate, md(1)["identifier"].(string)})
	// 3: a type of publication nobody knows.
	md(2)["@type"] = "http://schema.org/Movie"
	wants = append(wants, want{3, odl.KeyUnknownType, md(2)["identifier"].(string)})
	// 4: not even an object.
	pubs[3] = map[string]any{"metadata": "nonsense"}
	wants = append(wants, want{4, odl.KeyBadEntry, ""})
	// A licence in a format nobody lends: the licence goes, and with
	// its only licence, the entry.
	i := licensed(4)
	pubs[i]["licenses"] = pubs[i]["licenses"].([]any)[:1]
	firstLicence(i)["format"] = "application/x-unknown"
	wants = append(wants, want{i + 1, odl.KeyUnknownFormat, md(i)["identifier"].(string)},
		want{i + 1, odl.KeyNoAcquisition, md(i)["identifier"].(string)})
	// A licence with a broken expiry beside a good one: the entry stays
	// with the good one.
	j := licensed(i + 1)
	good := pubs[j]["licenses"].([]any)[0]
	bad := map[string]any{}
	b, _ := json.Marshal(good)
	json.Unmarshal(b, &bad)
	bad["metadata"].(map[string]any)["identifier"] = "urn:uuid:bad"
	bad["metadata"].(map[string]any)["terms"] = map[string]any{"expires": "tomorrow", "concurrency": 1}
	pubs[j]["licenses"] = []any{bad, good}
	wants = append(wants, want{j + 1, odl.KeyBadDate, md(j)["identifier"].(string)})
	// A licence whose concurrency makes no sense.
	k := licensed(j + 1)
	firstLicence(k)["terms"] = map[string]any{"concurrency": 0}
	if len(pubs[k]["licenses"].([]any)) == 1 {
		wants = append(wants, want{k + 1, odl.KeyBadTerms, md(k)["identifier"].(string)},
			want{k + 1, odl.KeyNoAcquisition, md(k)["identifier"].(string)})
	} else {
		wants = append(wants, want{k + 1, odl.KeyBadTerms, md(k)["identifier"].(string)})
	}
	// The last entry again: a duplicate.
	pubs = append(pubs, pubs[len(pubs)-1])
	wants = append(wants, want{len(pubs), odl.KeyDuplicate, md(len(pubs) - 1)["identifier"].(string)})

	// Served as two files, the first pointing at the second.
	dir := t.TempDir()
	write := func(name string, pubs []map[string]any, next string) {
		links := []map[string]string{{"rel": "self", "href": name}}
		if next != "" {
			links = append(links, map[string]string{"rel": "next", "href": next})
		}
		b, _ := json.Marshal(map[string]any{"metadata": map[string]string{"title": "broken"}, "links": links, "publications": pubs})
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("one.json", pubs[:20], "two.json")
	write("two.json", pubs[20:], "")
	f := readFeed(t, &odl.Client{Distributor: "demo"}, filepath.Join(dir, "one.json"))
	if f.Pages != 2 {
		t.Errorf("pages = %d", f.Pages)
	}
	var got []want
	for _, p := range f.Problems {
		got = append(got, want{p.Position, p.Key, p.Identifier})
		if p.Key == odl.KeyBadDate && p.Position == j+1 && p.Licence != "urn:uuid:bad" {
			t.Errorf("the bad licence is not named: %+v", p)
		}
	}
	if !slices.Equal(got, wants) {
		t.Errorf("problems:\n got %v\nwant %v", got, wants)
	}
	lost := 6 // the first four, the one with the unknown format, the duplicate
	if len(pubs[k]["licenses"].([]any)) == 1 {
		lost++
	}
	if w := len(pubs) - lost; len(f.Publications) != w {
		t.Errorf("imported %d publications, want %d", len(f.Publications), w)
	}
	for _, p := range f.Publications {
		if p.Identifier == md(j)["identifier"] && (len(p.Licences) != 1 || p.Licences[0].Identifier == "urn:uuid:bad") {
			t.Errorf("the good licence beside the bad one: %+v", p.Licences)
		}
	}
}

func TestUnreadableFeed(t *testing.T) {
	c := &odl.Client{Distributor: "demo"}
	for _, src := range []string{filepath.Join(t.TempDir(), "none.json"), "http://127.0.0.1:1/feed"} {
		if _, err := c.ReadFeed(context.Background(), src); err == nil {
			t.Errorf("%s read without an error", src)
		}
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x.json"), []byte(`{"metadata":{"title":"x"},"links":[],"navigation":[]}`), 0o644)
	if _, err := c.ReadFeed(context.Background(), filepath.Join(dir, "x.json")); library.ErrorKey(err) != odl.KeyBadPage {
		t.Errorf("a feed without publications: %v", err)
	}
}
