package search

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"hash/crc32"
	"io"

	"github.com/RoaringBitmap/roaring/v2"
)

// Persistence format: the magic, a version, the length of a gob-encoded
// snapshot, the snapshot, and the CRC-32C of the snapshot. The checksum is
// checked before decoding, so a torn or corrupt file is an error rather
// than a half-loaded index. Bump formatVersion whenever snapshot or the
// analysis (tokens, folding, stemming) changes: an index built by other
// rules would silently miss words.
const (
	magic         = "KIRJIDX\n"
	formatVersion = 1
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// snapshot is the saved form of a core. Maps and derived totals are
// rebuilt on load; bitmaps are in roaring's portable format.
type snapshot struct {
	LastSeq   int64
	IDs       []int64
	Lens      [numFields][]uint16
	Years     []uint16
	Pops      []uint32
	TitleKeys []string
	MainLens  []uint16
	Terms     [][]uint32
	Single    [numSingle][]uint32
	Multi     [][]uint32
	Avail     [][]uint32
	Strs      []string
	Post      [numFields][][]byte
	Facets    [numFacets]facetSnapshot
}

type facetSnapshot struct {
	Strs []string
	Docs [][]byte
}

// Save writes the whole index, with the sequence number of the last change
// it applied, to w. It holds the read lock: searches go on, updates wait.
func (ix *Index) Save(w io.Writer) error {
	var buf bytes.Buffer
	if err := ix.encode(&buf); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	hdr := make([]byte, 0, len(magic)+12)
	hdr = append(hdr, magic...)
	hdr = binary.BigEndian.AppendUint32(hdr, formatVersion)
	hdr = binary.BigEndian.AppendUint64(hdr, uint64(buf.Len()))
	buf.Write(binary.BigEndian.AppendUint32(nil, crc32.Checksum(buf.Bytes(), crcTable)))
	if _, err := w.Write(hdr); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	if _, err := buf.WriteTo(w); err != nil {
		return fmt.Errorf("save index: %w", err)
	}
	return nil
}

// encode writes the gob snapshot. The snapshot shares the core's slices,
// so it is encoded under the read lock, not after it.
func (ix *Index) encode(w io.Writer) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	s, err := ix.x.snapshot(ix.lastSeq)
	if err != nil {
		return err
	}
	return gob.NewEncoder(w).Encode(s)
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
	body, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("load index: %w", err)
	}
	if uint64(len(body)) != n+4 {
		return fmt.Errorf("load index: %d bytes, want %d", len(body), n+4)
	}
	if crc32.Checksum(body[:n], crcTable) != binary.BigEndian.Uint32(body[n:]) {
		return errors.New("load index: checksum mismatch")
	}
	var s snapshot
	if err := gob.NewDecoder(bytes.NewReader(body[:n])).Decode(&s); err != nil {
		return fmt.Errorf("load index: %w", err)
	}
	c, err := fromSnapshot(&s)
	if err != nil {
		return fmt.Errorf("load index: %w", err)
	}
	ix.follow.Lock()
	defer ix.follow.Unlock()
	ix.mu.Lock()
	ix.x, ix.lastSeq = c, s.LastSeq
	ix.mu.Unlock()
	return nil
}

