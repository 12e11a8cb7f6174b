package search

import (
	"context"
	"math"
	"math/bits"
	"strconv"

	"github.com/RoaringBitmap/roaring/v2"
)

// Counting works. A grouped result page says how many works it found and
// pages by works, so it needs the number of distinct work keys among the
// hits. Up to exactWorksUpTo hits they are counted exactly; above, a
// HyperLogLog sketch estimates them to within about 1% at a fixed cost of
// one pass over the hits and 16 KiB, where an exact count of millions of
// keys would need a set of them.

// exactWorksUpTo is the largest result whose works are counted exactly.
const exactWorksUpTo = 20000

// hllBits is the number of bits of a key that choose its HyperLogLog
// register: 2^14 registers, a standard error of 1.04/√2^14 ≈ 0.8%.
const hllBits = 14

// countWorks returns the number of works among hits and whether it is an
// estimate. A document without a work key is a work of its own.
func (c *core) countWorks(hits *roaring.Bitmap) (n int, approx bool) {
	total := hits.GetCardinality()
	if total <= exactWorksUpTo {
		seen := make(map[uint64]struct{}, total)
		it := hits.Iterator()
		for it.HasNext() {
			if w := c.works[it.Next()]; w == 0 {
				n++
			} else {
				seen[w] = struct{}{}
			}
		}
		return n + len(seen), false
	}
	var reg [1 << hllBits]uint8
	buf := make([]uint32, 4096)
	it := hits.ManyIterator()
	for m := it.NextMany(buf); m > 0; m = it.NextMany(buf) {
		for _, d := range buf[:m] {
			w := c.works[d]
			if w == 0 {
				n++
				continue
			}
			x := mix64(w)
			i := x >> (64 - hllBits)
			rho := uint8(bits.LeadingZeros64(x<<hllBits|1<<(hllBits-1))) + 1
			reg[i] = max(reg[i], rho)
		}
	}
	return n + int(math.Round(hllEstimate(&reg))), true
}

// hllEstimate is the HyperLogLog estimate of the registers, with linear
// counting for small cardinalities (Flajolet et al. 2007; 64-bit hashes
// need no large-range correction).
func hllEstimate(reg *[1 << hllBits]uint8) float64 {
	const m = 1 << hllBits
	sum, zeros := 0.0, 0
	for _, r := range reg {
		sum += math.Ldexp(1, -int(r))
		if r == 0 {
			zeros++
		}
	}
	e := 0.7213 / (1 + 1.079/m) * m * m / sum
	if e <= 2.5*m && zeros > 0 {
		e = m * math.Log(m/float64(zeros))
	}
	return e
}

// mix64 spreads the bits of a work key (an FNV hash, whose high bits mix
// poorly for short input) over all 64 bits: MurmurHash3's finaliser.
func mix64(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb53fe49a6ec5
	x ^= x >> 33
	return x
}

// WorkOf returns the work a record belongs to, as SearchHit.WorkID names
// it (so Editions lists its editions, or "r" and the record ID for a
// record that is a work of its own), or "" if the index lacks the record.
func (ix *Index) WorkOf(ctx context.Context, recordID int64) string {
	if ctx.Err() != nil {
		return ""
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	n, ok := ix.x.docOf[recordID]
	if !ok {
		return ""
	}
	if w := ix.x.works[n]; w != 0 {
		return workID(w)
	}
	return "r" + strconv.FormatInt(recordID, 10)
}
