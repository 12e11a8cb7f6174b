package site

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// addWork adds to e's catalogue Sinuhe egyptiläinen in three formats (two
// printed editions, an e-book and an audiobook) and a Kalevala without
// an author, a work of its own, and brings the index up to date. It
// returns the record IDs by SourceID.
func addWork(t *testing.T, e *webtest.Env) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	due := time.Date(2026, 12, 7, 21, 59, 0, 0, time.UTC)
	waltari := []library.Contributor{{Name: "Waltari, Mika", Role: "author"}}
	item := func(barcode, branch string, st library.ItemStatus) library.Item {
		it := library.Item{Barcode: barcode, HomeBranch: branch, Branch: branch, CallNumber: "84.2 WAL", Status: st}
		if st == library.OnLoan {
			it.DueAt = due
		}
		return it
	}
	recs := []library.RecordWithItems{
		{Record: library.Record{SourceID: "(W)1945", Title: "Sinuhe egyptiläinen", Authors: waltari, Language: "fin", Year: 1945, Publisher: "WSOY", Material: library.Book},
			Items: []library.Item{item("W1-1", "hki-oodi", library.Available), item("W1-2", "esp-sello", library.OnLoan)}},
		{Record: library.Record{SourceID: "(W)2015", Title: "Sinuhe egyptiläinen", Subtitle: "viisitoista kirjaa lääkäri Sinuhen elämästä", Authors: waltari, Language: "fin", Year: 2015, Publisher: "WSOY", Material: library.Book},
			Items: []library.Item{item("W2-1", "esp-sello", library.OnLoan)}},
		{Record: library.Record{SourceID: "(W)ebook", Title: "Sinuhe egyptiläinen", Authors: waltari, Language: "fin", Year: 2012, Publisher: "WSOY", Material: library.EBook,
			Links: []library.Link{{URL: "https://ekirjasto.example/sinuhe"}}}},
		{Record: library.Record{SourceID: "(W)audio", Title: "Sinuhe egyptiläinen", Authors: waltari, Language: "fin", Year: 2010, Material: library.AudioBook},
			Items: []library.Item{item("W4-1", "esp-tapiola", library.OnLoan), item("W4-2", "hki-kallio", library.OnLoan)}},
		{Record: library.Record{SourceID: "(W)kalevala", Title: "Kalevala", Language: "fin", Year: 1849, Material: library.Book},
			Items: []library.Item{item("W5-1", "hki-kallio", library.Available)}},
	}
	res, err := e.DB.UpsertRecords(ctx, recs)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for i, r := range res {
		ids[recs[i].Record.SourceID] = r.ID
	}
	if err := e.Index.Rebuild(ctx, e.DB, nil); err != nil {
		t.Fatal(err)
	}
	return ids
}

// apiSearch returns the API's answer to a search.
func apiSearch(t *testing.T, e *webtest.Env, query string) searchPage {
	t.Helper()
	resp, body := e.Get(t, "/api/v1/search?"+query)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d: %s", query, resp.StatusCode, body)
	}
	var sp searchPage
	if err := json.Unmarshal([]byte(body), &sp); err != nil {
		t.Fatal(err)
	}
	return sp
}

var hitRE = regexp.MustCompile(`<li class="hit">`)

