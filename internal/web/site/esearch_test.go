package site

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// An e-book and the printed book of the same work: one work on the
// result page, each edition with its own availability (the e-book's
// licences in words with a link to borrow it, the book's shelves); the
// "online now" filter finds the e-book while its licence is free, and
// the e-book's words follow its loan.
func TestPrintAndEEditionsOfOneWork(t *testing.T) {
	webtest.ForEachELibEnv(t, func(t *testing.T, e *webtest.ELibEnv) {
		ctx := context.Background()
		ebook := e.ETitle(t, webtest.OneCopy)
		erec, err := e.DB.Record(ctx, ebook)
		if err != nil {
			t.Fatal(err)
		}
		if len(erec.Authors) == 0 {
			t.Fatalf("the double's e-book %d has no author: it would be a work of its own", ebook)
		}
		printed := library.Record{SourceID: "(ESEARCH)print", Title: erec.Title, Authors: erec.Authors, Language: erec.Language,
			Year: erec.Year, Audience: erec.Audience, Material: library.Book}
		res, err := e.DB.UpsertRecords(ctx, []library.RecordWithItems{{Record: printed,
			Items: []library.Item{{Barcode: "ES-1", HomeBranch: "hki-oodi", Branch: "hki-oodi", CallNumber: "84.2", Status: library.Available}}}})
		if err != nil {
			t.Fatal(err)
		}
		book := res[0].ID
		if err := e.Index.Rebuild(ctx, e.DB, nil); err != nil {
			t.Fatal(err)
		}
		eid := strconv.FormatInt(ebook, 10)
		free := e.Msg("en", "elib_web.avail.free", "Free", 1, "Total", 1)
		q := url.Values{"q": {erec.Title}, "lang": {"en"}}

		// One work, two formats, each with its availability.
		sp := apiSearchAs(t, e, q, "group=works")
		if len(sp.Hits) != 1 || sp.Hits[0].Work == nil {
			t.Fatalf("grouped search for %q: %d hits, want one work: %+v", erec.Title, len(sp.Hits), sp.Hits)
		}
		w := sp.Hits[0].Work
		if !slices.Contains(w.Editions, ebook) || !slices.Contains(w.Editions, book) {
			t.Errorf("the work's editions are %v, want the e-book %d and the book %d", w.Editions, ebook, book)
		}
		formats := map[string]formatView{}
		for _, f := range w.Formats {
			formats[f.Material] = f
		}
		if f := formats["ebook"]; f.Status != "online" || f.Text != free || f.ELib != "/elib/"+eid {
			t.Errorf("the e-book's format: %+v, want online, %q, /elib/%s", f, free, eid)
		}
		if f := formats["book"]; f.Status != "shelf" || f.ELib != "" {
			t.Errorf("the book's format: %+v, want on the shelf", f)
		}
		_, body := e.Get(t, "/search?"+q.Encode())
		if !strings.Contains(body, `<a href="/elib/`+eid+`">`+free+`</a>`) {
			t.Errorf("the result page does not link the e-book's licences in words:\n%s", body)
		}
		wp := apiWorkPage(t, e, w.ID)
		for _, f := range wp.Formats {
			for _, ed := range f.Editions {
				switch ed.ID {
				case ebook:
					if ed.Summary.Text != free || ed.Summary.ELib != "/elib/"+eid || !ed.Summary.Online {
						t.Errorf("the work page's e-book: %+v", ed.Summary)
					}
				case book:
					if ed.Summary.Libraries != 1 || ed.Summary.ELib != "" {
						t.Errorf("the work page's book: %+v", ed.Summary)
					}
				}
			}
		}

		// Online now: the e-book, not the book; with a facet to choose it.
		sp = apiSearchAs(t, e, q, "online=now")
		if got := hitIDs(sp); !slices.Equal(got, []int64{ebook}) {
			t.Errorf("online now finds %v, want [%d]", got, ebook)
		}
		sp = apiSearchAs(t, e, q)
		if got := facetValueCount(sp, library.FacetOnline, library.OnlineNow); got != 1 {
			t.Errorf("the online facet counts %d, want 1", got)
		}
		for _, h := range sp.Hits {
			if h.ID == ebook && (h.Availability.Text != free || !h.Availability.Online || h.Availability.ELib != "/elib/"+eid) {
				t.Errorf("the e-book's hit: %+v", h.Availability)
			}
		}
		_, body = e.Get(t, "/search?"+q.Encode()+"&group=editions")
		if label := e.Msg("en", "esearch.online.now"); !strings.Contains(body, label) {
			t.Errorf("the result page offers no %q filter", label)
		}

		// Its only licence lent: out of online now, and its words say so.
		if _, _, err := e.DB.BorrowE(ctx, e.Patron.ID, ebook, webtest.Now); err != nil {
			t.Fatal(err)
		}
		if err := e.DB.WaitFeed(ctx); err != nil {
			t.Fatal(err)
		}
		if err := e.Index.CatchUp(ctx, e.DB); err != nil {
			t.Fatal(err)
		}
		if got := hitIDs(apiSearchAs(t, e, q, "online=now")); len(got) != 0 {
			t.Errorf("online now finds %v with the licence lent, want none", got)
		}
		none := e.Msg("en", "elib_web.avail.none_first")
		for _, h := range apiSearchAs(t, e, q).Hits {
			if h.ID == ebook && (!strings.HasPrefix(h.Availability.Text, none) || h.Availability.Online) {
				t.Errorf("the lent e-book's hit: %+v, want %q", h.Availability, none)
			}
		}
		_, body = e.Get(t, "/records/"+eid+"?lang=en")
		if !strings.Contains(body, none) || strings.Contains(body, e.Msg("en", "avail.no_items")) || strings.Contains(body, e.Msg("en", "avail.online")) {
			t.Errorf("the record page of the lent e-book does not say its licences in words:\n%s", body)
		}
	})
}

// apiSearchAs returns the API's answer to a search of q and more parameters.
func apiSearchAs(t *testing.T, e *webtest.ELibEnv, q url.Values, more ...string) searchPage {
	t.Helper()
	query := strings.Join(append([]string{q.Encode()}, more...), "&")
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

func apiWorkPage(t *testing.T, e *webtest.ELibEnv, id string) workPage {
	t.Helper()
	resp, body := e.Get(t, "/api/v1/works/"+url.PathEscape(id)+"?lang=en")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("work %s: status %d: %s", id, resp.StatusCode, body)
	}
	var wp workPage
	if err := json.Unmarshal([]byte(body), &wp); err != nil {
		t.Fatal(err)
	}
	return wp
}

func hitIDs(sp searchPage) []int64 {
	var ids []int64
	for _, h := range sp.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

func facetValueCount(sp searchPage, facet, value string) int {
	for _, f := range sp.Facets {
		if f.Name == facet {
			for _, v := range f.Values {
				if v.Value == value {
					return v.Count
				}
			}
		}
	}
	return 0
}
