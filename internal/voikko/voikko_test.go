package voikko

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/testenv"
)

var (
	loadOnce sync.Once
	loaded   *Analyzer
	loadErr  error
)

// analyzer returns the analyser over Debian's dictionary, loaded once for
// all tests, or skips the test (fails it under KIRJASTO_TEST_STRICT=1)
// when the dictionary is not installed.
func analyzer(t testing.TB) *Analyzer {
	t.Helper()
	if _, err := os.Stat(DefaultPath); err != nil {
		testenv.Missing(t, "Voikko's Finnish morphology "+DefaultPath+" is missing: install the Debian package voikko-fi (apt-get install voikko-fi)")
	}
	loadOnce.Do(func() { loaded, loadErr = Open(DefaultPath) })
	if loadErr != nil {
		t.Fatal(loadErr)
	}
	return loaded
}

func TestAnalyzeSimpleWords(t *testing.T) {
	a := analyzer(t)
	tests := []struct {
		word string
		want []Analysis
	}{
		{"sodan", []Analysis{{Base: "sota", Class: "nimisana"}}},
		{"Helsingissä", []Analysis{{Base: "helsinki", Class: "paikannimi"}}},
		{"LUEN", []Analysis{{Base: "lukea", Class: "teonsana"}}},
		{"kirjastokortin", []Analysis{{Base: "kirjastokortti", Parts: []string{"kirjasto", "kortti"}, Class: "nimisana"}}},
		{"lastenkirja", []Analysis{{Base: "lastenkirja", Parts: []string{"lapsi", "kirja"}, Class: "nimisana"}}},
		{"Isolla-Britannialla", []Analysis{{Base: "iso-britannia", Parts: []string{"iso", "britannia"}, Class: "paikannimi"}}},
		{"paremmin", []Analysis{{Base: "hyvä", Class: "laatusana"}}},
		{"kahdeksantoista", []Analysis{{Base: "kahdeksantoista", Class: "lukusana"}}},
		{"kirjaarvostelu", nil}, // parts meeting at the same vowel need a hyphen
		{"xyzzyq", nil},
		{"", nil},
		{"sota!", nil},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, a.Analyze(tt.word)); diff != "" {
				t.Errorf("Analyze(%q) (-want +got):\n%s", tt.word, diff)
			}
		})
	}
}

func TestLemmas(t *testing.T) {
	a := analyzer(t)
	tests := []struct {
		word         string
		bases, parts []string
		known        bool
	}{
		{"sodan", []string{"sota"}, nil, true},
		{"kirjastokortin", []string{"kirjastokortti"}, []string{"kirjasto", "kortti"}, true},
		{"maailmanhistoria", []string{"maailmanhistoria"}, []string{"maailma", "historia", "maa", "ilma"}, true},
		{"qwrtpsdf", nil, nil, false},
	}
	for _, tt := range tests {
		bases, parts, known := a.Lemmas(tt.word)
		if diff := cmp.Diff(tt.bases, bases); diff != "" {
			t.Errorf("Lemmas(%q) bases (-want +got):\n%s", tt.word, diff)
		}
		if diff := cmp.Diff(tt.parts, parts); diff != "" {
			t.Errorf("Lemmas(%q) parts (-want +got):\n%s", tt.word, diff)
		}
		if known != tt.known {
			t.Errorf("Lemmas(%q) known = %v, want %v", tt.word, known, tt.known)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if _, err := Open(filepath.Join(dir, "nothing.vfst")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open(missing) = %v, want an error wrapping fs.ErrNotExist", err)
	}
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "not a VFST transducer"},
		{"text", []byte("Voikko-Dictionary-Format: 5\nLanguage: fi\n"), "not a VFST transducer"},
		{"header only", []byte{0x6e, 0x3a, 1, 0, 0xfa, 0x51, 3, 0, 0, 0, 0, 0}, "truncated"},
		{"symbols cut", append([]byte{0x6e, 0x3a, 1, 0, 0xfa, 0x51, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0}, "\x00@P.A.B@\x00a"...), "truncated"},
	} {
		_, err := Open(write(tt.name, tt.data))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Open(%s) = %v, want an error saying %q", tt.name, err, tt.want)
		}
	}
}

// TestConcurrentAnalyze analyses the test forms from many goroutines at
// once (run with -race) and checks each gets what a lone caller gets.
func TestConcurrentAnalyze(t *testing.T) {
	a := analyzer(t)
	forms := testForms(t)
	want := make([][]Analysis, len(forms))
	for i, f := range forms {
		want[i] = a.Analyze(f)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for k := range forms {
				i := (k + g*37) % len(forms)
				if diff := cmp.Diff(want[i], a.Analyze(forms[i])); diff != "" {
					t.Errorf("goroutine %d: Analyze(%q) differs from a lone call:\n%s", g, forms[i], diff)
					return
				}
			}
		})
	}
	wg.Wait()
}
