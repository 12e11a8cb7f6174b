package search

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestLoadFile loads from files, where Load sizes its buffer from the
// file: a whole file loads as from memory, a truncated one is an error,
// and the collector's settings are as before either way.
func TestLoadFile(t *testing.T) {
	c := newCorpus(5, 500)
	ix := New(Config{Branches: testBranches})
	for _, d := range c.docs(1000) {
		ix.Put(d)
	}
	var buf bytes.Buffer
	if err := ix.Save(&buf); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	whole, short := filepath.Join(dir, "whole.idx"), filepath.Join(dir, "short.idx")
	if err := os.WriteFile(whole, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(short, buf.Bytes()[:buf.Len()/2], 0o600); err != nil {
		t.Fatal(err)
	}
	gcBefore, limitBefore := debug.SetGCPercent(100), debug.SetMemoryLimit(-1)
	debug.SetGCPercent(gcBefore)
	load := func(path string) (*Index, error) {
		t.Helper()
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		loaded := New(Config{Branches: testBranches})
		err = loaded.Load(f)
		if gc := debug.SetGCPercent(gcBefore); gc != gcBefore {
			t.Errorf("Load(%s) left GOGC %d, want %d", filepath.Base(path), gc, gcBefore)
		}
		if limit := debug.SetMemoryLimit(-1); limit != limitBefore {
			t.Errorf("Load(%s) left the memory limit %d, want %d", filepath.Base(path), limit, limitBefore)
		}
		return loaded, err
	}
	loaded, err := load(whole)
	if err != nil {
		t.Fatalf("Load(whole file): %v", err)
	}
	qs := sampleQueries(c)
	if diff := cmp.Diff(search(t, ix, qs), search(t, loaded, qs)); diff != "" {
		t.Errorf("loaded from a file, results differ (-saved +loaded):\n%s", diff)
	}
	if _, err := load(short); err == nil {
		t.Error("Load(truncated file) succeeded, want an error")
	}
}
