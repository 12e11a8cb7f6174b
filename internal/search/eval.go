package search

import (
	"cmp"
	"slices"
	"strconv"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	snowball "github.com/blevesearch/snowballstem"
)

// maxExpansions bounds the index terms a prefix ("ki*") expands to, so
// that a short prefix costs a bounded union; the most frequent terms are
// not preferred, the first in order are.
const maxExpansions = 512

// evaluator finds the documents of one parsed query under the read lock,
// and collects what the ranker needs: per scored word, where it matched.
type evaluator struct {
	c     *core
	env   *snowball.Env
	morph *morphology // Finnish morphology, or nil
	lang  string

	filtered *roaring.Bitmap // the documents the filters leave, or nil: read only

	matches     [][numFields]fieldMatch // per positive word
	dfs         []uint64                // per positive word, documents with it anywhere
	titlePhrase *roaring.Bitmap         // documents with a quoted phrase in the title
}

// eval returns the documents matching q (a fresh bitmap the caller owns).
func (ev *evaluator) eval(q *query) *roaring.Bitmap {
	var hits *roaring.Bitmap
	for _, g := range q.Groups {
		var any []*roaring.Bitmap
		for _, cl := range g {
			any = append(any, ev.clause(cl, true))
		}
		m := union(any, len(ev.c.ids))
		if hits == nil {
			hits = m
		} else {
			hits.And(m)
		}
	}
	if hits == nil {
		hits = ev.c.live.Clone()
	}
	for _, cl := range q.Not {
		hits.AndNot(ev.clause(cl, false))
	}
	return hits
}

// clause returns the documents matching one clause. When score is true,
// its words are noted for ranking.
func (ev *evaluator) clause(cl clause, score bool) *roaring.Bitmap {
	c := ev.c
	if cl.Field == yearField {
		var bms []*roaring.Bitmap
		v := &c.facets[xYear]
		for y := max(cl.From, 0); y <= min(cl.To, 2999); y++ {
			if id, ok := v.ids[strconv.Itoa(y)]; ok {
				if bm := v.docs[id].bitmap(); bm != nil {
					bms = append(bms, bm)
				}
			}
		}
		return union(bms, len(c.ids))
	}
	// Where each word is, in any of its forms and fields. A phrase is
	// checked against its words as typed (phrase.go): their base forms
	// would only bring candidates the check rejects, and loosen the match
	// in the free text, which cannot be checked.
	morph := ev.morph
	if cl.Phrase && len(cl.Words) > 1 {
		morph = nil
	}
	words := make([]wordPostings, len(cl.Words))
	for i, w := range cl.Words {
		var variants, parts []string
		prefix := cl.Prefix && i == len(cl.Words)-1
		if prefix {
			variants = c.dict.expand(c.strs, w, maxExpansions)
		} else {
			variants, parts = wordVariants(ev.env, morph, w, cl.Field, ev.lang)
		}
		wp := &words[i]
		wp.key = strconv.Itoa(cl.Field) + strconv.FormatBool(prefix) + w
		for f := range numFields {
			if cl.Field != anyField && cl.Field != f {
				continue
			}
			fm := &wp.fields[f]
			fm.any = c.postingsOf(f, variants, &wp.size)
			fm.parts = c.postingsOf(f, parts, &wp.size)
			if id, ok := c.termIDs[w]; ok && !prefix && len(fm.any) > 0 {
				fm.exact = c.posting(f, id)
			}
			wp.all = append(append(wp.all, fm.any...), fm.parts...)
		}
	}
	// The smallest word is found whole, and each larger one only among
	// the documents found so far: "kissa ja koira" then does not unite
	// the postings of "ja", hundreds of thousands of documents. (The
	// number of documents with the word, which ranking needs, is kept
	// from one search to the next: see wordDF.) The filters' documents,
	// when fewer, go first.
	order := make([]int, len(words))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int { return cmp.Compare(words[i].size, words[j].size) })
	var docs *roaring.Bitmap
	for _, i := range order {
		wp := &words[i]
		switch {
		case docs == nil && ev.filtered != nil && ev.filtered.GetCardinality() < wp.size:
			docs = within(wp.all, ev.filtered)
		case docs == nil:
			docs = union(wp.all, len(c.ids))
			wp.df, wp.known = docs.GetCardinality(), true
		case docs.GetCardinality() < wp.size:
			docs = within(wp.all, docs)
		default:
			u := union(wp.all, len(c.ids))
			wp.df, wp.known = u.GetCardinality(), true
			docs.And(u)
		}
	}
	if score {
		for i := range words {
			ev.matches = append(ev.matches, words[i].fields)
			ev.dfs = append(ev.dfs, c.wordDF(&words[i]))
		}
	}
	if docs == nil {
		return roaring.New()
	}
	if cl.Phrase && len(cl.Words) > 1 {
		// The documents with every word in the free text, where the
		// phrase cannot be checked.
		text := docs.Clone()
		for i := range words {
			text = within(words[i].fields[fText].any, text)
		}
		inTitle := ev.verifyPhrase(docs, cl, text)
		if score {
			if ev.titlePhrase == nil {
				ev.titlePhrase = inTitle
			} else {
				ev.titlePhrase.Or(inTitle)
			}
		}
	}
	return docs
}

// postingsOf returns the postings of terms in field f, adding their
// sizes to size.
func (c *core) postingsOf(f int, terms []string, size *uint64) []*roaring.Bitmap {
	var bms []*roaring.Bitmap
	for _, t := range terms {
		if id, ok := c.termIDs[t]; ok {
			if bm := c.posting(f, id); bm != nil {
				bms = append(bms, bm)
				*size += bm.GetCardinality()
			}
		}
	}
	return bms
}

// wordPostings is where one word of a clause is.
type wordPostings struct {
	key    string                // the word, its field and whether it is a prefix: what its documents depend on
	fields [numFields]fieldMatch // per field
	all    []*roaring.Bitmap     // every posting of every field
	size   uint64                // their sizes added up
	df     uint64                // documents with the word anywhere, when known
	known  bool
}

// within returns the documents of docs in any of bms, as a new bitmap.
func within(bms []*roaring.Bitmap, docs *roaring.Bitmap) *roaring.Bitmap {
	parts := make([]*roaring.Bitmap, len(bms))
	for i, bm := range bms {
		parts[i] = roaring.And(bm, docs)
	}
	return roaring.FastOr(parts...)
}

// dfCache keeps the number of documents with a word anywhere, for the
// words that a search looked for only among fewer documents (within):
// ranking needs it for the word's weight, and counting it means uniting
// all the word's postings after all. The counts depend only on the
// text, so they are kept until the text next changes (core.gen), which
// a circulation event does not.
type dfCache struct {
	mu  sync.Mutex
	gen uint64
	dfs map[string]uint64
}

// wordDF returns the number of documents with the word wp anywhere.
func (c *core) wordDF(wp *wordPostings) uint64 {
	if wp.known {
		return wp.df
	}
	dc := &c.dfCache
	dc.mu.Lock()
	if dc.gen != c.gen || dc.dfs == nil || len(dc.dfs) >= 1<<16 {
		dc.gen, dc.dfs = c.gen, make(map[string]uint64)
	}
	df, ok := dc.dfs[wp.key]
	dc.mu.Unlock()
	if ok {
		return df
	}
	df = unionCount(wp.all, len(c.ids))
	dc.mu.Lock()
	if dc.gen == c.gen {
		dc.dfs[wp.key] = df
	}
	dc.mu.Unlock()
	return df
}
