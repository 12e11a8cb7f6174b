package search

import (
	"math/rand/v2"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
)

// TestUnion compares union with roaring's own on sparse and dense, run
// and empty bitmaps, on both sides of the density where it changes way.
func TestUnion(t *testing.T) {
	const size = 300_000
	r := rand.New(rand.NewPCG(1, 2))
	random := func(density float64) *roaring.Bitmap {
		bm := roaring.New()
		for n := range uint32(size) {
			if r.Float64() < density {
				bm.Add(n)
			}
		}
		return bm
	}
	runs := roaring.New()
	runs.AddRange(70_000, 200_000)
	runs.RunOptimize()
	for _, bms := range [][]*roaring.Bitmap{
		nil,
		{random(0.01)},
		{random(0.001), random(0.002)},
		{random(0.02), roaring.New(), random(0.3)},
		{roaring.New(), random(0.05), runs, random(0.0001)},
		{random(0.5), random(0.5), random(0.06)},
	} {
		want := roaring.FastOr(bms...)
		got := union(bms, size)
		if !got.Equals(want) {
			t.Errorf("union of %d bitmaps: %d documents, want %d", len(bms), got.GetCardinality(), want.GetCardinality())
		}
		// The pooled arrays must come back clean.
		if again := union(bms, size); !again.Equals(want) {
			t.Errorf("union of %d bitmaps, again: %d documents, want %d", len(bms), again.GetCardinality(), want.GetCardinality())
		}
	}
}
