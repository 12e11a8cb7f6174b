package search

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"unsafe"

	"github.com/RoaringBitmap/roaring/v2"
)

// The saved index is a sequence of sections, one per flat array: the
// array's length in bytes, its elements little-endian, and the CRC-32C of
// both. No reflection and no per-element framing as in gob, and on load
// each array is read straight from the file into its final place, with
// one allocation per array rather than per record, term or string
// (strings are carved out of one large string). A checksum per section
// lets Load check what it read before using it without holding the whole
// file in memory: at 3 million records that was a gigabyte more at the
// peak and another gigabyte of copying.

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// enc writes sections to w, straight from the index's arrays: a copy of a
// large index would double its memory while saving. The first error
// sticks.
type enc struct {
	w    io.Writer
	crc  uint32 // of the current section
	left uint64 // bytes the current section has yet to take
	err  error
}

// begin starts a section of n bytes.
func (e *enc) begin(n uint64) {
	b := binary.LittleEndian.AppendUint64(make([]byte, 0, 8), n)
	e.crc, e.left = crc32.Update(0, crcTable, b), n
	e.put(b)
}

// Write adds p to the current section, so that bitmaps can write
// themselves into it.
func (e *enc) Write(p []byte) (int, error) {
	if e.err == nil && uint64(len(p)) > e.left {
		e.err = fmt.Errorf("section longer than its %d bytes", e.left)
	}
	if e.err != nil {
		return 0, e.err
	}
	e.crc = crc32.Update(e.crc, crcTable, p)
	e.left -= uint64(len(p))
	e.put(p)
	return len(p), e.err
}

// end ends the current section with its checksum.
func (e *enc) end() {
	if e.err == nil && e.left != 0 {
		e.err = fmt.Errorf("section short by %d bytes", e.left)
	}
	e.put(binary.LittleEndian.AppendUint32(make([]byte, 0, 4), e.crc))
}

func (e *enc) put(p []byte) {
	if e.err == nil {
		_, e.err = e.w.Write(p)
	}
}

// nativeLE is whether this machine stores integers little-endian, as the
// format does, so that arrays can be written and read as they are in
// memory.
var nativeLE = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

type elem interface {
	uint16 | uint32 | uint64 | int64 | byte
}

// bytesOf returns the memory of s.
func bytesOf[T elem](s []T) []byte {
	if len(s) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*int(unsafe.Sizeof(s[0])))
}

// appendSlice writes s as a section.
func appendSlice[T elem](e *enc, s []T) {
	e.begin(uint64(len(s)) * uint64(unsafe.Sizeof(T(0))))
	appendRaw(e, s)
	e.end()
}

// appendRaw writes the elements of s into the current section.
func appendRaw[T elem](e *enc, s []T) {
	if nativeLE {
		e.Write(bytesOf(s))
		return
	}
	b, _ := binary.Append(nil, binary.LittleEndian, s)
	e.Write(b)
}

// strings writes ss as two sections: their lengths, then their bytes.
func (e *enc) strings(ss []string) {
	lens := make([]uint32, len(ss))
	total := uint64(0)
	for i, s := range ss {
		lens[i] = uint32(len(s))
		total += uint64(len(s))
	}
	appendSlice(e, lens)
	e.begin(total)
	for _, s := range ss {
		e.Write(unsafe.Slice(unsafe.StringData(s), len(s)))
	}
	e.end()
}

// postings writes ps as four sections: per posting its kind (1 for a
// bitmap) and its array length or the length of the bitmap's portable
// serialisation; then the arrays; then the bitmaps, each padded to a
// multiple of 8 bytes so that Load can use them where they lie.
func (e *enc) postings(ps []posting) {
	kinds := make([]byte, len(ps))
	lens := make([]uint32, len(ps))
	var arrs, bms uint64
	for i := range ps {
		p := &ps[i]
		if p.bm == nil {
			lens[i] = uint32(len(p.arr))
			arrs += uint64(len(p.arr))
			continue
		}
		kinds[i], lens[i] = 1, uint32(p.bm.GetSerializedSizeInBytes())
		bms += pad8(uint64(lens[i]))
	}
	appendSlice(e, kinds)
	appendSlice(e, lens)
	e.begin(arrs * 4)
	for i := range ps {
		appendRaw(e, ps[i].arr)
	}
	e.end()
	e.begin(bms)
	var zeros [8]byte
	for i := range ps {
		if bm := ps[i].bm; bm != nil && e.err == nil {
			if _, err := bm.WriteTo(e); err != nil && e.err == nil {
				e.err = err
			}
			e.Write(zeros[:pad8(uint64(lens[i]))-uint64(lens[i])])
		}
	}
	e.end()
}

func pad8(n uint64) uint64 { return (n + 7) &^ 7 }

