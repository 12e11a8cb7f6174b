package search

import (
	"container/heap"
	mathbits "math/bits"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/kirjasto/kirjasto/internal/library"
)

// ranker scores the hits of one search and selects a page of them.
type ranker struct {
	c      *core
	hits   *roaring.Bitmap
	dfs    []uint64        // per query word, the documents that have it
	title  string          // the query's words in sortKey form, to spot a whole-title match
	phrase *roaring.Bitmap // documents with a quoted phrase in the title, or nil
	// adjacent tests a title key for the query's words together, when
	// the result is small enough to look for them in every title; or nil.
	adjacent func(key string) bool
	// lang is the language facet's value (ID + 1) of records in the
	// user's language, which userLangBoost lifts; 0 for none.
	lang uint32
}

// fieldMatch is where one query word matches in one field: in any of
// its forms (a posting each, to read only), as a part of a compound, and
// as typed.
type fieldMatch struct {
	any   []*roaring.Bitmap
	parts []*roaring.Bitmap
	exact *roaring.Bitmap
}

// stemShare is the part of a word's score that a match of a stem alone
// earns; the word as typed earns the rest too. "kiss" stems to the Finnish
// stem of "kissa", and a book called Kiss should still come first.
// partShare is what a match as a part of a compound earns: "kortti"
// finds "Kirjastokortti", below a title with "kortti" or "kortin".
const (
	stemShare = 0.7
	partShare = 0.5
)

// pruneRanking is whether best passes over hits that cannot enter the top
// (see there); a variable so that tests can compare it with scoring all.
var pruneRanking = true

// scored is one hit being ranked.
type scored struct {
	doc   uint32
	score float32
}

// top returns hits offset to offset+limit in order s. It keeps only the
// best offset+limit hits in a heap instead of sorting all of them.
func (r *ranker) top(matches [][numFields]fieldMatch, s library.Sort, offset, limit int) []library.SearchHit {
	all := r.best(matches, s, offset+limit)
	if offset >= len(all) {
		return nil
	}
	page := all[offset:min(len(all), offset+limit)]
	out := make([]library.SearchHit, len(page))
	for i, p := range page {
		out[i] = library.SearchHit{ID: r.c.ids[p.doc], Score: float64(p.score)}
	}
	return out
}

// windowedFrom is the fewest hits that best scores a window of documents
// at a time (scoreWindows) rather than all at once (scoreAll). A variable
// for tests.
var windowedFrom = 20_000

// best returns the best k hits in order s, best first.
func (r *ranker) best(matches [][numFields]fieldMatch, s library.Sort, k int) []scored {
	c := r.c
	h := &hitHeap{less: r.worse(s), k: k}
	var titlePre, titleMask uint64 // the first bytes every whole-title match has
	if r.title != "" {
		titlePre, titleMask = prefix64(r.title), ^uint64(0)<<(8*(8-min(len(r.title), 8)))
	}
	pops, years, caps, titleLens := c.pops, c.years, c.caps, c.titleLens
	// Once the heap is full, a hit whose score could not reach the worst
	// kept one even with the largest boosts is passed over before its
	// title is looked at: in a broad result that is almost every hit, and
	// the title checks read memory no other part of ranking touches. The
	// bound is exact-safe: the boosts are exclusive and at most
	// exactTitleBoost, or the largest other one when the title's length
	// is not the query's, popularity and recency are at most what the
	// document's cap says (boost.go), the user's language at most
	// userLangBoost (assumed, so as not to read the language of every
	// hit), and rounding is covered by a margin far above float64's.
	prune := pruneRanking && s != library.SortNewest && s != library.SortTitle
	const margin = 1 + 1e-9
	other := 1.0 // the largest boost but the whole title's
	if r.phrase != nil {
		other = titlePhraseBoost
	} else if r.adjacent != nil {
		other = adjacentBoost
	}
	titleLen := uint8(min(len(r.title), 255))
	langs, langMax := c.single[xLanguage], 1.0
	if r.lang != 0 {
		langMax = userLangBoost
	}
	finish := func(n uint32, sc float64) {
		if len(matches) == 0 {
			sc = 1
		}
		if prune && len(h.h) == h.k {
			// Most hits of a broad query end here, having read a byte
			// or three of their own.
			bound := sc * capFactor[caps[n]] * langMax * margin
			worst := h.h[0].score
			if float32(bound*exactTitleBoost) < worst {
				return
			}
			if l := titleLens[n]; (r.title == "" || l[0] != titleLen && l[1] != titleLen) && float32(bound*other) < worst {
				return
			}
		}
		if r.title != "" && c.titlePre[n]&titleMask == titlePre && r.wholeTitle(n) {
			sc *= exactTitleBoost
		} else if r.phrase != nil && r.phrase.Contains(n) {
			sc *= titlePhraseBoost
		} else if r.adjacent != nil && r.adjacent(c.titleKeys[n]) {
			sc *= adjacentBoost
		}
		if r.lang != 0 && langs[n] == r.lang {
			sc *= userLangBoost
		}
		sc *= popularity(pops[n])
		sc *= recency(years[n])
		h.offer(scored{n, float32(sc)})
	}
	terms := r.terms(matches)
	if r.hits.GetCardinality() >= uint64(windowedFrom) {
		r.scoreWindows(terms, finish)
	} else {
		r.scoreAll(terms, finish)
	}

	// Pop worst first.
	all := make([]scored, h.Len())
	for i := len(all) - 1; i >= 0; i-- {
		all[i] = heap.Pop(h).(scored)
	}
	return all
}

