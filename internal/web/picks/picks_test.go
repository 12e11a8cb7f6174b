package picks_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/picks"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

var system = library.Staff{Role: library.RoleAdmin}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// newPick posts the form of a new pick as cookie and returns its staff
// address.
func newPick(t *testing.T, e *webtest.CircEnv, cookie string, form url.Values) string {
	t.Helper()
	resp, body := e.Do(t, "POST", "/admin/picks", form, cookie)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/picks/") {
		t.Fatalf("new pick: %d to %q\n%.2000s", resp.StatusCode, loc, body)
	}
	path, _, _ := strings.Cut(loc, "?")
	return path
}

// editForm is the editor's form of a saved pick as the page would post it.
func editForm(e *webtest.CircEnv, t *testing.T, path string) url.Values {
	t.Helper()
	pid, _ := strconv.ParseInt(strings.TrimPrefix(path, "/admin/picks/"), 10, 64)
	p, err := e.DB.Pick(context.Background(), pid)
	if err != nil {
		t.Fatal(err)
	}
	f := url.Values{"version": {id(p.Version)}, "status": {p.Status}}
	for l, s := range p.Title {
		f.Set("title."+l, s)
	}
	for l, s := range p.Text {
		f.Set("text."+l, s)
	}
	for _, r := range p.Records {
		f.Add("record", id(r.RecordID))
		for l, s := range r.Note {
			f.Set("note."+id(r.RecordID)+"."+l, s)
		}
	}
	return f
}

