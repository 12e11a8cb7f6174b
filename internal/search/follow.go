package search

import (
	"context"
	"fmt"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// changeBatch is how many change-feed entries CatchUp reads at a time.
const changeBatch = 1000

// Rebuild replaces the index with one built from every record in st.
// It notes the store's last change first, so that a CatchUp after it
// applies whatever changed during the scan (applying a change twice is
// harmless: it re-reads the record). Searches see the old index until the
// new one is complete. progress, if not nil, is called with the number of
// records indexed so far.
func (ix *Index) Rebuild(ctx context.Context, st library.Store, progress func(done int)) error {
	ix.follow.Lock()
	defer ix.follow.Unlock()
	seq, err := st.LastChange(ctx)
	if err != nil {
		return fmt.Errorf("rebuild index: %w", err)
	}
	c := newCore()
	done := 0
	err = st.ScanRecords(ctx, 0, func(rec library.Record, items []library.Item) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		c.put(analyse(DocFrom(rec, items)), ix.cfg.Branches)
		done++
		if progress != nil && done%1000 == 0 {
			progress(done)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rebuild index: %w", err)
	}
	if progress != nil {
		progress(done)
	}
	c.optimize()
	ix.mu.Lock()
	ix.x, ix.lastSeq = c, seq
	ix.mu.Unlock()
	return nil
}

// CatchUp applies the store's changes after the last one the index has
// seen: it re-reads each changed record with its items, or removes it if
// it is gone.
func (ix *Index) CatchUp(ctx context.Context, st library.Store) error {
	ix.follow.Lock()
	defer ix.follow.Unlock()
	for {
		seq := ix.LastSeq()
		changes, err := st.ChangesSince(ctx, seq, changeBatch)
		if err != nil {
			return fmt.Errorf("index changes since %d: %w", seq, err)
		}
		if len(changes) == 0 {
			return nil
		}
		done := make(map[int64]bool, len(changes))
		for _, ch := range changes {
			if done[ch.RecordID] {
				continue // a batch often has one record many times
			}
			done[ch.RecordID] = true
			if err := ix.refresh(ctx, st, ch.RecordID); err != nil {
				return err
			}
		}
		ix.mu.Lock()
		ix.lastSeq = changes[len(changes)-1].Seq
		ix.mu.Unlock()
		if len(changes) < changeBatch {
			return nil
		}
	}
}

// refresh re-reads one record and puts it into the index, or removes it.
func (ix *Index) refresh(ctx context.Context, st library.Store, id int64) error {
	rec, err := st.Record(ctx, id)
	if library.ErrorCode(err) == library.ENOTFOUND {
		ix.Remove(id)
		return nil
	}
	if err != nil {
		return fmt.Errorf("index record %d: %w", id, err)
	}
	items, err := st.Items(ctx, id)
	if err != nil {
		return fmt.Errorf("index items of record %d: %w", id, err)
	}
	ix.Put(DocFrom(rec, items))
	return nil
}

// Follow keeps the index current until ctx is done: it catches up when
// wake fires (the SQLite store signals a commit there; nil for none) and
// every interval (for stores that cannot signal, such as another node's
// PostgreSQL). Errors are logged and retried at the next tick. It returns
// ctx's error.
func (ix *Index) Follow(ctx context.Context, st library.Store, wake <-chan struct{}, every time.Duration) error {
	if every <= 0 {
		every = time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := ix.CatchUp(ctx, st); err != nil && ctx.Err() == nil {
			ix.cfg.Logger.Error("search index: catch up", "err", err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-wake:
		case <-t.C:
		}
	}
}
