package search

import (
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Config configures an Index.
type Config struct {
	// Branches maps each branch ID to the ID of its member library (city),
	// so that availability per city is the union of its branches.
	Branches map[string]string
	// Logger receives errors of Follow; nil discards them.
	Logger *slog.Logger
	// NoResultCache turns off the cache of broad results (cache.go), for
	// benchmarks that measure the search itself.
	NoResultCache bool
	// Finnish analyses the words of Finnish records and of all queries
	// into base forms and compound parts (morph.go); nil leaves Finnish to
	// the Snowball stemmer.
	Finnish Morphology
	// FinnishID names Finnish's analyser and its dictionary. It is saved
	// with the index, and Load refuses an index saved with another: its
	// terms are not those queries would look for.
	FinnishID string
	// Now is the clock the e-titles' availability is read at (online.go);
	// nil is time.Now.
	Now func() time.Time
}

// BranchCities returns the Config.Branches map of a consortium's branches.
func BranchCities(branches []library.Branch) map[string]string {
	m := make(map[string]string, len(branches))
	for _, b := range branches {
		m[b.ID] = b.LibraryID
	}
	return m
}

// Index is the catalogue index. It is safe for concurrent use: searches
// run in parallel, and an update is visible to every search that starts
// after it returns.
type Index struct {
	cfg    Config
	follow sync.Mutex // serialises Rebuild, CatchUp and SetBranches, which own lastPos and the consortium

	consortium     int64 // the store's consortium version the branches were read at (setbranches.go)
	consortiumSeen bool  // whether consortium is set

	mu      sync.RWMutex
	x       *core
	lastPos library.FeedPos // where the index is in the change feed
	version uint64          // counts changes of any kind, for the result cache
	cache   resultCache

	sugg       atomic.Pointer[suggester]
	suggesting atomic.Bool // a suggester is being built in the background

	morph     *morphology // of cfg.Finnish, with its cache; nil for none
	analysers analysers   // for Put
}

// New returns an empty index.
func New(cfg Config) *Index {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	ix := &Index{cfg: cfg, x: newCore(), morph: newMorphology(cfg.Finnish)}
	ix.analysers.morph = ix.morph
	return ix
}

// analyserName names what analyses Finnish, for the saved index:
// "snowball", or the Config's FinnishID ("morphology" when it has none).
func (ix *Index) analyserName() string {
	switch {
	case ix.morph == nil:
		return "snowball"
	case ix.cfg.FinnishID == "":
		return "morphology"
	}
	return ix.cfg.FinnishID
}

// Put inserts d, or replaces the document with the same ID.
// A Put that changes only popularity and availability (a circulation
// event, mostly) is seen by its hash and costs no analysis.
func (ix *Index) Put(d Doc) {
	h := d.hash()
	ix.mu.Lock()
	if n, ok := ix.x.docOf[d.ID]; ok && ix.x.hashes[n] == h {
		ix.x.pops[n] = uint32(max(0, d.Popularity))
		ix.x.caps[n] = capOf(ix.x.pops[n], ix.x.years[n])
		ix.x.setAvailable(n, d.Available, ix.cfg.Branches)
		ix.x.setOnline(n, d.Online)
		ix.version++
		ix.mu.Unlock()
		return
	}
	ix.mu.Unlock()
	a := ix.analysers.analyse(d)
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.x.put(a, ix.cfg.Branches)
	ix.version++
}

// Remove removes the document of a record, if the index has it.
func (ix *Index) Remove(id int64) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.x.remove(id)
	ix.version++
}

// Len returns the number of documents.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.x.docOf)
}

// FeedPos returns the index's place in the change feed: it has applied
// every entry before it.
func (ix *Index) FeedPos() library.FeedPos {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.lastPos
}

// Facets of the index, in the order of the columns that hold them.
const (
	// Single-valued: a column of value IDs per document.
	xMaterial = iota
	xLanguage
	xYear
	xDecade
	xAudience
	xFormatKind
	// Multi-valued: a list of value IDs per document.
	xAuthor
	xSubject
	xGenre
	// Availability: only bitmaps, replaced on every Put.
	xBranch
	xCity
	xOnline // one value, library.OnlineNow (online.go)
	numFacets

	numSingle = xFormatKind + 1
)

var facetNames = [numFacets]string{
	library.FacetMaterial, library.FacetLanguage, library.FacetYear, library.FacetDecade, library.FacetAudience, library.FacetFormatKind,
	library.FacetAuthor, library.FacetSubject, library.FacetGenre,
	library.FacetAvailableBranch, library.FacetAvailableCity, library.FacetOnline,
}

// values is the dictionary of one facet's values, with the documents that
// have each (as postings: most authors and subjects have few records).
type values struct {
	ids  map[string]uint32
	strs []string
	docs []posting
}

func (v *values) id(s string) uint32 {
	if id, ok := v.ids[s]; ok {
		return id
	}
	if v.ids == nil {
		v.ids = make(map[string]uint32)
	}
	id := uint32(len(v.strs))
	v.ids[s] = id
	v.strs = append(v.strs, s)
	v.docs = append(v.docs, posting{})
	return id
}

