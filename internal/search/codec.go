package search

import (
	"encoding/binary"
	"errors"
	"io"
	"unsafe"

	"github.com/RoaringBitmap/roaring/v2"
)

// The saved index is a sequence of flat arrays, little-endian, each
// preceded by its length: no reflection and no per-element framing as in
// gob, and on load one allocation per array rather than per record, term
// or string (strings are carved out of one large string).

// enc writes the parts of a saved index to w, straight from the index's
// arrays: a copy of a large index would double its memory while saving.
// With w nil it only counts the bytes, for the header, which comes first.
// The first error sticks.
type enc struct {
	w   io.Writer
	n   uint64 // bytes written, or counted
	err error
}

func (e *enc) appendRawBytes(raw []byte) {
	e.n += uint64(len(raw))
	if e.w == nil || e.err != nil {
		return
	}
	_, e.err = e.w.Write(raw)
}

func (e *enc) u64(v uint64) {
	e.appendRawBytes(binary.LittleEndian.AppendUint64(make([]byte, 0, 8), v))
}

// nativeLE is whether this machine stores integers little-endian, as the
// format does, so that arrays can be written as they are in memory.
var nativeLE = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

func appendSlice[T uint16 | uint32 | uint64 | int64 | byte](e *enc, s []T) {
	e.u64(uint64(len(s)))
	appendRaw(e, s)
}

// appendRaw writes the elements of s without a length.
func appendRaw[T uint16 | uint32 | uint64 | int64 | byte](e *enc, s []T) {
	if len(s) == 0 {
		return
	}
	size := int(unsafe.Sizeof(s[0]))
	if nativeLE || e.w == nil {
		e.appendRawBytes(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), len(s)*size))
		return
	}
	b, _ := binary.Append(nil, binary.LittleEndian, s)
	e.appendRawBytes(b)
}

func (e *enc) strings(ss []string) {
	lens := make([]uint32, len(ss))
	total := 0
	for i, s := range ss {
		lens[i] = uint32(len(s))
		total += len(s)
	}
	appendSlice(e, lens)
	e.u64(uint64(total))
	for _, s := range ss {
		e.appendRawBytes(unsafe.Slice(unsafe.StringData(s), len(s)))
	}
}

// Write writes p, so that bitmaps can write themselves into the body.
func (e *enc) Write(p []byte) (int, error) {
	e.appendRawBytes(p)
	return len(p), e.err
}

// postings writes ps: per posting its kind (1 for a bitmap) and its array
// length or the length of the bitmap's portable serialisation; then the
// arrays; then the bitmaps.
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
		bms += uint64(lens[i])
	}
	appendSlice(e, kinds)
	appendSlice(e, lens)
	e.u64(arrs)
	for i := range ps {
		appendRaw(e, ps[i].arr)
	}
	e.u64(bms)
	if e.w == nil {
		e.n += bms
		return
	}
	for i := range ps {
		if bm := ps[i].bm; bm != nil && e.err == nil {
			if _, err := bm.WriteTo(e); err != nil && e.err == nil {
				e.err = err
			}
		}
	}
}

// dec reads the parts of a saved index; the first error sticks.
type dec struct {
	b   []byte
	err error
}

var errShort = errors.New("corrupt: truncated")

func (d *dec) u64() uint64 {
	if d.err != nil || len(d.b) < 8 {
		d.err = errShort
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b)
	d.b = d.b[8:]
	return v
}

func readSlice[T uint16 | uint32 | uint64 | int64 | byte](d *dec) []T {
	n := d.u64()
	size := uint64(unsafe.Sizeof(T(0)))
	if d.err != nil || n > uint64(len(d.b))/size {
		d.err = errShort
		return nil
	}
	s := make([]T, n)
	if nativeLE {
		copy(unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(s))), n*size), d.b)
	} else if _, err := binary.Decode(d.b[:n*size], binary.LittleEndian, s); err != nil {
		d.err = err
		return nil
	}
	d.b = d.b[n*size:]
	return s
}

// bytes reads what appendSlice wrote of a byte slice without copying it:
// the result is part of the body, to read while decoding and not to keep.
func (d *dec) bytes() []byte {
	n := d.u64()
	if d.err != nil || n > uint64(len(d.b)) {
		d.err = errShort
		return nil
	}
	b := d.b[:n:n]
	d.b = d.b[n:]
	return b
}

func (d *dec) strings() []string {
	lens := readSlice[uint32](d)
	total := d.u64()
	if d.err != nil || total > uint64(len(d.b)) {
		d.err = errShort
		return nil
	}
	all := string(d.b[:total]) // one allocation; the strings share it
	d.b = d.b[total:]
	out := make([]string, len(lens))
	o := uint64(0)
	for i, n := range lens {
		if o+uint64(n) > total {
			d.err = errors.New("corrupt: string lengths")
			return nil
		}
		out[i] = all[o : o+uint64(n)]
		o += uint64(n)
	}
	return out
}

// postings reads what enc.postings wrote, checking that every document
// number is below n and arrays are sorted. Arrays share one backing
// array, each capped so that growing it copies.
func (d *dec) postings(n int) []posting {
	kinds := readSlice[byte](d)
	lens := readSlice[uint32](d)
	arrs := readSlice[uint32](d)
	bms := d.bytes() // not copied: a bitmap copies what it reads
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
			if bo+l > uint64(len(bms)) {
				d.err = errors.New("corrupt: posting bitmaps")
				return nil
			}
			bm := roaring.New()
			if err := bm.UnmarshalBinary(bms[bo : bo+l]); err != nil {
				d.err = errors.New("corrupt: posting bitmap")
				return nil
			}
			if !bm.IsEmpty() && int(bm.Maximum()) >= n {
				d.err = errors.New("corrupt: doc number out of range")
				return nil
			}
			ps[i].bm = bm
			bo += l
		default:
			d.err = errors.New("corrupt: posting kind")
			return nil
		}
	}
	return ps
}
