package search

import (
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
)

// union returns the documents in any of bms, as a new bitmap the caller
// owns; size is the number of document numbers in use.
//
// Roaring unites postings of a few percent of the documents each (arrays
// of a few thousand per 65,536 documents) by merging sorted arrays again
// and again, 25 ns a document at three million records: a millisecond and
// more for a common word in several forms and fields. Unless the inputs
// are small, they are set instead in a plain array of one bit per
// document, which the result is then made from: a sparse input a
// document at a time, a dense one written out whole and ORed a word at
// a time (roaring writes a dense part by copying it over whatever is
// there, so it cannot be written straight into the sum).
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
	if total < uint64(size/1024) {
		return roaring.FastOr(bms...)
	}
	sum := getWords(size)
	defer putWords(sum)
	var one []uint64
	buf := getBatch()
	defer putBatch(buf)
	for i, bm := range bms {
		switch {
		case bm.IsEmpty():
		case i == 0:
			bm.WriteDenseTo(sum)
		case bm.GetCardinality() < uint64(size/16):
			forEach(bm, buf, func(ns []uint32) {
				for _, n := range ns {
					sum[n/64] |= 1 << (n % 64)
				}
			})
		default:
			if one == nil {
				one = getWords(size)
				defer putWords(one)
			}
			bm.WriteDenseTo(one)
			lo, hi := int(bm.Minimum()/64), int(bm.Maximum()/64)
			for i, w := range one[lo : hi+1] {
				sum[lo+i] |= w
			}
			clear(one[lo : hi+1])
		}
	}
	return roaring.FromDense(sum, true)
}

// unionCount returns the number of documents in any of bms.
func unionCount(bms []*roaring.Bitmap, size int) uint64 {
	if len(bms) == 1 {
		return bms[0].GetCardinality()
	}
	return union(bms, size).GetCardinality()
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