// core is the data of an index; Rebuild and Load build a new one aside and
// swap it in, so searches never see a half-built index.
type core struct {
	// Documents.
	docOf     map[int64]uint32 // record ID → doc number
	ids       []int64          // doc number → record ID, 0 if free
	free      []uint32         // doc numbers of removed documents, for reuse
	live      *roaring.Bitmap  // doc numbers in use
	lens      [numFields][]uint16
	lenSum    [numFields]int64
	years     []uint16
	pops      []uint32
	caps      []uint8     // bound of popularity × recency, derived (boost.go)
	titles    []string    // main title as catalogued, for suggestions
	titleKeys []string    // sortKey of title and subtitle
	titlePre  []uint64    // the first 8 bytes of titleKeys, to sort by integer compares
	mainLens  []uint16    // bytes of titleKeys that are the main title
	titleLens [][2]uint8  // len(titleKeys), mainLens, at most 255, derived: see best
	terms     lists[byte] // field<<28 | term ID, sorted, encoded: what to unindex on replace
	hashes    []uint64    // hash of what a document's terms and facets come from
	works     []uint64    // work key (works.go), 0 for none
	single    [numSingle][]uint32
	multi     lists[uint32] // facet<<28 | value ID of authors, subjects, genres
	avail     lists[uint32] // facet<<28 | value ID of branches and cities with a copy on the shelf
	cols      columns       // derived from single, multi and avail, for counting facets

	// Text.
	termIDs  map[string]uint32
	strs     []string            // term ID → term
	post     [numFields][]uint32 // term ID → index+1 in postings, 0 for none
	postings []posting           // of every term in every field it is in
	dict     dict                // term IDs in order, for prefixes

	facets [numFacets]values

	gen     uint64  // counts changes of text, for the suggester and dfCache
	dfCache dfCache // see wordDF

	// tails is set during a build, where documents come in order: term
	// postings with bitmaps then gather new documents in tails (postings.go).
	tails bool
}

const (
	fieldShift = 28
	idMask     = 1<<fieldShift - 1
)

func newCore() *core {
	return &core{docOf: make(map[int64]uint32), live: roaring.New(), termIDs: make(map[string]uint32)}
}

func (c *core) termID(s string) uint32 {
	if id, ok := c.termIDs[s]; ok {
		return id
	}
	id := uint32(len(c.strs))
	c.termIDs[s] = id
	c.strs = append(c.strs, s)
	for f := range c.post {
		c.post[f] = append(c.post[f], 0)
	}
	return id
}

// termsOf returns the terms of a as field<<fieldShift | term ID, sorted,
// without repeats, adding the new ones to the dictionary.
func (c *core) termsOf(a *analysed) []uint32 {
	terms := make([]uint32, 0, len(a.ids))
	k := 0
	for f := range a.terms {
		for _, t := range a.terms[f] {
			id := newTerm
			if a.ids != nil {
				id = a.ids[k]
				k++
			}
			if id == newTerm {
				id = c.termID(t)
			}
			terms = append(terms, uint32(f)<<fieldShift|id)
		}
	}
	slices.Sort(terms)
	return slices.Compact(terms) // analysis leaves repeats: sorting IDs is cheaper than strings
}

func (c *core) alloc(id int64) uint32 {
	if n := len(c.free); n > 0 {
		d := c.free[n-1]
		c.free = c.free[:n-1]
		c.ids[d] = id
		return d
	}
	d := uint32(len(c.ids))
	c.ids = append(c.ids, id)
	for f := range c.lens {
		c.lens[f] = append(c.lens[f], 0)
	}
	c.years = append(c.years, 0)
	c.pops = append(c.pops, 0)
	c.caps = append(c.caps, capOf(0, 0))
	c.titleKeys = append(c.titleKeys, "")
	c.titles = append(c.titles, "")
	c.titlePre = append(c.titlePre, 0)
	c.mainLens = append(c.mainLens, 0)
	c.titleLens = append(c.titleLens, [2]uint8{})
	c.terms.grow()
	c.hashes = append(c.hashes, 0)
	c.works = append(c.works, 0)
	for x := range c.single {
		c.single[x] = append(c.single[x], 0)
	}
	c.multi.grow()
	c.avail.grow()
	c.growColumns()
	return d
}

