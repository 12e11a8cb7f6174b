package search

import (
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/kirjasto/kirjasto/internal/library"
)

// decodeCore reads a body of size bytes written by encode from r and
// checks it for consistency. Deriving what is not saved (the maps of
// record IDs and of terms) and checking the documents' references take
// longer than reading, about a second each at 3 million records: each
// starts in a goroutine of its own as soon as what it needs is read, so
// that both cores work while the rest is read.
func decodeCore(r io.Reader, size uint64) (*core, library.FeedPos, error) {
	d := &dec{r: r, left: size}
	c := newCore()
	var bg background
	start := func(f func() error) {
		if d.err == nil {
			bg.Go(f)
		}
	}
	var pos library.FeedPos
	if p := readSlice[int64](d); d.err == nil && len(p) != 2 {
		d.err = errors.New("corrupt: feed position")
	} else if d.err == nil {
		pos = library.FeedPos{Tx: p[0], Seq: p[1]}
	}
	c.ids = readSlice[int64](d)
	start(c.mapDocs)
	c.strs = d.strings()
	start(c.mapTerms)
	c.dict.sorted = readSlice[uint32](d)
	c.checkDict(d)
	c.decodeDocs(d)
	start(c.checkDocs)
	c.decodeText(d)
	if err := errors.Join(d.err, bg.Wait()); err != nil {
		return nil, library.FeedPos{}, err
	}
	if d.left != 0 {
		return nil, library.FeedPos{}, errors.New("corrupt: trailing bytes")
	}
	c.dict.update(c.strs, false)
	// Here the core is decoded and checked: what is derived from it
	// and not saved is derived here.
	return c, pos, nil
}

// decodeDocs reads the facet values and the columns and lists of the
// documents, and checks their lengths.
func (c *core) decodeDocs(d *dec) {
	for x := range c.facets {
		v := &c.facets[x]
		v.strs = d.strings()
		v.ids = make(map[string]uint32, len(v.strs))
		for i, s := range v.strs {
			v.ids[s] = uint32(i)
		}
	}
	n := len(c.ids)
	for f := range c.lens {
		c.lens[f] = readSlice[uint16](d)
	}
	c.years = readSlice[uint16](d)
	c.pops = readSlice[uint32](d)
	c.hashes = readSlice[uint64](d)
	c.works = readSlice[uint64](d)
	c.titleKeys = d.strings()
	c.titles = d.strings()
	c.mainLens = readSlice[uint16](d)
	for x := range c.single {
		c.single[x] = readSlice[uint32](d)
	}
	decodeLists(d, &c.terms, n)
	decodeLists(d, &c.multi, n)
	decodeLists(d, &c.avail, n)
	if d.err != nil {
		return
	}
	ok := len(c.years) == n && len(c.pops) == n && len(c.hashes) == n && len(c.works) == n && len(c.titleKeys) == n && len(c.titles) == n && len(c.mainLens) == n
	for f := range c.lens {
		ok = ok && len(c.lens[f]) == n
	}
	for x := range c.single {
		ok = ok && len(c.single[x]) == n
	}
	if !ok {
		d.err = errors.New("corrupt: inconsistent lengths")
	}
}

func decodeLists[T uint32 | byte](d *dec, l *lists[T], n int) {
	l.n = readSlice[uint32](d)
	l.vals = readSlice[T](d)
	if d.err != nil {
		return
	}
	if len(l.n) != n {
		d.err = errors.New("corrupt: list count")
		return
	}
	l.off = make([]uint32, n)
	o := uint64(0)
	for i, k := range l.n {
		l.off[i] = uint32(o)
		o += uint64(k)
	}
	if o != uint64(len(l.vals)) || o > 1<<32-1 {
		d.err = errors.New("corrupt: list lengths")
	}
}

// decodeText reads the postings of the terms and facet values, and checks
// their lengths and the references to them.
func (c *core) decodeText(d *dec) {
	n := len(c.ids)
	for f := range c.post {
		c.post[f] = readSlice[uint32](d)
	}
	c.postings = d.postings(n)
	for x := range c.facets {
		c.facets[x].docs = d.postings(n)
	}
	if d.err != nil {
		return
	}
	ok := len(c.strs) <= idMask
	for f := range c.post {
		ok = ok && len(c.post[f]) == len(c.strs)
	}
	for x := range c.facets {
		ok = ok && len(c.facets[x].docs) == len(c.facets[x].strs)
	}
	if !ok {
		d.err = errors.New("corrupt: inconsistent lengths")
		return
	}
	for f := range c.post {
		for _, s := range c.post[f] {
			if int(s) > len(c.postings) {
				d.err = errors.New("corrupt: posting reference")
				return
			}
		}
	}
}