// TestStaffMakePickResidentsSeeIt: an editor of Helsinki makes a pick for
// Oodi, adds records by ID, ISBN and search, notes one, orders them and
// publishes it; residents see it on /picks, its page with covers and the
// copies on the shelf now and where, Oodi's page, the feed and the API.
func TestStaffMakePickResidentsSeeIt(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ed := e.StaffAt(t, "editor", library.RoleContent, "hki-oodi", "fi")
		_, body := e.Do(t, "GET", "/admin/picks/new", nil, ed)
		if !strings.Contains(body, `value="helsinki/hki-oodi"`) || strings.Contains(body, `value="espoo"`) {
			t.Errorf("the places offered to Helsinki's editor:\n%s", body)
		}
		path := newPick(t, e, ed, url.Values{"place": {"helsinki/hki-oodi"}, "title.fi": {"Oodi suosittelee: sotaromaanit"},
			"title.en": {"Oodi recommends: war novels"}, "text.fi": {"Syksyn *parhaat*."}, "status": {"draft"}})

		post := func(f url.Values, wantDone string) {
			t.Helper()
			resp, body := e.Do(t, "POST", path, f, ed)
			if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != path+"?done="+wantDone {
				t.Fatalf("post %v: %d to %q\n%.3000s", f, resp.StatusCode, loc, body)
			}
		}
		tuntematon, veljet := e.Records["(TEST)1"], e.Records["(TEST)3"]
		f := editForm(e, t, path)
		f.Set("add", id(veljet))
		post(f, "added") // Enter in the field adds
		f = editForm(e, t, path)
		f.Set("add", "951-0-09633-5")
		f.Set("op", "add")
		post(f, "added")
		// The search finds Muumi-trollit; its button adds it.
		_, body = e.Do(t, "GET", path+"?q=Муми", nil, ed)
		muumi := e.Records["(TEST)2"]
		if !strings.Contains(body, `value="add:`+id(muumi)+`"`) {
			t.Errorf("the search offers no button to add Муми-тролли:\n%s", body)
		}
		f = editForm(e, t, path)
		f.Set("op", "add:"+id(muumi))
		post(f, "added")
		f = editForm(e, t, path)
		f.Set("op", "up:"+id(tuntematon))
		f.Set("note."+id(tuntematon)+".fi", "Klassikko.")
		post(f, "moved")
		f = editForm(e, t, path)
		f.Set("op", "remove:"+id(muumi))
		post(f, "removed")
		pid, _ := strconv.ParseInt(strings.TrimPrefix(path, "/admin/picks/"), 10, 64)
		p, err := e.DB.Pick(context.Background(), pid)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.RecordIDs(); len(got) != 2 || got[0] != tuntematon || got[1] != veljet || p.Records[0].Note["fi"] != "Klassikko." {
			t.Fatalf("the pick's records: %+v", p.Records)
		}

		// A draft is not public.
		if resp, _ := e.Do(t, "GET", "/picks/"+id(pid), nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("a draft's page: %d", resp.StatusCode)
		}
		if resp, _ := e.Do(t, "POST", path+"/publish", url.Values{}, ed); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("publish: %d", resp.StatusCode)
		}

		_, body = e.Do(t, "GET", "/picks/"+id(pid), nil, "Cookie: lang=fi")
		text := webtest.WithoutBdi(body)
		for _, want := range []string{"Oodi suosittelee: sotaromaanit", "<em>parhaat</em>", "Tuntematon sotilas", "Seitsemän veljestä",
			`class="cover"`, "Klassikko.", "Hyllyssä nyt:", "Keskustakirjasto Oodi</a> (2)"} {
			if !strings.Contains(text, want) {
				t.Errorf("the pick's page lacks %q", want)
			}
		}
		_, body = e.Do(t, "GET", "/picks/"+id(pid), nil, "Cookie: lang=sv")
		if !strings.Contains(body, `<h1 lang="fi" dir="auto">Oodi suosittelee: sotaromaanit</h1>`) || !strings.Contains(body, `<div class="content-body" lang="fi" dir="auto">`) || !strings.Contains(body, webtest.HTMLText(e.Msg("sv", "content.missing.fi"))) {
			t.Errorf("a Swedish reader is not told the pick is in Finnish")
		}
		for _, p := range []string{"/picks", "/picks?library=helsinki", "/libraries/hki-oodi"} {
			if _, body := e.Do(t, "GET", p, nil, "Cookie: lang=en"); !strings.Contains(body, "Oodi recommends: war novels") {
				t.Errorf("%s does not show the pick", p)
			}
		}
		// Sello's page and Espoo's list do not show Oodi's pick.
		for _, p := range []string{"/picks?library=espoo", "/libraries/esp-sello"} {
			if _, body := e.Do(t, "GET", p, nil, "Cookie: lang=en"); strings.Contains(body, "Oodi recommends") {
				t.Errorf("%s shows Oodi's pick", p)
			}
		}

		// The live availability follows the shelf: a loan takes a copy off.
		e.Checkout(t, e.Patron, "T1-1", webtest.Now)
		_, body = e.Do(t, "GET", "/picks/"+id(pid), nil, "Cookie: lang=fi")
		if !strings.Contains(webtest.WithoutBdi(body), "Keskustakirjasto Oodi</a> (1)") {
			t.Errorf("after a loan, the page does not show one copy on Oodi's shelf")
		}

		// The API.
		var one struct {
			ID      int64  `json:"id"`
			Title   string `json:"title"`
			Records []struct {
				ID           int64 `json:"id"`
				Availability struct {
					Copies int `json:"copies"`
				} `json:"availability"`
				OnShelf []struct {
					Branch string `json:"branch"`
					Copies int    `json:"copies"`
				} `json:"on_shelf"`
			} `json:"records"`
		}
		webtest.APIGet(t, e, "/api/v1/picks/"+id(pid), &one) // in English
		if one.Title != "Oodi recommends: war novels" || len(one.Records) != 2 || one.Records[0].Availability.Copies != 1 ||
			len(one.Records[0].OnShelf) != 1 || one.Records[0].OnShelf[0].Branch != "hki-oodi" {
			t.Errorf("API pick: %+v", one)
		}
		var list struct {
			Picks []struct {
				ID int64 `json:"id"`
			} `json:"picks"`
			Total int `json:"total"`
		}
		if resp, body := e.Do(t, "GET", "/api/v1/picks?library=helsinki", nil); resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &list) != nil {
			t.Errorf("API list: %d %s", resp.StatusCode, body)
		}
		if list.Total != 1 || len(list.Picks) != 1 || list.Picks[0].ID != pid {
			t.Errorf("API list: %+v", list)
		}
		if resp, _ := e.Do(t, "GET", "/api/v1/picks?library=turku", nil); resp.StatusCode != http.StatusBadRequest {
			t.Errorf("API list of an unknown library: %d", resp.StatusCode)
		}

		// The feeds.
		for _, p := range []string{"/picks.atom", "/picks.atom?library=helsinki", "/libraries/hki-oodi/picks.atom"} {
			feed := atom(t, e, p)
			if len(feed.Entries) != 1 || feed.Entries[0].Title != "Oodi suosittelee: sotaromaanit" ||
				!strings.Contains(feed.Entries[0].Content, "Tuntematon sotilas") {
				t.Errorf("%s: %+v", p, feed)
			}
		}
		if feed := atom(t, e, "/libraries/esp-sello/picks.atom"); len(feed.Entries) != 0 {
			t.Errorf("Sello's feed has %d entries", len(feed.Entries))
		}
	})
}