func TestWorksOnResultPage(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		ids := addWork(t, e)
		sp := apiSearch(t, e, "q=sinuhe&group=works&lang=en")
		if sp.Group != groupWorks || sp.Works != 1 || sp.WorksApproximate || sp.Total != 4 || sp.Pages != 1 || len(sp.Hits) != 1 {
			t.Fatalf("group %q, works %d (approximate %v), total %d, pages %d, %d hits; want one work of 4 editions",
				sp.Group, sp.Works, sp.WorksApproximate, sp.Total, sp.Pages, len(sp.Hits))
		}
		w := sp.Hits[0].Work
		if w == nil {
			t.Fatal("grouped hit has no work")
		}
		wantEditions := []int64{ids["(W)1945"], ids["(W)2015"], ids["(W)ebook"], ids["(W)audio"]}
		if diff := cmp.Diff(sorted(wantEditions), sorted(w.Editions)); diff != "" {
			t.Errorf("editions (-want +got):\n%s", diff)
		}
		if w.Editions[0] != sp.Hits[0].ID {
			t.Errorf("editions %v do not start with the hit's record %d", w.Editions, sp.Hits[0].ID)
		}
		if w.YearFrom != 1945 || w.YearTo != 2015 || w.URL != "/works/"+w.ID {
			t.Errorf("years %d–%d, URL %q", w.YearFrom, w.YearTo, w.URL)
		}
		wantFormats := []formatView{
			{Material: "book", Label: "Book", Editions: 2, Status: "shelf", Libraries: 1, Text: "On the shelf in 1 library"},
			{Material: "ebook", Label: "E-book", Editions: 1, Status: "online", Text: "Available online"},
			{Material: "audiobook", Label: "Audiobook", Editions: 1, Status: "on_loan", Text: "All copies on loan"},
		}
		if diff := cmp.Diff(wantFormats, w.Formats); diff != "" {
			t.Errorf("formats (-want +got):\n%s", diff)
		}

		// The page shows the same: one hit with three formats, said in
		// words, and a link to the work that names it.
		resp, body := e.Get(t, "/search?q=sinuhe&lang=en")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d", resp.StatusCode)
		}
		if n := len(hitRE.FindAllString(body, -1)); n != 1 {
			t.Errorf("page lists %d hits, want 1 work", n)
		}
		for _, want := range []string{
			"1 work, 4 editions",
			`<li class="format shelf"><span class="format-name">Book</span> <span class="avail yes">On the shelf in 1 library</span></li>`,
			`<li class="format online"><span class="format-name">E-book</span> <span class="avail yes">Available online</span></li>`,
			`<li class="format on_loan"><span class="format-name">Audiobook</span> <span class="avail">All copies on loan</span></li>`,
			`<a href="/works/` + w.ID + `">All 4 editions and formats<span class="vh">: Sinuhe egyptiläinen</span></a>`,
			"1945–2015 · 4 editions",
			"The numbers in the filters count editions.",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("result page lacks %q", want)
			}
		}
		checkHeadings(t, "result page", body)
	})
}

