package search

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Works. The editions and formats of one work (a novel as a book, an
// e-book, an audiobook, a new edition) share a work key: the hash of the
// folded main title and the folded main author. A record without an
// author is a work of its own, because titles alone ("Runoja", "Poems")
// say too little. The index keeps the key per document (8 bytes) and no
// table of works: grouping happens over the ranked hits, and listing a
// work's editions scans the column (a few milliseconds at 3 million).

// workKey returns the work key of a record from the normal forms
// (normTitle) of its title and of its first author; 0 for an empty title.
func workKey(title, author string) uint64 {
	if title == "" {
		return 0
	}
	h := newFNV()
	h.add(nordicFold(title))
	h.add("\x00")
	h.add(nordicFold(author))
	return uint64(h) | 1
}

// nordicFold is phraseFold.Replace for a string in normal form, which has
// none of the sort key's stand-ins, without copying one that has no å, ä
// or ö.
func nordicFold(s string) string {
	if a := asciiFold(s); a != "" {
		return a
	}
	return s
}

// workID is the form of a work key in the API.
func workID(k uint64) string { return fmt.Sprintf("%016x", k) }

// Editions returns the record IDs of the editions of a work (a
// SearchHit.WorkID) in the index, in ID order; none for an unknown work.
func (ix *Index) Editions(ctx context.Context, workID string) []int64 {
	k, err := strconv.ParseUint(workID, 16, 64)
	if err != nil || k == 0 || ctx.Err() != nil {
		return nil
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var out []int64
	for n, w := range ix.x.works {
		if w == k {
			out = append(out, ix.x.ids[n])
		}
	}
	slices.Sort(out)
	return out
}

// topWorks is ranker.top for works: a page of hits, one per work, each
// with the work's editions among the hits and their formats.
func (r *ranker) topWorks(matches [][numFields]fieldMatch, s library.Sort, offset, limit int) []library.SearchHit {
	c := r.c
	want := offset + limit
	total := int(r.hits.GetCardinality())
	var best []scored
	var firsts []scored // the best edition of each work, in order
	for k := 4 * want; ; k *= 4 {
		best = r.best(matches, s, k)
		firsts = firsts[:0]
		seen := make(map[uint64]bool)
		for _, h := range best {
			w := c.works[h.doc]
			if w == 0 || !seen[w] {
				if w != 0 {
					seen[w] = true
				}
				firsts = append(firsts, h)
			}
		}
		if len(firsts) >= want || len(best) >= total {
			break
		}
	}
	if offset >= len(firsts) {
		return nil
	}
	page := firsts[offset:min(len(firsts), want)]
	editions := make(map[uint64][]uint32, len(page))
	for _, h := range page {
		if w := c.works[h.doc]; w != 0 {
			editions[w] = nil
		}
	}
	if len(editions) > 0 {
		r.hits.Iterate(func(n uint32) bool {
			if w := c.works[n]; w != 0 {
				if eds, ok := editions[w]; ok {
					editions[w] = append(eds, n)
				}
			}
			return true
		})
	}
	out := make([]library.SearchHit, len(page))
	for i, h := range page {
		hit := library.SearchHit{ID: c.ids[h.doc], Score: float64(h.score)}
		w := c.works[h.doc]
		eds := editions[w]
		if w == 0 {
			eds = []uint32{h.doc}
		}
		hit.WorkID = workID(w)
		if w == 0 {
			hit.WorkID = "r" + strconv.FormatInt(hit.ID, 10)
		}
		hit.Editions = []int64{hit.ID}
		mats := c.facets[xMaterial].strs
		for _, n := range eds {
			if n != h.doc {
				hit.Editions = append(hit.Editions, c.ids[n])
			}
			if m := c.single[xMaterial][n]; m != 0 && !slices.Contains(hit.Formats, mats[m-1]) {
				hit.Formats = append(hit.Formats, mats[m-1])
			}
		}
		slices.Sort(hit.Editions[1:])
		slices.Sort(hit.Formats)
		out[i] = hit
	}
	return out
}
