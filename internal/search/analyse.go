package search

import (
	"slices"
	"strings"
	"sync"

	snowball "github.com/blevesearch/snowballstem"
)

// analysed is a Doc turned into index terms, done before taking the
// index's lock so that analysis does not hold up searches.
type analysed struct {
	doc      Doc
	hash     uint64              // of what the terms and facets come from
	work     uint64              // work key
	terms    [numFields][]string // terms per field, in no order, maybe repeated
	lengths  [numFields]uint16   // words per field
	titleKey string              // sortKey of the title
	mainLen  int                 // bytes of titleKey that are the main title

	// ids are the term IDs of terms, field by field, when a build's
	// worker has looked them up (follow.go); nil otherwise.
	ids []uint32
}

// newTerm marks in analysed.ids a term the dictionary did not have.
const newTerm = ^uint32(0)

// forms are the index terms a word adds besides itself.
type forms struct {
	stem, ascii, translit string
	cyrillic              bool     // whether the word has a Cyrillic letter
	lemmas                []string // base forms and compound parts of a Finnish word (morph.go)
}

// maxCached bounds an analyser's cache of word forms. A catalogue's words
// follow Zipf's law, so a modest cache answers most lookups: stemming was
// two fifths of the time to build an index before it.
const maxCached = 1 << 18

// analyser analyses documents. It is not safe for concurrent use; Put
// takes one from a pool, and Rebuild gives each worker its own.
type analyser struct {
	env    *snowball.Env
	morph  *morphology                 // Finnish morphology, or nil
	cache  map[string]map[string]forms // language → word → forms
	cached int                         // words in cache
	words  []string
	terms  []string // of the document being analysed
}

func newAnalyser(morph *morphology) *analyser {
	return &analyser{env: snowball.NewEnv(""), morph: morph, cache: make(map[string]map[string]forms)}
}

// analysers pools the analysers of Put, which analyses in its caller.
type analysers struct {
	pool  sync.Pool
	morph *morphology
}

// analyse analyses d with a pooled analyser.
func (p *analysers) analyse(d Doc) *analysed {
	an, ok := p.pool.Get().(*analyser)
	if !ok {
		an = newAnalyser(p.morph)
	}
	defer p.pool.Put(an)
	return an.analyse(d)
}

func (an *analyser) forms(lang, w string) forms {
	words := an.cache[lang]
	if f, ok := words[w]; ok {
		return f
	}
	f := forms{ascii: asciiFold(w), translit: translitKey(w), cyrillic: isCyrillic(w)}
	if l := an.lemmas(lang, w); l.known {
		f.lemmas = l.terms
	} else {
		f.stem = stemTerm(an.env, lang, w)
	}
	if an.cached >= maxCached {
		clear(an.cache)
		an.cached = 0
		words = nil
	}
	if words == nil {
		words = make(map[string]forms)
		an.cache[lang] = words
	}
	words[w] = f
	an.cached++
	return f
}

// lemmas returns the analysis of a word of a record in language lang:
// Finnish words are analysed, others not.
func (an *analyser) lemmas(lang, w string) *lemmas {
	if lang != "fin" {
		return unknown
	}
	return an.morph.lookup(w)
}

func (an *analyser) analyse(d Doc) *analysed {
	// The title's normal form serves the work key and the sort keys; made
	// once, it saves tokenising the title three more times.
	title := an.normTitle(d.Title)
	a := &analysed{doc: d, hash: d.hash()}
	// The terms of all fields gather in an.terms, fields in order, and
	// are copied out in one allocation at the end.
	terms := an.terms[:0]
	var ends [numFields]int
	add := func(f int, texts ...string) {
		for _, s := range texts {
			an.words = tokens(an.words[:0], s, false)
			for _, w := range an.words {
				terms = append(terms, w)
				if f == fIdent {
					continue
				}
				fm := an.forms(d.Language, w)
				if fm.stem != "" {
					terms = append(terms, fm.stem)
				}
				if fm.ascii != "" {
					terms = append(terms, fm.ascii)
				}
				if fm.translit != "" && (f == fAuthor || fm.cyrillic) {
					terms = append(terms, fm.translit)
				}
				terms = append(terms, fm.lemmas...)
			}
			a.lengths[f] = sat16(int(a.lengths[f]) + len(an.words))
		}
		ends[f] = len(terms)
	}
	add(fTitle, d.Title, d.Subtitle)
	add(fAuthor, d.Authors...)
	add(fSubject, d.Subjects...)
	add(fSubject, d.Genres...)
	add(fSubject, d.Series)
	add(fText, d.Original)
	add(fText, d.Text...)
	add(fIdent, d.Identifiers...)
	a.work = an.workKey(&d, title)
	if d.Original != "" && a.work != 0 {
		// Marks the work as one with translations, for withTranslations.
		terms = append(terms, translationTerm(a.work))
	}
	for _, id := range d.Identifiers {
		if alt := otherISBN(id); alt != "" {
			terms = append(terms, alt)
		}
	}
	ends[fIdent] = len(terms)
	all := slices.Clone(terms)
	start := 0
	for f, end := range ends {
		a.terms[f] = all[start:end:end]
		start = end
	}
	clear(terms) // so that the analyser does not keep the strings alive
	an.terms = terms[:0]
	// sortKey(d.Title + " " + d.Subtitle), as the space keeps the words of
	// the two apart and sortReplacer replaces letter by letter.
	a.titleKey = sortFold(title)
	a.mainLen = len(a.titleKey)
	if sub := an.normTitle(d.Subtitle); sub != "" {
		a.titleKey = sortFold(strings.TrimPrefix(title+" "+sub, " "))
	}
	return a
}

// normTitle is normTitle with the analyser's buffer of words.
func (an *analyser) normTitle(s string) string {
	an.words = tokens(an.words[:0], s, true)
	return strings.Join(an.words, " ")
}

func sat16(n int) uint16 { return uint16(min(n, 1<<16-1)) }

// hash returns a hash of everything of d but its ID, popularity and
// availability: when a record's hash is unchanged, a Put (a circulation
// event, mostly) only updates those, without analysing text or touching
// postings.
func (d *Doc) hash() uint64 {
	// FNV rather than maphash: the hashes are saved with the index, so
	// they must not depend on a per-process seed.
	h := newFNV()
	str := func(s string) {
		h.add(s)
		h.add("\x00")
	}
	strs := func(ss []string) {
		for _, s := range ss {
			str(s)
		}
		str("\x01")
	}
	str(d.Language)
	str(d.Title)
	str(d.Subtitle)
	str(d.Original)
	strs(d.Authors)
	strs(d.Subjects)
	strs(d.Genres)
	str(d.Series)
	strs(d.Text)
	strs(d.Identifiers)
	str(d.Material)
	str(d.Audience)
	str(d.year())
	return uint64(h) | 1 // 0 marks a free document number
}

// fnv64a is the 64-bit FNV-1a hash that hash/fnv computes, of strings
// without copying them into byte slices for its io.Writer.
type fnv64a uint64

func newFNV() fnv64a { return 14695981039346656037 }

func (h *fnv64a) add(s string) {
	for i := 0; i < len(s); i++ {
		*h ^= fnv64a(s[i])
		*h *= 1099511628211
	}
}