// scoreTerm is the documents of one query word in one field (in any of
// its forms, a posting each, or as typed) with the score each earns by
// field length.
type scoreTerm struct {
	docs []*roaring.Bitmap
	lens []uint16
	tab  normTable
}

// terms returns what ranking adds up, in the order it adds it.
//
// BM25 per field, summed over fields and words. The IDF of a word is over
// the whole record, as in BM25F, so that a word rare in one field does not
// outweigh the field weights. A term frequency of 1 is assumed: catalogue
// fields are short, and a word rarely repeats in a title or a subject
// heading. A field's score then depends only on its length, so it is
// looked up in a table per field and word rather than computed per hit.
func (r *ranker) terms(matches [][numFields]fieldMatch) []*scoreTerm {
	c := r.c
	live := float64(c.live.GetCardinality())
	var ts []*scoreTerm
	for i, m := range matches {
		wordIDF := idf(live, float64(r.dfs[i]))
		for f, fm := range m {
			if fm.any == nil && fm.parts == nil {
				continue
			}
			avg := float64(c.lenSum[f]) / max(live, 1)
			bf := b
			if f == fIdent {
				bf = 0
			}
			w := fieldWeights[f] * wordIDF * (k1 + 1)
			add := func(bms []*roaring.Bitmap, share float64) {
				t := &scoreTerm{docs: bms, lens: c.lens[f]}
				t.tab.fill(share*w, bf, avg)
				ts = append(ts, t)
			}
			// The shares add up in layers, each document scoring once in
			// each: as a part, in any form, as typed.
			if fm.parts != nil {
				add(append(fm.parts[:len(fm.parts):len(fm.parts)], fm.any...), partShare)
				if fm.any != nil {
					add(fm.any, stemShare-partShare)
				}
			} else {
				add(fm.any, stemShare)
			}
			if fm.exact != nil {
				add([]*roaring.Bitmap{fm.exact}, 1-stemShare)
			}
		}
	}
	return ts
}

// scoreAll adds up the scores of all hits in an array indexed by document
// and passes each hit with its score to finish, in document order. The
// terms are intersected with the hits first: cheap when the hits are few.
func (r *ranker) scoreAll(terms []*scoreTerm, finish func(n uint32, sc float64)) {
	scores := getScores(len(r.c.ids))
	defer putScores(scores) // the loop over the hits below zeroes their scores
	buf := getBatch()
	defer putBatch(buf)
	for _, t := range terms {
		lens := t.lens
		forEach(within(t.docs, r.hits), buf, func(ns []uint32) {
			for _, n := range ns {
				scores[n] += t.tab.score(lens[n])
			}
		})
	}
	forEach(r.hits, buf, func(ns []uint32) {
		for _, n := range ns {
			sc := float64(scores[n])
			scores[n] = 0 // leave the pooled array clean
			finish(n, sc)
		}
	})
}

// windowBits sets the documents scoreWindows scores at a time: 2^16, one
// roaring container, whose scores (256 KiB) stay in the second-level cache.
// A variable for tests.
var windowBits = 16

