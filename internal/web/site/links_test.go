package site

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// TestOnlineLinks: an e-book's record page and API show its own 856 links,
// web addresses only, with words in the user's language where the record
// has none; only then does anything say it is available online.
func TestOnlineLinks(t *testing.T) {
	e := webtest.NewEnv(t, storetest.Open(t, "sqlite"))
	for lang, open := range map[string]string{"en": "Open online", "fi": "Avaa verkossa", "ru": "Открыть онлайн", "ar": "افتح عبر الإنترنت"} {
		_, body := e.Get(t, e.RecordPath("(TEST)2")+"?lang="+lang)
		for _, want := range []string{
			`<h3 id="online">` + e.Bundle.T(lang, "record.online_links", nil) + `</h3>`,
			`<a href="https://ekirjasto.example/muumi" rel="nofollow noreferrer">Ellibs <span class="host">(ekirjasto.example)</span></a>`,
			`<a href="http://ekirjasto.example/muumi/sisallys" rel="nofollow noreferrer">` + open + ` <span class="host">`,
			e.Bundle.T(lang, "avail.online", nil),
		} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: record page lacks %q", lang, want)
			}
		}
		if strings.Contains(body, "javascript:") || strings.Contains(body, "Haitallinen") {
			t.Errorf("%s: record page offers the javascript: link", lang)
		}
	}
	rp := apiRecord(t, e, "(TEST)2")
	want := []onlineLink{
		{URL: "https://ekirjasto.example/muumi", Text: "Ellibs", Host: "ekirjasto.example"},
		{URL: "http://ekirjasto.example/muumi/sisallys", Text: "Open online", Host: "ekirjasto.example"},
	}
	if diff := cmp.Diff(want, rp.Record.Links); diff != "" || !rp.Summary.Online {
		t.Errorf("API links (-want +got):\n%s\nonline %v", diff, rp.Summary.Online)
	}
	if rp := apiRecord(t, e, "(TEST)1"); rp.Record.Links == nil || len(rp.Record.Links) != 0 {
		t.Errorf("API links of a book %#v, want []", rp.Record.Links)
	}

	// An e-book whose record has no web link is online nowhere we know of:
	// nothing says so, on its page, in the API, in results or in JSON-LD.
	ctx := context.Background()
	res, err := e.DB.UpsertRecords(ctx, []library.RecordWithItems{{Record: library.Record{
		SourceID: "(TEST)nolink", Title: "Linkitön e-kirja", Language: "fin", Year: 2020, Material: library.EBook,
		Links: []library.Link{{URL: "javascript:alert(1)", Text: "Lue"}, {URL: "ftp://ekirjasto.example/x"}},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	e.Records["(TEST)nolink"] = res[0].ID
	if err := e.Index.Rebuild(ctx, e.DB, nil); err != nil {
		t.Fatal(err)
	}
	online := e.Bundle.T("en", "avail.online", nil)
	_, body := e.Get(t, e.RecordPath("(TEST)nolink")+"?lang=en")
	if strings.Contains(body, online) || strings.Contains(body, `id="online"`) || strings.Contains(body, "OnlineOnly") || strings.Contains(body, "javascript:") {
		t.Error("record page of an e-book without a web link says it is online or links elsewhere")
	}
	if rp := apiRecord(t, e, "(TEST)nolink"); rp.Summary.Online || len(rp.Record.Links) != 0 {
		t.Errorf("API: online %v, links %v; want offline, none", rp.Summary.Online, rp.Record.Links)
	}
	sp := apiSearch(t, e, "q=linkitön&lang=en")
	if len(sp.Hits) != 1 || sp.Hits[0].Availability.Online || sp.Hits[0].Availability.Text == online {
		t.Errorf("search hit %+v, want one, not online", sp.Hits)
	}
	if _, body := e.Get(t, "/search?q=linkitön&lang=en"); strings.Contains(body, online) {
		t.Error("result page says the e-book without a link is online")
	}
}
