package voikko

// Lookahead: for each state, a 64-bit summary of what can come next
// without consuming input (through epsilon and flag transitions, whatever
// the flags): which input symbols may be read next, and whether the word
// may end. Before taking a transition the walk asks whether the target
// state can read the word's next character (or end, at the end of the
// word); a subtree that cannot is not entered. Flags are ignored, so the
// summary only ever lets too much through, never too little: it saves
// work and changes no result.

const endBit = 1 << 63

// symBit is the summary bit of input symbol s; symbols share the other 63
// bits, which at worst lets more through.
func (t *transducer) symBit(s uint16) uint64 {
	return 1 << ((s - t.firstNormal) % 63)
}

// computeNext fills t.next for the states marked in reachable (a bitmap
// of state heads), walking epsilon and flag transitions depth first
// without recursion. A state on an epsilon cycle gets every bit.
func (t *transducer) computeNext(reachable []uint64) {
	const (
		unseen = iota
		open
		done
	)
	t.next = make([]uint64, t.ncells)
	status := make([]uint8, t.ncells)
	type frame struct{ head, tc uint32 }
	var stack []frame
	for s := range t.ncells {
		if reachable[s/64]&(1<<(s%64)) == 0 || status[s] != unseen {
			continue
		}
		status[s] = open
		stack = append(stack[:0], frame{s, 0})
		for len(stack) > 0 {
			f := &stack[len(stack)-1]
			h, last := f.head, t.last(f.head)
			entered := false
			for f.tc <= last && !entered {
				tc := f.tc
				f.tc++
				if tc == 1 && last >= overflowMark {
					continue
				}
				in := t.in(h + tc)
				switch {
				case in == finalSym:
					t.next[h] |= endBit
				case in >= t.firstNormal:
					t.next[h] |= t.symBit(in)
				default:
					to := t.target(h + tc)
					switch status[to] {
					case done:
						t.next[h] |= t.next[to]
					case open:
						t.next[h] = ^uint64(0)
					default:
						status[to] = open
						stack = append(stack, frame{to, 0})
						entered = true
					}
				}
			}
			if entered {
				continue
			}
			status[h] = done
			stack = stack[:len(stack)-1]
			if len(stack) > 0 {
				t.next[stack[len(stack)-1].head] |= t.next[h]
			}
		}
	}
}
