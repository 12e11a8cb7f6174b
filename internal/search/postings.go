package search

import (
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
	arr []uint32        // sorted, while the posting is small
	bm  *roaring.Bitmap // once it has grown past arrayMax; never shrinks back
}

func (p *posting) add(n uint32) {
	if p.bm != nil {
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

func (p *posting) remove(n uint32) {
	if p.bm != nil {
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
// creating it if need be.
func (c *core) postingFor(f int, id uint32) *posting {
	s := c.post[f][id]
	if s == 0 {
		c.postings = append(c.postings, posting{})
		s = uint32(len(c.postings))
		c.post[f][id] = s
	}
	return &c.postings[s-1]
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
	if !force && len(strs)-len(d.sorted) <= max(1<<16, len(d.sorted)/4) {
		return
	}
	ids := make([]uint32, len(strs))
	for i := range ids {
		ids[i] = uint32(i)
	}
	slices.SortFunc(ids, func(a, b uint32) int { return strings.Compare(strs[a], strs[b]) })
	d.sorted = ids
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
