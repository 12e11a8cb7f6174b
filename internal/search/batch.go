package search

import (
	"math"
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

// popTable holds popularity factors of the commonest loan counts: a
// logarithm per hit was a tenth of a broad query's ranking.
var popTable = func() (t [1024]float64) {
	for i := range t {
		t[i] = 1 + popularityBoost*math.Log1p(float64(i))
	}
	return t
}()

// popularity returns the ranking factor of a record with pop loans.
func popularity(pop uint32) float64 {
	if int(pop) < len(popTable) {
		return popTable[pop]
	}
	return 1 + popularityBoost*math.Log1p(float64(pop))
}
