package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/odl"
	"github.com/kirjasto/kirjasto/internal/odl/odltest"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

func TestElibImport(t *testing.T) {
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	srv := httptest.NewServer(odltest.New(odltest.Options{Seed: 4, N: 120, PageSize: 50, Start: start}))
	defer srv.Close()
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, dialect)
			c := &odl.Client{Distributor: "demo"}
			var out, errOut bytes.Buffer
			if err := runElibImport(ctx, db, c, srv.URL+odltest.FeedPath, "", start.Add(time.Hour), &out, &errOut); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "imported 120 publications (120 new, 0 updated)") || errOut.Len() != 0 {
				t.Fatalf("first import: %s %s", out.String(), errOut.String())
			}
			feed, err := c.ReadFeed(ctx, srv.URL+odltest.FeedPath)
			if err != nil {
				t.Fatal(err)
			}
			// Every licence of the feed is the record's, and an open
			// title has its open-access licence and download link.
			checked := map[string]bool{}
			for _, p := range feed.Publications {
				kind := string(p.Record.Material)
				if len(p.OpenAccess) > 0 {
					kind = "open"
				}
				if checked[kind] {
					continue
				}
				checked[kind] = true
				res, err := db.UpsertRecords(ctx, []library.RecordWithItems{{Record: p.Record}})
				if err != nil || res[0].Created {
					t.Fatalf("%s: %+v %v", p.Identifier, res, err)
				}
				ls, err := db.Licences(ctx, res[0].ID)
				if err != nil {
					t.Fatal(err)
				}
				want := len(p.Licences)
				if kind == "open" {
					want = 1
					if len(ls) == 1 && ls[0].Model != library.ModelOpenAccess {
						t.Errorf("open title's licence = %+v", ls[0])
					}
				}
				if len(ls) != want {
					t.Errorf("%s (%s): %d licences stored, %d in the feed", p.Identifier, kind, len(ls), want)
				}
			}
			if len(checked) < 4 {
				t.Errorf("checked only %v", checked)
			}
			// A checkout at the distributor is not undone by importing
			// again: the metered licence keeps its count.
			var metered library.Licence
			var meteredRecord library.Record
			for _, p := range feed.Publications {
				for _, l := range p.Licences {
					if l.CheckoutsTotal > 1 && metered.Identifier == "" && (l.Expires.IsZero() || l.Expires.After(start.Add(time.Hour))) {
						metered, meteredRecord = l, p.Record
					}
				}
			}
			if _, err := c.Checkout(ctx, metered, odl.CheckoutRequest{CheckoutID: "x1", PatronID: "p1",
				Expires: time.Now().Add(24 * time.Hour)}); err != nil {
				t.Fatal(err)
			}
			out.Reset()
			if err := runElibImport(ctx, db, c, srv.URL+odltest.FeedPath, "", start.Add(2*time.Hour), &out, &errOut); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.String(), "imported 120 publications (0 new, 120 updated)") {
				t.Fatalf("second import: %s", out.String())
			}
			res, _ := db.UpsertRecords(ctx, []library.RecordWithItems{{Record: meteredRecord}})
			ls, _ := db.Licences(ctx, res[0].ID)
			for _, l := range ls {
				if l.Identifier == metered.Identifier && l.Checkouts != metered.CheckoutsTotal-1 {
					t.Errorf("after a checkout and an import: %d of %d checkouts left", l.Checkouts, l.CheckoutsTotal)
				}
			}
		})
	}
}

// TestElibImportWithdraws imports a feed and then a smaller one: the
// licences only the first listed are withdrawn, and a feed with an entry
// it cannot read withdraws nothing.
func TestElibImportWithdraws(t *testing.T) {
	start := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	big := httptest.NewServer(odltest.New(odltest.Options{Seed: 4, N: 60, PageSize: 50, Start: start}))
	defer big.Close()
	small := httptest.NewServer(odltest.New(odltest.Options{Seed: 4, N: 40, PageSize: 50, Start: start}))
	defer small.Close()
	ctx := context.Background()
	c := &odl.Client{Distributor: "demo"}
	ids := func(url string) map[string]bool {
		feed, err := c.ReadFeed(ctx, url+odltest.FeedPath)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]bool{}
		for _, p := range feed.Publications {
			for _, l := range p.Licences {
				m[l.Identifier] = true
			}
			if len(p.OpenAccess) > 0 {
				m["open:"+p.Identifier] = true
			}
		}
		return m
	}
	before, after := ids(big.URL), ids(small.URL)
	gone := 0
	for id := range before {
		if !after[id] {
			gone++
		}
	}
	if gone == 0 {
		t.Fatal("the smaller feed lists every licence of the larger")
	}
	db := storetest.Open(t, storetest.Dialects[0])
	var out, errOut bytes.Buffer
	if err := runElibImport(ctx, db, c, big.URL+odltest.FeedPath, "", start.Add(time.Hour), &out, &errOut); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := runElibImport(ctx, db, c, small.URL+odltest.FeedPath, "", start.Add(2*time.Hour), &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("withdrew %d licences no longer in the feed", gone); !strings.Contains(out.String(), want) {
		t.Fatalf("second import said %q, want %q", out.String(), want)
	}

	// The same feed with one entry that cannot be read: nothing more is
	// withdrawn, and the output says why.
	resp, err := http.Get(small.URL + odltest.FeedPath)
	if err != nil {
		t.Fatal(err)
	}
	var feed map[string]any
	err = json.NewDecoder(resp.Body).Decode(&feed)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	pubs := feed["publications"].([]any)
	delete(pubs[len(pubs)-1].(map[string]any)["metadata"].(map[string]any), "title")
	file := filepath.Join(t.TempDir(), "feed.json")
	body, _ := json.Marshal(feed)
	if err := os.WriteFile(file, body, 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errOut.Reset()
	if err := runElibImport(ctx, db, c, file, "", start.Add(3*time.Hour), &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "not withdrawn, as 1 entries could not be read") || strings.Contains(out.String(), "withdrew") {
		t.Fatalf("import with a bad entry said %q", out.String())
	}
}
