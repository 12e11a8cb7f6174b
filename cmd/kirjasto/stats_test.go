package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestStatsVisitorsRefusesBadLines: every bad line is reported by number
// and nothing is imported.
func TestStatsVisitorsRefusesBadLines(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "counts.csv")
	if err := os.WriteFile(file, []byte("branch;date;count\nnowhere;23.11.2026;120\nhki-oodi;2026-11-31;5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(binary, "stats", "visitors", file, "--data", dir, "--log-level", "warn").CombinedOutput()
	if err == nil {
		t.Fatalf("a bad file was imported:\n%s", out)
	}
	for _, want := range []string{file + `: line 3: date "2026-11-31" is not YYYY-MM-DD or D.M.YYYY`, "1 problem; nothing was imported"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("no %q in:\n%s", want, out)
		}
	}
	// With the dates right, the unknown branch is what is wrong.
	if err := os.WriteFile(file, []byte("nowhere,23.11.2026,120\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err = exec.Command(binary, "stats", "visitors", file, "--data", dir, "--log-level", "warn").CombinedOutput()
	if err == nil || !strings.Contains(string(out), file+`: line 1: no branch "nowhere"`) {
		t.Errorf("unknown branch: %v\n%s", err, out)
	}
}
