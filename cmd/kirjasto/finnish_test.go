package main

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/search"
	"github.com/kirjasto/kirjasto/internal/testenv"
	"github.com/kirjasto/kirjasto/internal/voikko"
)

// TestFinnishOptions checks that a dictionary that is missing or not a
// dictionary leaves Finnish to Snowball with one warning, and that
// Debian's is loaded and named by its content.
func TestFinnishOptions(t *testing.T) {
	garbage := filepath.Join(t.TempDir(), "mor.vfst")
	if err := os.WriteFile(garbage, []byte("not a transducer"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"", filepath.Join(t.TempDir(), "missing.vfst"), garbage} {
		var log bytes.Buffer
		o := finnishOptions{dict: path}
		cfg := o.searchConfig(search.Config{}, slog.New(slog.NewTextHandler(&log, nil)))
		if cfg.Finnish != nil || cfg.FinnishID != "" || !strings.Contains(o.describe(), "Snowball") {
			t.Errorf("%q: Finnish %v, ID %q, %q; want Snowball", path, cfg.Finnish, cfg.FinnishID, o.describe())
		}
		want := 1
		if path == "" {
			want = 0 // asked for Snowball: nothing to warn of
		}
		if n := strings.Count(log.String(), "\n"); n != want {
			t.Errorf("%q: %d log lines, want %d:\n%s", path, n, want, &log)
		}
	}

	if _, err := os.Stat(voikko.DefaultPath); err != nil {
		testenv.Missing(t, voikko.DefaultPath+" is missing: install the Debian package voikko-fi (apt-get install voikko-fi)")
	}
	o := finnishOptions{dict: voikko.DefaultPath}
	cfg := o.searchConfig(search.Config{}, slog.New(slog.DiscardHandler))
	if cfg.Finnish == nil || !strings.HasPrefix(cfg.FinnishID, "voikko ") || !strings.Contains(o.describe(), "Voikko") {
		t.Fatalf("Debian's dictionary: Finnish %v, ID %q, %q", cfg.Finnish, cfg.FinnishID, o.describe())
	}
	if id, _ := dictionaryID(voikko.DefaultPath); id != cfg.FinnishID {
		t.Errorf("the dictionary's name changed from %q to %q", cfg.FinnishID, id)
	}
	if id, _ := dictionaryID(garbage); id == cfg.FinnishID {
		t.Errorf("two files named alike: %q", id)
	}
}
