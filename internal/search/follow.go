package search

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
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
	pos, err := st.LastChange(ctx)
	if err != nil {
		return fmt.Errorf("rebuild index: %w", err)
	}
	err = ix.build(ctx, pos, func(put func(Doc) error) error {
		// Records wait in batches for their e-availability, which one
		// query reads, and go on in scan order.
		batch := make([]Doc, 0, onlineBatch)
		flush := func() error {
			if err := ix.markOnline(ctx, st, batch); err != nil {
				return err
			}
			for _, d := range batch {
				if err := put(d); err != nil {
					return err
				}
			}
			batch = batch[:0]
			return nil
		}
		err := st.ScanRecords(ctx, 0, func(rec library.Record, items []library.Item) error {
			batch = append(batch, DocFrom(rec, items))
			if len(batch) == onlineBatch {
				return flush()
			}
			return nil
		})
		if err != nil {
			return err
		}
		return flush()
	}, progress)
	if err != nil {
		return fmt.Errorf("rebuild index: %w", err)
	}
	return nil
}

// Build replaces the index with one of the documents scan passes to put,
// in order, as Rebuild does from a store; pos is the change-feed position
// they reflect. It is for loading many documents at once (benchmarks,
// tools): analysis runs on every CPU, where Put analyses in its caller.
func (ix *Index) Build(ctx context.Context, pos library.FeedPos, scan func(put func(Doc) error) error, progress func(done int)) error {
	ix.follow.Lock()
	defer ix.follow.Unlock()
	if err := ix.build(ctx, pos, scan, progress); err != nil {
		return fmt.Errorf("build index: %w", err)
	}
	return nil
}

// build is Rebuild and Build. The caller holds ix.follow.
//
// Documents are analysed by one worker per CPU while one goroutine puts
// them into the new index in scan order, so that document numbers grow
// with record IDs and postings only ever append. That goroutine is the
// one part that does not run in parallel, so the workers take from it
// what they can: they look up the terms of their documents in the
// dictionary, which it then only adds the new ones to, in scan order, so
// that every term gets the ID it would get from Puts one by one.
func (ix *Index) build(ctx context.Context, pos library.FeedPos, scan func(put func(Doc) error) error, progress func(done int)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c := newCore()
	c.tails = true
	var dict sync.RWMutex // over c.termIDs: the workers read it, the put goroutine adds to it
	work := make(chan *rebuildBatch, 2*runtime.GOMAXPROCS(0))
	ordered := make(chan *rebuildBatch, 4*runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			an := newAnalyser(ix.morph)
			known := make(map[string]uint32)
			for bt := range work {
				for i, d := range bt.docs {
					a := an.analyse(d)
					c.lookUp(a, known, &dict)
					bt.out[i] = a
				}
				close(bt.done)
			}
		})
	}
	done := 0
	applied := make(chan struct{})
	go func() {
		defer close(applied)
		for bt := range ordered {
			select {
			case <-bt.done:
			case <-ctx.Done():
				continue // drain; the scan stops
			}
			dict.Lock()
			for _, a := range bt.out {
				c.learn(a)
			}
			dict.Unlock()
			for _, a := range bt.out {
				c.put(a, ix.cfg.Branches)
			}
			done += len(bt.out)
			if progress != nil {
				progress(done)
			}
		}
	}()
	bt := newRebuildBatch()
	send := func() error {
		bt.out = make([]*analysed, len(bt.docs))
		select {
		case ordered <- bt:
		case <-ctx.Done():
			return ctx.Err()
		}
		select {
		case work <- bt:
		case <-ctx.Done():
			return ctx.Err()
		}
		bt = newRebuildBatch()
		return nil
	}
	err := scan(func(d Doc) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		bt.docs = append(bt.docs, d)
		if len(bt.docs) == rebuildBatchSize {
			return send()
		}
		return nil
	})
	if err == nil && len(bt.docs) > 0 {
		err = send()
	}
	if err != nil {
		cancel()
	}
	close(work)
	wg.Wait()
	close(ordered)
	<-applied
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c.flushTails()
	c.optimize()
	ix.mu.Lock()
	ix.x, ix.lastPos = c, pos
	ix.version++
	ix.mu.Unlock()
	ix.refreshSuggester()
	return nil
}

// maxKnown is the number of terms a build worker keeps the IDs of in a
// map of its own: the first ones. Term IDs count terms in the order they
// first occur, so the frequent terms come early, and the first 16,384
// make 19 in 20 of the words of a generated catalogue. A map of them
// answers most lookups from the CPU's cache, where the dictionary of
// millions would mostly miss it, and it never needs clearing.
const maxKnown = 1 << 14

