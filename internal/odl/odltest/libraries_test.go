package odltest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/kirjasto/kirjasto/internal/odl"
)

// TestLibraryFeeds reads each member library's feed and the
// consortium's with Kirjasto's own client: a library's feed holds only
// its own licences, the consortium's none of them, and the catalogue
// is the same with or without the libraries.
func TestLibraryFeeds(t *testing.T) {
	libs := []string{"espoo", "vantaa"}
	s := New(Options{Seed: 3, N: 400, Start: start, Libraries: libs})
	srv := httptest.NewServer(s)
	defer srv.Close()
	c := &odl.Client{Distributor: "d"}
	ctx := context.Background()
	shared, err := c.ReadFeed(ctx, srv.URL+FeedPath)
	if err != nil {
		t.Fatal(err)
	}
	plainSrv := httptest.NewServer(New(Options{Seed: 3, N: 400, Start: start}))
	defer plainSrv.Close()
	plain, err := c.ReadFeed(ctx, plainSrv.URL+FeedPath)
	if err != nil {
		t.Fatal(err)
	}
	count := func(f *odl.Feed) (n int) {
		for _, p := range f.Publications {
			n += len(p.Licences)
		}
		return n
	}
	if len(shared.Publications) != 400 || count(shared) != count(plain) {
		t.Errorf("the consortium's feed: %d publications, %d licences; without libraries %d licences",
			len(shared.Publications), count(shared), count(plain))
	}
	ids := map[string]bool{}
	for _, p := range shared.Publications {
		for _, l := range p.Licences {
			ids[l.Identifier] = true
		}
	}
	for _, lib := range libs {
		f, err := c.ReadFeed(ctx, srv.URL+LibraryFeedPath(lib))
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Publications) < 5 || len(f.Problems) > 0 {
			t.Errorf("%s: %d publications, problems %v", lib, len(f.Publications), f.Problems)
		}
		for _, p := range f.Publications {
			for _, l := range p.Licences {
				if ids[l.Identifier] {
					t.Errorf("%s: licence %s is also in another feed", lib, l.Identifier)
				}
				ids[l.Identifier] = true
				if s.licences[key(l.Identifier)] == nil || s.licences[key(l.Identifier)].library != lib {
					t.Errorf("%s: licence %s is not the library's", lib, l.Identifier)
				}
			}
		}
	}
	if resp, _ := get(t, srv.URL+LibraryFeedPath("nowhere")); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the feed of an unknown library: %s", resp.Status)
	}
}
