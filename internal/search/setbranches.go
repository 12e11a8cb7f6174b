package search

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Config.Branches changes while the server runs: the administration adds
// branches and moves them between member libraries. The map is written
// holding both ix.follow and ix.mu, so that Put (under ix.mu) and a build
// or Load (under ix.follow) may each read it holding their own.

// SetBranches replaces the map of branches to their member libraries
// (cities) and brings every document's cities in line with it: the city
// facet's counts and the filter by city then count a copy at a branch the
// index did not know. Searches see the index before or after, never in
// between. The same map as before costs a comparison.
func (ix *Index) SetBranches(branches map[string]string) {
	ix.follow.Lock()
	defer ix.follow.Unlock()
	ix.setBranches(branches)
}

// setBranches is SetBranches for a caller that holds ix.follow.
func (ix *Index) setBranches(branches map[string]string) {
	if maps.Equal(ix.cfg.Branches, branches) {
		return
	}
	branches = maps.Clone(branches) // the caller's map may change after
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.cfg.Branches = branches
	ix.x.recity(branches)
	ix.version++
}

// consortiumVersioner is a store that counts the changes to its libraries
// and branches (the store's DB does): when the count moves, CatchUp reads
// the branches again.
type consortiumVersioner interface {
	ConsortiumVersion(ctx context.Context) (int64, error)
}

// syncBranches reads the branches again if st says they changed since the
// last time, and sets them. CatchUp calls it before it applies changes of
// records, so that a copy catalogued at a branch created just before is
// counted in its city at once. The caller holds ix.follow.
func (ix *Index) syncBranches(ctx context.Context, st library.Store) error {
	cv, ok := st.(consortiumVersioner)
	if !ok {
		return nil
	}
	// The version first: branches read after it are at least as new, and
	// a change between the two reads is read again at the next call.
	v, err := cv.ConsortiumVersion(ctx)
	if err != nil {
		return fmt.Errorf("index branches: %w", err)
	}
	if ix.consortiumSeen && v == ix.consortium {
		return nil
	}
	branches, err := st.Branches(ctx)
	if err != nil {
		return fmt.Errorf("index branches: %w", err)
	}
	ix.setBranches(BranchCities(branches))
	ix.consortium, ix.consortiumSeen = v, true
	return nil
}

// recity brings the cities of every document in line with branches: the
// city entries of its availability list, the cities' postings and the
// columns' map of branches to cities. It is correct whatever map the
// cities were derived from before (Load does not know the one an index
// was saved with), and touches only the documents whose cities differ:
// for each city, those of its branches' postings but not of its own, or
// the other way round. Both kinds of posting are the same documents as
// the lists, so comparing them finds every document to mend.
func (c *core) recity(branches map[string]string) {
	bv, cv := &c.facets[xBranch], &c.facets[xCity]
	cityOf := make([]uint32, len(bv.strs)) // branch value ID → city value ID + 1, 0 for none
	for b, s := range bv.strs {
		if city := branches[s]; city != "" {
			cityOf[b] = cv.id(city) + 1
		}
	}

	want := make([][]*roaring.Bitmap, len(cv.strs)) // city value ID → its branches' postings
	for b, city := range cityOf {
		if city != 0 {
			if bm := bv.docs[b].bitmap(); bm != nil {
				want[city-1] = append(want[city-1], bm)
			}
		}
	}
	fix := roaring.New()
	for city := range cv.strs {
		diff := roaring.FastOr(want[city]...)
		if have := cv.docs[city].bitmap(); have != nil {
			diff.Xor(have)
		}
		fix.Or(diff)
	}

	var vals []uint32
	fix.Iterate(func(n uint32) bool {
		vals = vals[:0]
		for _, v := range c.avail.get(n) {
			if v>>fieldShift == xCity {
				cv.docs[v&idMask].remove(n)
			} else {
				vals = append(vals, v)
			}
		}
		for _, v := range vals {
			if city := cityOf[v&idMask]; city != 0 {
				cv.docs[city-1].add(n)
				vals = append(vals, xCity<<fieldShift|(city-1))
			}
		}
		slices.Sort(vals)
		c.avail.set(n, slices.Compact(vals))
		return true
	})

	c.cols.cityOf, c.cols.tooManyCities = nil, false
	for b, city := range cityOf {
		if city != 0 {
			c.noteCity(uint32(b), city-1)
		}
	}
}