func TestWorksGroupingToggle(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		addWork(t, e)
		_, body := e.Get(t, "/search?q=sinuhe&lang=en")
		// The control is two links, the current one marked; the other
		// keeps the search and lists every edition.
		m := regexp.MustCompile(`<li><a href="([^"]*)">Every edition separately</a></li>`).FindStringSubmatch(body)
		if m == nil || !strings.Contains(body, `aria-current="true"><span aria-hidden="true">✓ </span>Works, editions together</a>`) {
			t.Fatalf("no grouping control with works selected:\n%s", body)
		}
		link := strings.ReplaceAll(m[1], "&amp;", "&")
		_, body = e.Get(t, link)
		if n := len(hitRE.FindAllString(body, -1)); n != 4 {
			t.Errorf("%s lists %d hits, want 4 editions", link, n)
		}
		if !strings.Contains(body, "4 results") || strings.Contains(body, `class="formats"`) {
			t.Errorf("%s: editions page shows works", link)
		}
		// Paging and sorting keep the choice.
		if !strings.Contains(body, `<input type="hidden" name="group" value="editions">`) {
			t.Error("the sort form forgets group=editions")
		}
		for _, a := range regexp.MustCompile(`href="(/search\?[^"]*material=[^"]*)"`).FindAllStringSubmatch(body, -1) {
			if !strings.Contains(a[1], "group=editions") {
				t.Errorf("facet link %s forgets group=editions", a[1])
			}
		}

		// The API lists editions unless asked for works, and then
		// agrees with the page.
		for _, tt := range []struct {
			query       string
			hits        int
			works       int
			group       string
			firstIsWork bool
		}{
			{"q=sinuhe", 4, 0, groupEditions, false},
			{"q=sinuhe&group=editions", 4, 0, groupEditions, false},
			{"q=sinuhe&group=works", 1, 1, groupWorks, true},
		} {
			sp := apiSearch(t, e, tt.query)
			if len(sp.Hits) != tt.hits || sp.Works != tt.works || sp.Group != tt.group || sp.Total != 4 || (sp.Hits[0].Work != nil) != tt.firstIsWork {
				t.Errorf("%s: %d hits, %d works, group %q, total %d; want %d hits, %d works, group %q, total 4",
					tt.query, len(sp.Hits), sp.Works, sp.Group, sp.Total, tt.hits, tt.works, tt.group)
			}
		}

		// Pages count works: 31 works of 34 editions, 10 a page.
		for _, tt := range []struct {
			group      string
			pages, hit int // pages, and hits on page 4
		}{
			{groupWorks, 4, 1},
			{groupEditions, 4, 4},
		} {
			sp := apiSearch(t, e, "q=kokoelma+OR+sinuhe&page=4&group="+tt.group)
			if sp.Pages != tt.pages || len(sp.Hits) != tt.hit {
				t.Errorf("%s: %d pages, %d hits on page 4; want %d, %d", tt.group, sp.Pages, len(sp.Hits), tt.pages, tt.hit)
			}
		}
		if resp, _ := e.Get(t, "/search?q=kokoelma+OR+sinuhe&page=5"); resp.StatusCode != http.StatusNotFound {
			t.Errorf("page 5 of 4 pages of works: status %d, want 404", resp.StatusCode)
		}
	})
}

func TestWorksAvailabilityInChosenPlace(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		addWork(t, e)
		tests := []struct {
			filter string
			want   []formatView
		}{
			{"available_city=helsinki", []formatView{
				{Material: "book", Label: "Book", Editions: 1, Status: "here", Libraries: 1, Text: "On the shelf in Helsinki City Library"},
			}},
			{"available_branch=hki-oodi", []formatView{
				{Material: "book", Label: "Book", Editions: 1, Status: "here", Libraries: 1, Text: "On the shelf in Central Library Oodi"},
			}},
			{"material=audiobook&material=ebook", []formatView{
				{Material: "ebook", Label: "E-book", Editions: 1, Status: "online", Text: "Available online"},
				{Material: "audiobook", Label: "Audiobook", Editions: 1, Status: "on_loan", Text: "All copies on loan"},
			}},
		}
		for _, tt := range tests {
			sp := apiSearch(t, e, "q=sinuhe&group=works&lang=en&"+tt.filter)
			if len(sp.Hits) != 1 || sp.Hits[0].Work == nil {
				t.Errorf("%s: %d hits, want one work", tt.filter, len(sp.Hits))
				continue
			}
			if diff := cmp.Diff(tt.want, sp.Hits[0].Work.Formats); diff != "" {
				t.Errorf("%s: formats (-want +got):\n%s", tt.filter, diff)
			}
		}
		sp := apiSearch(t, e, "q=sinuhe&group=works&available_city=espoo")
		if sp.Total != 0 || len(sp.Hits) != 0 {
			t.Errorf("on the shelf in Espoo: %d hits, want none (every copy there is on loan)", len(sp.Hits))
		}
	})
}

