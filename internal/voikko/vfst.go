package voikko

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// The VFST file, as libvoikko writes and reads it:
//
//	header     16 bytes: two magic words (0x00013A6E, 0x000351FA), byte 8
//	           says weighted (1) or not (0), the rest is reserved
//	symbols    uint16 count, then that many NUL-terminated UTF-8 strings:
//	           index 0 is epsilon, then the flag diacritics (@X.FEATURE.VALUE@),
//	           then ordinary characters, then multi-character tags ([Ln], [Xp] ...)
//	padding    to the size of one transition cell
//	cells      the transitions, each state a run of cells
//
// An unweighted cell is 8 bytes: uint16 input symbol, uint16 output symbol,
// and a uint32 holding the target state (the index of its first cell) in
// its low 24 bits and, in its top 8 bits, how many more transitions follow
// in the state's first cell. When that count is 255 the next cell is an
// overflow cell whose first uint32 holds the count instead. A transition
// whose input symbol is 0xFFFF marks the state final.
//
// A weighted cell is 16 bytes: uint32 input, uint32 output, uint32 target,
// int16 weight, uint8 count, one reserved byte; its final marker is
// 0xFFFFFFFF. The analyser needs no weights, so Open rewrites a weighted
// table into unweighted cells (same indices) and one walk serves both.
//
// Files written on a big-endian machine carry the magic words byte-swapped;
// they are read with the other byte order.

const (
	magic1       = 0x00013A6E
	magic2       = 0x000351FA
	headerSize   = 16
	cellSize     = 8
	wCellSize    = 16
	finalSym     = 0xFFFF
	overflowMark = 255
	maxTarget    = 1<<24 - 1
)

// Flag diacritic operations (the letter after the first @).
const (
	opP = iota + 1 // positive set
	opC            // clear
	opU            // unify
	opR            // require
	opD            // disallow
)

// Flag values: neutral (unset) and any (an operation without a value).
const (
	valNeutral = 0
	valAny     = 1
)

type flagOp struct {
	op      uint8
	feature uint16
	value   uint16
}

// transducer is a loaded VFST transducer: the symbol table and the cells.
type transducer struct {
	symbols     []string        // symbol index → text
	charSym     map[rune]uint16 // single-character symbols, for the input
	firstNormal uint16          // symbols below it are epsilon and flags
	flags       []flagOp        // indexed by symbol, for symbols below firstNormal
	features    int             // number of distinct flag features
	cells       []uint64        // the transitions, decoded (see readCells)
	ncells      uint32
	weighted    bool
	sorted      bool     // every state's transitions are in order of input symbol
	next        []uint64 // per state head: what may come next (see lookahead.go)
}

var errNotVFST = errors.New("not a VFST transducer (no VFST magic number at the start)")

// parseVFST reads a whole VFST file. It checks the structure so that a
// walk can never index outside the table: a truncated or damaged file is an
// error here, never a panic later.
func parseVFST(data []byte) (*transducer, error) {
	if len(data) < 8 {
		return nil, fmt.Errorf("%w: only %d bytes", errNotVFST, len(data))
	}
	var order binary.ByteOrder
	switch {
	case binary.LittleEndian.Uint32(data) == magic1 && binary.LittleEndian.Uint32(data[4:]) == magic2:
		order = binary.LittleEndian
	case binary.BigEndian.Uint32(data) == magic1 && binary.BigEndian.Uint32(data[4:]) == magic2:
		order = binary.BigEndian
	default:
		return nil, errNotVFST
	}
	if len(data) < headerSize+2 {
		return nil, fmt.Errorf("truncated: %d bytes, not even a symbol table", len(data))
	}
	t := &transducer{weighted: data[8] == 1, charSym: map[rune]uint16{}}
	if data[8] > 1 {
		return nil, fmt.Errorf("unknown transducer kind %d in the header (want 0, unweighted, or 1, weighted)", data[8])
	}
	table, err := t.readSymbols(data, order)
	if err != nil {
		return nil, err
	}
	if err := t.readCells(table, order); err != nil {
		return nil, err
	}
	return t, t.check()
}

