package search

import (
	"cmp"
	"math"
	"slices"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/kirjasto/kirjasto/internal/library"
)

// topValues is how many values the facets with many values (authors,
// subjects, genres) show; the others show all.
const topValues = 20

// How a facet is counted depends on the result and the facet. The
// single-valued facets are counted from their packed column (columns.go)
// in one pass over the hits. Genres and branches have columns too, but a
// broad result reads a column from end to end, and then intersecting the
// hits with each value's documents is cheaper: at three million records
// (BenchmarkSavedIndex) the 66 branches of 244,800 hits cost 4 ms by
// bitmaps and 7 ms by column, those of 36,529 hits 19 ms by bitmaps and
// 1 ms by column. Intersecting costs about the number of values times the
// hits' containers, walking about the number of hits (measured with
// BenchmarkFacetCount at 100,000 documents: about 0.5 µs a pair of bitmap
// containers, 3 ns a hit for a column, 15 ns for the lists of authors
// and subjects). So a facet of at most smallFacet values is counted from
// its bitmaps when that is estimated cheaper, a pair of containers
// costing about containerCost hits and an array entry arrayCost.
const (
	smallFacet    = 256
	containerCost = 64
	arrayCost     = 3
)

// exactFacetHits is the most hits whose authors and subjects are counted
// exactly; above it they are counted on a sample of about as many hits
// and the facets say they are approximate. Walking the lists costs about
// 15 ns a hit at 100,000 documents (BenchmarkFacetCount) and 40–60 ns at
// 3 million, where every hit's list is a cache miss, so 25,000 hits cost
// 0.4–1.5 ms; a broad query at 3 million records has 200,000 hits or
// more. The top twenty of 25,000 sampled hits are the top twenty of all
// of them but for near ties (TestApproximateFacets). A variable for tests.
var exactFacetHits = 25_000

// facetOrder is the order of the facets in a result: library.Facets, then
// year, which the web pages show as a range rather than a list. (Until
// 3 December format_kind came after year as well, and a result had it
// twice, once it was in library.Facets.)
var facetOrder = append(slices.Clone(library.Facets), library.FacetYear)

// countFacets counts, for every facet, the hits that have each value.
// The single-valued facets, genres and branches are counted from their
// columns (columns.go), in one pass over the hits; authors and subjects
// from the per-document lists, on a sample of a broad result; and what
// the columns cannot hold, from the values' bitmaps or by walking.
func (c *core) countFacets(hits *roaring.Bitmap, filters map[int][]string) []library.Facet {
	total := hits.GetCardinality()
	containers := 0
	if total > 0 {
		containers = int(hits.Maximum()>>16-hits.Minimum()>>16) + 1
	}
	// Genres and branches are counted from their bitmaps when that is
	// cheaper: in a broad result, where their columns are read from end
	// to end.
	cc := c.columnCounter(!c.packedByBitmaps(total, containers),
		!c.cheaperByBitmaps(xGenre, total, containers), !c.cheaperByBitmaps(xBranch, total, containers))
	if cc.any() {
		buf := getBatch()
		forEach(hits, buf, cc.add)
		putBatch(buf)
	}

	// Authors and subjects of a broad result are counted on a sample:
	// walking their lists is most of the cost of a broad search, and the
	// top twenty of a million hits come out the same from every step-th.
	var walk, sampled []int // multi-valued facets to count from the per-document lists
	var approx [numFacets]bool
	step := 1
	if total > uint64(exactFacetHits) {
		step = int((total + uint64(exactFacetHits) - 1) / uint64(exactFacetHits))
	}
	var byBitmaps [numFacets]bool
	for x := xAuthor; x < numFacets; x++ {
		switch {
		case cc.done[x]:
		case x == xOnline:
			byBitmaps[x] = true // one value: one intersection
		case x != xAuthor && x != xSubject && c.cheaperByBitmaps(x, total, containers):
			byBitmaps[x] = true
		case step > 1 && (x == xAuthor || x == xSubject):
			sampled = append(sampled, x)
			approx[x] = true
		default:
			walk = append(walk, x)
		}
	}
	walked := c.walkMulti(hits, walk, 1)
	for x, fvs := range c.walkMulti(hits, sampled, step) {
		walked[x] = fvs
	}
	var decades []library.FacetValue
	if cc.done[xYear] {
		decades = cc.decades()
	}

	out := make([]library.Facet, 0, len(facetOrder))
	for _, name := range facetOrder {
		x := facetIndex(name)
		v := &c.facets[x]
		var fvs []library.FacetValue
		switch counts, ok := walked[x]; {
		case x == xDecade && decades != nil:
			fvs = decades
		case cc.done[x]:
			fvs = cc.values(x)
		case ok:
			fvs = counts
		case byBitmaps[x] || x < numSingle && c.cheaperByBitmaps(x, total, containers):
			for id := range v.docs {
				if n := v.docs[id].andCardinality(hits); n > 0 {
					fvs = append(fvs, library.FacetValue{Value: v.strs[id], Count: int(n)})
				}
			}
		default:
			fvs = c.walkSingle(hits, x)
		}
		for _, s := range filters[x] {
			i := slices.IndexFunc(fvs, func(fv library.FacetValue) bool { return fv.Value == s })
			if i < 0 {
				n := 0
				if id, ok := v.ids[s]; ok {
					n = v.docs[id].andCardinality(hits)
				}
				fvs = append(fvs, library.FacetValue{Value: s, Count: n})
				i = len(fvs) - 1
			}
			fvs[i].Selected = true
		}
		slices.SortFunc(fvs, byCount)
		if x >= xAuthor && x <= xGenre && len(fvs) > topValues {
			// Keep selected values even when they fall outside the top.
			top := fvs[:topValues:topValues]
			for _, fv := range fvs[topValues:] {
				if fv.Selected {
					top = append(top, fv)
				}
			}
			fvs = top
		}
		out = append(out, library.Facet{Name: name, Values: fvs, Approximate: approx[x]})
	}
	return out
}

