package search

import (
	"container/heap"
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
}

// fieldMatch is where one query word matches in one field: in any of
// its forms, and as typed.
type fieldMatch struct {
	any, exact *roaring.Bitmap
}

// stemShare is the part of a word's score that a match of a stem alone
// earns; the word as typed earns the rest too. "kiss" stems to the Finnish
// stem of "kissa", and a book called Kiss should still come first.
const stemShare = 0.7

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

// best returns the best k hits in order s, best first.
func (r *ranker) best(matches [][numFields]fieldMatch, s library.Sort, k int) []scored {
	c := r.c
	scores := getScores(len(c.ids))
	defer putScores(scores) // the loop over the hits below zeroes their scores

	// BM25 per field, summed over fields and words. The IDF of a word is
	// over the whole record, as in BM25F, so that a word rare in one field
	// does not outweigh the field weights. A term frequency of 1 is
	// assumed: catalogue fields are short, and a word rarely repeats in a
	// title or a subject heading. A field's score then depends only on its
	// length, so it is looked up in a table per field and word rather than
	// computed per hit, and hits are taken from the bitmaps in batches:
	// at a million records a broad query has a hundred thousand hits, and
	// per-hit calls and divisions were most of its cost.
	buf := getBatch()
	defer putBatch(buf)
	live := float64(c.live.GetCardinality())
	for i, m := range matches {
		wordIDF := idf(live, float64(r.dfs[i]))
		for f, fm := range m {
			if fm.any == nil {
				continue
			}
			avg := float64(c.lenSum[f]) / max(live, 1)
			bf := b
			if f == fIdent {
				bf = 0
			}
			w := fieldWeights[f] * wordIDF * (k1 + 1)
			lens := c.lens[f]
			add := func(bm *roaring.Bitmap, share float64) {
				var tab normTable
				tab.fill(share*w, bf, avg)
				forEach(roaring.And(bm, r.hits), buf, func(ns []uint32) {
					for _, n := range ns {
						scores[n] += tab.score(lens[n])
					}
				})
			}
			add(fm.any, stemShare)
			if fm.exact != nil {
				add(fm.exact, 1-stemShare)
			}
		}
	}

	h := &hitHeap{less: r.worse(s), k: k}
	var titlePre, titleMask uint64 // the first bytes every whole-title match has
	if r.title != "" {
		titlePre, titleMask = prefix64(r.title), ^uint64(0)<<(8*(8-min(len(r.title), 8)))
	}
	pops, years := c.pops, c.years
	// Once the heap is full, a hit whose score could not reach the worst
	// kept one even with the largest boosts is passed over before its
	// title is looked at: in a broad result that is almost every hit, and
	// the title checks read memory no other part of ranking touches. The
	// bound is exact-safe: the boosts are exclusive and at most
	// exactTitleBoost, recency at most 1+recencyBoost, and rounding is
	// covered by a margin far above float64's.
	prune := pruneRanking && len(matches) > 0 && s != library.SortNewest && s != library.SortTitle
	const maxBoost = exactTitleBoost * (1 + recencyBoost) * (1 + 1e-9)
	forEach(r.hits, buf, func(ns []uint32) {
		for _, n := range ns {
			sc := float64(scores[n])
			scores[n] = 0 // leave the pooled array clean
			if len(matches) == 0 {
				sc = 1
			}
			pop := popularity(pops[n])
			if prune && len(h.h) == h.k && float32(sc*maxBoost*pop) < h.h[0].score {
				continue
			}
			if r.title != "" && c.titlePre[n]&titleMask == titlePre && r.wholeTitle(n) {
				sc *= exactTitleBoost
			} else if r.phrase != nil && r.phrase.Contains(n) {
				sc *= titlePhraseBoost
			} else if r.adjacent != nil && r.adjacent(c.titleKeys[n]) {
				sc *= adjacentBoost
			}
			sc *= pop
			if y := years[n]; y > 1900 {
				sc *= 1 + recencyBoost*min(float64(y-1900)/130, 1)
			}
			h.offer(scored{n, float32(sc)})
		}
	})

	// Pop worst first.
	all := make([]scored, h.Len())
	for i := len(all) - 1; i >= 0; i-- {
		all[i] = heap.Pop(h).(scored)
	}
	return all
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