func (c *core) snapshot(seq int64) (*snapshot, error) {
	s := &snapshot{
		LastSeq: seq, IDs: c.ids, Lens: c.lens, Years: c.years, Pops: c.pops,
		TitleKeys: c.titleKeys, MainLens: c.mainLens, Terms: c.terms,
		Single: c.single, Multi: make([][]uint32, len(c.ids)), Avail: make([][]uint32, len(c.ids)), Strs: c.strs,
	}
	for d := range s.Multi {
		s.Multi[d] = c.multi.get(uint32(d))
		s.Avail[d] = c.avail.get(uint32(d))
	}
	var err error
	for f := range c.post {
		if s.Post[f], err = bitmapBytes(c.post[f]); err != nil {
			return nil, err
		}
	}
	for x := range c.facets {
		s.Facets[x].Strs = c.facets[x].strs
		if s.Facets[x].Docs, err = bitmapBytes(c.facets[x].docs); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func bitmapBytes(bms []*roaring.Bitmap) ([][]byte, error) {
	out := make([][]byte, len(bms))
	for i, bm := range bms {
		if bm == nil || bm.IsEmpty() {
			continue
		}
		var err error
		if out[i], err = bm.ToBytes(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// fromSnapshot checks a decoded snapshot for consistency and builds the
// core it describes.
func fromSnapshot(s *snapshot) (*core, error) {
	n := len(s.IDs)
	sameLen := len(s.Years) == n && len(s.Pops) == n && len(s.TitleKeys) == n &&
		len(s.MainLens) == n && len(s.Terms) == n && len(s.Multi) == n && len(s.Avail) == n
	for f := range s.Lens {
		sameLen = sameLen && len(s.Lens[f]) == n && len(s.Post[f]) == len(s.Strs)
	}
	for x := range s.Single {
		sameLen = sameLen && len(s.Single[x]) == n
	}
	for x := range s.Facets {
		sameLen = sameLen && len(s.Facets[x].Docs) == len(s.Facets[x].Strs)
	}
	if !sameLen || len(s.Strs) > idMask {
		return nil, errors.New("corrupt: inconsistent lengths")
	}

	c := newCore()
	c.ids, c.lens, c.years, c.pops = s.IDs, s.Lens, s.Years, s.Pops
	c.titleKeys, c.mainLens, c.terms, c.single = s.TitleKeys, s.MainLens, s.Terms, s.Single
	for d := range n {
		c.multi.grow()
		c.multi.set(uint32(d), s.Multi[d])
		c.avail.grow()
		c.avail.set(uint32(d), s.Avail[d])
	}
	c.strs = s.Strs
	c.titlePre = make([]uint64, n)
	for d, k := range c.titleKeys {
		c.titlePre[d] = prefix64(k)
	}
	for d, id := range c.ids {
		if id == 0 {
			c.free = append(c.free, uint32(d))
			continue
		}
		if _, dup := c.docOf[id]; dup {
			return nil, fmt.Errorf("corrupt: record %d twice", id)
		}
		c.docOf[id] = uint32(d)
		c.live.Add(uint32(d))
		for f := range c.lens {
			c.lenSum[f] += int64(c.lens[f][d])
		}
		if int(c.mainLens[d]) > len(c.titleKeys[d]) {
			return nil, errors.New("corrupt: title length")
		}
		for _, t := range c.terms[d] {
			if t>>fieldShift >= numFields || int(t&idMask) >= len(c.strs) {
				return nil, errors.New("corrupt: term reference")
			}
		}
		for _, v := range c.multi.get(uint32(d)) {
			if x := v >> fieldShift; x < xAuthor || x > xGenre || int(v&idMask) >= len(s.Facets[x].Strs) {
				return nil, errors.New("corrupt: facet value reference")
			}
		}
		for _, v := range c.avail.get(uint32(d)) {
			if x := v >> fieldShift; x < xBranch || x > xCity || int(v&idMask) >= len(s.Facets[x].Strs) {
				return nil, errors.New("corrupt: availability reference")
			}
		}
		for x := range c.single {
			if int(c.single[x][d]) > len(s.Facets[x].Strs) {
				return nil, errors.New("corrupt: facet value reference")
			}
		}
	}
	for i, t := range c.strs {
		c.termIDs[t] = uint32(i)
	}
	var err error
	for f := range c.post {
		if c.post[f], err = readBitmaps(s.Post[f], n, true); err != nil {
			return nil, err
		}
	}
	for x := range c.facets {
		v := &c.facets[x]
		v.strs = s.Facets[x].Strs
		v.ids = make(map[string]uint32, len(v.strs))
		for i, str := range v.strs {
			v.ids[str] = uint32(i)
		}
		if v.docs, err = readBitmaps(s.Facets[x].Docs, n, false); err != nil {
			return nil, err
		}
	}
	c.optimize()
	return c, nil
}

// readBitmaps decodes bitmaps whose doc numbers must be below n. Empty
// ones are nil when sparse is true (postings), else empty bitmaps.
func readBitmaps(bs [][]byte, n int, sparse bool) ([]*roaring.Bitmap, error) {
	out := make([]*roaring.Bitmap, len(bs))
	for i, b := range bs {
		if len(b) == 0 {
			if !sparse {
				out[i] = roaring.New()
			}
			continue
		}
		bm := roaring.New()
		if err := bm.UnmarshalBinary(b); err != nil {
			return nil, fmt.Errorf("corrupt bitmap: %w", err)
		}
		if !bm.IsEmpty() && int(bm.Maximum()) >= n {
			return nil, errors.New("corrupt: doc number out of range")
		}
		out[i] = bm
	}
	return out, nil
}

// optimize compresses runs in every bitmap. It must not run while
// searches read the core: Rebuild and Load call it before swapping in.
func (c *core) optimize() {
	c.live.RunOptimize()
	for f := range c.post {
		for _, bm := range c.post[f] {
			if bm != nil {
				bm.RunOptimize()
			}
		}
	}
	for x := range c.facets {
		for _, bm := range c.facets[x].docs {
			bm.RunOptimize()
		}
	}
}
