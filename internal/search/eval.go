package search

import (
	"strconv"

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
	c    *core
	env  *snowball.Env
	lang string

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
	var docs *roaring.Bitmap
	var text *roaring.Bitmap // documents with every word in the free text
	for i, w := range cl.Words {
		var variants []string
		prefix := cl.Prefix && i == len(cl.Words)-1
		if prefix {
			variants = c.dict.expand(c.strs, w, maxExpansions)
		} else {
			variants = wordVariants(ev.env, w, cl.Field, ev.lang)
		}
		var fm [numFields]fieldMatch
		var inAny []*roaring.Bitmap
		for f := range numFields {
			if cl.Field != anyField && cl.Field != f {
				continue
			}
			var bms []*roaring.Bitmap
			for _, v := range variants {
				if id, ok := c.termIDs[v]; ok {
					if bm := c.posting(f, id); bm != nil {
						bms = append(bms, bm)
					}
				}
			}
			if len(bms) == 0 {
				continue
			}
			// Read only, so one form's posting is taken as it is.
			m := fieldMatch{any: bms[0]}
			if len(bms) > 1 {
				m.any = union(bms, len(c.ids))
			}
			if id, ok := c.termIDs[w]; ok && !prefix {
				m.exact = c.posting(f, id)
			}
			fm[f] = m
			inAny = append(inAny, m.any)
		}
		all := union(inAny, len(c.ids))
		if score {
			ev.matches = append(ev.matches, fm)
			ev.dfs = append(ev.dfs, all.GetCardinality())
		}
		if docs == nil {
			docs = all
		} else {
			docs.And(all)
		}
		if t := fm[fText].any; t == nil {
			text = roaring.New()
		} else if text == nil {
			text = t.Clone()
		} else {
			text.And(t)
		}
	}
	if docs == nil {
		return roaring.New()
	}
	if cl.Phrase && len(cl.Words) > 1 {
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
