package search

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"unsafe"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Persistence format: the magic, a version, the name of Finnish's
// analyser (analyserName), then the sections of the body (flat arrays,
// see codec.go), each with its own checksum. A section is checked as it
// is read and before it is decoded, so a torn or corrupt file is an
// error rather than a half-loaded index; decoding then checks
// every reference, so that a file written by a buggy or hostile program
// cannot crash the server later. Bump formatVersion whenever the body or
// the analysis (tokens, folding, stemming, transliteration) changes: an
// index built by other rules would silently miss words. An index
// analysed by another analyser (or another dictionary) is refused in the
// same way.
const (
	magic         = "KIRJIDX\n"
	formatVersion = 8 // 6: Finnish base forms and compound parts, the analyser's name; 7: the online facet; 8: the feed position is (transaction, seq)
	maxAnalyser   = 1 << 10
)

// Save writes the whole index, with its place in the change feed, to w. It writes straight from the index's arrays under the
// read lock, so searches go on and updates wait until it is written; the
// server saves after a rebuild and at shutdown, when nothing updates it.
func (ix *Index) Save(w io.Writer) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	bw := bufio.NewWriterSize(w, 1<<20)
	e := &enc{w: bw}
	e.put([]byte(magic))
	e.put(binary.BigEndian.AppendUint32(nil, formatVersion))
	name := ix.analyserName()
	e.put(binary.BigEndian.AppendUint32(nil, uint32(len(name))))
	e.put([]byte(name))
	ix.x.encode(e, ix.lastPos)
	if e.err == nil {
		e.err = bw.Flush()
	}
	if e.err != nil {
		return fmt.Errorf("save index: %w", e.err)
	}
	return nil
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
	hdr := make([]byte, len(magic)+4)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return fmt.Errorf("load index: %w", err)
	}
	if string(hdr[:len(magic)]) != magic {
		return errors.New("load index: not an index file")
	}
	if v := binary.BigEndian.Uint32(hdr[len(magic):]); v != formatVersion {
		return fmt.Errorf("load index: version %d, want %d", v, formatVersion)
	}
	if err := ix.checkAnalyser(r); err != nil {
		return fmt.Errorf("load index: %w", err)
	}
	// Sections are read straight into their arrays, with lengths checked
	// against the size of the input, so that a corrupt length fails
	// before allocating. Input of unknown size (not a file) is read
	// whole first.
	size, ok := remaining(r)
	if !ok {
		b, err := io.ReadAll(r)
		if err != nil {
			return fmt.Errorf("load index: %w", err)
		}
		r, size = bytes.NewReader(b), uint64(len(b))
	}
	// Hold the collector off while decoding: at 3 million records it ran
	// about ten times as the heap grew to 1.6 GiB, marking again and again
	// what Load had just read. Decoding leaves little garbage, and a
	// memory limit (GOMEMLIMIT) still starts a collection if it is near.
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	c, pos, err := decodeCore(r, size)
	if err != nil {
		return fmt.Errorf("load index: %w", err)
	}
	ix.follow.Lock() // over ix.cfg.Branches, which SetBranches may replace
	defer ix.follow.Unlock()
	c.derive(ix.cfg.Branches)
	ix.mu.Lock()
	ix.x, ix.lastPos = c, pos
	ix.version++
	ix.mu.Unlock()
	ix.refreshSuggester()
	return nil
}

// checkAnalyser reads the name of the analyser an index was saved with
// and checks that it is this index's.
func (ix *Index) checkAnalyser(r io.Reader) error {
	var n [4]byte
	if _, err := io.ReadFull(r, n[:]); err != nil {
		return err
	}
	size := binary.BigEndian.Uint32(n[:])
	if size > maxAnalyser {
		return errors.New("corrupt: analyser name")
	}
	name := make([]byte, size)
	if _, err := io.ReadFull(r, name); err != nil {
		return err
	}
	if want := ix.analyserName(); string(name) != want {
		return fmt.Errorf("analysed by %q, this index uses %q", name, want)
	}
	return nil
}

// encode writes the body of a saved index to e. The caller holds the
// read lock. What Load derives from first comes first (see decodeCore).
func (c *core) encode(e *enc, pos library.FeedPos) {
	appendSlice(e, []int64{pos.Tx, pos.Seq})
	appendSlice(e, c.ids)
	e.strings(c.strs)
	appendSlice(e, c.dict.snapshot(c.strs))
	for x := range c.facets {
		e.strings(c.facets[x].strs)
	}
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
	for f := range c.post {
		appendSlice(e, c.post[f])
	}
	e.postings(c.postings)
	for x := range c.facets {
		e.postings(c.facets[x].docs)
	}
}

// encodeLists writes per-document lists compacted: lengths, then values.
func encodeLists[T uint32 | byte](e *enc, l *lists[T]) {
	appendSlice(e, l.n)
	var v T
	e.begin(uint64(len(l.vals)-l.garbage) * uint64(unsafe.Sizeof(v)))
	for d := range l.off {
		appendRaw(e, l.get(uint32(d)))
	}
	e.end()
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