// scoreWindows does what scoreAll does for a broad result, a window of
// documents at a time. At three million records a common word has a few
// hundred thousand hits: scoreAll then intersects each term with them
// (allocating as much again) and adds into a 12 MB array once per term,
// reading and writing main memory at every step. Here the hits of a
// window are marked in a bitset of the window and the terms' documents
// are taken from their own bitmaps in order, so the scores being added up
// are those of one window, in cache.
func (r *ranker) scoreWindows(terms []*scoreTerm, finish func(n uint32, sc float64)) {
	size := uint32(1) << windowBits
	scores := getScores(int(size))
	defer putScores(scores)
	inHits := make([]uint64, size/64)
	inTerm := make([]uint64, size/64) // documents of a term's forms in the window
	hits := newCursor(r.hits)
	cursors := make([][]*cursor, len(terms))
	for i, t := range terms {
		for _, bm := range t.docs {
			cursors[i] = append(cursors[i], newCursor(bm))
		}
	}
	for {
		first, ok := hits.peek()
		if !ok {
			return
		}
		base := first &^ (size - 1)
		end := uint64(base) + uint64(size)
		for ns := hits.next(end); ns != nil; ns = hits.next(end) {
			for _, n := range ns {
				i := n - base
				inHits[i/64] |= 1 << (i % 64)
			}
		}
		for i, t := range terms {
			lens := t.lens
			if cs := cursors[i]; len(cs) == 1 {
				for ns := cs[0].next(end); ns != nil; ns = cs[0].next(end) {
					for _, n := range ns {
						if i := n - base; inHits[i/64]&(1<<(i%64)) != 0 {
							scores[i] += t.tab.score(lens[n])
						}
					}
				}
				continue
			}
			// A document in several of the word's forms scores once.
			for _, c := range cursors[i] {
				for ns := c.next(end); ns != nil; ns = c.next(end) {
					for _, n := range ns {
						i := n - base
						inTerm[i/64] |= 1 << (i % 64)
					}
				}
			}
			for w, bits := range inTerm {
				inTerm[w] = 0
				for bits &= inHits[w]; bits != 0; bits &= bits - 1 {
					i := uint32(w*64 + mathbits.TrailingZeros64(bits))
					scores[i] += t.tab.score(lens[base+i])
				}
			}
		}
		for w, bits := range inHits {
			for bits != 0 {
				i := uint32(w*64 + mathbits.TrailingZeros64(bits))
				bits &= bits - 1
				sc := float64(scores[i])
				scores[i] = 0
				finish(base+i, sc)
			}
			inHits[w] = 0
		}
	}
}

// wholeTitle reports whether the query is the title of document n, with
// or without its subtitle.
func (r *ranker) wholeTitle(n uint32) bool {
	// The lengths first: they are at hand, the title's bytes are not.
	key, main := r.c.titleKeys[n], int(r.c.mainLens[n])
	if len(key) != len(r.title) && main != len(r.title) {
		return false
	}
	return key == r.title || main <= len(key) && key[:main] == r.title
}

// worse returns the order of sort s, reversed: whether hit a ranks below
// hit b. Ties go to the lower record ID, so that pages are stable.
func (r *ranker) worse(s library.Sort) func(a, b scored) bool {
	ids := r.c.ids
	byScore := func(a, b scored) bool {
		if a.score != b.score {
			return a.score < b.score
		}
		return ids[a.doc] > ids[b.doc]
	}
	switch s {
	case library.SortNewest:
		years := r.c.years
		return func(a, b scored) bool {
			if years[a.doc] != years[b.doc] {
				return years[a.doc] < years[b.doc]
			}
			return byScore(a, b)
		}
	case library.SortTitle:
		keys, pre := r.c.titleKeys, r.c.titlePre
		return func(a, b scored) bool {
			if pre[a.doc] != pre[b.doc] {
				return pre[a.doc] > pre[b.doc]
			}
			if keys[a.doc] != keys[b.doc] {
				return keys[a.doc] > keys[b.doc]
			}
			return ids[a.doc] > ids[b.doc]
		}
	}
	return byScore
}

// hitHeap keeps the k best hits seen, the worst of them on top.
type hitHeap struct {
	h    []scored
	less func(a, b scored) bool // a is worse than b
	k    int
}

func (h *hitHeap) offer(s scored) {
	if len(h.h) < h.k {
		heap.Push(h, s)
		return
	}
	if h.less(h.h[0], s) {
		h.h[0] = s
		heap.Fix(h, 0)
	}
}

func (h *hitHeap) Len() int           { return len(h.h) }
func (h *hitHeap) Less(i, j int) bool { return h.less(h.h[i], h.h[j]) }
func (h *hitHeap) Swap(i, j int)      { h.h[i], h.h[j] = h.h[j], h.h[i] }
func (h *hitHeap) Push(x any)         { h.h = append(h.h, x.(scored)) }
func (h *hitHeap) Pop() any {
	x := h.h[len(h.h)-1]
	h.h = slices.Delete(h.h, len(h.h)-1, len(h.h))
	return x
}