// dec reads sections from r, which has left bytes; the first error
// sticks. Every section's length is checked against what is left before
// anything is allocated for it, so that a corrupt length fails rather
// than asking for terabytes.
type dec struct {
	r    io.Reader
	left uint64
	err  error
}

var errShort = errors.New("corrupt: truncated")

// section reads a section of elements of size bytes into memory that
// alloc returns for n elements, and checks its checksum. It returns false
// after an error.
func (d *dec) section(size uint64, alloc func(n uint64) []byte) bool {
	if d.err != nil {
		return false
	}
	var hdr [8]byte
	if d.left < 12 {
		d.err = errShort
		return false
	}
	if _, d.err = io.ReadFull(d.r, hdr[:]); d.err != nil {
		return false
	}
	n := binary.LittleEndian.Uint64(hdr[:])
	if n > d.left-12 {
		d.err = errShort
		return false
	}
	if n%size != 0 {
		d.err = errors.New("corrupt: section length")
		return false
	}
	d.left -= n + 12
	b := alloc(n / size)
	var sum [4]byte
	if _, d.err = io.ReadFull(d.r, b); d.err != nil {
		return false
	}
	if _, d.err = io.ReadFull(d.r, sum[:]); d.err != nil {
		return false
	}
	if crc32.Update(crc32.Update(0, crcTable, hdr[:]), crcTable, b) != binary.LittleEndian.Uint32(sum[:]) {
		d.err = errors.New("checksum mismatch")
		return false
	}
	return true
}

// readSlice reads what appendSlice wrote.
func readSlice[T elem](d *dec) []T {
	var s []T
	var raw []byte
	ok := d.section(uint64(unsafe.Sizeof(T(0))), func(n uint64) []byte {
		s = make([]T, n)
		if nativeLE {
			return bytesOf(s)
		}
		raw = make([]byte, len(bytesOf(s)))
		return raw
	})
	if !ok {
		return nil
	}
	if !nativeLE {
		binary.Decode(raw, binary.LittleEndian, s)
	}
	return s
}

// one reads a section of one element.
func one[T elem](d *dec) T {
	s := readSlice[T](d)
	if d.err == nil && len(s) != 1 {
		d.err = errors.New("corrupt: scalar")
	}
	if d.err != nil {
		return 0
	}
	return s[0]
}

func (d *dec) strings() []string {
	lens := readSlice[uint32](d)
	all := readSlice[byte](d)
	if d.err != nil {
		return nil
	}
	s := unsafe.String(unsafe.SliceData(all), len(all)) // never written again; the strings share it
	out := make([]string, len(lens))
	o := uint64(0)
	for i, n := range lens {
		if o+uint64(n) > uint64(len(s)) {
			d.err = errors.New("corrupt: string lengths")
			return nil
		}
		out[i] = s[o : o+uint64(n)]
		o += uint64(n)
	}
	return out
}

// postings reads what enc.postings wrote, checking that every document
// number is below n and arrays are sorted. Arrays share one backing
// array, each capped so that growing it copies. Bitmaps are not copied
// either: their containers point into the section they were read into,
// and roaring copies a container before it changes one (copy on write).
func (d *dec) postings(n int) []posting {
	kinds := readSlice[byte](d)
	lens := readSlice[uint32](d)
	arrs := readSlice[uint32](d)
	bms := readSlice[byte](d)
	if d.err != nil {
		return nil
	}
	if len(kinds) != len(lens) {
		d.err = errors.New("corrupt: postings")
		return nil
	}
	ps := make([]posting, len(kinds))
	var ao, bo uint64
	for i, k := range kinds {
		l := uint64(lens[i])
		switch k {
		case 0:
			if ao+l > uint64(len(arrs)) {
				d.err = errors.New("corrupt: posting arrays")
				return nil
			}
			a := arrs[ao : ao+l : ao+l]
			for j, v := range a {
				if int(v) >= n || j > 0 && a[j-1] >= v {
					d.err = errors.New("corrupt: posting array")
					return nil
				}
			}
			if l > 0 {
				ps[i].arr = a
			}
			ao += l
		case 1:
			if bo+pad8(l) > uint64(len(bms)) {
				d.err = errors.New("corrupt: posting bitmaps")
				return nil
			}
			bm := roaring.New()
			if k, err := bm.FromBuffer(bms[bo : bo+l : bo+l]); err != nil || uint64(k) != l {
				d.err = errors.New("corrupt: posting bitmap")
				return nil
			}
			if !bm.IsEmpty() && int(bm.Maximum()) >= n {
				d.err = errors.New("corrupt: doc number out of range")
				return nil
			}
			ps[i].bm = bm
			bo += pad8(l)
		default:
			d.err = errors.New("corrupt: posting kind")
			return nil
		}
	}
	if ao != uint64(len(arrs)) || bo != uint64(len(bms)) {
		d.err = errors.New("corrupt: postings")
		return nil
	}
	return ps
}
