package search

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"runtime/debug"
	"sync"
)

// Persistence format: the magic, a version, the length of the body, the
// body (flat arrays, see codec.go), and the CRC-32C of the body. The
// checksum is checked before decoding, so a torn or corrupt file is an
// error rather than a half-loaded index; decoding then checks every
// reference, so that a file written by a buggy or hostile program cannot
// crash the server later. Bump formatVersion whenever the body or the
// analysis (tokens, folding, stemming, transliteration) changes: an index
// built by other rules would silently miss words.
const (
	magic         = "KIRJIDX\n"
	formatVersion = 3
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Save writes the whole index, with the sequence number of the last change
// it applied, to w. It writes straight from the index's arrays under the
// read lock, so searches go on and updates wait until it is written; the
// server saves after a rebuild and at shutdown, when nothing updates it.
// A first pass counts the body's bytes for the header.
func (ix *Index) Save(w io.Writer) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	count := &enc{}
	ix.x.encode(count, ix.lastSeq)
	hdr := make([]byte, 0, len(magic)+12)
	hdr = append(hdr, magic...)
	hdr = binary.BigEndian.AppendUint32(hdr, formatVersion)
	hdr = binary.BigEndian.AppendUint64(hdr, count.n)
	if _, err := w.Write(hdr); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	sum := &crcWriter{w: bw}
	e := &enc{w: sum}
	ix.x.encode(e, ix.lastSeq)
	if e.err == nil && e.n != count.n {
		e.err = fmt.Errorf("wrote %d bytes, counted %d", e.n, count.n)
	}
	if e.err == nil {
		_, e.err = bw.Write(binary.BigEndian.AppendUint32(nil, sum.crc))
	}
	if e.err == nil {
		e.err = bw.Flush()
	}
	if e.err != nil {
		return fmt.Errorf("save index: %w", e.err)
	}
	return nil
}

// crcWriter passes writes on to w and keeps their CRC-32C.
type crcWriter struct {
	w   io.Writer
	crc uint32
}

func (c *crcWriter) Write(p []byte) (int, error) {
	c.crc = crc32.Update(c.crc, crcTable, p)
	return c.w.Write(p)
}

// Load replaces the index with one saved by Save. A file of another
// version or a corrupt one is an error, and the index is then unchanged;
// the caller rebuilds. After Load, CatchUp applies what changed since.
func (ix *Index) Load(r io.Reader) (err error) {
	defer func() {
		// Validation should catch every inconsistency, but a file is
		// outside input: a missed case must cost a rebuild, not the process.
		if p := recover(); p != nil {
			err = fmt.Errorf("load index: corrupt: %v", p)
		}
	}()
	hdr := make([]byte, len(magic)+12)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return fmt.Errorf("load index: %w", err)
	}
	if string(hdr[:len(magic)]) != magic {
		return errors.New("load index: not an index file")
	}
	if v := binary.BigEndian.Uint32(hdr[len(magic):]); v != formatVersion {
		return fmt.Errorf("load index: version %d, want %d", v, formatVersion)
	}
	n := binary.BigEndian.Uint64(hdr[len(magic)+4:])
	if n > 1<<40 {
		return fmt.Errorf("load index: body of %d bytes", n)
	}
	// Lift the memory limit while decoding: at 3 million records the body
	// (a gigabyte) and the decoded index (1.7 GiB) are both live at the
	// end, above a GOMEMLIMIT set for the index alone, so the collector
	// ran without pause and returned pages to the system only to fault
	// them in again: a restart took 16–19 s at 3M against 1.4 s at 1M.
	// The limit is restored, and the body freed at the next collection,
	// as soon as the index is decoded. (Turning the collector off as
	// well saved little more and let garbage push the peak to 5 GiB.)
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	// Read into a buffer of the size the header gives when the file is
	// that long, and otherwise one that grows, so that a hostile size
	// fails the read rather than allocating first. Growing by doubling
	// copied the body four times and left as much garbage again.
	body := make([]byte, 0, min(n+4, 64<<20))
	if size, ok := remaining(r); ok && size >= n+4 {
		body = make([]byte, 0, n+4)
	}
	if body, err = readN(body, r, n+4); err != nil {
		return fmt.Errorf("load index: %w", err)
	}
	if k, _ := r.Read(make([]byte, 1)); k > 0 {
		return errors.New("load index: trailing data")
	}
	if crc32.Checksum(body[:n], crcTable) != binary.BigEndian.Uint32(body[n:]) {
		return errors.New("load index: checksum mismatch")
	}
	c, seq, err := decodeCore(body[:n])
	if err != nil {
		return fmt.Errorf("load index: %w", err)
	}
	c.derive(ix.cfg.Branches)
	ix.follow.Lock()
	defer ix.follow.Unlock()
	ix.mu.Lock()
	ix.x, ix.lastSeq = c, seq
	ix.version++
	ix.mu.Unlock()
	ix.refreshSuggester()
	return nil
}

