package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// readAll reads the feed after pos to its end in batches of batch.
func readAll(ctx context.Context, db *store.DB, pos library.FeedPos, batch int) ([]library.Change, library.FeedPos, error) {
	var all []library.Change
	for {
		cs, err := db.ChangesSince(ctx, pos, batch)
		if err != nil {
			return all, pos, err
		}
		if len(cs) == 0 {
			return all, pos, nil
		}
		all = append(all, cs...)
		pos = cs[len(cs)-1].Pos()
	}
}

func recordIDs(cs []library.Change) []int64 {
	var ids []int64
	for _, c := range cs {
		ids = append(ids, c.RecordID)
	}
	return ids
}

// TestTrimChanges trims entries older than the retention and keeps the
// newer ones; a follower standing before the newest trimmed entry is told
// so, one after it reads on as before.
func TestTrimChanges(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now()
		const keep = 7 * 24 * time.Hour
		start := feedMark(t, db)
		// More old entries than one batch deletes, so that trimming
		// takes several transactions.
		old := make([]int64, store.TrimBatchSize+7)
		for i := range old {
			old[i] = int64(i + 1)
		}
		if err := db.AppendChangesAt(ctx, now.Add(-10*24*time.Hour), old...); err != nil {
			t.Fatal(err)
		}
		if err := db.AppendChangesAt(ctx, now.Add(-keep+time.Hour), 1000001, 1000002); err != nil {
			t.Fatal(err)
		}
		if err := db.WaitFeed(ctx); err != nil {
			t.Fatal(err)
		}
		all, end, err := readAll(ctx, db, start, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != len(old)+2 {
			t.Fatalf("the feed has %d entries, want %d", len(all), len(old)+2)
		}
		newestOld := all[len(old)-1].Pos()

		n, err := db.TrimChanges(ctx, now, keep)
		if err != nil {
			t.Fatal(err)
		}
		if n != len(old) {
			t.Errorf("trimmed %d entries, want %d", n, len(old))
		}
		trimmed, err := db.FeedTrimmed(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if trimmed != newestOld {
			t.Errorf("trimmed up to %v, want %v (the newest old entry)", trimmed, newestOld)
		}

		// A follower that had read the old entries reads the new ones.
		rest, _, err := readAll(ctx, db, newestOld, 1000)
		if err != nil {
			t.Fatalf("a follower past the trimmed entries: %v", err)
		}
		if got := recordIDs(rest); len(got) != 2 || got[0] != 1000001 || got[1] != 1000002 {
			t.Errorf("after trimming the feed holds records %v, want [1000001 1000002]", got)
		}
		if _, _, err := readAll(ctx, db, end, 1000); err != nil {
			t.Errorf("a follower at the feed's end: %v", err)
		}
		// One that had not is told, whatever it reads.
		for _, pos := range []library.FeedPos{start, all[0].Pos(), all[len(old)-2].Pos()} {
			_, _, err := readAll(ctx, db, pos, 1000)
			var gone *library.FeedTrimmedError
			if !errors.As(err, &gone) || gone.Trimmed != newestOld || gone.Pos != pos {
				t.Errorf("a follower at %v: error %v, want a FeedTrimmedError up to %v", pos, err, newestOld)
			}
		}

		// Trimming again finds nothing and leaves the mark.
		if n, err := db.TrimChanges(ctx, now, keep); err != nil || n != 0 {
			t.Errorf("trimming again: %d, %v; want 0, nil", n, err)
		}
		if again, _ := db.FeedTrimmed(ctx); again != trimmed {
			t.Errorf("trimming again moved the mark to %v from %v", again, trimmed)
		}

		// A feed trimmed empty: a node that starts now (LastChange) reads
		// on without being told it is behind, and sees what comes next.
		if _, err := db.TrimChanges(ctx, now.Add(30*24*time.Hour), keep); err != nil {
			t.Fatal(err)
		}
		last := feedMark(t, db)
		if err := db.AppendChangesAt(ctx, now, 1000003); err != nil {
			t.Fatal(err)
		}
		if err := db.WaitFeed(ctx); err != nil {
			t.Fatal(err)
		}
		next, _, err := readAll(ctx, db, last, 1000)
		if err != nil {
			t.Fatalf("a follower starting at %v on a feed trimmed empty: %v", last, err)
		}
		if got := recordIDs(next); len(got) != 1 || got[0] != 1000003 {
			t.Errorf("after the feed was trimmed empty a new follower read %v, want [1000003]", got)
		}

		if _, err := db.TrimChanges(ctx, now, 0); library.ErrorCode(err) != library.EINVALID {
			t.Errorf("a retention of 0: %v, want %s", err, library.EINVALID)
		}
	})
}

