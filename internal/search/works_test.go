package search

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kirjasto/kirjasto/internal/library"
)

func TestGroupWorks(t *testing.T) {
	ix := relevanceIndex(t)
	ctx := context.Background()
	tests := []struct {
		query string
		want  []library.SearchHit // without scores
	}{
		{"seitsemän veljestä", []library.SearchHit{
			{ID: 2, Editions: []int64{2, 1, 3}, Formats: []string{"audiobook", "book"}},
		}},
		{"tuntematon sotilas", []library.SearchHit{
			{ID: 4, Editions: []int64{4, 29}, Formats: []string{"book", "ebook"}},
		}},
		{"muumipeikko", []library.SearchHit{{ID: 7, Editions: []int64{7}, Formats: []string{"book"}}}},
	}
	for _, tt := range tests {
		res, err := ix.Search(ctx, library.SearchQuery{Text: tt.query, GroupWorks: true, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, res.Hits, cmpopts.IgnoreFields(library.SearchHit{}, "Score", "WorkID")); diff != "" {
			t.Errorf("%q: -want +got:\n%s", tt.query, diff)
			continue
		}
		eds := ix.Editions(ctx, res.Hits[0].WorkID)
		if diff := cmp.Diff(sorted(tt.want[0].Editions), eds); diff != "" {
			t.Errorf("%q: Editions(%s): -want +got:\n%s", tt.query, res.Hits[0].WorkID, diff)
		}
	}

	// Paging counts works: the pages of a grouped search have no work twice.
	seen := map[string]bool{}
	for off := 0; off < 40; off += 4 {
		res, err := ix.Search(ctx, library.SearchQuery{Text: "jansson OR linna OR kivi", GroupWorks: true, Offset: off, Limit: 4})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			if seen[h.WorkID] {
				t.Errorf("work %s (record %d) twice", h.WorkID, h.ID)
			}
			seen[h.WorkID] = true
		}
	}
	if len(seen) < 10 {
		t.Errorf("%d works over the pages, want more", len(seen))
	}
	if got := ix.Editions(ctx, "not a work"); got != nil {
		t.Errorf("Editions of a bad ID = %v", got)
	}
}
