package voikko

import (
	"encoding/binary"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// A small transducer built in the test, written in every variant of the
// format, checks the reader and the walk without Debian's dictionary.

type arc struct {
	in, out string
	to      int
}

type state struct {
	final bool
	arcs  []arc
}

// build makes a transducer of states (state 0 is the start) with the
// symbol table ordered as Voikko's is: epsilon, flags, characters, tags.
// With sorted, each state's arcs are ordered by input symbol, as in
// Voikko's files; otherwise they are reversed.
func build(t testing.TB, states []state, sorted bool) *transducer {
	t.Helper()
	set := map[string]bool{}
	for _, s := range states {
		for _, a := range s.arcs {
			set[a.in], set[a.out] = true, true
		}
	}
	delete(set, "")
	var syms []string
	for s := range set {
		syms = append(syms, s)
	}
	rank := func(s string) int {
		switch {
		case strings.HasPrefix(s, "@"):
			return 0
		case strings.HasPrefix(s, "["):
			return 2
		}
		return 1
	}
	sort.Slice(syms, func(i, j int) bool {
		if rank(syms[i]) != rank(syms[j]) {
			return rank(syms[i]) < rank(syms[j])
		}
		return syms[i] < syms[j]
	})
	syms = append([]string{""}, syms...)
	index := map[string]uint16{}
	for i, s := range syms {
		index[s] = uint16(i)
	}
	type cell struct{ in, out uint16 }
	heads := make([]uint32, len(states))
	next := uint32(0)
	trans := make([][]cell, len(states))
	targets := make([][]int, len(states))
	for i, s := range states {
		arcs := slices.Clone(s.arcs)
		sort.SliceStable(arcs, func(a, b int) bool { return index[arcs[a].in] < index[arcs[b].in] })
		if !sorted {
			slices.Reverse(arcs)
		}
		for _, a := range arcs {
			trans[i] = append(trans[i], cell{index[a.in], index[a.out]})
			targets[i] = append(targets[i], a.to)
		}
		if s.final {
			trans[i] = append(trans[i], cell{finalSym, 0})
			targets[i] = append(targets[i], -1)
		}
		if len(trans[i]) == 0 {
			t.Fatalf("state %d has no transitions", i)
		}
		heads[i] = next
		next += uint32(len(trans[i]))
		if len(trans[i])-1 >= overflowMark {
			next++
		}
	}
	cells := make([]uint64, next)
	for i := range states {
		n := len(trans[i])
		more, pos := uint64(n-1), heads[i]
		for k, c := range trans[i] {
			var target uint32
			if targets[i][k] >= 0 {
				target = heads[targets[i][k]]
			}
			v := uint64(c.in) | uint64(c.out)<<16 | uint64(target)<<32
			if k == 0 {
				if n-1 >= overflowMark {
					v |= overflowMark << 56
					cells[pos+1] = uint64(n - 1)
					cells[pos] = v
					pos += 2
					continue
				}
				v |= more << 56
			}
			cells[pos] = v
			pos++
		}
	}
	return &transducer{symbols: syms, cells: cells}
}

// encode writes t as a VFST file, weighted or not, in the given byte order.
func encode(t *transducer, weighted bool, order binary.AppendByteOrder) []byte {
	b := order.AppendUint32(nil, magic1)
	b = order.AppendUint32(b, magic2)
	b = append(b, make([]byte, 8)...)
	size := cellSize
	if weighted {
		b[8], size = 1, wCellSize
	}
	b = order.AppendUint16(b, uint16(len(t.symbols)))
	for _, s := range t.symbols {
		b = append(append(b, s...), 0)
	}
	for len(b)%size != 0 {
		b = append(b, 0)
	}
	overflow := false
	for _, c := range t.cells {
		if overflow {
			b = order.AppendUint32(b, uint32(c))
			b = append(b, make([]byte, size-4)...)
			overflow = false
			continue
		}
		in, out, target, more := uint16(c), uint16(c>>16), uint32(c>>32)&maxTarget, uint8(c>>56)
		switch {
		case weighted:
			win := uint32(in)
			if in == finalSym {
				win = 0xFFFFFFFF
			}
			b = order.AppendUint32(b, win)
			b = order.AppendUint32(b, uint32(out))
			b = order.AppendUint32(b, target)
			b = order.AppendUint16(b, 0) // weight
			b = append(b, more, 0)
		case order == binary.AppendByteOrder(binary.BigEndian):
			b = order.AppendUint16(b, in)
			b = order.AppendUint16(b, out)
			b = order.AppendUint32(b, target<<8|uint32(more))
		default:
			b = order.AppendUint16(b, in)
			b = order.AppendUint16(b, out)
			b = order.AppendUint32(b, target|uint32(more)<<24)
		}
		overflow = more == overflowMark
	}
	return b
}

type variant struct {
	name     string
	weighted bool
	order    binary.AppendByteOrder
}

var variants = []variant{
	{"unweighted little-endian", false, binary.LittleEndian},
	{"unweighted big-endian", false, binary.BigEndian},
	{"weighted little-endian", true, binary.LittleEndian},
	{"weighted big-endian", true, binary.BigEndian},
}

// flagStates reads "ab" along six paths, of which the flag diacritics let
// three through.
var flagStates = []state{
	0: {arcs: []arc{
		{"@P.F.A@", "", 1},  // set F=A ... require F=A: passes
		{"@P.F.B@", "", 5},  // set F=B ... require F=A: fails
		{"@U.G.A@", "", 8},  // unify G=A, then G=B: fails
		{"@U.G.A@", "", 11}, // unify G=A, then G=A again: passes
		{"@P.H.A@", "", 14}, // set H, clear it, disallow any H: passes
		{"@P.H.A@", "", 18}, // set H, disallow any H: fails
	}},
	1:  {arcs: []arc{{"a", "x", 2}}},
	2:  {arcs: []arc{{"@R.F.A@", "", 3}}},
	3:  {arcs: []arc{{"b", "y", 4}}},
	4:  {final: true},
	5:  {arcs: []arc{{"a", "z", 6}}},
	6:  {arcs: []arc{{"@R.F.A@", "", 7}}},
	7:  {arcs: []arc{{"b", "w", 4}}},
	8:  {arcs: []arc{{"@U.G.B@", "", 9}}},
	9:  {arcs: []arc{{"a", "q", 10}}},
	10: {arcs: []arc{{"b", "q", 4}}},
	11: {arcs: []arc{{"@U.G.A@", "", 12}}},
	12: {arcs: []arc{{"a", "u", 13}}},
	13: {arcs: []arc{{"b", "v", 4}}},
	14: {arcs: []arc{{"@C.H@", "", 15}}},
	15: {arcs: []arc{{"@D.H@", "", 16}}},
	16: {arcs: []arc{{"a", "[Ln]", 17}}},
	17: {arcs: []arc{{"b", "c", 4}}},
	18: {arcs: []arc{{"@D.H@", "", 19}}},
	19: {arcs: []arc{{"a", "e", 20}}},
	20: {arcs: []arc{{"b", "e", 4}}},
}

// outputs walks fst for word and returns the outputs, sorted.
func outputs(fst *transducer, word string) []string {
	w := newWalker()
	if !fst.prepare(w, word) {
		return nil
	}
	fst.walk(w)
	var res []string
	start := 0
	for _, end := range w.ends {
		res = append(res, string(w.outBuf[start:end]))
		start = end
	}
	sort.Strings(res)
	return res
}

func TestFlagDiacritics(t *testing.T) {
	for _, sorted := range []bool{true, false} {
		for _, v := range variants {
			t.Run(fmt.Sprintf("%s sorted=%v", v.name, sorted), func(t *testing.T) {
				fst, err := parseVFST(encode(build(t, flagStates, sorted), v.weighted, v.order))
				if err != nil {
					t.Fatal(err)
				}
				if fst.sorted != sorted {
					t.Errorf("sorted = %v, want %v", fst.sorted, sorted)
				}
				if diff := cmp.Diff([]string{"[Ln]c", "uv", "xy"}, outputs(fst, "ab")); diff != "" {
					t.Errorf("outputs for ab (-want +got):\n%s", diff)
				}
				for _, word := range []string{"a", "abb", "", "b"} {
					if got := outputs(fst, word); got != nil {
						t.Errorf("outputs for %q = %q, want none", word, got)
					}
				}
			})
		}
	}
}

// wideStates has a start state with 300 transitions, more than a state's
// first cell can count, so its count is in an overflow cell.
func wideStates() []state {
	start := state{}
	for k := range 300 {
		start.arcs = append(start.arcs, arc{string(rune(0x4E00 + k)), fmt.Sprintf("[%d]", k), 1})
	}
	return []state{start, {final: true}}
}

func TestOverflowCell(t *testing.T) {
	for _, sorted := range []bool{true, false} {
		for _, v := range variants {
			fst, err := parseVFST(encode(build(t, wideStates(), sorted), v.weighted, v.order))
			if err != nil {
				t.Fatalf("%s: %v", v.name, err)
			}
			for _, k := range []int{0, 1, 2, 150, 254, 255, 256, 299} {
				want := []string{fmt.Sprintf("[%d]", k)}
				if got := outputs(fst, string(rune(0x4E00+k))); !slices.Equal(got, want) {
					t.Errorf("%s sorted=%v: transition %d gives %q, want %q", v.name, sorted, k, got, want)
				}
			}
			// The overflow cell holds 299, which read as a transition
			// would be one on symbol 299 (the 299th character) back to
			// the start, letting a second character through.
			for _, k := range []int{0, 5, 298} {
				if got := outputs(fst, string(rune(0x4E00+298))+string(rune(0x4E00+k))); got != nil {
					t.Errorf("%s sorted=%v: a two-character word gives %q, want nothing", v.name, sorted, got)
				}
			}
		}
	}
}

func TestTruncatedTransducer(t *testing.T) {
	for _, v := range variants {
		data := encode(build(t, flagStates, true), v.weighted, v.order)
		for n := range len(data) {
			if _, err := parseVFST(data[:n]); err == nil {
				t.Errorf("%s cut to %d of %d bytes: no error", v.name, n, len(data))
			}
		}
	}
}

func TestTruncatedDictionary(t *testing.T) {
	analyzer(t)
	data, err := os.ReadFile(DefaultPath)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, n := range []int{100, 2340, len(data) / 2, len(data) - 3, len(data) - 8} {
		p := fmt.Sprintf("%s/mor-%d.vfst", dir, n)
		if err := os.WriteFile(p, data[:n], 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Open(p)
		if err == nil || !strings.Contains(err.Error(), "truncated") || !strings.Contains(err.Error(), p) {
			t.Errorf("Open(first %d bytes) = %v, want an error naming the file and saying truncated", n, err)
		}
	}
}

// TestDictionaryVariants writes Debian's dictionary in the other three
// variants of the format and checks that each analyses the test forms as
// the original does.
func TestDictionaryVariants(t *testing.T) {
	a := analyzer(t)
	forms := testForms(t)
	want := make([][]Analysis, len(forms))
	for i, form := range forms {
		want[i] = a.Analyze(form)
	}
	for _, v := range variants[1:] {
		fst, err := parseVFST(encode(a.fst, v.weighted, v.order))
		if err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		b := &Analyzer{fst: fst}
		for i, form := range forms {
			if diff := cmp.Diff(want[i], b.Analyze(form)); diff != "" {
				t.Errorf("%s: Analyze(%q) (-original +variant):\n%s", v.name, form, diff)
			}
		}
	}
}

func FuzzOpen(f *testing.F) {
	for _, v := range variants {
		data := encode(build(f, flagStates, true), v.weighted, v.order)
		f.Add(data)
		f.Add(data[:len(data)/2])
		f.Add(encode(build(f, wideStates(), false), v.weighted, v.order))
	}
	f.Add([]byte("Voikko-Dictionary-Format: 5\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fst, err := parseVFST(data)
		if err != nil {
			return
		}
		a := &Analyzer{fst: fst}
		for _, word := range []string{"ab", "a", "b", "", "一", "kirja"} {
			a.Analyze(word)
			a.Lemmas(word)
		}
	})
}