// atomFeed is what the test reads of a feed.
type atomFeed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Author  string   `xml:"author>name"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Content string `xml:"content"`
	} `xml:"entry"`
}

// atom gets and parses a feed, and checks what Atom 1.0 requires of it.
func atom(t *testing.T, e *webtest.CircEnv, path string) atomFeed {
	t.Helper()
	resp, body := e.Do(t, "GET", path, nil)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("%s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	var f atomFeed
	if err := xml.Unmarshal([]byte(body), &f); err != nil {
		t.Fatalf("%s: %v\n%s", path, err, body)
	}
	rels := map[string]string{}
	for _, l := range f.Links {
		rels[l.Rel] = l.Href
	}
	if !strings.HasPrefix(f.ID, "http") || f.Title == "" || f.Author == "" || rels["self"] == "" || rels["alternate"] == "" {
		t.Errorf("%s: missing what Atom requires: %+v", path, f)
	}
	if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
		t.Errorf("%s: updated %q: %v", path, f.Updated, err)
	}
	for _, en := range f.Entries {
		if _, err := time.Parse(time.RFC3339, en.Updated); err != nil || !strings.HasPrefix(en.ID, "http") || en.Link.Href == "" {
			t.Errorf("%s: entry %+v", path, en)
		}
	}
	return f
}

// TestPickBadInput: no title, an unknown record, an unknown ISBN, a
// record twice and too many records are each refused with a 400 and the
// message at its field; nothing is saved.
func TestPickBadInput(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ed := e.StaffAt(t, "editor", library.RoleContent, "hki-oodi", "en")
		resp, body := e.Do(t, "POST", "/admin/picks", url.Values{"place": {"helsinki"}, "title.en": {"Only English"}, "status": {"draft"}}, ed)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="title-fi-error"`) ||
			!strings.Contains(body, webtest.HTMLText(e.Msg("en", "error.content_finnish_required"))) || !strings.Contains(body, `value="Only English"`) {
			t.Errorf("no title: %d\n%.3000s", resp.StatusCode, body)
		}
		if ps, total, _ := e.DB.Picks(context.Background(), library.PickFilter{}); total != 0 {
			t.Errorf("a refused pick was saved: %+v", ps)
		}
		path := newPick(t, e, ed, url.Values{"place": {"helsinki"}, "title.fi": {"Valinta"}, "status": {"draft"}})
		f := editForm(e, t, path)
		f.Set("add", id(e.Records["(TEST)1"]))
		if resp, _ := e.Do(t, "POST", path, f, ed); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("add: %d", resp.StatusCode)
		}
		saved := editForm(e, t, path)

		tooMany := editForm(e, t, path)
		for i := range library.MaxPickRecords + 1 {
			tooMany.Add("record", strconv.Itoa(900000+i))
		}
		for _, c := range []struct {
			name  string
			edit  func(url.Values)
			field string
			key   string
		}{
			{"unknown ID", func(f url.Values) { f.Set("add", "999999") }, "add", "error.pick_record_unknown"},
			{"unknown ISBN", func(f url.Values) { f.Set("add", "978-0-00-000000-2") }, "add", "error.pick_isbn_unknown"},
			{"not an ID", func(f url.Values) { f.Set("add", "Tuntematon") }, "add", "error.pick_add"},
			{"twice", func(f url.Values) { f.Set("add", id(e.Records["(TEST)1"])) }, "add", "error.pick_record_twice"},
			{"no title", func(f url.Values) { f.Del("title.fi") }, "title-fi", "error.content_finnish_required"},
			{"too many", func(f url.Values) { f["record"] = tooMany["record"] }, "records", "error.pick_too_many"},
		} {
			f := editForm(e, t, path)
			c.edit(f)
			resp, body := e.Do(t, "POST", path, f, ed)
			msg := webtest.HTMLText(e.Bundle.N("en", c.key, library.MaxPickRecords, map[string]any{"Count": library.MaxPickRecords}))
			if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `id="`+c.field+`-error"`) || !strings.Contains(body, msg) {
				t.Errorf("%s: %d, want 400 with %q at %s\n%.200s", c.name, resp.StatusCode, msg, c.field, body)
			}
			if c.field != "records" && !strings.Contains(body, `aria-describedby="`+c.field+`-error"`) &&
				!strings.Contains(body, c.field+`-error"`) {
				t.Errorf("%s: the message is not tied to its field", c.name)
			}
			if got := editForm(e, t, path); got.Encode() != saved.Encode() {
				t.Errorf("%s: the pick changed to %v", c.name, got)
			}
		}

		// A stale version is a conflict that shows the pick as saved.
		stale := editForm(e, t, path)
		stale.Set("version", "0")
		stale.Set("title.fi", "Vanha")
		if resp, body := e.Do(t, "POST", path, stale, ed); resp.StatusCode != http.StatusConflict ||
			!strings.Contains(body, `value="Valinta"`) {
			t.Errorf("stale: %d\n%.300s", resp.StatusCode, body)
		}
		// Espoo's editor may not touch Helsinki's pick.
		espoo := e.StaffAt(t, "espoo-editor", library.RoleContent, "esp-sello", "en")
		for _, p := range []string{path, path + "/publish", path + "/delete"} {
			if resp, _ := e.Do(t, "POST", p, editForm(e, t, path), espoo); resp.StatusCode != http.StatusForbidden {
				t.Errorf("Espoo's editor POST %s: %d", p, resp.StatusCode)
			}
		}
		if resp, _ := e.Do(t, "POST", "/admin/picks", url.Values{"place": {"helsinki"}, "title.fi": {"X"}}, espoo); resp.StatusCode != http.StatusForbidden {
			t.Errorf("Espoo's editor creates Helsinki's pick: %d", resp.StatusCode)
		}
	})
}

