package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/testenv"
	"github.com/kirjasto/kirjasto/internal/voikko"
)

// benchTables reads the per-kind tables that kirjasto bench search prints:
// engine ("kirjasto", "bleve") → kind → count.
func benchTables(out string) map[string]map[string]int {
	tables := map[string]map[string]int{}
	var cur map[string]int
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := sc.Text()
		if name, _, ok := strings.Cut(line, ": "); ok && (name == "kirjasto" || strings.HasPrefix(name, "bleve v")) && strings.Contains(line, " clients, ") {
			cur = map[string]int{}
			tables[strings.Fields(name)[0]] = cur
			continue
		}
		f := strings.Fields(line)
		if len(f) > 0 && f[0] == "kind" {
			continue // the column heads
		}
		if cur == nil || len(f) != 8 {
			cur = nil // a table ends at the first line of another shape
			continue
		}
		if n, err := strconv.Atoi(f[1]); err == nil {
			cur[f[0]] = n
		}
	}
	return tables
}

func runBench(t *testing.T, bleve string) map[string]map[string]int {
	t.Helper()
	out, err := exec.Command(binary, "bench", "search", "--records", "2000", "--duration", "1s",
		"--per-kind", "20", "--bleve", bleve, "--log-level", "warn").CombinedOutput()
	if err != nil {
		t.Fatalf("kirjasto bench search: %v\n%s", err, out)
	}
	t.Logf("%s", out)
	for _, want := range []string{"build: 2000 records", "restart: load", "memory after restart"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	return benchTables(string(out))
}

func checkKinds(t *testing.T, engine string, counts map[string]int) {
	t.Helper()
	for _, k := range append(benchKinds, "total") {
		if counts[k] == 0 {
			t.Errorf("%s: no %s queries ran (table %v)", engine, k, counts)
		}
	}
}

func TestBenchSearch(t *testing.T) {
	tables := runBench(t, "off")
	checkKinds(t, "kirjasto", tables["kirjasto"])
	if _, ok := tables["bleve"]; ok {
		t.Error("--bleve off printed a Bleve table")
	}
}

// TestBenchLoadOnly loads an index the bench kept, in a process of its own.
func TestBenchLoadOnly(t *testing.T) {
	idx := filepath.Join(t.TempDir(), "search.idx")
	out, err := exec.Command(binary, "bench", "search", "--records", "1500", "--queries", "10",
		"--keep-index", idx, "--log-level", "warn").CombinedOutput()
	if err != nil {
		t.Fatalf("kirjasto bench search --keep-index: %v\n%s", err, out)
	}
	out, err = exec.Command(binary, "bench", "search", "--load-only", idx, "--log-level", "warn").CombinedOutput()
	if err != nil {
		t.Fatalf("kirjasto bench search --load-only: %v\n%s", err, out)
	}
	t.Logf("%s", out)
	for _, want := range []string{"load: 1500 records in ", "peak RSS", "suggester ready"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if err := os.WriteFile(idx, []byte("not an index"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(binary, "bench", "search", "--load-only", idx).CombinedOutput(); err == nil {
		t.Errorf("--load-only of a bad file succeeded:\n%s", out)
	}
}

// TestBenchSearchBleve builds bench/bleve (downloading Bleve if the module
// cache lacks it) and compares; it runs only with KIRJASTO_TEST_BLEVE=1.
func TestBenchSearchBleve(t *testing.T) {
	if os.Getenv("KIRJASTO_TEST_BLEVE") != "1" {
		t.Skip("set KIRJASTO_TEST_BLEVE=1 to build bench/bleve and compare with Bleve v2")
	}
	tables := runBench(t, "auto")
	checkKinds(t, "kirjasto", tables["kirjasto"])
	checkKinds(t, "bleve", tables["bleve"])
}

// TestNoBleveDependency keeps Bleve out of the product: it is the
// reference to beat, in its own module under bench/bleve.
func TestNoBleveDependency(t *testing.T) {
	gomod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(gomod), "github.com/blevesearch/bleve") {
		t.Error("go.mod requires Bleve")
	}
	out, err := exec.Command("go", "list", "-deps", "github.com/kirjasto/kirjasto/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	for dep := range strings.Lines(string(out)) {
		if strings.HasPrefix(dep, "github.com/blevesearch/bleve") {
			t.Errorf("the product depends on %s", strings.TrimSpace(dep))
		}
	}
}

// TestBenchFinnish runs kirjasto bench finnish on a small demo, with
// Snowball alone and, where voikko-fi is installed, with its dictionary,
// which must find an inflected form's records.
func TestBenchFinnish(t *testing.T) {
	for _, dict := range []string{"", voikko.DefaultPath} {
		if dict != "" {
			if _, err := os.Stat(dict); err != nil {
				testenv.Missing(t, dict+" is missing: install the Debian package voikko-fi (apt-get install voikko-fi)")
			}
		}
		out := run(t, "bench", "finnish", "--records", "2000", "--known", "20", "--voikko-dict", dict, "--log-level", "warn")
		for _, want := range []string{"kirjasto bench finnish: 2000 records", "sodassa", "known items: 20 records"} {
			if !strings.Contains(out, want) {
				t.Errorf("--voikko-dict %q: output lacks %q:\n%s", dict, want, out)
			}
		}
		share := regexp.MustCompile(`on average they find (\d+) %`).FindStringSubmatch(out)
		if share == nil {
			t.Fatalf("--voikko-dict %q: no average share in:\n%s", dict, out)
		}
		if n, _ := strconv.Atoi(share[1]); dict != "" && n < 80 {
			t.Errorf("with Voikko, inflected forms find %d %% of their base forms' hits, want at least 80 %%:\n%s", n, out)
		}
	}
}
