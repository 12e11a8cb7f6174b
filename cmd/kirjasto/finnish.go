package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/search"
	"github.com/kirjasto/kirjasto/internal/voikko"
)

// finnishOptions choose what analyses Finnish for search: Voikko's
// morphology from the dictionary at dict, or, when it is "" or cannot be
// read, Snowball's stemmer as before. A dictionary is optional: without
// one Kirjasto starts all the same.
type finnishOptions struct {
	dict string

	loaded bool
	morph  search.Morphology // nil for Snowball
	id     string            // names the dictionary in a saved index
}

func finnishFlags(cmd *cobra.Command, o *finnishOptions) {
	cmd.Flags().StringVar(&o.dict, "voikko-dict", envOr("KIRJASTO_VOIKKO_DICT", voikko.DefaultPath),
		`Voikko's Finnish morphology for search (mor.vfst of the Debian package voikko-fi); "" or a missing file leaves Finnish to the Snowball stemmer (env KIRJASTO_VOIKKO_DICT)`)
}

// load opens the dictionary, once. A dictionary that cannot be read is
// one warning, and Snowball.
func (o *finnishOptions) load(logger *slog.Logger) {
	if o.loaded {
		return
	}
	o.loaded = true
	if o.dict == "" {
		return
	}
	a, err := voikko.Open(o.dict)
	if err == nil {
		o.id, err = dictionaryID(o.dict)
	}
	if err != nil {
		logger.Warn("Finnish morphology not available; Finnish search uses the Snowball stemmer (apt-get install voikko-fi, or --voikko-dict)", "err", err)
		return
	}
	o.morph = a
}

// searchConfig returns c with Finnish's analyser, loading it first.
func (o *finnishOptions) searchConfig(c search.Config, logger *slog.Logger) search.Config {
	o.load(logger)
	c.Finnish, c.FinnishID = o.morph, o.id
	return c
}

// describe says which analyser Finnish uses, for the start of serve.
func (o *finnishOptions) describe() string {
	if o.morph == nil {
		return "Finnish search uses the Snowball stemmer (no Voikko dictionary)"
	}
	return "Finnish search uses Voikko's morphology from " + o.dict
}

// dictionaryID names a dictionary by its content, so that a saved index
// is rebuilt when the dictionary changes (an upgrade of voikko-fi).
func dictionaryID(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	return "voikko " + hex.EncodeToString(h.Sum(nil)[:12]), nil
}
