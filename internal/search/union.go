package search

import (
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
)

// union returns the documents in any of bms, as a new bitmap the caller
// owns; size is the number of document numbers in use.
//
// Roaring merges sorted arrays to unite postings of a few percent of the
// documents each (arrays of a few thousand per 65,536 documents), which
// for a common word in several forms and fields took milliseconds at
// three million records. When the inputs add up to more than a bit in 64
// they are written out, one by one, as plain arrays of one bit per
// document and ORed a word at a time, and the result is made from that.
// (Writing each straight into the sum would do, but roaring writes a
// dense container by copying it over whatever is there.)
func union(bms []*roaring.Bitmap, size int) *roaring.Bitmap {
	switch len(bms) {
	case 0:
		return roaring.New()
	case 1:
		return bms[0].Clone()
	}
	total := uint64(0)
	for _, bm := range bms {
		total += bm.GetCardinality()
	}
	if total < uint64(size/64) {
		return roaring.FastOr(bms...)
	}
	sum, one := getWords(size), getWords(size)
	defer putWords(sum)
	defer wordPool.Put(&one)
	bms[0].WriteDenseTo(sum)
	for _, bm := range bms[1:] {
		if bm.IsEmpty() {
			continue
		}
		bm.WriteDenseTo(one)
		lo, hi := int(bm.Minimum()/64), int(bm.Maximum()/64)
		for i, w := range one[lo : hi+1] {
			sum[lo+i] |= w
		}
		clear(one[lo : hi+1])
	}
	return roaring.FromDense(sum, true)
}

// wordPool holds zeroed arrays of one bit per document.
var wordPool sync.Pool

func getWords(size int) []uint64 {
	n := (size + 63) / 64
	if p, ok := wordPool.Get().(*[]uint64); ok && cap(*p) >= n {
		return (*p)[:n]
	}
	return make([]uint64, n)
}

// putWords zeroes words and keeps them for getWords.
func putWords(words []uint64) {
	clear(words)
	wordPool.Put(&words)
}
