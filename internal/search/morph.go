package search

import (
	"hash/maphash"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Finnish morphology. Snowball's Finnish stemmer cuts endings but leaves
// the stem's changes alone, so "sota" and "sodan", "käsi" and "kädessä",
// "kissa" and "kissoja" stay apart. With a Morphology (Voikko's
// dictionary, internal/voikko), a word of a Finnish record is indexed as
// typed and with every base form its analysis allows (tagged "fl:", when
// it is not the word itself), and a compound with the base forms of its
// parts (tagged "fc:"), so that "kortti" finds "kirjastokortti". Words
// the analyser does not know (most names, foreign words) get the
// Snowball stem as before.
//
// A query word is analysed the same way whatever the interface language
// ("sodassa" typed in the English interface is still Finnish): it
// matches its base forms' "fl:" terms, their "fc:" terms (a match as a
// compound's part, worth partShare), and the base forms as words, which
// is how a nominative in a record of any language ("A summer in
// Helsinki") is found by an inflected query ("Helsingissä"), and how a
// Finnish record's nominatives are found without an "fl:" term of their
// own. Records in other languages are not analysed: too many of their
// words are Finnish words by chance ("on" would be a form of "olla").

// Morphology analyses the words of a language into base forms.
// *voikko.Analyzer is one.
type Morphology interface {
	// Lemmas returns the base forms of a lower-case word, the base forms
	// of its parts when it is a compound, and whether it knew the word.
	// It must be safe for concurrent use.
	Lemmas(word string) (bases, parts []string, known bool)
}

// Tags of the terms morphology adds.
const (
	lemmaTag = "fl:" // a base form of a word of a Finnish record
	partTag  = "fc:" // the base form of a compound's part
)

// lemmas is a word's analysis as the index uses it.
type lemmas struct {
	known  bool
	bases  []string // folded base forms, without repeats
	lemma  []string // lemmaTag + each base
	asPart []string // partTag + each base: what finds the word as a compound's part
	terms  []string // what a record's word adds: the lemma terms but the word's own, and partTag + each part's folded base form
}

// unknown is the analysis of every word the analyser does not know.
var unknown = &lemmas{}

// maxLemmaWords bounds the words whose analysis a morphology keeps: at
// most about 80 MB when full of known words (an unknown word costs its key
// and a map slot). A catalogue's words follow Zipf's law, so most lookups
// find their word in a cache of the commoner ones; a shard that fills
// forgets half its words, those the map's random order gives first.
const (
	lemmaShards    = 64
	maxLemmaWords  = 1 << 18
	maxShardLemmas = maxLemmaWords / lemmaShards
)

// morphology is a Morphology with a cache of its analyses, shared by the
// builds of an index and its searches, so that each distinct word is
// analysed once.
type morphology struct {
	m      Morphology
	seed   maphash.Seed
	shards [lemmaShards]lemmaShard
}

type lemmaShard struct {
	mu    sync.RWMutex
	words map[string]*lemmas
}

func newMorphology(m Morphology) *morphology {
	if m == nil {
		return nil
	}
	return &morphology{m: m, seed: maphash.MakeSeed()}
}

// lookup returns the analysis of a folded word. A nil morphology knows no
// word.
func (mo *morphology) lookup(w string) *lemmas {
	if mo == nil || !analysable(w) {
		return unknown
	}
	sh := &mo.shards[maphash.String(mo.seed, w)%lemmaShards]
	sh.mu.RLock()
	l, ok := sh.words[w]
	sh.mu.RUnlock()
	if ok {
		return l
	}
	l = mo.analyse(w)
	sh.mu.Lock()
	if sh.words == nil {
		sh.words = make(map[string]*lemmas)
	}
	if len(sh.words) >= maxShardLemmas {
		for k := range sh.words {
			if len(sh.words) < maxShardLemmas/2 {
				break
			}
			delete(sh.words, k)
		}
	}
	// A copy of the key: w may be part of a record's text, which the
	// cache would otherwise keep alive.
	sh.words[strings.Clone(w)] = l
	sh.mu.Unlock()
	return l
}

// fresh returns the analysis of a folded word without the cache, for
// words that are seldom asked about again (did-you-mean's candidates).
func (mo *morphology) fresh(w string) *lemmas {
	if mo == nil || !analysable(w) {
		return unknown
	}
	return mo.analyse(w)
}

// analyse asks the analyser about w, without the cache.
func (mo *morphology) analyse(w string) *lemmas {
	bases, parts, known := mo.m.Lemmas(w)
	if !known {
		return unknown
	}
	l := &lemmas{known: true}
	for _, b := range bases {
		if b = foldLemma(b); b != "" && !contains(l.bases, b) {
			l.bases = append(l.bases, b)
			l.lemma = append(l.lemma, lemmaTag+b)
			l.asPart = append(l.asPart, partTag+b)
			if b != w {
				l.terms = append(l.terms, lemmaTag+b)
			}
		}
	}
	if len(l.bases) == 0 {
		return unknown
	}
	for _, p := range parts {
		if p = foldLemma(p); p != "" && p != w && !contains(l.bases, p) && !contains(l.terms, partTag+p) {
			l.terms = append(l.terms, partTag+p)
		}
	}
	return l
}

// analysable reports whether w could be a Finnish word: two letters or
// more, all of them Latin. Numbers, Cyrillic and the like are not asked
// about, nor cached.
func analysable(w string) bool {
	if len(w) < 2 {
		return false
	}
	for _, r := range w {
		if r < utf8.RuneSelf {
			if r < 'a' || r > 'z' {
				return false
			}
		} else if !unicode.Is(unicode.Latin, r) {
			return false
		}
	}
	return true
}

// foldLemma folds a base form as words are folded, or returns "" when it
// is not one word ("jne." is, "Etelä-Suomi" is not): such a form could
// never be a query's word.
func foldLemma(b string) string {
	ws := tokens(nil, b, true)
	if len(ws) != 1 {
		return ""
	}
	return ws[0]
}
