package voikko

// The walk finds every path through the transducer whose input side spells
// the word, depth first, as libvoikko does: an explicit stack holds, for
// each depth, the state, the transition being tried, the output symbol
// written and the flag diacritic values in force. Epsilon and flag
// transitions consume no input; a flag transition is taken only when its
// operation allows it.

const (
	maxDepth   = 2000    // the stack depth libvoikko allows (its buffer size)
	maxSteps   = 1 << 20 // steps before giving up on a pathological word
	maxResults = 99      // libvoikko stops before its 100th analysis
)

// walker holds one walk's stacks; walkers are pooled and reused.
type walker struct {
	input  []uint16 // the word as symbols
	state  []uint32 // per depth: the state's first cell
	cur    []uint32 // per depth: the cell being tried
	outSym []uint16 // per depth: output symbol of the taken transition (0 for none)
	flags  []uint16 // per depth: the flag values, features wide

	outBuf []byte // all outputs, one after another
	ends   []int  // end of each output in outBuf
}

// prepare turns word (lower case) into input symbols; false when a
// character is not in the alphabet, so that nothing can match.
func (t *transducer) prepare(w *walker, word string) bool {
	w.input = w.input[:0]
	for _, r := range word {
		s, ok := t.charSym[r]
		if !ok {
			return false
		}
		w.input = append(w.input, s)
	}
	return true
}

// walk collects into w.outBuf/w.ends the output of every accepting path for
// w.input.
func (t *transducer) walk(w *walker) {
	w.outBuf, w.ends = w.outBuf[:0], w.ends[:0]
	nf := t.features
	if need := maxDepth * nf; len(w.flags) < need {
		w.flags = make([]uint16, need)
	}
	if len(w.state) < maxDepth {
		w.state = make([]uint32, maxDepth)
		w.cur = make([]uint32, maxDepth)
		w.outSym = make([]uint16, maxDepth)
	}
	clear(w.flags[:nf])
	depth, pos := 0, 0
	w.state[0], w.cur[0] = 0, 0
	for steps := 0; steps < maxSteps; steps++ {
		head := w.state[depth]
		last := t.last(head)
		pushed := false
		for i := w.cur[depth]; i <= head+last; i++ {
			if i == head+1 && last >= overflowMark {
				continue // the overflow cell holds a count, not a transition
			}
			in := t.in(i)
			if in == finalSym {
				if pos == len(w.input) {
					t.emit(w, depth)
					if len(w.ends) >= maxResults {
						return
					}
				}
				continue
			}
			if in >= t.firstNormal {
				if pos >= len(w.input) || w.input[pos] != in {
					continue
				}
			}
			if depth+2 >= maxDepth || !t.flagsAllow(w, depth, in) {
				continue
			}
			// Down: take transition i.
			w.cur[depth] = i
			if out := t.out(i); out >= t.firstNormal {
				w.outSym[depth] = out
			} else {
				w.outSym[depth] = 0
			}
			if in >= t.firstNormal {
				pos++
			}
			depth++
			to := t.target(i)
			w.state[depth], w.cur[depth] = to, to
			pushed = true
			break
		}
		if pushed {
			continue
		}
		if depth == 0 {
			return
		}
		// Up: back to the transition that led here, and on to the next.
		depth--
		if t.in(w.cur[depth]) >= t.firstNormal {
			pos--
		}
		w.cur[depth]++
	}
}

// emit appends the output of the path on the stack.
func (t *transducer) emit(w *walker, depth int) {
	for _, s := range w.outSym[:depth] {
		if s != 0 {
			w.outBuf = append(w.outBuf, t.symbols[s]...)
		}
	}
	w.ends = append(w.ends, len(w.outBuf))
}

// flagsAllow applies symbol in's flag operation, if it is a flag, at depth:
// it reports whether the transition may be taken and, if so, leaves the
// resulting values at depth+1.
func (t *transducer) flagsAllow(w *walker, depth int, in uint16) bool {
	nf := t.features
	if nf == 0 {
		return true
	}
	curr := w.flags[depth*nf : (depth+1)*nf]
	if in == 0 || in >= t.firstNormal {
		copy(w.flags[(depth+1)*nf:(depth+2)*nf], curr)
		return true
	}
	f := t.flags[in]
	v := curr[f.feature]
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
	next := w.flags[(depth+1)*nf : (depth+2)*nf]
	copy(next, curr)
	if set {
		next[f.feature] = value
	}
	return true
}
