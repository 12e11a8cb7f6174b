package account

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/i18n"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/search"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// BenchmarkAccountPages renders My Account for a patron with 50 loans and
// 20 holds, the size issue 3 asks to be measured, on each database.
//
//	go test -run '^$' -bench AccountPages ./internal/web
func BenchmarkAccountPages(b *testing.B) {
	for _, dialect := range storetest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			ctx := context.Background()
			db := storetest.Open(b, dialect)
			c := webtest.Consortium()
			if err := db.PutConsortium(ctx, c); err != nil {
				b.Fatal(err)
			}
			var recs []library.RecordWithItems
			for i := range 70 {
				recs = append(recs, library.RecordWithItems{
					Record: library.Record{SourceID: fmt.Sprintf("(BENCH)%d", i), Title: fmt.Sprintf("Kirja numero %d", i),
						Authors: []library.Contributor{{Name: "Kirjoittaja, Kaisa", Role: "author"}}, Language: "fin", Year: 2000 + i%25,
						Material: library.Book, Audience: library.AudienceAdult},
					Items: []library.Item{{Barcode: fmt.Sprintf("B%d", i), HomeBranch: "hki-oodi", Branch: "hki-oodi", Collection: "adult", Status: library.Available}},
				})
			}
			res, err := db.UpsertRecords(ctx, recs)
			if err != nil {
				b.Fatal(err)
			}
			reader, err := db.CreatePatron(ctx, library.Patron{CardNumber: "1", Name: "Lukija, Lauri", Category: library.CategoryAdult, HomeLibrary: "helsinki"}, "")
			if err != nil {
				b.Fatal(err)
			}
			other, err := db.CreatePatron(ctx, library.Patron{CardNumber: "2", Name: "Muu, Maija", Category: library.CategoryAdult, HomeLibrary: "helsinki"}, "")
			if err != nil {
				b.Fatal(err)
			}
			at := library.Actor{Branch: "hki-oodi"}
			for i := range 70 {
				who := reader.ID
				if i >= 50 {
					who = other.ID // the titles the reader waits for are all out
				}
				if _, err := db.Checkout(ctx, who, fmt.Sprintf("B%d", i), at, webtest.Now); err != nil {
					b.Fatal(err)
				}
			}
			for i := 50; i < 70; i++ {
				if _, err := db.PlaceHold(ctx, library.Hold{PatronID: reader.ID, RecordID: res[i].ID, PickupBranch: "hki-oodi"}, at, webtest.Now); err != nil {
					b.Fatal(err)
				}
			}
			sess, err := db.NewSession(ctx, library.Session{PatronID: reader.ID, Created: webtest.Now})
			if err != nil {
				b.Fatal(err)
			}
			ix := search.New(search.Config{Branches: search.BranchCities(c.Branches)})
			bundle, err := i18n.New()
			if err != nil {
				b.Fatal(err)
			}
			srv, err := webtest.NewServer(web.Config{Store: db, Search: ix, I18n: bundle, Now: func() time.Time { return webtest.Now }, Patrons: db, Circulation: db})
			if err != nil {
				b.Fatal(err)
			}
			h := srv.Handler()
			for _, path := range []string{"/account", "/account/loans", "/account/holds"} {
				b.Run(path, func(b *testing.B) {
					for b.Loop() {
						req := httptest.NewRequest("GET", "http://kirjasto.test"+path, nil)
						req.Header.Set("Cookie", web.PatronCookie+"="+sess.Token+"; lang=fi")
						w := httptest.NewRecorder()
						h.ServeHTTP(w, req)
						if w.Code != http.StatusOK {
							b.Fatalf("GET %s: %d", path, w.Code)
						}
					}
				})
			}
		})
	}
}