// cheaperByBitmaps reports whether facet x is estimated to be cheaper to
// count over hits (total of them, in about containers containers) by
// intersecting them with the documents of each value than by walking them.
func (c *core) cheaperByBitmaps(x int, total uint64, containers int) bool {
	return c.bitmapCost(x, containers) < total
}

// bitmapCost estimates the cost of counting facet x by intersecting each
// value's documents with hits in about containers containers, in hits
// walked; the most there is for a facet of many values.
func (c *core) bitmapCost(x int, containers int) uint64 {
	v := &c.facets[x]
	if len(v.strs) > smallFacet {
		return math.MaxUint64
	}
	cost := uint64(0)
	for i := range v.docs {
		if p := &v.docs[i]; p.bm != nil {
			cost += uint64(containers) * containerCost
		} else {
			cost += uint64(len(p.arr)) * arrayCost
		}
	}
	return cost
}

// packedByBitmaps reports whether the packed single-valued facets are
// estimated to be cheaper to count by their bitmaps than in one pass over
// the hits' codes: for a result of most of the index (the empty query).
func (c *core) packedByBitmaps(total uint64, containers int) bool {
	cost := uint64(0)
	for x, f := range c.cols.layout {
		if f.bits > 0 {
			cost += min(c.bitmapCost(x, containers), math.MaxUint64/8)
		}
	}
	return cost < total
}

// byCount orders facet values by count, most first, then by value.
func byCount(a, b library.FacetValue) int {
	if c := cmp.Compare(b.Count, a.Count); c != 0 {
		return c
	}
	return cmp.Compare(a.Value, b.Value)
}

// walkSingle counts the values of single-valued facet x over hits from
// its column.
func (c *core) walkSingle(hits *roaring.Bitmap, x int) []library.FacetValue {
	v := &c.facets[x]
	counts := getCounts(len(v.strs) + 1) // by value ID + 1, as the column has them
	col := c.single[x]
	buf := getBatch()
	forEach(hits, buf, func(ns []uint32) {
		for _, n := range ns {
			counts[col[n]]++
		}
	})
	putBatch(buf)
	var fvs []library.FacetValue
	for id, n := range counts[1:] {
		if n > 0 {
			fvs = append(fvs, library.FacetValue{Value: v.strs[id], Count: int(n)})
		}
	}
	clear(counts)
	countPool.Put(&counts)
	return fvs
}

// countPool holds count arrays indexed by value ID.
var countPool sync.Pool

// walkMulti counts the values of the facets xs (authors, subjects,
// genres, availability) over hits from the per-document value lists, and
// returns the top values of each (all values for availability).
//
// With step > 1 it counts only every step-th hit and scales the counts.
func (c *core) walkMulti(hits *roaring.Bitmap, xs []int, step int) map[int][]library.FacetValue {
	out := make(map[int][]library.FacetValue, len(xs))
	if len(xs) == 0 {
		return out
	}
	var counts [numFacets][]uint32
	var touched [numFacets][]uint32
	for _, x := range xs {
		counts[x] = getCounts(len(c.facets[x].strs))
	}
	count := func(vals []uint32) {
		for _, v := range vals {
			x, id := v>>fieldShift, v&idMask
			if cs := counts[x]; cs != nil {
				if cs[id] == 0 {
					touched[x] = append(touched[x], id)
				}
				cs[id]++
			}
		}
	}
	var walked []*lists[uint32]
	if slices.Contains(xs, xAuthor) || slices.Contains(xs, xSubject) || slices.Contains(xs, xGenre) {
		walked = append(walked, &c.multi)
	}
	if slices.Contains(xs, xBranch) || slices.Contains(xs, xCity) {
		walked = append(walked, &c.avail)
	}
	buf := getBatch()
	var offs, lens [batchSize]uint32
	skip := 0 // hits to pass over before the next counted one
	forEach(hits, buf, func(ns []uint32) {
		k := 0
		for i := skip; i < len(ns); i += step {
			ns[k] = ns[i]
			k++
		}
		skip = (skip - len(ns)%step + step) % step
		// Where each list is, for the whole batch first: see
		// columnCounter.add.
		for _, l := range walked {
			l.spans(ns[:k], offs[:], lens[:])
			for i := range k {
				count(l.vals[offs[i] : offs[i]+lens[i]])
			}
		}
	})
	putBatch(buf)
	for _, x := range xs {
		strs, cs := c.facets[x].strs, counts[x]
		// Select the top values with a bounded heap rather than sorting
		// every author of a broad result.
		k := len(touched[x]) // all values of availability
		if x <= xGenre {
			k = topValues
		}
		h := &hitHeap{k: k, less: func(a, b scored) bool {
			if cs[a.doc] != cs[b.doc] {
				return cs[a.doc] < cs[b.doc]
			}
			return strs[a.doc] > strs[b.doc]
		}}
		for _, id := range touched[x] {
			h.offer(scored{doc: id})
		}
		var fvs []library.FacetValue
		for _, s := range h.h {
			fvs = append(fvs, library.FacetValue{Value: strs[s.doc], Count: int(cs[s.doc]) * step})
		}
		out[x] = fvs
		for _, id := range touched[x] {
			cs[id] = 0
		}
		countPool.Put(&cs)
	}
	return out
}

func getCounts(n int) []uint32 {
	if p, ok := countPool.Get().(*[]uint32); ok && cap(*p) >= n {
		return (*p)[:n]
	}
	return make([]uint32, n)
}