// background runs functions in goroutines and collects their errors. A
// panic, which is a corrupt file validation missed, becomes an error, as
// it does in Load.
type background struct {
	wg   sync.WaitGroup
	mu   sync.Mutex
	errs []error
}

func (b *background) Go(f func() error) {
	b.wg.Go(func() {
		err := func() (err error) {
			defer func() {
				if p := recover(); p != nil {
					err = fmt.Errorf("corrupt: %v", p)
				}
			}()
			return f()
		}()
		b.mu.Lock()
		b.errs = append(b.errs, err)
		b.mu.Unlock()
	})
}

// Wait waits for the functions and returns their errors.
func (b *background) Wait() error {
	b.wg.Wait()
	return errors.Join(b.errs...)
}

// mapDocs derives the document map, the free doc numbers and the live set
// from the record IDs.
func (c *core) mapDocs() error {
	c.docOf = make(map[int64]uint32, len(c.ids))
	c.live = roaring.New()
	c.live.AddRange(0, uint64(len(c.ids)))
	for d, id := range c.ids {
		if id == 0 {
			c.free = append(c.free, uint32(d))
			c.live.Remove(uint32(d))
			continue
		}
		// One map operation, not a lookup and an insert: at 3 million
		// records the map was a third of checking the documents.
		c.docOf[id] = uint32(d)
		if len(c.docOf)+len(c.free) != d+1 {
			return fmt.Errorf("corrupt: record %d twice", id)
		}
	}
	c.live.RunOptimize()
	return nil
}

// mapTerms derives the map of terms to their IDs.
func (c *core) mapTerms() error {
	c.termIDs = make(map[string]uint32, len(c.strs))
	for i, t := range c.strs {
		c.termIDs[t] = uint32(i)
	}
	return nil
}

// checkDocs checks every document's references and derives the length
// totals and the title prefixes.
func (c *core) checkDocs() error {
	c.titlePre = make([]uint64, len(c.ids))
	for d, id := range c.ids {
		if id == 0 {
			continue
		}
		for f := range c.lens {
			c.lenSum[f] += int64(c.lens[f][d])
		}
		if int(c.mainLens[d]) > len(c.titleKeys[d]) {
			return errors.New("corrupt: title length")
		}
		c.titlePre[d] = prefix64(c.titleKeys[d])
		if !validTerms(c.terms.get(uint32(d)), len(c.strs)) {
			return errors.New("corrupt: term list")
		}
		for _, v := range c.multi.get(uint32(d)) {
			if x := v >> fieldShift; x < xAuthor || x > xGenre || int(v&idMask) >= len(c.facets[x].strs) {
				return errors.New("corrupt: facet value reference")
			}
		}
		for _, v := range c.avail.get(uint32(d)) {
			if x := v >> fieldShift; x < xBranch || x > xCity || int(v&idMask) >= len(c.facets[x].strs) {
				return errors.New("corrupt: availability reference")
			}
		}
		for x := range c.single {
			if int(c.single[x][d]) > len(c.facets[x].strs) {
				return errors.New("corrupt: facet value reference")
			}
		}
	}
	return nil
}

// checkDict checks that the dictionary refers to terms. It does not check
// their order, which only Save's sort could get wrong: an unordered
// dictionary would miss words in prefix queries but cannot crash, and
// comparing 4 million pairs of terms in random places in memory took
// more than a second of CPU at 3 million records, a fifth of Load's.
func (c *core) checkDict(d *dec) {
	if d.err != nil {
		return
	}
	if len(c.dict.sorted) > len(c.strs) {
		d.err = errors.New("corrupt: dictionary length")
		return
	}
	for _, id := range c.dict.sorted {
		if int(id) >= len(c.strs) {
			d.err = errors.New("corrupt: dictionary reference")
			return
		}
	}
}