// TestTrimChangesWhileFollowing reads the feed in small batches while it
// is trimmed: the follower either reads every entry or is told that it
// fell behind, never silently skips one.
func TestTrimChangesWhileFollowing(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now()
		start := feedMark(t, db)
		ids := make([]int64, 3*store.TrimBatchSize)
		for i := range ids {
			ids[i] = int64(i + 1)
		}
		if err := db.AppendChangesAt(ctx, now.Add(-30*24*time.Hour), ids...); err != nil {
			t.Fatal(err)
		}
		if err := db.WaitFeed(ctx); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var trimErr error
		wg.Go(func() { _, trimErr = db.TrimChanges(ctx, now, 24*time.Hour) })
		read, _, err := readAll(ctx, db, start, 50)
		wg.Wait()
		if trimErr != nil {
			t.Fatal(trimErr)
		}
		var gone *library.FeedTrimmedError
		switch {
		case errors.As(err, &gone):
			t.Logf("told it fell behind after %d of %d entries: %v", len(read), len(ids), err)
		case err != nil:
			t.Fatal(err)
		case len(read) != len(ids):
			t.Fatalf("the follower read %d of %d entries and was not told it missed any", len(read), len(ids))
		}
		for i, c := range read {
			if c.RecordID != ids[i] {
				t.Fatalf("entry %d is record %d, want %d: the follower skipped entries", i, c.RecordID, ids[i])
			}
		}
	})
}

// After Erase (the demo's rebuild, which empties every table, the trim
// mark's too) the feed still reads, stands at its start, and trims: the
// demo's restart after an interrupted build failed on the missing mark.
func TestTrimAfterErase(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now()
		if err := db.AppendChangesAt(ctx, now.Add(-10*24*time.Hour), 1, 2); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TrimChanges(ctx, now, time.Hour); err != nil {
			t.Fatal(err)
		}
		if err := db.Erase(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := db.LastChange(ctx); err != nil {
			t.Errorf("LastChange after Erase: %v", err)
		}
		if p, err := db.FeedTrimmed(ctx); err != nil || p != (library.FeedPos{}) {
			t.Errorf("FeedTrimmed after Erase = %v, %v; want the start, nil", p, err)
		}
		if err := db.AppendChangesAt(ctx, now.Add(-10*24*time.Hour), 3); err != nil {
			t.Fatal(err)
		}
		if err := db.WaitFeed(ctx); err != nil {
			t.Fatal(err)
		}
		if n, err := db.TrimChanges(ctx, now, time.Hour); err != nil || n != 1 {
			t.Errorf("TrimChanges after Erase = %d, %v; want 1, nil", n, err)
		}
		if p, err := db.FeedTrimmed(ctx); err != nil || p == (library.FeedPos{}) {
			t.Errorf("FeedTrimmed after a trim = %v, %v; want the trimmed entry's position", p, err)
		}
		if _, err := db.ChangesSince(ctx, library.FeedPos{}, 10); !errors.As(err, new(*library.FeedTrimmedError)) {
			t.Errorf("ChangesSince from the start after a trim: %v, want a FeedTrimmedError", err)
		}
	})
}