// TestPicksScheduledAndDeletedRecord: a scheduled pick is hidden until
// its time; a record deleted from the catalogue leaves the pick's page
// whole.
func TestPicksScheduledAndDeletedRecord(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		pub := func(at time.Time) library.Publication {
			return library.Publication{Status: library.StatusPublished, PublishAt: at}
		}
		later, err := e.DB.CreatePick(ctx, library.Pick{Title: library.Text{"fi": "Tuleva valinta"}, Publication: pub(webtest.Now.Add(time.Hour)),
			Records: []library.PickRecord{{RecordID: e.Records["(TEST)1"]}}}, system, webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		now, err := e.DB.CreatePick(ctx, library.Pick{Library: "espoo", Title: library.Text{"fi": "Espoon valinta"}, Publication: pub(webtest.Now.Add(-time.Hour)),
			Records: []library.PickRecord{{RecordID: e.Records["(TEST)3"]}, {RecordID: e.Records["(TEST)1"]}}}, system, webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		if resp, _ := e.Do(t, "GET", "/picks/"+id(later.ID), nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("a scheduled pick's page: %d", resp.StatusCode)
		}
		if _, body := e.Do(t, "GET", "/picks", nil); strings.Contains(body, "Tuleva valinta") || !strings.Contains(body, "Espoon valinta") {
			t.Errorf("/picks before the time:\n%s", body)
		}
		if err := e.DB.DeleteCatalogueRecord(ctx, system, e.Records["(TEST)3"], true); err != nil {
			t.Fatal(err)
		}
		resp, body := e.Do(t, "GET", "/picks/"+id(now.ID), nil)
		if resp.StatusCode != http.StatusOK || strings.Contains(body, "Seitsemän veljestä") || !strings.Contains(body, "Tuntematon sotilas") {
			t.Errorf("after the record's deletion: %d\n%s", resp.StatusCode, body)
		}
		var v struct {
			RecordCount int `json:"record_count"`
		}
		webtest.APIGet(t, e, "/api/v1/picks/"+id(now.ID), &v)
		if v.RecordCount != 1 {
			t.Errorf("record_count %d after the deletion", v.RecordCount)
		}
	})
}

// headingRE finds the levels of a page's headings.
var headingRE = regexp.MustCompile(`<h([1-6])[\s>]`)

