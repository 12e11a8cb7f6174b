package search

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Online now. An e-title is online now when it can be borrowed or
// downloaded at once (library.EAvailability.OnlineNow): open access, a
// licence without a concurrency limit, or a free place. The index keeps
// those titles as the one value of the facet library.FacetOnline, a
// bitmap beside the shelves' availability, and follows e-loans, returns,
// expiries and licences through the change feed as it follows
// checkouts: the store appends the record's change, and the index reads
// the record's e-availability again when it re-reads the record.

// eAvailabler is a store that knows its e-titles' availability (the
// store's DB, a library.ELibrary, does).
type eAvailabler interface {
	EAvailability(ctx context.Context, recordIDs []int64, now time.Time) (map[int64]library.EAvailability, error)
}

// onlineBatch is how many records a Rebuild reads the e-availability of
// at once: one query for the e-titles among them.
const onlineBatch = 1000

// markOnline sets Online on the e-titles among docs that st says are
// online now, in one query; a store without e-titles leaves them all off.
func (ix *Index) markOnline(ctx context.Context, st library.Store, docs []Doc) error {
	ea, ok := st.(eAvailabler)
	if !ok {
		return nil
	}
	var ids []int64
	for _, d := range docs {
		if library.Material(d.Material).Electronic() {
			ids = append(ids, d.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	av, err := ea.EAvailability(ctx, ids, ix.cfg.Now())
	if err != nil {
		return fmt.Errorf("index e-availability: %w", err)
	}
	for i := range docs {
		docs[i].Online = av[docs[i].ID].OnlineNow()
	}
	return nil
}

// setOnline adds document n to the online-now documents or takes it out.
func (c *core) setOnline(n uint32, online bool) {
	v := &c.facets[xOnline]
	if online {
		v.docs[v.id(library.OnlineNow)].add(n)
		return
	}
	if id, ok := v.ids[library.OnlineNow]; ok {
		v.docs[id].remove(n)
	}
}
