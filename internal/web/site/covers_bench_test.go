package site

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/web"
	"github.com/kirjasto/kirjasto/internal/web/webtest"
)

// BenchmarkCovers measures what covers cost: making the Cover of a
// record a page already has (no reads), serving a drawing (one record
// read and the drawing), and a whole result page of ten hits with their
// covers, on each database.
//
//	go test -run '^$' -bench Covers ./internal/web/site
func BenchmarkCovers(b *testing.B) {
	for _, dialect := range storetest.Dialects {
		b.Run(dialect, func(b *testing.B) {
			e := webtest.NewEnv(b, storetest.Open(b, dialect))
			rec, err := e.DB.Record(context.Background(), e.Records["(TEST)1"])
			if err != nil {
				b.Fatal(err)
			}
			b.Run("cover", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					e.Srv.Cover("fi", rec, web.CoverInList)
				}
			})
			drawn := e.Srv.Cover("fi", rec, web.CoverInList).Drawn
			for name, path := range map[string]string{"drawing": drawn, "results": "/search?q=kokoelma&lang=fi"} {
				b.Run(name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						w := httptest.NewRecorder()
						e.Srv.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
						if w.Code != http.StatusOK {
							b.Fatalf("GET %s: %d", path, w.Code)
						}
					}
				})
			}
		})
	}
}
