package search

import "encoding/binary"

// lists holds a short list per document in one flat array, so that
// walking the lists of many documents (facet counting) reads memory in
// order instead of chasing a slice header per document, and so that the
// garbage collector sees a few large arrays instead of millions of small
// ones. A list that grows moves to the end; the space it leaves is
// reclaimed when it adds up to half the array.
type lists[T uint32 | byte] struct {
	off     []uint32 // doc number → start in vals
	n       []uint32 // doc number → length
	vals    []T
	garbage int
}

// grow adds an empty list for a new document number.
func (l *lists[T]) grow() {
	l.off = append(l.off, 0)
	l.n = append(l.n, 0)
}

// get returns document d's list. It must not be modified.
func (l *lists[T]) get(d uint32) []T {
	o := l.off[d]
	return l.vals[o : o+l.n[d]]
}

// spans sets offs[i] and lens[i] to where the list of document ds[i] is
// in vals.
func (l *lists[T]) spans(ds []uint32, offs, lens []uint32) {
	for i, d := range ds {
		offs[i], lens[i] = l.off[d], l.n[d]
	}
}

// set replaces document d's list with vs.
func (l *lists[T]) set(d uint32, vs []T) {
	old := int(l.n[d])
	if len(vs) <= old {
		copy(l.vals[l.off[d]:], vs)
		l.garbage += old - len(vs)
	} else {
		l.garbage += old
		l.off[d] = uint32(len(l.vals))
		l.vals = append(l.vals, vs...)
	}
	l.n[d] = uint32(len(vs))
	if l.garbage > 1<<16 && l.garbage > len(l.vals)/2 {
		l.compact()
	}
}

func (l *lists[T]) compact() {
	vals := make([]T, 0, len(l.vals)-l.garbage)
	for d := range l.off {
		o := uint32(len(vals))
		vals = append(vals, l.get(uint32(d))...)
		l.off[d] = o
	}
	l.vals, l.garbage = vals, 0
}

// A document's terms (field<<28 | term ID, sorted) are kept to take them
// out of the postings when the document changes or goes. Stored as
// varint deltas they take 1–3 bytes each instead of 4: a record's terms
// are mostly rare ones with high IDs, but sorted they are close together.

// appendTerms appends the encoding of the sorted terms ts to dst.
func appendTerms(dst []byte, ts []uint32) []byte {
	prev := uint32(0)
	for _, t := range ts {
		dst = binary.AppendUvarint(dst, uint64(t-prev))
		prev = t
	}
	return dst
}

// decodeTerms appends the terms encoded in b to dst. It returns nil and
// false when b is not a valid encoding.
func decodeTerms(dst []uint32, b []byte) ([]uint32, bool) {
	prev := uint64(0)
	for len(b) > 0 {
		d, n := binary.Uvarint(b)
		if n <= 0 || prev+d > 1<<32-1 {
			return nil, false
		}
		prev += d
		dst = append(dst, uint32(prev))
		b = b[n:]
	}
	return dst, true
}

// validTerms reports whether b is a valid encoding of terms of fields
// below numFields and term IDs below n. It checks what decodeTerms would
// decode without building the list: Load checks every document's.
func validTerms(b []byte, n int) bool {
	prev := uint64(0)
	for i := 0; i < len(b); {
		c := b[i]
		i++
		d := uint64(c & 0x7f)
		for shift := 7; c >= 0x80; shift += 7 {
			if i == len(b) || shift > 28 {
				return false
			}
			c = b[i]
			i++
			d |= uint64(c&0x7f) << shift
		}
		if prev += d; prev > 1<<32-1 || prev>>fieldShift >= numFields || int(prev&idMask) >= n {
			return false
		}
	}
	return true
}
