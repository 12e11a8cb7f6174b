package odl_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/kirjasto/kirjasto/internal/odl"
	"github.com/kirjasto/kirjasto/internal/odl/odltest"
)

// BenchmarkReadFeed reads the demo's size of feed: 3,000 titles in
// pages of 100 from the double.
func BenchmarkReadFeed(b *testing.B) {
	srv := httptest.NewServer(odltest.New(odltest.Options{Seed: 1, N: 3000, PageSize: 100, Start: start}))
	defer srv.Close()
	c := &odl.Client{Distributor: "demo"}
	for b.Loop() {
		f, err := c.ReadFeed(context.Background(), srv.URL+odltest.FeedPath)
		if err != nil || len(f.Publications) != 3000 {
			b.Fatalf("%v, %d publications", err, len(f.Publications))
		}
	}
}