// encode writes the body of a saved index to e. The caller holds the
// read lock.
func (c *core) encode(e *enc, seq int64) {
	e.u64(uint64(seq))
	appendSlice(e, c.ids)
	for f := range c.lens {
		appendSlice(e, c.lens[f])
	}
	appendSlice(e, c.years)
	appendSlice(e, c.pops)
	appendSlice(e, c.hashes)
	appendSlice(e, c.works)
	e.strings(c.titleKeys)
	e.strings(c.titles)
	appendSlice(e, c.mainLens)
	for x := range c.single {
		appendSlice(e, c.single[x])
	}
	encodeLists(e, &c.terms)
	encodeLists(e, &c.multi)
	encodeLists(e, &c.avail)
	e.strings(c.strs)
	for f := range c.post {
		appendSlice(e, c.post[f])
	}
	e.postings(c.postings)
	appendSlice(e, c.dict.snapshot(c.strs))
	for x := range c.facets {
		e.strings(c.facets[x].strs)
		e.postings(c.facets[x].docs)
	}
}

// encodeLists writes per-document lists compacted: lengths, then values.
func encodeLists[T uint32 | byte](e *enc, l *lists[T]) {
	appendSlice(e, l.n)
	e.u64(uint64(len(l.vals) - l.garbage))
	for d := range l.off {
		appendRaw(e, l.get(uint32(d)))
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

// decodeCore reads a body written by encode and checks it for consistency.
func decodeCore(body []byte) (*core, int64, error) {
	d := &dec{b: body}
	c := newCore()
	seq := int64(d.u64())
	c.ids = readSlice[int64](d)
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
	c.strs = d.strings()
	for f := range c.post {
		c.post[f] = readSlice[uint32](d)
	}
	c.postings = d.postings(n)
	c.dict.sorted = readSlice[uint32](d)
	for x := range c.facets {
		v := &c.facets[x]
		v.strs = d.strings()
		v.docs = d.postings(n)
	}
	if d.err != nil {
		return nil, 0, d.err
	}
	if len(d.b) != 0 {
		return nil, 0, errors.New("corrupt: trailing bytes")
	}
	if err := c.check(); err != nil {
		return nil, 0, err
	}
	return c, seq, nil
}

// check validates a decoded core and derives what is not saved: maps,
// totals, the live set and the title prefixes. Its three parts touch
// disjoint fields and run in parallel: at 3 million records each takes
// seconds, most of a restart.
func (c *core) check() error {
	n := len(c.ids)
	ok := len(c.years) == n && len(c.pops) == n && len(c.hashes) == n && len(c.works) == n && len(c.titleKeys) == n && len(c.titles) == n && len(c.mainLens) == n
	for f := range c.lens {
		ok = ok && len(c.lens[f]) == n && len(c.post[f]) == len(c.strs)
	}
	for x := range c.single {
		ok = ok && len(c.single[x]) == n
	}
	for x := range c.facets {
		ok = ok && len(c.facets[x].docs) == len(c.facets[x].strs)
	}
	if !ok || len(c.strs) > idMask || len(c.dict.sorted) > len(c.strs) {
		return errors.New("corrupt: inconsistent lengths")
	}
	var wg sync.WaitGroup
	var errs [3]error
	wg.Go(func() { errs[0] = c.checkDocs() })
	wg.Go(func() { errs[1] = c.checkTerms() })
	wg.Go(func() {
		c.termIDs = make(map[string]uint32, len(c.strs))
		for i, t := range c.strs {
			c.termIDs[t] = uint32(i)
		}
		for x := range c.facets {
			v := &c.facets[x]
			v.ids = make(map[string]uint32, len(v.strs))
			for i, s := range v.strs {
				v.ids[s] = uint32(i)
			}
		}
	})
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return err
	}
	c.dict.update(c.strs, false)
	return nil
}

// checkTerms checks the references to postings and the order of the
// dictionary.
func (c *core) checkTerms() error {
	for f := range c.post {
		for _, s := range c.post[f] {
			if int(s) > len(c.postings) {
				return errors.New("corrupt: posting reference")
			}
		}
	}
	for i, id := range c.dict.sorted {
		if int(id) >= len(c.strs) || i > 0 && c.strs[c.dict.sorted[i-1]] > c.strs[id] {
			return errors.New("corrupt: dictionary order")
		}
	}
	return nil
}

// checkDocs checks every document's references and derives the document
// map, the live set, the length totals and the title prefixes.
func (c *core) checkDocs() error {
	n := len(c.ids)
	c.titlePre = make([]uint64, n)
	c.docOf = make(map[int64]uint32, n)
	var terms []uint32
	live := 0
	for d, id := range c.ids {
		if id == 0 {
			c.free = append(c.free, uint32(d))
			continue
		}
		// One map operation, not a lookup and an insert: at 3 million
		// records the map was a third of checking the documents.
		c.docOf[id] = uint32(d)
		if live++; len(c.docOf) != live {
			return fmt.Errorf("corrupt: record %d twice", id)
		}
		c.live.Add(uint32(d))
		for f := range c.lens {
			c.lenSum[f] += int64(c.lens[f][d])
		}
		if int(c.mainLens[d]) > len(c.titleKeys[d]) {
			return errors.New("corrupt: title length")
		}
		c.titlePre[d] = prefix64(c.titleKeys[d])
		var valid bool
		if terms, valid = decodeTerms(terms[:0], c.terms.get(uint32(d))); !valid {
			return errors.New("corrupt: term list")
		}
		for _, t := range terms {
			if t>>fieldShift >= numFields || int(t&idMask) >= len(c.strs) {
				return errors.New("corrupt: term reference")
			}
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
	c.live.RunOptimize()
	return nil
}

// optimize compresses runs in every bitmap and sorts the dictionary. It
// must not run while searches read the core: Rebuild calls it before
// swapping in.
func (c *core) optimize() {
	c.live.RunOptimize()
	packPostings(c.postings)
	for x := range c.facets {
		packPostings(c.facets[x].docs)
	}
	c.dict.update(c.strs, true)
}

// remaining returns how many bytes are left to read in r when r is a file.
func remaining(r io.Reader) (uint64, bool) {
	f, ok := r.(*os.File)
	if !ok {
		return 0, false
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return 0, false
	}
	off, err := f.Seek(0, io.SeekCurrent)
	if err != nil || off > fi.Size() {
		return 0, false
	}
	return uint64(fi.Size() - off), true
}

// readN appends exactly n bytes of r to buf, growing buf by doubling as
// the bytes arrive.
func readN(buf []byte, r io.Reader, n uint64) ([]byte, error) {
	for empty := 0; uint64(len(buf)) < n; {
		if len(buf) == cap(buf) {
			nb := make([]byte, len(buf), min(n, uint64(2*cap(buf)+4096)))
			copy(nb, buf)
			buf = nb
		}
		k, err := r.Read(buf[len(buf):min(uint64(cap(buf)), n)])
		buf = buf[:len(buf)+k]
		if k == 0 && err == nil {
			if empty++; empty > 100 {
				return nil, io.ErrNoProgress
			}
		}
		if err == io.EOF && uint64(len(buf)) < n {
			return nil, fmt.Errorf("%d bytes, want %d", len(buf), n)
		}
		if err != nil && err != io.EOF {
			return nil, err
		}
	}
	return buf, nil
}