// readSymbols reads the symbol table and the flag diacritics in it, and
// returns the transition table that follows.
func (t *transducer) readSymbols(data []byte, order binary.ByteOrder) ([]byte, error) {
	count := int(order.Uint16(data[headerSize:]))
	p := headerSize + 2
	t.symbols = make([]string, 0, count)
	features := map[string]uint16{}
	values := map[string]uint16{"": valNeutral, "@": valAny}
	for i := range count {
		end := p
		for end < len(data) && data[end] != 0 {
			end++
		}
		if end == len(data) {
			return nil, fmt.Errorf("truncated: the symbol table ends after %d of %d symbols", i, count)
		}
		sym := string(data[p:end])
		p = end + 1
		t.symbols = append(t.symbols, sym)
		if i == 0 {
			t.flags = append(t.flags, flagOp{}) // epsilon
			continue
		}
		if t.firstNormal == 0 && !strings.HasPrefix(sym, "@") {
			t.firstNormal = uint16(i)
		}
		if t.firstNormal == 0 {
			op, err := parseFlag(sym, features, values)
			if err != nil {
				return nil, err
			}
			t.flags = append(t.flags, op)
			continue
		}
		if r := []rune(sym); len(r) == 1 {
			t.charSym[r[0]] = uint16(i)
		}
	}
	if t.firstNormal == 0 {
		t.firstNormal = uint16(len(t.symbols))
	}
	t.features = len(features)
	size := cellSize
	if t.weighted {
		size = wCellSize
	}
	if r := p % size; r != 0 {
		p += size - r
	}
	if p >= len(data) {
		return nil, errors.New("truncated: no transition table after the symbol table")
	}
	return data[p:], nil
}

// parseFlag reads a flag diacritic such as @P.V_SALLITTU.E@ or @R.LAINEN@.
// Features and values are numbered in order of appearance, as libvoikko does.
func parseFlag(sym string, features, values map[string]uint16) (flagOp, error) {
	if len(sym) < 5 || sym[2] != '.' || sym[len(sym)-1] != '@' {
		return flagOp{}, fmt.Errorf("malformed flag diacritic %q in the symbol table", sym)
	}
	var op flagOp
	switch sym[1] {
	case 'P':
		op.op = opP
	case 'C':
		op.op = opC
	case 'U':
		op.op = opU
	case 'R':
		op.op = opR
	case 'D':
		op.op = opD
	default:
		return flagOp{}, fmt.Errorf("unknown flag diacritic operation in %q", sym)
	}
	feature, value, hasValue := strings.Cut(sym[3:len(sym)-1], ".")
	if !hasValue {
		value = "@"
	}
	f, ok := features[feature]
	if !ok {
		f = uint16(len(features))
		features[feature] = f
	}
	v, ok := values[value]
	if !ok {
		v = uint16(len(values))
		values[value] = v
	}
	op.feature, op.value = f, v
	return op, nil
}

