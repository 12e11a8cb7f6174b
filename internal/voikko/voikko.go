// Package voikko reads Voikko's Finnish morphology, a finite-state
// transducer in libvoikko's VFST format (Debian's voikko-fi package
// installs it), and analyses Finnish words with it: the base forms
// (lemmas) of a word and the base forms of a compound's parts, which is
// what search needs to find "sodan" under "sota" and "kirjastokortin"
// under "kortti".
//
// It is written in Go from libvoikko's description of the format and of
// the transducer's output tags; nothing of libvoikko is linked or copied.
// The dictionary is GPL data and is read at run time, never bundled.
package voikko

import (
	"fmt"
	"os"
	"sync"
	"unicode/utf8"
)

// DefaultPath is where Debian's voikko-fi package installs the morphology.
const DefaultPath = "/usr/lib/voikko/5/mor-standard/mor.vfst"

// maxWordChars is libvoikko's limit on the length of a word it analyses.
const maxWordChars = 255

// Analyzer analyses Finnish words with a loaded transducer. It is safe for
// concurrent use.
type Analyzer struct {
	fst     *transducer
	walkers sync.Pool
}

// Analysis is one reading of a word.
type Analysis struct {
	Base  string   // base form, lower case ("sodan" → "sota"; "kirjastokortti" → "kirjastokortti")
	Parts []string // base forms of a compound's parts in order ("kirjasto", "kortti"); nil for a simple word
	Class string   // word class as Voikko names it (nimisana, teonsana, laatusana, etunimi, paikannimi, ...)
}

// Open loads a mor.vfst file. It reads the file whole and checks it, so a
// missing, truncated or foreign file is an error here.
func Open(path string) (*Analyzer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("voikko: %w", err)
	}
	fst, err := parseVFST(data)
	if err != nil {
		return nil, fmt.Errorf("voikko: %s: %w", path, err)
	}
	return &Analyzer{fst: fst}, nil
}

func (a *Analyzer) walker() *walker {
	if w, ok := a.walkers.Get().(*walker); ok {
		return w
	}
	return newWalker()
}

// Analyze returns every analysis of one word (any case; empty for an
// unknown word). Readings that differ only in what Analysis does not hold
// (case, number, person ...) are given once. Safe for concurrent use.
func (a *Analyzer) Analyze(word string) []Analysis {
	w := a.walker()
	defer a.walkers.Put(w)
	if !a.run(w, word) {
		return nil
	}
	var res []Analysis
	start := 0
	for _, end := range w.ends {
		res = appendAnalyses(res, string(w.outBuf[start:end]))
		start = end
	}
	return res
}

// run walks the transducer for word, leaving the outputs in w; false when
// the word cannot have an analysis.
func (a *Analyzer) run(w *walker, word string) bool {
	if word == "" || !utf8.ValidString(word) || utf8.RuneCountInString(word) > maxWordChars {
		return false
	}
	if !a.fst.prepare(w, word) {
		return false
	}
	a.fst.walk(w)
	return len(w.ends) > 0
}

// Lemmas returns the distinct base forms of word and, separately, the
// distinct base forms of the parts of its compound readings (excluding the
// bases themselves), for indexing; known is false when Voikko has no
// analysis.
func (a *Analyzer) Lemmas(word string) (bases, parts []string, known bool) {
	as := a.Analyze(word)
	if len(as) == 0 {
		return nil, nil, false
	}
	for _, an := range as {
		bases = appendNew(bases, an.Base)
	}
	for _, an := range as {
		for _, p := range an.Parts {
			if !contains(bases, p) {
				parts = appendNew(parts, p)
			}
		}
	}
	return bases, parts, true
}

func appendNew(list []string, s string) []string {
	if s == "" || contains(list, s) {
		return list
	}
	return append(list, s)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
