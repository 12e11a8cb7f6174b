package search

import (
	"cmp"
	"slices"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
)

// batchSize is how many document numbers forEach takes from a bitmap at a
// time: enough to amortise the iterator's calls, few enough to stay in the
// first-level cache.
const batchSize = 512

var batchPool = sync.Pool{New: func() any { return new([batchSize]uint32) }}

func getBatch() *[batchSize]uint32  { return batchPool.Get().(*[batchSize]uint32) }
func putBatch(b *[batchSize]uint32) { batchPool.Put(b) }

// forEach calls fn with the documents of bm in order, a batch at a time.
// The batch is buf's, reused between calls.
func forEach(bm *roaring.Bitmap, buf *[batchSize]uint32, fn func(ns []uint32)) {
	it := bm.ManyIterator()
	for {
		k := it.NextMany(buf[:])
		if k == 0 {
			return
		}
		fn(buf[:k])
	}
}

// normTable holds one field's BM25 score for one word by field length,
// for the lengths most fields have; longer ones are computed.
type normTable struct {
	w, bf, avg float64
	tab        [256]float32
}

func (t *normTable) fill(w, bf, avg float64) {
	t.w, t.bf, t.avg = w, bf, avg
	for l := range t.tab {
		t.tab[l] = t.compute(uint16(l))
	}
}

func (t *normTable) compute(l uint16) float32 {
	norm := 1 - t.bf + t.bf*float64(l)/max(t.avg, 1)
	return float32(t.w / (1 + k1*norm))
}

// score returns the score of a field of length l.
func (t *normTable) score(l uint16) float32 {
	if int(l) < len(t.tab) {
		return t.tab[l]
	}
	return t.compute(l)
}

// cursor takes a bitmap's documents in order, a batch at a time, up to a
// bound the caller moves forward: several bitmaps are walked side by side.
type cursor struct {
	it   roaring.ManyIntIterable
	buf  [batchSize]uint32
	i, n int // buf[i:n] is taken from it and not yet passed on
}

func newCursor(bm *roaring.Bitmap) *cursor { return &cursor{it: bm.ManyIterator()} }

// fill takes the next batch when the last is passed on, and reports
// whether any documents are left.
func (c *cursor) fill() bool {
	if c.i == c.n && c.it != nil {
		c.i, c.n = 0, c.it.NextMany(c.buf[:])
		if c.n == 0 {
			c.it = nil
		}
	}
	return c.i < c.n
}

// peek returns the next document without passing it on; false when
// there are none.
func (c *cursor) peek() (uint32, bool) {
	if !c.fill() {
		return 0, false
	}
	return c.buf[c.i], true
}

// next returns the next documents below end, or nil when there are none.
func (c *cursor) next(end uint64) []uint32 {
	if !c.fill() {
		return nil
	}
	b := c.buf[c.i:c.n]
	if uint64(b[0]) >= end {
		return nil
	}
	j := len(b)
	if uint64(b[j-1]) >= end {
		j, _ = slices.BinarySearchFunc(b, end, func(n uint32, end uint64) int { return cmp.Compare(uint64(n), end) })
	}
	c.i += j
	return b[:j]
}