// readCells decodes the transition table into t.cells, one uint64 per
// cell: input symbol in bits 0-15, output symbol in 16-31, target state in
// 32-55 and the count of more transitions in 56-63; an overflow cell holds
// its count in bits 0-31.
func (t *transducer) readCells(table []byte, order binary.ByteOrder) error {
	size := cellSize
	if t.weighted {
		size = wCellSize
	}
	if len(table)%size != 0 {
		return fmt.Errorf("truncated: the transition table is %d bytes, not a whole number of %d-byte cells", len(table), size)
	}
	n := len(table) / size
	if n > maxTarget {
		return fmt.Errorf("transition table too large: %d cells", n)
	}
	t.ncells = uint32(n)
	t.cells = make([]uint64, n)
	if !t.weighted && order == binary.LittleEndian {
		// The native layout: a plain read is right for both kinds of cell.
		for i := range n {
			t.cells[i] = binary.LittleEndian.Uint64(table[i*size:])
		}
		return nil
	}
	// Otherwise, as libvoikko does when it swaps bytes, take the cell after
	// one whose count is 255 for an overflow cell.
	overflow := false
	for i := range n {
		src := table[i*size : (i+1)*size]
		if overflow {
			t.cells[i] = uint64(order.Uint32(src))
			overflow = false
			continue
		}
		var in, out, target uint32
		var more uint8
		if t.weighted {
			in, out, target, more = order.Uint32(src), order.Uint32(src[4:]), order.Uint32(src[8:]), src[14]
			if in == 0xFFFFFFFF {
				in, out, target = finalSym, 0, 0
			}
			if in > finalSym || out >= finalSym || target > maxTarget {
				return fmt.Errorf("damaged: weighted transition %d out of range (symbols %d:%d, target %d)", i, in, out, target)
			}
		} else {
			in, out = uint32(order.Uint16(src)), uint32(order.Uint16(src[2:]))
			// The 24-bit target and 8-bit count are a C bit field, laid
			// out by the writer's compiler: the count is byte 7 either way.
			info := order.Uint32(src[4:])
			target, more = info&maxTarget, src[7]
			if order == binary.BigEndian {
				target = info >> 8
			}
		}
		t.cells[i] = uint64(in) | uint64(out)<<16 | uint64(target)<<32 | uint64(more)<<56
		overflow = more == overflowMark
	}
	return nil
}

// Cell accessors; i is a cell index, checked by check at load time.
func (t *transducer) in(i uint32) uint16     { return uint16(t.cells[i]) }
func (t *transducer) out(i uint32) uint16    { return uint16(t.cells[i] >> 16) }
func (t *transducer) target(i uint32) uint32 { return uint32(t.cells[i]>>32) & maxTarget }

// last returns the offset of the last transition of the state starting at
// cell head (so the state spans head..head+last), as libvoikko counts it:
// with an overflow cell at head+1, which is not a transition.
func (t *transducer) last(head uint32) uint32 {
	more := uint32(t.cells[head] >> 56)
	if more == overflowMark {
		return uint32(t.cells[head+1]) + 1
	}
	return more
}

// check visits every state reachable from the start and makes sure each
// lies inside the table and each transition's symbols exist.
func (t *transducer) check() error {
	nsym := uint32(len(t.symbols))
	seen := make([]uint64, (t.ncells+63)/64)
	stack := []uint32{0}
	seen[0] = 1
	sorted := true
	for len(stack) > 0 {
		head := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if t.cells[head]>>56 == overflowMark && head+1 >= t.ncells {
			return t.truncated(head)
		}
		last := t.last(head)
		if uint64(head)+uint64(last) >= uint64(t.ncells) {
			return t.truncated(head)
		}
		prev := uint16(0)
		for tc := uint32(0); tc <= last; tc++ {
			if tc == 1 && last >= overflowMark {
				continue
			}
			i := head + tc
			in := t.in(i)
			if in < prev {
				sorted = false
			}
			prev = in
			if in == finalSym {
				continue
			}
			if uint32(in) >= nsym || uint32(t.out(i)) >= nsym {
				return fmt.Errorf("damaged: transition %d uses symbol %d:%d of %d", i, in, t.out(i), nsym)
			}
			to := t.target(i)
			if to >= t.ncells {
				return t.truncated(head)
			}
			if seen[to/64]&(1<<(to%64)) == 0 {
				seen[to/64] |= 1 << (to % 64)
				stack = append(stack, to)
			}
		}
	}
	t.sorted = sorted
	t.computeNext(seen)
	return nil
}

func (t *transducer) truncated(state uint32) error {
	return fmt.Errorf("truncated or damaged: state %d runs past the end of the %d-cell transition table", state, t.ncells)
}
