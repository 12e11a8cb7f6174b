package voikko

import (
	"bufio"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// compareScript prints, for each word on its input, the base forms and
// classes libvoikko gives it, in the form TestAgainstLibvoikko compares.
const compareScript = `
import sys, libvoikko
v = libvoikko.Voikko('fi')
for line in sys.stdin:
    w = line.rstrip('\n')
    res = sorted(set((a.get('BASEFORM') or '').lower() + ' ' + (a.get('CLASS') or '') for a in v.analyze(w)))
    print(w + '\t' + ' | '.join(res))
`

// TestAgainstLibvoikko compares the base forms and classes of the test
// forms and of 20,000 word forms read off random paths through the
// transducer with what libvoikko itself (through its Python binding) gives
// them. It runs only when asked, with KIRJASTO_VOIKKO_COMPARE=1 and the
// Debian package python3-libvoikko installed.
func TestAgainstLibvoikko(t *testing.T) {
	if os.Getenv("KIRJASTO_VOIKKO_COMPARE") != "1" {
		t.Skip("set KIRJASTO_VOIKKO_COMPARE=1 (and apt-get install python3-libvoikko) to compare with libvoikko")
	}
	a := analyzer(t)
	// Debian's python3-libvoikko is for Debian's Python, which another
	// python3 earlier on the PATH may hide.
	python := "/usr/bin/python3"
	if _, err := os.Stat(python); err != nil {
		if python, err = exec.LookPath("python3"); err != nil {
			t.Fatal("python3 not found: apt-get install python3-libvoikko")
		}
	}
	words := append(testForms(t), randomWords(a.fst, 20000)...)
	in := filepath.Join(t.TempDir(), "words.txt")
	if err := os.WriteFile(in, []byte(strings.Join(words, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(python, "-c", compareScript)
	cmd.Stdin, _ = os.Open(in)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("libvoikko: %v (apt-get install python3-libvoikko)", err)
	}
	known, differ := 0, 0
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		word, want, _ := strings.Cut(sc.Text(), "\t")
		var got []string
		for _, an := range a.Analyze(word) {
			got = append(got, an.Base+" "+an.Class)
		}
		slices.Sort(got)
		got = slices.Compact(got)
		if want != "" {
			known++
		}
		if g := strings.Join(got, " | "); g != want {
			differ++
			if differ <= 20 {
				t.Errorf("%q: libvoikko gives %q, we give %q", word, want, g)
			}
		}
	}
	t.Logf("%d words, %d known to libvoikko, %d differ", len(words), known, differ)
}

// randomWords reads n distinct word forms off random paths from the start
// to a final state, ignoring flag diacritics, so that some are not words.
func randomWords(fst *transducer, n int) []string {
	rng := rand.New(rand.NewPCG(1, 2))
	seen := map[string]bool{}
	var words []string
	for len(words) < n {
		state, word := uint32(0), []byte{}
		for range 60 {
			last := fst.last(state)
			var arcs []uint32
			final := false
			for tc := uint32(0); tc <= last; tc++ {
				switch i := state + tc; {
				case tc == 1 && last >= overflowMark:
				case fst.in(i) == finalSym:
					final = true
				default:
					arcs = append(arcs, i)
				}
			}
			if final && (len(arcs) == 0 || rng.IntN(4) == 0) || len(arcs) == 0 {
				if final && len(word) > 0 && !seen[string(word)] {
					seen[string(word)] = true
					words = append(words, string(word))
				}
				break
			}
			i := arcs[rng.IntN(len(arcs))]
			if in := fst.in(i); in >= fst.firstNormal {
				word = append(word, fst.symbols[in]...)
			}
			state = fst.target(i)
		}
	}
	return words
}