// lookUp notes in a.ids the IDs of a's terms that are in the dictionary,
// and newTerm for the others. It looks in known first, the worker's own
// map of IDs found before, and then in the dictionary, under dict's read
// lock.
func (c *core) lookUp(a *analysed, known map[string]uint32, dict *sync.RWMutex) {
	n := 0
	for f := range a.terms {
		n += len(a.terms[f])
	}
	a.ids = make([]uint32, 0, n)
	missed := false
	for f := range a.terms {
		for _, t := range a.terms[f] {
			id, ok := known[t]
			if !ok {
				id, missed = newTerm, true
			}
			a.ids = append(a.ids, id)
		}
	}
	if !missed {
		return
	}
	dict.RLock() // for one document, so that the put goroutine waits little
	defer dict.RUnlock()
	k := 0
	for f := range a.terms {
		for _, t := range a.terms[f] {
			if a.ids[k] == newTerm {
				if id, ok := c.termIDs[t]; ok {
					a.ids[k] = id
					if id < maxKnown {
						known[t] = id
					}
				}
			}
			k++
		}
	}
}

// learn adds the terms lookUp did not find to the dictionary, unless a
// document before a has added them since, and notes their IDs in a.ids.
func (c *core) learn(a *analysed) {
	k := 0
	for f := range a.terms {
		for _, t := range a.terms[f] {
			if a.ids[k] == newTerm {
				a.ids[k] = c.termID(t)
			}
			k++
		}
	}
}

// rebuildBatchSize is how many records a Rebuild worker analyses at a time.
const rebuildBatchSize = 256

// rebuildBatch is records of a Rebuild on their way to the index.
type rebuildBatch struct {
	docs []Doc
	out  []*analysed
	done chan struct{} // closed when out is filled
}

func newRebuildBatch() *rebuildBatch {
	return &rebuildBatch{docs: make([]Doc, 0, rebuildBatchSize), done: make(chan struct{})}
}

// CatchUp applies the store's changes after the last one the index has
// seen: it re-reads each changed record with its items, or removes it if
// it is gone. First, if the store counts changes to its branches and they
// changed, it reads them again (SetBranches).
func (ix *Index) CatchUp(ctx context.Context, st library.Store) error {
	ix.follow.Lock()
	defer ix.follow.Unlock()
	if err := ix.syncBranches(ctx, st); err != nil {
		return err
	}
	for {
		pos := ix.FeedPos()
		changes, err := st.ChangesSince(ctx, pos, changeBatch)
		var gone *library.FeedTrimmedError
		if errors.As(err, &gone) {
			return err // it says the position; the caller rebuilds
		}
		if err != nil {
			return fmt.Errorf("index changes since %v: %w", pos, err)
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
		ix.lastPos = changes[len(changes)-1].Pos()
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
	docs := []Doc{DocFrom(rec, items)}
	if err := ix.markOnline(ctx, st, docs); err != nil {
		return fmt.Errorf("index record %d: %w", id, err)
	}
	ix.Put(docs[0])
	return nil
}

// pendingFeed is a store whose feed can hold committed changes that are
// not handed over yet (store.DB on PostgreSQL: a transaction that began
// earlier still runs).
type pendingFeed interface {
	ChangesPending(ctx context.Context) (bool, error)
}

// Bounds of Follow's quick second looks while changes are pending.
const (
	minRelook = 10 * time.Millisecond
	maxRelook = 500 * time.Millisecond
)

// Follow keeps the index current until ctx is done: it catches up when
// wake fires (a commit on any node that appended to the feed: the
// server wires it to PostgreSQL's LISTEN/NOTIFY, or to the SQLite
// store's commit signal; nil for none) and every interval, in case a
// wake-up was lost. While the store has changes pending behind a
// transaction still running, it looks again soon, waiting twice as long
// each time, so that a change shows within moments of its commit and
// not at the next interval. If the index fell behind the feed kept, it
// rebuilds (catchUpOrRebuild). Errors are logged and retried at the next
// tick. It returns ctx's error.
func (ix *Index) Follow(ctx context.Context, st library.Store, wake <-chan struct{}, every time.Duration) error {
	if every <= 0 {
		every = time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	pf, _ := st.(pendingFeed)
	relook := minRelook
	for {
		ix.catchUpOrRebuild(ctx, st)
		var soon <-chan time.Time
		if pf != nil {
			if pending, err := pf.ChangesPending(ctx); err == nil && pending {
				soon = time.After(relook)
				relook = min(2*relook, maxRelook)
			} else {
				relook = minRelook
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-wake:
			relook = minRelook
		case <-t.C:
		case <-soon:
		}
	}
}
