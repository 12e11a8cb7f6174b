package voikko

import "unicode"

// The walk finds every path through the transducer whose input side spells
// the word, depth first and in the order of the transitions, as libvoikko
// does. An explicit stack holds, for each depth, the state, the transition
// being tried and the output symbol it wrote. Epsilon and flag transitions
// consume no input; a flag transition is taken only when its operation
// allows it, and the flag values it changes are restored when the walk
// backs out of it.

const (
	maxDepth   = 2000    // the stack depth libvoikko allows (its buffer size)
	maxWork    = 1 << 21 // transitions looked at before giving up on a pathological word
	maxResults = 99      // libvoikko stops before its 100th analysis
)

// walker holds one walk's stacks; walkers are pooled and reused.
type walker struct {
	input []uint16 // the word as symbols
	need  []uint64 // per position in the word: the lookahead bit of its character, or of the end

	stack []frame // one frame per depth

	flagVals []uint16 // current flag values, one per feature

	outBuf []byte // all outputs, one after another
	ends   []int  // end of each output in outBuf
}

// frame is the walk's place at one depth.
type frame struct {
	head, cur, end uint32 // the state's first cell, the cell being tried, the state's last cell
	outSym         uint16 // output symbol of the transition taken (0 for none)
	undoVal        uint16 // the value of flag feature undoFeat before the transition
	undoFeat       int32  // the flag feature the transition changed, or -1
}

// newWalker returns a walker with a stack as deep as libvoikko's.
func newWalker() *walker {
	return &walker{stack: make([]frame, maxDepth)}
}

// prepare turns word, in lower case as Voikko works, into input symbols;
// false when a character is not in the alphabet, so that nothing can match.
func (t *transducer) prepare(w *walker, word string) bool {
	w.input, w.need = w.input[:0], w.need[:0]
	for _, r := range word {
		s, ok := t.charSym[unicode.ToLower(r)]
		if !ok {
			return false
		}
		w.input = append(w.input, s)
		w.need = append(w.need, t.symBit(s))
	}
	w.need = append(w.need, endBit)
	return true
}

// enter makes the state starting at cell head the one frame f tries.
func (t *transducer) enter(f *frame, head uint32) {
	f.head, f.cur, f.end = head, head, head+t.last(head)
}

// walk collects into w.outBuf and w.ends the output of every accepting path
// for w.input.
func (t *transducer) walk(w *walker) {
	w.outBuf, w.ends = w.outBuf[:0], w.ends[:0]
	if len(w.flagVals) < t.features {
		w.flagVals = make([]uint16, t.features)
	}
	clear(w.flagVals)
	depth, pos := 0, 0
	t.enter(&w.stack[0], 0)
	for work := 0; work < maxWork; work++ {
		f := &w.stack[depth]
		head, end := f.head, f.end
		overflow := end-head >= overflowMark
		pushed := false
		for i := f.cur; i <= end; i, work = i+1, work+1 {
			if overflow && i == head+1 {
				continue // the overflow cell holds a count, not a transition
			}
			c := t.cells[i]
			in := uint16(c)
			if in == finalSym {
				if pos == len(w.input) {
					t.emit(w, depth)
					if len(w.ends) >= maxResults {
						return
					}
				}
				continue
			}
			if in >= t.firstNormal && (pos == len(w.input) || w.input[pos] != in) {
				if t.sorted {
					i = t.skip(w, f, i, pos, in)
				}
				continue
			}
			next := pos
			if in >= t.firstNormal {
				next++
			}
			to := uint32(c>>32) & maxTarget
			if t.next[to]&w.need[next] == 0 || depth+2 >= maxDepth || !t.flagsAllow(w, f, in) {
				continue
			}
			// Down: take transition i.
			f.cur = i
			f.outSym = 0
			if out := uint16(c >> 16); out >= t.firstNormal {
				f.outSym = out
			}
			pos = next
			depth++
			t.enter(&w.stack[depth], to)
			pushed = true
			break
		}
		if pushed {
			continue
		}
		if depth == 0 {
			return
		}
		// Up: back out of the transition that led here, and on to the next.
		depth--
		f = &w.stack[depth]
		if f.undoFeat >= 0 {
			w.flagVals[f.undoFeat] = f.undoVal
		}
		if t.in(f.cur) >= t.firstNormal {
			pos--
		}
		f.cur++
	}
}

// skip returns the cell after which to go on looking for a transition on
// the input at pos, in a state whose transitions are sorted by input
// symbol (epsilon and flags first, the final mark last): cell i, on input
// symbol in, did not match.
func (t *transducer) skip(w *walker, f *frame, i uint32, pos int, in uint16) uint32 {
	head, end := f.head, f.end
	if pos == len(w.input) || in > w.input[pos] {
		if end > i {
			return end - 1 // only the final mark, if any, may still apply
		}
		return i
	}
	want := w.input[pos]
	lo, hi := i+1, end+1 // find the first cell in lo..end whose input is >= want
	if end-head >= overflowMark && lo == head+1 {
		lo++
	}
	for lo < hi {
		mid := lo + (hi-lo)/2
		if t.in(mid) < want {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo - 1
}

// emit appends the output of the path on the stack.
func (t *transducer) emit(w *walker, depth int) {
	for _, f := range w.stack[:depth] {
		if f.outSym != 0 {
			w.outBuf = append(w.outBuf, t.symbols[f.outSym]...)
		}
	}
	w.ends = append(w.ends, len(w.outBuf))
}

// flagsAllow reports whether the transition with input symbol in may be
// taken from frame fr and, if it is a flag that sets a value, sets it and
// records the old value in fr for the way back.
func (t *transducer) flagsAllow(w *walker, fr *frame, in uint16) bool {
	fr.undoFeat = -1
	if in == 0 || in >= t.firstNormal {
		return true
	}
	f := t.flags[in]
	v := w.flagVals[f.feature]
	set, value := false, f.value
	switch f.op {
	case opP:
		set = true
	case opC:
		set, value = true, valNeutral
	case opU:
		if v != valNeutral && v != f.value {
			return false
		}
		set = v == valNeutral
	case opR:
		if f.value == valAny && v == valNeutral || f.value != valAny && v != f.value {
			return false
		}
	case opD:
		if f.value == valAny && v != valNeutral || v == f.value {
			return false
		}
	default:
		return false
	}
	if set {
		fr.undoFeat, fr.undoVal = int32(f.feature), v
		w.flagVals[f.feature] = value
	}
	return true
}
