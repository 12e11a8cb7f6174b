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
// almost always the book the patron means. A quoted phrase found in the
// title counts for half as much. Popularity and recency only nudge.
const (
	exactTitleBoost  = 2.0
	titlePhraseBoost = 1.5
	adjacentBoost    = 1.25 // the words of an unquoted query adjacent in the title
	// userLangBoost scales a record in the user's interface language: a
	// Finnish patron searching "helsinki" means Finnish books first, but
	// still finds the others. It makes up for most of the difference
	// between a match of a stem alone (stemShare), which is how an
	// inflected Finnish title often matches, and one as typed; more would
	// put "Harry and the potters" above Harry Potter in Finnish for an
	// English user (relevance_test.go).
	userLangBoost   = 1.25
	popularityBoost = 0.05 // × ln(1+loans)
	recencyBoost    = 0.1  // × how far the year is from 1900 towards 2030
)

var _ library.Searcher = (*Index)(nil)

// Search finds the records matching q (see parse for the query language)
// and at least one selected value of every filtered facet. It fails only
// on an unknown facet name in q.Filters or when ctx is done; any text is a
// valid query.
func (ix *Index) Search(ctx context.Context, q library.SearchQuery) (library.SearchResult, error) {
	pq := parse(q.Text)
	filters, err := parseFilters(q.Filters)
	if err != nil {
		return library.SearchResult{}, err
	}
	if err := ctx.Err(); err != nil {
		return library.SearchResult{}, err
	}

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if ix.cfg.NoResultCache {
		return ix.x.search(ctx, ix.morph, q, &pq, filters)
	}
	key := cacheKey(q)
	if res, ok := ix.cache.get(ix.version, key); ok {
		return res, nil
	}
	res, err := ix.x.search(ctx, ix.morph, q, &pq, filters)
	if err == nil {
		ix.cache.put(ix.version, key, res)
	}
	return res, err
}

// search runs a parsed query, analysing Finnish with morph (or not, when
// nil). The caller holds the index's read lock.
func (c *core) search(ctx context.Context, morph *morphology, q library.SearchQuery, pq *query, filters map[int][]string) (library.SearchResult, error) {
	// The filters first: a word with more documents than they leave is
	// then looked for only among those (see clause).
	var filtered *roaring.Bitmap
	for x, vals := range filters {
		var bms []*roaring.Bitmap
		for _, v := range vals {
			if id, ok := c.facets[x].ids[v]; ok {
				if bm := c.facets[x].docs[id].bitmap(); bm != nil {
					bms = append(bms, bm)
				}
			}
		}
		if filtered == nil {
			filtered = union(bms, len(c.ids))
		} else {
			filtered.And(union(bms, len(c.ids)))
		}
	}
	ev := evaluator{c: c, env: snowball.NewEnv(""), morph: morph, lang: q.Lang, filtered: filtered}
	hits := ev.eval(pq)
	if len(pq.Groups) > 0 && len(pq.Not) == 0 {
		hits = c.withTranslations(hits)
	}
	if filtered != nil {
		hits.And(filtered)
	}
	total := int(hits.GetCardinality())
	res := library.SearchResult{Total: total, Facets: c.countFacets(hits, filters)}
	if q.GroupWorks {
		res.Works, res.WorksApproximate = c.countWorks(hits)
	}
	if total <= didYouMeanBelow && len(pq.Groups) > 0 {
		res.DidYouMean = ev.didYouMean(pq, q.Text)
	}
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
	var title []string
	for _, g := range pq.Groups {
		if len(g) == 1 && (g[0].Field == anyField || g[0].Field == fTitle) && !g[0].Prefix {
			title = append(title, g[0].Words...)
		}
	}
	r := ranker{c: c, hits: hits, dfs: ev.dfs, title: sortReplacer.Replace(strings.Join(title, " ")), phrase: ev.titlePhrase,
		lang: c.langValue(q.Lang)}
	if len(title) > 1 && total <= maxPhraseCheck {
		// Words typed together are often a title's words together: "harry
		// potter" means Harry Potter and the..., not Harry and the potters.
		r.adjacent = keyMatcher(title, false)
	}
	if q.GroupWorks {
		res.Hits = r.topWorks(ev.matches, q.Sort, offset, limit)
	} else {
		res.Hits = r.top(ev.matches, q.Sort, offset, limit)
	}
	return res, nil
}

// wordVariants returns the index terms that match a query word: the word
// itself, its stem in every language the index stems (the interface
// language, q.Lang, says little about the language of a book), its
// transliteration key, and when morph knows it as a Finnish word, its
// base forms, as lemma terms and as words (morph.go). parts are the
// terms that match it as a part of a compound. The hint language goes
// first; the order does not change the result.
func wordVariants(env *snowball.Env, morph *morphology, word string, field int, lang string) (vs, parts []string) {
	vs = []string{word}
	if field == fIdent {
		return vs, nil
	}
	lm := morph.lookup(word)
	vs = append(vs, lm.lemma...)
	for _, b := range lm.bases {
		if !contains(vs, b) {
			vs = append(vs, b)
		}
	}
	langs := queryStemmers
	if l, ok := uiLangs[lang]; ok {
		langs = append([]string{l}, queryStemmers...)
	}
	for _, l := range langs {
		if s := stemTerm(env, l, word); s != "" && !contains(vs, s) {
			vs = append(vs, s)
			if g := finnishGrade(s); g != "" && !contains(vs, g) {
				vs = append(vs, g)
			}
		}
	}
	if k := translitKey(word); k != "" {
		vs = append(vs, k)
	}
	return vs, lm.asPart
}

// langValue returns the value (ID + 1) of the language facet that the
// records in interface language ui have, or 0 when there is none.
func (c *core) langValue(ui string) uint32 {
	code, ok := recordLangs[ui]
	if !ok {
		return 0
	}
	if id, ok := c.facets[xLanguage].ids[code]; ok {
		return id + 1
	}
	return 0
}

// finnishGrade returns a Finnish stem with the consonant gradation nk ↔ ng
// at its end undone or done, or "". The stemmer leaves gradation alone, so
// "helsinki" stems to helsink and "Helsingin", "Helsingissä" to helsing:
// without this a Finnish patron's "helsinki" misses most Finnish titles
// about the city (and "kaupunki" most about towns). Other gradations
// (t ↔ d, k ↔ nothing) would match unrelated words too often to guess.
func finnishGrade(stem string) string {
	rest, ok := strings.CutPrefix(stem, stemmers["fin"].tag)
	if !ok {
		return ""
	}
	for _, p := range [2][2]string{{"nk", "ng"}, {"ng", "nk"}} {
		if i := strings.LastIndex(rest, p[0]); i >= 2 && len(rest)-i <= 3 {
			return stem[:len(stem)-len(rest)] + rest[:i] + p[1] + rest[i+2:]
		}
	}
	return ""
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
