package search

import (
	"context"
	"math"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/kirjasto/kirjasto/internal/library"
)

func TestCountWorks(t *testing.T) {
	tests := []struct {
		name       string
		docs       int
		perWork    int // documents per work; 0: none has a work key
		wantApprox bool
	}{
		{"small, exact", 1000, 3, false},
		{"no work keys", 500, 0, false},
		{"at the exact limit", exactWorksUpTo, 4, false},
		{"large, estimated", 300000, 3, true},
		{"large, every document its own work", 200000, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &core{works: make([]uint64, tt.docs)}
			want := tt.docs
			if tt.perWork > 0 {
				want = (tt.docs + tt.perWork - 1) / tt.perWork
				for d := range c.works {
					c.works[d] = uint64(d/tt.perWork)*2654435761 + 1
				}
			}
			hits := roaring.New()
			hits.AddRange(0, uint64(tt.docs))
			got, approx := c.countWorks(hits)
			if approx != tt.wantApprox {
				t.Errorf("approximate = %v, want %v", approx, tt.wantApprox)
			}
			if !approx && got != want {
				t.Errorf("works = %d, want exactly %d", got, want)
			}
			if approx && math.Abs(float64(got-want)) > 0.03*float64(want) {
				t.Errorf("works = %d, want %d within 3%%", got, want)
			}
		})
	}
}

func TestWorkOf(t *testing.T) {
	ix := relevanceIndex(t)
	ctx := context.Background()
	res, err := ix.Search(ctx, library.SearchQuery{Text: "seitsemän veljestä", GroupWorks: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 1 || res.Works != 1 || res.WorksApproximate {
		t.Fatalf("hits %+v, works %d (approximate %v), want one work", res.Hits, res.Works, res.WorksApproximate)
	}
	h := res.Hits[0]
	for _, id := range h.Editions {
		if got := ix.WorkOf(ctx, id); got != h.WorkID {
			t.Errorf("WorkOf(%d) = %q, want %q", id, got, h.WorkID)
		}
	}
	if got := ix.WorkOf(ctx, 1<<40); got != "" {
		t.Errorf("WorkOf(unknown) = %q, want none", got)
	}
	res, err = ix.Search(ctx, library.SearchQuery{Text: "seitsemän veljestä"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Works != 0 {
		t.Errorf("ungrouped search counted %d works, want none", res.Works)
	}
}

// BenchmarkCountWorks counts the works of a result as large as the demo
// catalogue at 3 million records, three editions a work:
//
//	go test -run '^$' -bench CountWorks ./internal/search
func BenchmarkCountWorks(b *testing.B) {
	const docs = 3000000
	c := &core{works: make([]uint64, docs)}
	for d := range c.works {
		c.works[d] = uint64(d/3)*2654435761 + 1
	}
	hits := roaring.New()
	hits.AddRange(0, docs)
	for b.Loop() {
		c.countWorks(hits)
	}
}