func TestWorkPage(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		ids := addWork(t, e)
		w := apiSearch(t, e, "q=sinuhe&group=works").Hits[0].Work

		resp, body := e.Get(t, "/api/v1/works/"+w.ID+"?lang=en")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d: %s", resp.StatusCode, body)
		}
		var wp workPage
		if err := json.Unmarshal([]byte(body), &wp); err != nil {
			t.Fatal(err)
		}
		type ed struct {
			ID       int64
			Year     int
			Language string
			Summary  string
			Places   string // city: branch available/on loan; ...
		}
		got := map[string][]ed{}
		for _, f := range wp.Formats {
			for _, x := range f.Editions {
				var places []string
				for _, c := range x.Availability {
					for _, b := range c.Branches {
						places = append(places, c.ID+": "+b.ID+" "+strconv.Itoa(b.Available)+"/"+strconv.Itoa(b.OnLoan))
					}
				}
				got[f.Label] = append(got[f.Label], ed{x.ID, x.Year, x.LanguageLabel, x.Summary.Text, strings.Join(places, "; ")})
			}
		}
		want := map[string][]ed{
			"Book": {
				{ids["(W)2015"], 2015, "Finnish", "No copies on the shelf right now", "espoo: esp-sello 0/1"},
				{ids["(W)1945"], 1945, "Finnish", "On the shelf in 1 library", "espoo: esp-sello 0/1; helsinki: hki-oodi 1/0"},
			},
			"E-book":    {{ids["(W)ebook"], 2012, "Finnish", "Available online", ""}},
			"Audiobook": {{ids["(W)audio"], 2010, "Finnish", "No copies on the shelf right now", "espoo: esp-tapiola 0/1; helsinki: hki-kallio 0/1"}},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("editions by format (-want +got):\n%s", diff)
		}
		var order []string
		for _, f := range wp.Formats {
			order = append(order, f.Material)
		}
		if diff := cmp.Diff([]string{"book", "ebook", "audiobook"}, order); diff != "" {
			t.Errorf("format order (-want +got):\n%s", diff)
		}
		if wp.Title != "Sinuhe egyptiläinen" || wp.Editions != 4 || wp.Shown != 4 || wp.YearFrom != 1945 || wp.YearTo != 2015 ||
			!slices.Equal(wp.Authors, []string{"Waltari, Mika"}) {
			t.Errorf("work %q by %v: %d editions (%d shown), %d–%d", wp.Title, wp.Authors, wp.Editions, wp.Shown, wp.YearFrom, wp.YearTo)
		}

		// The page lists the same, newest first in each format, each
		// edition linking to its record.
		_, body = e.Get(t, "/works/"+w.ID+"?lang=en")
		var links []string
		for _, m := range regexp.MustCompile(`<h3><a href="/records/(\d+)">([^<]*)<span class="vh"> \(([^<]*)\)</span></a></h3>`).FindAllStringSubmatch(body, -1) {
			links = append(links, m[1]+" "+m[2]+" "+m[3])
		}
		wantLinks := []string{
			strconv.FormatInt(ids["(W)2015"], 10) + " Sinuhe egyptiläinen, 2015 Book",
			strconv.FormatInt(ids["(W)1945"], 10) + " Sinuhe egyptiläinen, 1945 Book",
			strconv.FormatInt(ids["(W)ebook"], 10) + " Sinuhe egyptiläinen, 2012 E-book",
			strconv.FormatInt(ids["(W)audio"], 10) + " Sinuhe egyptiläinen, 2010 Audiobook",
		}
		if diff := cmp.Diff(wantLinks, links); diff != "" {
			t.Errorf("edition links (-want +got):\n%s", diff)
		}
		for _, want := range []string{
			`<h2 id="format-book">Book <span class="count">(2)</span></h2>`,
			`<a href="/libraries/hki-oodi">Central Library Oodi</a> – 1 on the shelf`,
			"4 editions · 1945–2015",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("work page lacks %q", want)
			}
		}
		checkHeadings(t, "work page", body)
		for _, lang := range e.Bundle.Languages() {
			for _, path := range []string{"/works/" + w.ID, "/search?q=sinuhe", "/records/" + strconv.FormatInt(ids["(W)1945"], 10)} {
				resp, body := e.Get(t, path, "Cookie: lang="+lang)
				if resp.StatusCode != http.StatusOK {
					t.Errorf("%s %s: status %d", lang, path, resp.StatusCode)
				}
				for _, id := range webtest.RawIDs(e.Bundle, lang, body) {
					t.Errorf("%s %s: page shows raw message id %q", lang, path, id)
				}
			}
		}

		// A record page links to its work when the work has other editions.
		for source, link := range map[string]bool{"(W)1945": true, "(W)audio": true, "(W)kalevala": false} {
			_, body := e.Get(t, "/records/"+strconv.FormatInt(ids[source], 10)+"?lang=en")
			has := strings.Contains(body, `<a href="/works/`+w.ID+`">All 4 editions and formats</a>`)
			if has != link {
				t.Errorf("record %s: link to the work %v, want %v", source, has, link)
			}
		}
		rp := apiRecord(t, e, "(TEST)1")
		if rp.Work != nil {
			t.Errorf("a record with one edition has a work %+v", rp.Work)
		}
	})
}