func (c *core) put(a *analysed, branches map[string]string) {
	d := a.doc
	n, ok := c.docOf[d.ID]
	if !ok {
		n = c.alloc(d.ID)
		c.docOf[d.ID] = n
		c.live.Add(n)
	}

	// Postings: touch only what changed, so that a circulation event,
	// which changes no text, costs no posting updates.
	terms := c.termsOf(a)
	old, _ := decodeTerms(nil, c.terms.get(n))
	i, j := 0, 0
	for i < len(old) || j < len(terms) {
		switch {
		case j == len(terms) || i < len(old) && old[i] < terms[j]:
			c.postingFor(int(old[i]>>fieldShift), old[i]&idMask).remove(n)
			i++
		case i == len(old) || terms[j] < old[i]:
			c.postingFor(int(terms[j]>>fieldShift), terms[j]&idMask).add(n)
			j++
		default:
			i++
			j++
		}
	}
	c.terms.set(n, appendTerms(nil, terms))

	for f := range c.lens {
		c.lenSum[f] += int64(a.lengths[f]) - int64(c.lens[f][n])
		c.lens[f][n] = a.lengths[f]
	}
	c.hashes[n] = a.hash
	c.works[n] = a.work
	c.years[n] = uint16(max(0, min(d.Year, 1<<16-1)))
	c.pops[n] = uint32(max(0, d.Popularity))
	c.caps[n] = capOf(c.pops[n], c.years[n])
	c.titleKeys[n], c.titlePre[n] = a.titleKey, prefix64(a.titleKey)
	c.titles[n] = d.Title
	c.gen++
	c.mainLens[n] = sat16(a.mainLen)
	c.titleLens[n] = titleLensOf(c.titleKeys[n], c.mainLens[n])

	for x, v := range [numSingle]string{d.Material, d.Language, d.year(), d.decade(), d.Audience, d.formatKind()} {
		var id uint32 // value ID + 1; 0 for none
		if v != "" {
			id = c.facets[x].id(v) + 1
		}
		if old := c.single[x][n]; old != id {
			if old != 0 {
				c.facets[x].docs[old-1].remove(n)
			}
			if id != 0 {
				c.facets[x].docs[id-1].add(n)
			}
			c.single[x][n] = id
		}
	}

	for _, v := range c.multi.get(n) {
		c.facets[v>>fieldShift].docs[v&idMask].remove(n)
	}
	var multi []uint32
	for _, m := range [...]struct {
		x  int
		vs []string
	}{{xAuthor, d.Authors}, {xSubject, d.Subjects}, {xGenre, d.Genres}} {
		x := m.x
		for _, v := range m.vs {
			if v == "" {
				continue
			}
			id := c.facets[x].id(v)
			c.facets[x].docs[id].add(n)
			multi = append(multi, uint32(x)<<fieldShift|id)
		}
	}
	slices.Sort(multi)
	c.multi.set(n, slices.Compact(multi))

	c.setAvailable(n, d.Available, branches)
	c.setOnline(n, d.Online)
}

// setAvailable replaces the branches and cities where document n has a
// copy on the shelf.
func (c *core) setAvailable(n uint32, avail []string, branches map[string]string) {
	for _, v := range c.avail.get(n) {
		c.facets[v>>fieldShift].docs[v&idMask].remove(n)
	}
	var vals []uint32
	for _, br := range avail {
		id := c.facets[xBranch].id(br)
		c.facets[xBranch].docs[id].add(n)
		vals = append(vals, xBranch<<fieldShift|id)
		if city := branches[br]; city != "" {
			cid := c.facets[xCity].id(city)
			c.facets[xCity].docs[cid].add(n)
			vals = append(vals, xCity<<fieldShift|cid)
			c.noteCity(id, cid)
		}
	}
	slices.Sort(vals)
	c.avail.set(n, slices.Compact(vals))
	c.setColumns(n)
}

func (c *core) remove(id int64) {
	n, ok := c.docOf[id]
	if !ok {
		return
	}
	old, _ := decodeTerms(nil, c.terms.get(n))
	for _, t := range old {
		c.postingFor(int(t>>fieldShift), t&idMask).remove(n)
	}
	for f := range c.lens {
		c.lenSum[f] -= int64(c.lens[f][n])
		c.lens[f][n] = 0
	}
	for x := range c.single {
		if v := c.single[x][n]; v != 0 {
			c.facets[x].docs[v-1].remove(n)
			c.single[x][n] = 0
		}
	}
	for _, v := range c.multi.get(n) {
		c.facets[v>>fieldShift].docs[v&idMask].remove(n)
	}
	c.multi.set(n, nil)
	c.setAvailable(n, nil, nil)
	c.setOnline(n, false)
	c.terms.set(n, nil)
	c.titleKeys[n], c.titlePre[n], c.hashes[n], c.titles[n], c.works[n] = "", 0, 0, "", 0
	c.gen++
	c.years[n], c.pops[n], c.mainLens[n] = 0, 0, 0
	c.caps[n] = capOf(0, 0)
	c.titleLens[n] = [2]uint8{}
	c.live.Remove(n)
	c.ids[n] = 0
	delete(c.docOf, id)
	c.free = append(c.free, n)
}

// prefix64 returns the first 8 bytes of s as a big-endian number, so that
// comparing prefixes orders strings as comparing them would, up to ties.
func prefix64(s string) uint64 {
	var p uint64
	for i := range 8 {
		p <<= 8
		if i < len(s) {
			p |= uint64(s[i])
		}
	}
	return p
}
