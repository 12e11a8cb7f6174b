package search

import (
	"context"
	"math"
	"strings"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	snowball "github.com/blevesearch/snowballstem"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Page sizes.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// BM25 parameters, the usual ones.
const (
	k1 = 1.2
	b  = 0.75
)

// Ranking boosts. A query equal to the whole title doubles the score: it is
// almost always the book the patron means. Popularity and recency only nudge.
const (
	exactTitleBoost = 2.0
	popularityBoost = 0.05 // × ln(1+loans)
	recencyBoost    = 0.1  // × how far the year is from 1900 towards 2030
)

var _ library.Searcher = (*Index)(nil)

// Search finds the records matching q: every word in some field, and at
// least one selected value of every filtered facet. It fails only on an
// unknown facet name in q.Filters or when ctx is done; any text is a valid
// query.
func (ix *Index) Search(ctx context.Context, q library.SearchQuery) (library.SearchResult, error) {
	terms := parse(q.Text)
	variants := make([][]string, len(terms))
	env := snowball.NewEnv("")
	for i, t := range terms {
		variants[i] = wordVariants(env, t, q.Lang)
	}
	filters, err := parseFilters(q.Filters)
	if err != nil {
		return library.SearchResult{}, err
	}
	if err := ctx.Err(); err != nil {
		return library.SearchResult{}, err
	}

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	c := ix.x
	matches := make([][numFields]fieldMatch, len(terms))
	dfs := make([]uint64, len(terms)) // documents with the word in any field
	var hits *roaring.Bitmap
	for i, t := range terms {
		var inAny []*roaring.Bitmap
		for f := range numFields {
			if t.Field != anyField && t.Field != f {
				continue
			}
			var bms []*roaring.Bitmap
			for _, v := range variants[i] {
				if id, ok := c.termIDs[v]; ok && c.post[f][id] != nil {
					bms = append(bms, c.post[f][id])
				}
			}
			if len(bms) > 0 {
				m := fieldMatch{any: roaring.FastOr(bms...)}
				if id, ok := c.termIDs[t.Word]; ok {
					m.exact = c.post[f][id] // read only, so no copy
				}
				matches[i][f] = m
				inAny = append(inAny, m.any)
			}
		}
		m := roaring.FastOr(inAny...)
		dfs[i] = m.GetCardinality()
		if hits == nil {
			hits = m
		} else {
			hits.And(m)
		}
	}
	if hits == nil {
		hits = c.live.Clone()
	}
	for x, vals := range filters {
		var bms []*roaring.Bitmap
		for _, v := range vals {
			if id, ok := c.facets[x].ids[v]; ok {
				bms = append(bms, c.facets[x].docs[id])
			}
		}
		hits.And(roaring.FastOr(bms...))
	}

	total := int(hits.GetCardinality())
	res := library.SearchResult{Total: total, Facets: c.countFacets(hits, filters)}
	offset, limit := max(q.Offset, 0), q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	if offset >= total {
		return res, nil
	}
	if err := ctx.Err(); err != nil {
		return library.SearchResult{}, err
	}
	var title string
	for _, t := range terms {
		if t.Field == anyField || t.Field == fTitle {
			title += " " + t.Word
		}
	}
	r := ranker{c: c, hits: hits, dfs: dfs, title: sortReplacer.Replace(strings.TrimPrefix(title, " "))}
	res.Hits = r.top(matches, q.Sort, offset, limit)
	return res, nil
}

// wordVariants returns the index terms that match a query word: the word
// itself and its stem in every language the index stems, because the
// interface language (q.Lang) says little about the language of a book.
// The hint language goes first; the order does not change the result.
func wordVariants(env *snowball.Env, t term, lang string) []string {
	vs := []string{t.Word}
	if t.Field == fIdent {
		return vs
	}
	langs := queryStemmers
	if l, ok := uiLangs[lang]; ok {
		langs = append([]string{l}, queryStemmers...)
	}
	for _, l := range langs {
		if s := stemTerm(env, l, t.Word); s != "" && !contains(vs, s) {
			vs = append(vs, s)
		}
	}
	return vs
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// parseFilters maps facet names to facet numbers. An unknown facet is an
// error, not an empty result, so that a typo in a link shows up.
func parseFilters(fs map[string][]string) (map[int][]string, error) {
	if len(fs) == 0 {
		return nil, nil
	}
	m := make(map[int][]string, len(fs))
	for name, vals := range fs {
		if len(vals) == 0 {
			continue // an empty selection, as a form may send, filters nothing
		}
		x := facetIndex(name)
		if x < 0 {
			return nil, library.Errorf(library.EINVALID, "search: unknown facet %q", name)
		}
		m[x] = append(m[x], vals...)
	}
	return m, nil
}

func facetIndex(name string) int {
	for x, n := range facetNames {
		if n == name {
			return x
		}
	}
	return -1
}

// idf is BM25's inverse document frequency.
func idf(n, df float64) float64 {
	return math.Log(1 + (n-df+0.5)/(df+0.5))
}

// scorePool holds score arrays indexed by doc number, so that a broad
// query adds up its scores without a map and without a fresh allocation.
var scorePool sync.Pool

func getScores(n int) []float32 {
	if p, ok := scorePool.Get().(*[]float32); ok && cap(*p) >= n {
		return (*p)[:n]
	}
	return make([]float32, n)
}

func putScores(s []float32) { scorePool.Put(&s) }