// TestPagesInEveryLanguage renders the residents' and the staff's pages
// of picks in every language: each answers 200 in its language, shows
// no raw message id, and its headings go down one level at a time.
func TestPagesInEveryLanguage(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		p, err := e.DB.CreatePick(ctx, library.Pick{Library: "helsinki", Branch: "hki-oodi", Title: library.Text{"fi": "Oodin valinta", "ar": "اختيار أودي"},
			Text: library.Text{"fi": "# Miksi?\n\nKoska."}, Publication: library.Publication{Status: library.StatusPublished, PublishAt: webtest.Now.Add(-time.Hour)},
			Records: []library.PickRecord{{RecordID: e.Records["(TEST)1"], Note: library.Text{"fi": "Hyvä."}}, {RecordID: e.Records["(TEST)2"]}}}, system, webtest.Now)
		if err != nil {
			t.Fatal(err)
		}
		public := []string{"/picks", "/picks?library=helsinki", "/picks/" + id(p.ID), "/libraries/hki-oodi"}
		staff := []string{"/admin/picks", "/admin/picks/new", "/admin/picks/" + id(p.ID), "/admin/picks/" + id(p.ID) + "?q=sotilas"}
		for _, lang := range e.Bundle.Languages() {
			ed := e.StaffAt(t, "editor-"+lang, library.RoleContent, "hki-oodi", lang)
			for i, path := range append(public, staff...) {
				cookie := "Cookie: lang=" + lang
				if i >= len(public) {
					cookie = ed
				}
				resp, body := e.Do(t, "GET", path, nil, cookie)
				if resp.StatusCode != http.StatusOK || !strings.Contains(body, `<html lang="`+lang+`"`) {
					t.Errorf("%s %s: %d, or not in %s", lang, path, resp.StatusCode, lang)
					continue
				}
				for _, raw := range webtest.RawIDs(e.Bundle, lang, body) {
					t.Errorf("%s %s: raw message id %q", lang, path, raw)
				}
				last := 0
				for _, m := range headingRE.FindAllStringSubmatch(body, -1) {
					level, _ := strconv.Atoi(m[1])
					if level > last+1 {
						t.Errorf("%s %s: h%d after h%d", lang, path, level, last)
					}
					last = level
				}
			}
		}
	})
}

// TestForHome: the home page's cards are the picks public now, of one
// library and the consortium or of all, each with its first records and
// their availability.
func TestForHome(t *testing.T) {
	webtest.ForEachCircEnv(t, func(t *testing.T, e *webtest.CircEnv) {
		ctx := context.Background()
		pub := library.Publication{Status: library.StatusPublished, PublishAt: webtest.Now.Add(-time.Hour)}
		var recs []library.PickRecord
		for _, src := range []string{"(TEST)1", "(TEST)2", "(TEST)3", "(TEST)f1"} {
			recs = append(recs, library.PickRecord{RecordID: e.Records[src]})
		}
		for _, p := range []library.Pick{
			{Library: "helsinki", Title: library.Text{"fi": "Helsingin valinta", "en": "Helsinki's pick"}, Records: recs, Publication: pub},
			{Title: library.Text{"fi": "Kimpan valinta"}, Records: recs[:1], Publication: pub},
			{Library: "espoo", Title: library.Text{"fi": "Espoon luonnos"}, Publication: library.Publication{Status: library.StatusDraft}},
		} {
			if _, err := e.DB.CreatePick(ctx, p, system, webtest.Now); err != nil {
				t.Fatal(err)
			}
		}
		titles := func(c picks.Cards) []string {
			var out []string
			for _, p := range c.Picks {
				out = append(out, p.Title.Text)
			}
			return out
		}
		all, err := picks.ForHome(ctx, e.Srv, "", "en", 5)
		if err != nil {
			t.Fatal(err)
		}
		if got := titles(all); len(got) != 2 || all.MoreURL != "/picks" || all.FeedURL != "/picks.atom" {
			t.Errorf("the consortium's home: %v, %q, %q", got, all.MoreURL, all.FeedURL)
		}
		for _, p := range all.Picks {
			if p.Title.Text == "Helsinki's pick" && (p.Count != 4 || len(p.Records) != 3 || p.Records[0].Availability.Copies != 2) {
				t.Errorf("Helsinki's card: %d records, %d shown: %+v", p.Count, len(p.Records), p.Records)
			}
		}
		espoo, err := picks.ForHome(ctx, e.Srv, "espoo", "en", 5)
		if err != nil {
			t.Fatal(err)
		}
		if got := titles(espoo); len(got) != 1 || got[0] != "Kimpan valinta" || espoo.MoreURL != "/picks?library=espoo" {
			t.Errorf("Espoo's home: %v, %q", got, espoo.MoreURL)
		}
		if one, _ := picks.ForHome(ctx, e.Srv, "", "en", 1); len(one.Picks) != 1 {
			t.Errorf("ForHome with n 1: %d picks", len(one.Picks))
		}
	})
}
