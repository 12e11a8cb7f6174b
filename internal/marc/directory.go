package marc

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// directory parses the directory. Entries are 12 bytes (tag, 4-digit
// length, 5-digit offset), but writers of oversized records overflow them
// with a 5-digit length or a 6-digit offset. Such an entry is recognised by
// its offset being the end of the previous field, as it is in a directory
// written in order. Entries whose numbers cannot be read get offset -1 and
// are placed by locate. ok is false when the bytes did not divide evenly.
func (r *Reader) directory(dir []byte) (entries []dirEntry, ok bool) {
	entries = make([]dirEntry, 0, len(dir)/12)
	next := 0 // expected offset of the next field
	widths := [][2]int{{4, 5}, {5, 5}, {4, 6}, {5, 6}}
	for pos := 0; pos+12 <= len(dir); {
		e := dirEntry{tag: string(dir[pos : pos+3]), length: -1, offset: -1}
		w := widths[0]
		for _, cand := range widths {
			end := pos + 3 + cand[0] + cand[1]
			if end > len(dir) {
				continue
			}
			off, ok := atoi(dir[pos+3+cand[0] : end])
			if ok && off == next {
				w = cand
				break
			}
		}
		if n, ok := atoi(dir[pos+3 : pos+3+w[0]]); ok {
			e.length = n
		}
		if n, ok := atoi(dir[pos+3+w[0] : pos+3+w[0]+w[1]]); ok {
			e.offset = n
		}
		if w != widths[0] {
			r.repair("directory entry %d (%s) has an overflowing length or offset", len(entries)+1, e.tag)
		}
		entries = append(entries, e)
		next = e.offset + e.length
		pos += 3 + w[0] + w[1]
		if pos != len(dir) && pos+12 > len(dir) {
			return entries, false
		}
	}
	return entries, true
}

// backDirectory parses a directory from its end, for one that has lost a
// byte near its start. The short first entry keeps its length and offset
// (its last nine bytes) and gets a tag left-padded with '0', since a
// lost leading zero ("01" for "001") is what damaged files show.
func backDirectory(dir []byte) []dirEntry {
	rem := len(dir) % 12
	if rem < 10 {
		return nil
	}
	first := dirEntry{tag: strings.Repeat("0", 12-rem) + string(dir[:rem-9])}
	first.length, _ = atoi(dir[rem-9 : rem-5])
	first.offset, _ = atoi(dir[rem-5 : rem])
	entries := []dirEntry{first}
	for pos := rem; pos+12 <= len(dir); pos += 12 {
		e := dirEntry{tag: string(dir[pos : pos+3]), length: -1, offset: -1}
		if n, ok := atoi(dir[pos+3 : pos+7]); ok {
			e.length = n
		}
		if n, ok := atoi(dir[pos+7 : pos+12]); ok {
			e.offset = n
		}
		entries = append(entries, e)
	}
	return entries
}

// chained counts the entries whose offset is where the previous field
// ends, a sign that the directory was read in step.
func chained(entries []dirEntry) int {
	n, next := 0, 0
	for _, e := range entries {
		if e.offset == next && e.length > 0 {
			n++
		}
		next = e.offset + e.length
	}
	return n
}

// fieldOrder returns the order to read the entries in: the directory's,
// unless its tags are out of order and the fields' order in the data puts
// them in order, which shows that the directory was scrambled rather than
// written so on purpose.
func (r *Reader) fieldOrder(entries []dirEntry) []int {
	order := make([]int, len(entries))
	for i := range order {
		order[i] = i
	}
	byTag := func(a, b int) int { return cmp.Compare(entries[a].tag, entries[b].tag) }
	if slices.IsSortedFunc(order, byTag) {
		return order
	}
	byOffset := slices.Clone(order)
	slices.SortStableFunc(byOffset, func(a, b int) int { return cmp.Compare(entries[a].offset, entries[b].offset) })
	if slices.IsSortedFunc(byOffset, byTag) {
		r.repair("directory entries out of order; fields read in data order")
		return byOffset
	}
	// Otherwise, when the 001 is not first, where every reader of MARC
	// looks for it, the control fields are put first in tag order: their
	// order carries no meaning, while that of data fields may.
	if entries[0].tag != "001" && slices.ContainsFunc(entries, func(e dirEntry) bool { return e.tag == "001" }) {
		controlFirst := func(a, b int) int {
			ka, kb := "1", "1"
			if isControlTag(entries[a].tag) {
				ka = entries[a].tag
			}
			if isControlTag(entries[b].tag) {
				kb = entries[b].tag
			}
			return cmp.Compare(ka, kb)
		}
		slices.SortStableFunc(order, controlFirst)
		r.repair("001 not first; control fields put first in tag order")
	}
	return order
}

type dirEntry struct {
	tag            string
	length, offset int
}

// locate returns the bytes of each field (without terminator), in
// directory order. It trusts the directory when every entry points at a
// field that ends in a terminator; otherwise it splits the data area at
// the terminators and pairs the pieces with the entries in offset order,
// which repairs wrong lengths and offsets and unordered directories, as
// long as the number of fields agrees.
func (r *Reader) locate(entries []dirEntry, area []byte) ([][]byte, error) {
	fields := make([][]byte, len(entries))
	good := true
	for i, e := range entries {
		end := e.offset + e.length
		if e.length < 1 || e.offset < 0 || end > len(area) || area[end-1] != fieldTerminator {
			good = false
			break
		}
		fields[i] = area[e.offset : end-1]
	}
	if good {
		return fields, nil
	}
	pieces := bytes.Split(area, []byte{fieldTerminator})
	if len(pieces) > 0 && len(bytes.TrimSpace(pieces[len(pieces)-1])) == 0 {
		pieces = pieces[:len(pieces)-1]
	}
	if len(pieces) != len(entries) {
		// Fall back to the offsets alone: a field runs from its offset
		// to the next terminator.
		for i, e := range entries {
			if e.offset < 0 || e.offset >= len(area) {
				return nil, fmt.Errorf("field %d (%s) starts at %d, beyond the data (%d bytes), and the directory has %d entries for %d fields",
					i+1, e.tag, e.offset, len(area), len(entries), len(pieces))
			}
			if e.offset > 0 && area[e.offset-1] != fieldTerminator {
				return nil, fmt.Errorf("field %d (%s) offset %d does not start a field, and the directory has %d entries for %d fields",
					i+1, e.tag, e.offset, len(entries), len(pieces))
			}
			end := bytes.IndexByte(area[e.offset:], fieldTerminator)
			if end < 0 {
				end = len(area) - e.offset
			}
			fields[i] = area[e.offset : e.offset+end]
		}
		r.repair("field lengths in the directory are wrong; fields cut at their terminators")
		return fields, nil
	}
	order := make([]int, len(entries))
	for i := range order {
		order[i] = i
	}
	// Stable by offset: pieces are in data order.
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(entries[a].offset, entries[b].offset) })
	for k, i := range order {
		fields[i] = pieces[k]
	}
	r.repair("directory lengths or offsets are wrong; fields taken in data order at their terminators")
	return fields, nil
}
