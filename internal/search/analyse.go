package search

import (
	"hash/fnv"
	"io"
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
}

// forms are the index terms a word adds besides itself.
type forms struct {
	stem, ascii, translit string
}

// maxCached bounds an analyser's cache of word forms. A catalogue's words
// follow Zipf's law, so a modest cache answers most lookups: stemming was
// two fifths of the time to build an index before it.
const maxCached = 1 << 18

// analyser analyses documents. It is not safe for concurrent use; Put
// takes one from a pool, and Rebuild gives each worker its own.
type analyser struct {
	env   *snowball.Env
	cache map[[2]string]forms // (language, word) → forms
	words []string
}

func newAnalyser() *analyser {
	return &analyser{env: snowball.NewEnv(""), cache: make(map[[2]string]forms)}
}

var analysers = sync.Pool{New: func() any { return newAnalyser() }}

// analyse analyses d with a pooled analyser.
func analyse(d Doc) *analysed {
	an := analysers.Get().(*analyser)
	defer analysers.Put(an)
	return an.analyse(d)
}

func (an *analyser) forms(lang, w string) forms {
	k := [2]string{lang, w}
	if f, ok := an.cache[k]; ok {
		return f
	}
	f := forms{stem: stemTerm(an.env, lang, w), ascii: asciiFold(w), translit: translitKey(w)}
	if len(an.cache) >= maxCached {
		clear(an.cache)
	}
	an.cache[k] = f
	return f
}

func (an *analyser) analyse(d Doc) *analysed {
	a := &analysed{doc: d, hash: d.hash(), work: workKey(&d)}
	add := func(f int, texts ...string) {
		for _, s := range texts {
			an.words = tokens(an.words[:0], s, false)
			for _, w := range an.words {
				a.terms[f] = append(a.terms[f], w)
				if f == fIdent {
					continue
				}
				fm := an.forms(d.Language, w)
				if fm.stem != "" {
					a.terms[f] = append(a.terms[f], fm.stem)
				}
				if fm.ascii != "" {
					a.terms[f] = append(a.terms[f], fm.ascii)
				}
				if fm.translit != "" && (f == fAuthor || isCyrillic(w)) {
					a.terms[f] = append(a.terms[f], fm.translit)
				}
			}
			a.lengths[f] = sat16(int(a.lengths[f]) + len(an.words))
		}
	}
	add(fTitle, d.Title, d.Subtitle)
	add(fAuthor, d.Authors...)
	add(fSubject, d.Subjects...)
	add(fSubject, d.Genres...)
	add(fSubject, d.Series)
	add(fText, d.Text...)
	add(fIdent, d.Identifiers...)
	for _, id := range d.Identifiers {
		if alt := otherISBN(id); alt != "" {
			a.terms[fIdent] = append(a.terms[fIdent], alt)
		}
	}
	a.titleKey = sortKey(d.Title + " " + d.Subtitle)
	a.mainLen = len(sortKey(d.Title))
	return a
}

func sat16(n int) uint16 { return uint16(min(n, 1<<16-1)) }

// hash returns a hash of everything of d but its ID, popularity and
// availability: when a record's hash is unchanged, a Put (a circulation
// event, mostly) only updates those, without analysing text or touching
// postings.
func (d *Doc) hash() uint64 {
	// FNV rather than maphash: the hashes are saved with the index, so
	// they must not depend on a per-process seed.
	h := fnv.New64a()
	sep := []byte{0}
	str := func(s string) {
		io.WriteString(h, s)
		h.Write(sep)
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
	strs(d.Authors)
	strs(d.Subjects)
	strs(d.Genres)
	str(d.Series)
	strs(d.Text)
	strs(d.Identifiers)
	str(d.Material)
	str(d.Audience)
	str(d.year())
	return h.Sum64() | 1 // 0 marks a free document number
}