func TestWorkOfItsOwn(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		ids := addWork(t, e)
		sp := apiSearch(t, e, "q=kalevala&group=works")
		if len(sp.Hits) != 1 || sp.Hits[0].Work == nil {
			t.Fatalf("%d hits, want Kalevala as a work", len(sp.Hits))
		}
		id := sp.Hits[0].Work.ID
		if want := "r" + strconv.FormatInt(ids["(W)kalevala"], 10); id != want {
			t.Errorf("work ID %q, want %q", id, want)
		}
		resp, body := e.Get(t, "/works/"+id+"?lang=en")
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "1 edition") {
			t.Errorf("work page of a record on its own: status %d", resp.StatusCode)
		}
	})
}

func TestWorksBadInput(t *testing.T) {
	webtest.ForEachEnv(t, func(t *testing.T, e *webtest.Env) {
		ids := addWork(t, e)
		sinuhe := "r" + strconv.FormatInt(ids["(W)1945"], 10) // has a work key: not a work of its own
		tests := []struct {
			path   string
			status int
			text   string
		}{
			{"/search?q=sinuhe&group=all&lang=en", 400, "Choose to show works or every edition separately."},
			{"/api/v1/search?q=sinuhe&group=WORKS&lang=en", 400, "Choose to show works or every edition separately."},
			{"/works/not-a-work?lang=en", 404, "There is no such work in the catalogue."},
			{"/works/0123456789abcdef?lang=en", 404, "There is no such work in the catalogue."},
			{"/works/r999999?lang=en", 404, "There is no such work in the catalogue."},
			{"/works/r-1?lang=en", 404, "There is no such work in the catalogue."},
			{"/works/" + sinuhe + "?lang=en", 404, "There is no such work in the catalogue."},
			{"/api/v1/works/ffffffffffffffffff?lang=en", 404, "There is no such work in the catalogue."},
			{"/works/%ff?lang=en", 400, ""},
		}
		for _, tt := range tests {
			resp, body := e.Get(t, tt.path)
			if resp.StatusCode != tt.status || !strings.Contains(body, tt.text) {
				t.Errorf("%s: status %d, want %d with %q:\n%.300s", tt.path, resp.StatusCode, tt.status, tt.text, body)
			}
		}
	})
}

var headingRE = regexp.MustCompile(`<h([1-6])[ >]`)

// checkHeadings fails if a page's headings skip a level on the way down.
func checkHeadings(t *testing.T, page, body string) {
	t.Helper()
	prev := 0
	for _, m := range headingRE.FindAllStringSubmatch(body, -1) {
		level := int(m[1][0] - '0')
		if level > prev+1 {
			t.Errorf("%s: h%d after h%d", page, level, prev)
		}
		prev = level
	}
	if prev == 0 {
		t.Errorf("%s has no headings", page)
	}
}

func sorted(ids []int64) []int64 {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	return ids
}
