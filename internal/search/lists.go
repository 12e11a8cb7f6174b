package search

// lists holds a short list of uint32 per document in one flat array, so
// that walking the lists of many documents (facet counting) reads memory
// in order instead of chasing a slice header per document. A list that
// grows moves to the end; the space it leaves is reclaimed when it adds up
// to half the array.
type lists struct {
	off     []uint32 // doc number → start in vals
	n       []uint16 // doc number → length
	vals    []uint32
	garbage int
}

// grow adds an empty list for a new document number.
func (l *lists) grow() {
	l.off = append(l.off, 0)
	l.n = append(l.n, 0)
}

// get returns document d's list. It must not be modified.
func (l *lists) get(d uint32) []uint32 {
	o := l.off[d]
	return l.vals[o : o+uint32(l.n[d])]
}

// set replaces document d's list with vs (at most 65535 values are kept).
func (l *lists) set(d uint32, vs []uint32) {
	vs = vs[:min(len(vs), 1<<16-1)]
	old := int(l.n[d])
	if len(vs) <= old {
		copy(l.vals[l.off[d]:], vs)
		l.garbage += old - len(vs)
	} else {
		l.garbage += old
		l.off[d] = uint32(len(l.vals))
		l.vals = append(l.vals, vs...)
	}
	l.n[d] = uint16(len(vs))
	if l.garbage > 1<<16 && l.garbage > len(l.vals)/2 {
		l.compact()
	}
}

func (l *lists) compact() {
	vals := make([]uint32, 0, len(l.vals)-l.garbage)
	for d := range l.off {
		o := uint32(len(vals))
		vals = append(vals, l.get(uint32(d))...)
		l.off[d] = o
	}
	l.vals, l.garbage = vals, 0
}
