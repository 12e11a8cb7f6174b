package search

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
)

// arrayMax is the most documents a posting keeps as a plain sorted array.
// Most terms of a catalogue are rare (names, numbers, inflected forms):
// at 100,000 records nine in ten postings have fewer than 8 documents,
// and a roaring bitmap costs about 200 bytes of headers and containers
// even for one document, where an array costs 4 bytes a document plus
// its slice header. Past a few thousand documents, spread over the doc
// number space, a bitmap is no bigger and much faster to combine.
const arrayMax = 2048

// posting is the documents of one term in one field.
type posting struct {
	// arr is the documents, sorted, while the posting is small. Once it
	// has a bitmap, a build may keep a tail of documents in arr that are
	// still to be added to the bitmap (see core.tails); searches never
	// see such a posting.
	arr []uint32
	bm  *roaring.Bitmap // once it has grown past arrayMax; never shrinks back
}

// tailMax is how many documents a build gathers in a bitmap posting's
// tail before adding them to the bitmap. Adding one document to a bitmap
// finds its container through three or four pointers, each a cache miss
// in an index of millions of postings; added together, the documents of
// a tail share those misses.
const tailMax = 128

func (p *posting) add(n uint32) {
	if p.bm != nil {
		if k := len(p.arr); p.arr != nil && (k == 0 || p.arr[k-1] < n) {
			p.arr = append(p.arr, n)
			if len(p.arr) == tailMax {
				p.flush()
			}
			return
		}
		p.flush()
		p.bm.Add(n)
		return
	}
	if k := len(p.arr); k == 0 || p.arr[k-1] < n { // the usual case in a build
		p.arr = append(p.arr, n)
	} else if i, found := slices.BinarySearch(p.arr, n); !found {
		p.arr = slices.Insert(p.arr, i, n)
	}
	if len(p.arr) > arrayMax {
		p.bm = roaring.BitmapOf(p.arr...)
		p.arr = nil
	}
}

// flush adds the tail of a bitmap posting to its bitmap.
func (p *posting) flush() {
	if len(p.arr) > 0 {
		p.bm.AddMany(p.arr)
		p.arr = p.arr[:0]
	}
}

func (p *posting) remove(n uint32) {
	if p.bm != nil {
		p.flush()
		p.bm.Remove(n)
		return
	}
	if i, found := slices.BinarySearch(p.arr, n); found {
		p.arr = slices.Delete(p.arr, i, i+1)
	}
}

// bitmap returns the posting as a bitmap to read, not to modify: its own
// bitmap, or one made from its array.
func (p *posting) bitmap() *roaring.Bitmap {
	if p.bm != nil {
		return p.bm
	}
	if len(p.arr) == 0 {
		return nil
	}
	return roaring.BitmapOf(p.arr...)
}

// andCardinality returns the number of documents in both p and hits.
func (p *posting) andCardinality(hits *roaring.Bitmap) int {
	if p.bm != nil {
		return int(p.bm.AndCardinality(hits))
	}
	n := 0
	for _, d := range p.arr {
		if hits.Contains(d) {
			n++
		}
	}
	return n
}

// size returns the number of documents in p.
func (p *posting) size() int {
	if p.bm != nil {
		return int(p.bm.GetCardinality())
	}
	return len(p.arr)
}

// posting returns the documents of term id in field f, to read only, or
// nil when there are none.
func (c *core) posting(f int, id uint32) *roaring.Bitmap {
	if int(id) >= len(c.post[f]) || c.post[f][id] == 0 {
		return nil
	}
	return c.postings[c.post[f][id]-1].bitmap()
}

// postingFor returns the posting of term id in field f to update,
// creating it if need be. In a build, a bitmap posting gets a tail.
func (c *core) postingFor(f int, id uint32) *posting {
	s := c.post[f][id]
	if s == 0 {
		c.postings = append(c.postings, posting{})
		s = uint32(len(c.postings))
		c.post[f][id] = s
	}
	p := &c.postings[s-1]
	if c.tails && p.bm != nil && p.arr == nil {
		p.arr = make([]uint32, 0, tailMax)
	}
	return p
}

// flushTails adds the tails of the bitmap postings to their bitmaps and
// drops them, at the end of a build.
func (c *core) flushTails() {
	for i := range c.postings {
		if p := &c.postings[i]; p.bm != nil && p.arr != nil {
			p.flush()
			p.arr = nil
		}
	}
	c.tails = false
}

