package search

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Results of broad searches are kept until the index next changes. A
// broad search (a common word, the empty query, a material or a branch
// alone) ranks and counts facets over hundreds of thousands of hits, and
// the same few are asked over and over: the front page, a city's
// "available now" link, the commonest words. Any change to the index, a
// circulation event included, empties the cache, so a result never shows
// what the index no longer says; on a busy consortium that is several
// times a second, and a broad query is then recomputed at most once per
// change. Narrow searches are cheap and many, and are never kept.
//
// cacheMinHits is the fewest hits a search must have to be kept: below it
// a search takes about a millisecond or less. A variable for tests.
var cacheMinHits = 10_000

// cacheSize bounds the entries; when full the cache starts over.
const cacheSize = 256

// resultCache maps a query to its result, for one generation of the index.
type resultCache struct {
	mu      sync.Mutex
	gen     uint64 // Index.gen of the entries
	entries map[string]library.SearchResult
}

// cacheKey returns the key of q: every field that changes a result.
func cacheKey(q library.SearchQuery) string {
	var b strings.Builder
	for _, s := range []string{q.Text, q.Lang, string(q.Sort), strconv.Itoa(q.Offset), strconv.Itoa(q.Limit), strconv.FormatBool(q.GroupWorks)} {
		b.WriteString(s)
		b.WriteByte(0)
	}
	names := make([]string, 0, len(q.Filters))
	for name := range q.Filters {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		b.WriteString(name)
		for _, v := range q.Filters[name] {
			b.WriteByte(1)
			b.WriteString(v)
		}
		b.WriteByte(0)
	}
	return b.String()
}

// get returns a copy of the result kept for key in generation gen.
func (rc *resultCache) get(gen uint64, key string) (library.SearchResult, bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.gen != gen {
		return library.SearchResult{}, false
	}
	res, ok := rc.entries[key]
	if !ok {
		return library.SearchResult{}, false
	}
	return cloneResult(res), true
}

// put keeps a copy of res for key in generation gen.
func (rc *resultCache) put(gen uint64, key string, res library.SearchResult) {
	if res.Total < cacheMinHits {
		return
	}
	res = cloneResult(res)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.gen != gen || len(rc.entries) >= cacheSize {
		rc.gen, rc.entries = gen, make(map[string]library.SearchResult)
	}
	rc.entries[key] = res
}

// cloneResult copies the slices of res, so that neither a caller nor the
// cache sees the other's changes.
func cloneResult(res library.SearchResult) library.SearchResult {
	res.Hits = slices.Clone(res.Hits)
	for i := range res.Hits {
		res.Hits[i].Editions = slices.Clone(res.Hits[i].Editions)
		res.Hits[i].Formats = slices.Clone(res.Hits[i].Formats)
	}
	res.Facets = slices.Clone(res.Facets)
	for i := range res.Facets {
		res.Facets[i].Values = slices.Clone(res.Facets[i].Values)
	}
	return res
}
