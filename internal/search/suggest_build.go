package search

import "time"

// suggestSource is what a suggester is built from, copied from a core
// under the read lock so that the slow part (folding and sorting millions
// of keys) runs without it.
type suggestSource struct {
	core    *core
	gen     uint64
	titles  []string // per document, "" for none
	pops    []uint32
	facets  [3][]string // authors, subjects, genres: values
	weights [3][]uint64 // records plus loans, per value
	counts  [3][]int
}

// source copies what the suggester needs. The caller holds the read lock.
func (c *core) suggestSource() *suggestSource {
	src := &suggestSource{core: c, gen: c.gen, titles: append([]string(nil), c.titles...), pops: append([]uint32(nil), c.pops...)}
	for i, x := range [3]int{xAuthor, xSubject, xGenre} {
		src.facets[i] = c.facets[x].strs[:len(c.facets[x].strs):len(c.facets[x].strs)]
		src.weights[i] = make([]uint64, len(src.facets[i]))
		src.counts[i] = make([]int, len(src.facets[i]))
	}
	c.live.Iterate(func(n uint32) bool {
		for _, v := range c.multi.get(n) {
			i := int(v>>fieldShift) - xAuthor
			src.weights[i][v&idMask] += 1 + uint64(c.pops[n])
			src.counts[i][v&idMask]++
		}
		return true
	})
	return src
}

func (src *suggestSource) build() *suggester {
	var texts []suggestText
	byKey := make(map[string]int) // folded title → index in texts
	for n, t := range src.titles {
		if t == "" {
			continue
		}
		k := suggestKey(t)
		i, ok := byKey[k]
		if !ok {
			i = len(texts)
			byKey[k] = i
			texts = append(texts, suggestText{text: t, kind: kindTitle})
		}
		texts[i].count++
		texts[i].weight += 1 + uint64(src.pops[n])
	}
	for i, kind := range [3]string{kindAuthor, kindSubject, kindSubject} {
		for v, s := range src.facets[i] {
			if src.counts[i][v] > 0 {
				texts = append(texts, suggestText{text: s, kind: kind, count: src.counts[i][v], weight: src.weights[i][v]})
			}
		}
	}
	s := buildSuggester(texts, src.gen)
	s.core = src.core
	return s
}

// suggester returns the current suggester: built now if there is none
// (a new, small index), empty while the first is being built in the
// background (after a Rebuild or Load of a large one), else the one there
// is, rebuilt in the background when the index has changed since and it
// is older than suggestMaxAge, or the index was rebuilt or loaded since.
func (ix *Index) suggester() *suggester {
	s := ix.sugg.Load()
	if s == nil && ix.suggesting.Load() {
		return &suggester{}
	}
	ix.mu.RLock()
	c, gen := ix.x, ix.x.gen
	if s == nil {
		src := c.suggestSource()
		ix.mu.RUnlock()
		s = src.build()
		ix.sugg.Store(s)
		return s
	}
	stale := s.core != c || s.gen != gen && time.Since(s.built) > suggestMaxAge
	ix.mu.RUnlock()
	if stale {
		ix.refreshSuggester()
	}
	return s
}

// refreshSuggester builds a new suggester in the background, unless one
// is being built.
func (ix *Index) refreshSuggester() {
	if !ix.suggesting.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer ix.suggesting.Store(false)
		ix.mu.RLock()
		src := ix.x.suggestSource()
		ix.mu.RUnlock()
		ix.sugg.Store(src.build())
	}()
}
