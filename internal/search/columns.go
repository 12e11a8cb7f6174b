package search

import (
	"math/bits"
	"slices"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Facet columns: per-document facet values in fixed-width arrays, for
// counting facets over a result. At three million records every other way
// of counting was bound by memory: a value's bitmap is read whole for a
// result of any size, and the per-document lists (core.multi, core.avail)
// cost two or three cache misses a hit. A fixed-width column costs at most
// one, and a broad result reads it from end to end.
//
// The columns are derived from core.single, core.multi and core.avail,
// which stay the record of what a document has.
type columns struct {
	shape

	// codes packs the single-valued facets that fit in 32 bits, each
	// value ID + 1 in a field of its own (0 for none); decades are not
	// packed but counted from years.
	codes []uint32

	// genres holds up to two genre value IDs + 1 per document, or
	// manyGenres in the first byte when it has more (then core.multi is
	// read).
	genres [][2]uint8

	// avail holds, per document, availWords words of bits: bit b is set
	// when branch value b has a copy on the shelf.
	avail []uint64

	// cityOf maps a branch value ID to its city's value ID + 1 (0 for
	// none), from Config.Branches, so that cities are counted from the
	// branch bits; nil when there are 63 cities or more.
	cityOf        []uint8
	tooManyCities bool
}

// shape is how the columns are laid out, which follows from the number
// of values of the facets.
type shape struct {
	layout       [numSingle]field
	inlineGenres bool // genre value IDs fit in a byte
	availWords   int
}

// field is where a facet's values are in a code: bits wide from shift;
// 0 bits when the facet is not packed.
type field struct{ shift, bits uint8 }

const manyGenres = 255

// shapeFor returns the shape the columns need for the values the facets
// have.
func (c *core) shapeFor() shape {
	return shape{
		layout:       c.layoutFor(),
		inlineGenres: len(c.facets[xGenre].strs) < manyGenres,
		availWords:   max(1, (len(c.facets[xBranch].strs)+63)/64),
	}
}

// layoutFor returns the fields that hold the value IDs the facets have.
func (c *core) layoutFor() [numSingle]field {
	var l [numSingle]field
	shift := 0
	for x := range numSingle {
		if x == xDecade {
			continue
		}
		w := bits.Len(uint(len(c.facets[x].strs)))
		if shift+w > 32 {
			continue // counted from its bitmaps or its column
		}
		l[x] = field{uint8(shift), uint8(w)}
		shift += w
	}
	return l
}

// code returns document n's packed single-valued facets.
func (c *core) code(n uint32) uint32 {
	var code uint32
	for x, f := range c.cols.layout {
		if f.bits > 0 {
			code |= c.single[x][n] << f.shift
		}
	}
	return code
}

// genreIDs returns document n's genres as stored in columns.genres.
func (c *core) genreIDs(n uint32) [2]uint8 {
	var g [2]uint8
	k := 0
	for _, v := range c.multi.get(n) {
		if v>>fieldShift != xGenre {
			continue
		}
		if k == 2 {
			return [2]uint8{manyGenres, manyGenres}
		}
		g[k] = uint8(v&idMask) + 1
		k++
	}
	return g
}

// setMask sets document n's branch bits from its availability list.
func (c *core) setMask(n uint32) {
	w := c.cols.availWords
	m := c.cols.avail[int(n)*w : int(n+1)*w]
	clear(m)
	for _, v := range c.avail.get(n) {
		if v>>fieldShift == xBranch {
			id := v & idMask
			m[id/64] |= 1 << (id % 64)
		}
	}
}

// growColumns adds a document number to the columns.
func (c *core) growColumns() {
	c.cols.codes = append(c.cols.codes, 0)
	c.cols.genres = append(c.cols.genres, [2]uint8{})
	c.cols.avail = append(c.cols.avail, make([]uint64, c.cols.availWords)...)
}

// setColumns brings document n's columns up to date with its facets,
// laying all documents out again first when values have outgrown their
// fields: a facet whose values double, rarely.
func (c *core) setColumns(n uint32) {
	if c.cols.shape != c.shapeFor() {
		c.deriveColumns()
		return
	}
	c.cols.codes[n] = c.code(n)
	if c.cols.inlineGenres {
		c.cols.genres[n] = c.genreIDs(n)
	}
	c.setMask(n)
}

// noteCity records that branch value b is in city value city.
func (c *core) noteCity(b, city uint32) {
	if city >= 63 {
		c.cols.cityOf = nil // more cities than bits: counted otherwise
		c.cols.tooManyCities = true
		return
	}
	if c.cols.tooManyCities {
		return
	}
	for int(b) >= len(c.cols.cityOf) {
		c.cols.cityOf = append(c.cols.cityOf, 0)
	}
	c.cols.cityOf[b] = uint8(city + 1)
}

// deriveColumns fills the columns of every document.
func (c *core) deriveColumns() {
	n := len(c.ids)
	c.cols.shape = c.shapeFor()
	c.cols.codes = slices.Grow(c.cols.codes[:0], n)[:n]
	c.cols.genres = slices.Grow(c.cols.genres[:0], n)[:n]
	c.cols.avail = slices.Grow(c.cols.avail[:0], n*c.cols.availWords)[:n*c.cols.availWords]
	for d := range n {
		c.cols.codes[d] = c.code(uint32(d))
		c.cols.genres[d] = [2]uint8{}
		if c.cols.inlineGenres {
			c.cols.genres[d] = c.genreIDs(uint32(d))
		}
		c.setMask(uint32(d))
	}
}

// columnCounter counts the values of the facets the columns hold over
// the hits it is given, a batch at a time.
type columnCounter struct {
	c      *core
	done   [numFacets]bool     // the facets counted
	counts [numFacets][]uint32 // by value ID + 1 for single-valued facets, as in core.single; by value ID for the rest
	packed []packed
	masks  []uint64 // a batch's branch bits
}

// packed is a single-valued facet's field of the codes and its counts.
type packed struct {
	shift, mask uint32
	counts      []uint32
}

// columnCounter returns a counter of the packed single-valued facets (codes),
// genres and branches, each when its flag says so.
func (c *core) columnCounter(codes, genres, branches bool) *columnCounter {
	cc := &columnCounter{c: c}
	for x, f := range c.cols.layout {
		if codes && f.bits > 0 {
			cc.counts[x] = getCounts(1 << f.bits)
			cc.packed = append(cc.packed, packed{uint32(f.shift), 1<<f.bits - 1, cc.counts[x]})
			cc.done[x] = true
		}
	}
	if genres && c.cols.inlineGenres {
		// Counted by value ID + 1, so that a second genre of 0 (none)
		// needs no test.
		cc.counts[xGenre] = getCounts(len(c.facets[xGenre].strs) + 1)
		cc.done[xGenre] = true
	}
	if branches {
		cc.counts[xBranch] = getCounts(c.cols.availWords * 64)
		cc.masks = make([]uint64, batchSize*c.cols.availWords)
		cc.done[xBranch] = true
		if c.cols.cityOf != nil {
			cc.counts[xCity] = getCounts(64)
			cc.done[xCity] = true
		}
	}
	return cc
}

// any reports whether the counter counts any facet.
func (cc *columnCounter) any() bool {
	return len(cc.packed) > 0 || cc.counts[xGenre] != nil || cc.counts[xBranch] != nil
}

// add counts the documents ns, at most batchSize of them.
//
// Each column is read for the whole batch first and counted after: a
// read of a broad result's column is mostly a cache miss, and a loop
// that only loads lets the processor wait for many at once, where one
// that branches on what it loaded waits for each (at three million
// records, 57 ns a hit for the branches instead of a few).
func (cc *columnCounter) add(ns []uint32) {
	c := cc.c
	var got [batchSize]uint32
	if len(cc.packed) > 0 {
		codes := c.cols.codes
		for i, n := range ns {
			got[i] = codes[n]
		}
		for _, code := range got[:len(ns)] {
			for _, p := range cc.packed {
				p.counts[code>>p.shift&p.mask]++
			}
		}
	}
	if gc := cc.counts[xGenre]; gc != nil {
		genres := c.cols.genres
		for i, n := range ns {
			g := genres[n]
			got[i] = uint32(g[0]) | uint32(g[1])<<8
		}
		for i, g := range got[:len(ns)] {
			switch g & 0xff {
			case 0:
			case manyGenres:
				for _, v := range c.multi.get(ns[i]) {
					if v>>fieldShift == xGenre {
						gc[v&idMask+1]++
					}
				}
			default:
				gc[g&0xff]++
				gc[g>>8]++ // gc[0] counts those with one genre
			}
		}
	}
	bc := cc.counts[xBranch]
	if bc == nil {
		return
	}
	w, avail := c.cols.availWords, c.cols.avail
	masks := cc.masks[:len(ns)*w]
	for i, n := range ns {
		for j := range w {
			masks[i*w+j] = avail[int(n)*w+j]
		}
	}
	cityOf, cc64 := c.cols.cityOf, cc.counts[xCity]
	for d := range len(ns) {
		var cities uint64 // a document counts once in a city of many branches
		for i, m := range masks[d*w : (d+1)*w] {
			for base := i * 64; m != 0; m &= m - 1 {
				b := base + bits.TrailingZeros64(m)
				bc[b]++
				if cc64 != nil && b < len(cityOf) {
					cities |= 1 << cityOf[b]
				}
			}
		}
		for cities &^= 1; cities != 0; cities &= cities - 1 { // bit 0: no city
			cc64[bits.TrailingZeros64(cities)]++
		}
	}
}

// values returns the counted values of facet x, by count or not at all
// ordered, and gives back the counts.
func (cc *columnCounter) values(x int) []library.FacetValue {
	v := &cc.c.facets[x]
	counts, first := cc.counts[x], 0 // counts[first+id] is value id's
	if x < numSingle || x == xGenre || x == xCity {
		first = 1
	}
	var fvs []library.FacetValue
	for id, s := range v.strs {
		if n := counts[first+id]; n > 0 {
			fvs = append(fvs, library.FacetValue{Value: s, Count: int(n)})
		}
	}
	clear(counts)
	countPool.Put(&counts)
	cc.counts[x] = nil
	return fvs
}

// decades returns the counts of decades, from those of years.
func (cc *columnCounter) decades() []library.FacetValue {
	c := cc.c
	years := cc.counts[xYear]
	byDecade := map[string]int{}
	for id, s := range c.facets[xYear].strs {
		if n := years[id+1]; n > 0 {
			y, _ := strconv.Atoi(s)
			byDecade[Doc{Year: y}.decade()] += int(n)
		}
	}
	var fvs []library.FacetValue
	for s, n := range byDecade {
		fvs = append(fvs, library.FacetValue{Value: s, Count: n})
	}
	return fvs
}