// dict keeps the term IDs sorted by term, for prefix queries. Terms are
// only ever added, so it sorts the terms it has seen and scans the few
// added since. It sorts again when they grow to a fraction of the whole,
// lazily, in the prefix query that finds so: a Put never pays for it, and
// searches hold the index's read lock, under which the terms do not
// change; its own mutex keeps two searches from sorting at once.
type dict struct {
	mu     sync.Mutex
	sorted []uint32 // IDs of terms 0 to len(sorted)-1, by term
}

// update sorts the dictionary again when many terms came since it last did
// (or when force is set, at the end of a Rebuild). The unsorted tail is
// scanned by every prefix query, so it is kept to a fraction of the
// whole; sorting 3 million terms takes about a second. The caller holds
// d.mu or is the only user of d.
func (d *dict) update(strs []string, force bool) {
	if len(strs) == len(d.sorted) || !force && len(strs)-len(d.sorted) <= max(1<<16, len(d.sorted)/4) {
		return // terms are only added: as many as sorted are the same
	}
	d.sorted = sortTerms(strs)
}

// termKey is a term ID with the first 8 bytes of the term, in order.
type termKey struct {
	prefix uint64 // prefix64 of the term
	id     uint32
}

// sortTerms returns the IDs of strs in the order of their strings. Keys
// compare by their prefixes, and by their strings only when those tie:
// fetching two strings from a dictionary of millions is two cache misses.
// The two halves sort in parallel and then merge.
func sortTerms(strs []string) []uint32 {
	keys := make([]termKey, len(strs))
	for i, s := range strs {
		keys[i] = termKey{prefix64(s), uint32(i)}
	}
	compare := func(a, b termKey) int {
		if a.prefix != b.prefix {
			return cmp.Compare(a.prefix, b.prefix)
		}
		return strings.Compare(strs[a.id], strs[b.id])
	}
	a, b := keys[:len(keys)/2], keys[len(keys)/2:]
	var wg sync.WaitGroup
	wg.Go(func() { slices.SortFunc(a, compare) })
	slices.SortFunc(b, compare)
	wg.Wait()
	ids := make([]uint32, 0, len(keys))
	for len(a) > 0 && len(b) > 0 {
		if compare(a[0], b[0]) < 0 {
			ids, a = append(ids, a[0].id), a[1:]
		} else {
			ids, b = append(ids, b[0].id), b[1:]
		}
	}
	for _, k := range a {
		ids = append(ids, k.id)
	}
	for _, k := range b {
		ids = append(ids, k.id)
	}
	return ids
}

// snapshot returns the sorted IDs, sorting first if need be. The caller
// holds the index's read lock.
func (d *dict) snapshot(strs []string) []uint32 {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.update(strs, false)
	return d.sorted
}

// expand returns up to limit words of the index starting with prefix
// (words only: stems and keys are tagged with a colon).
func (d *dict) expand(strs []string, prefix string, limit int) []string {
	var out []string
	sorted := d.snapshot(strs)
	i, _ := slices.BinarySearchFunc(sorted, prefix, func(id uint32, p string) int { return strings.Compare(strs[id], p) })
	for ; i < len(sorted) && len(out) < limit; i++ {
		s := strs[sorted[i]]
		if !strings.HasPrefix(s, prefix) {
			break
		}
		if !strings.Contains(s, ":") {
			out = append(out, s)
		}
	}
	for _, s := range strs[len(sorted):] {
		if len(out) == limit {
			break
		}
		if strings.HasPrefix(s, prefix) && !strings.Contains(s, ":") {
			out = append(out, s)
		}
	}
	return out
}

// packPostings compresses the runs of bitmaps and moves the arrays into
// one allocation, each capped so that growing it later copies it out.
// Arrays built by appending have a quarter to a half of slack, and a
// million small allocations cost the garbage collector time on every
// cycle; packed, they are one object to scan, as after a Load.
func packPostings(ps []posting) {
	total := 0
	for i := range ps {
		if ps[i].bm != nil {
			ps[i].bm.RunOptimize()
		}
		total += len(ps[i].arr)
	}
	arena := make([]uint32, total)
	o := 0
	for i := range ps {
		if n := len(ps[i].arr); n > 0 {
			copy(arena[o:], ps[i].arr)
			ps[i].arr = arena[o : o+n : o+n]
			o += n
		}
	}
}
