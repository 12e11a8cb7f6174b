package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

func TestSetItemStatus(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		recs := makeRecords("circ", 1, 1)
		upsert(t, db, recs)
		due := time.Date(2026, 12, 14, 21, 59, 59, 123456000, time.FixedZone("EET", 2*3600))

		it, err := db.SetItemStatus(ctx, "circ-0-0", library.Available, library.OnLoan, "hki-oodi", due)
		if err != nil {
			t.Fatal(err)
		}
		if it.Status != library.OnLoan || it.Branch != "hki-oodi" || !it.DueAt.Equal(due) || it.DueAt.Location() != time.UTC || it.Updated.IsZero() {
			t.Errorf("item after checkout = %+v", it)
		}
		stored, err := db.Item(ctx, "circ-0-0")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(it, stored); diff != "" {
			t.Errorf("Item() differs from what SetItemStatus returned (-returned +stored):\n%s", diff)
		}

		// A second checkout of the same copy conflicts and changes nothing.
		_, err = db.SetItemStatus(ctx, "circ-0-0", library.Available, library.OnLoan, "esp-sello", due.Add(time.Hour))
		wantCode(t, err, library.ECONFLICT)
		if again, _ := db.Item(ctx, "circ-0-0"); !cmp.Equal(again, stored) {
			t.Errorf("a conflicting checkout changed the item: %+v", again)
		}

		// Check-in: no due date (stored as NULL), branch kept when "" is given.
		it, err = db.SetItemStatus(ctx, "circ-0-0", library.OnLoan, library.Available, "", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if it.Status != library.Available || it.Branch != "hki-oodi" || !it.DueAt.IsZero() {
			t.Errorf("item after check-in = %+v, want available at hki-oodi with no due date", it)
		}

		_, err = db.SetItemStatus(ctx, "circ-0-0", library.Available, "borrowed", "", time.Time{})
		wantCode(t, err, library.EINVALID)
	})
}

func TestChangeFeed(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		start, err := db.LastChange(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if empty, err := db.ChangesSince(ctx, start, 10); err != nil || len(empty) != 0 {
			t.Fatalf("feed of an empty store = %v, %v; want none", empty, err)
		}
		drain(db)
		res := upsert(t, db, makeRecords("feed", 3, 1))
		if !signalled(db) {
			t.Error("Changed() not signalled after an upsert")
		}
		if _, err := db.SetItemStatus(ctx, "feed-1-0", library.Available, library.Missing, "", time.Time{}); err != nil {
			t.Fatal(err)
		}
		if !signalled(db) {
			t.Error("Changed() not signalled after SetItemStatus")
		}
		// Failed writes append nothing and signal nothing.
		db.SetItemStatus(ctx, "feed-1-0", library.Available, library.OnLoan, "", time.Time{})
		db.UpsertRecords(ctx, []library.RecordWithItems{{}})
		if signalled(db) {
			t.Error("Changed() signalled after failed writes")
		}

		if err := db.WaitFeed(ctx); err != nil {
			t.Fatal(err)
		}
		all, err := db.ChangesSince(ctx, start, 100)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for i, c := range all {
			got = append(got, c.RecordID)
			if i > 0 && !all[i-1].Pos().Before(c.Pos()) {
				t.Errorf("change %d at %v after %v", i, c.Pos(), all[i-1].Pos())
			}
			if c.At.IsZero() || c.At.Location() != time.UTC {
				t.Errorf("change %+v: At not set in UTC", c)
			}
		}
		want := []int64{res[0].ID, res[1].ID, res[2].ID, res[1].ID}
		if diff := cmp.Diff(want, sorted3(got)); diff != "" {
			t.Errorf("change feed record IDs mismatch (-want +got):\n%s", diff)
		}
		_, err = db.ChangesSince(ctx, library.FeedPos{}, 0)
		wantCode(t, err, library.EINVALID)
		last, err := db.LastChange(ctx)
		if err != nil || last.Before(all[len(all)-1].Pos()) {
			t.Errorf("LastChange = %v, %v; want at or after %v", last, err, all[len(all)-1].Pos())
		}
		if after, err := db.ChangesSince(ctx, last, 10); err != nil || len(after) != 0 {
			t.Errorf("ChangesSince(LastChange) = %+v, %v; want none", after, err)
		}
		rest, err := db.ChangesSince(ctx, all[1].Pos(), 1)
		if err != nil || len(rest) != 1 || rest[0] != all[2] {
			t.Errorf("ChangesSince(%v, 1) = %+v, %v; want [%+v]", all[1].Pos(), rest, err, all[2])
		}
	})
}

// sorted3 sorts the first three IDs, which one batch appends in no
// promised order.
func sorted3(ids []int64) []int64 {
	if len(ids) >= 3 {
		head := ids[:3]
		for i := range head {
			for j := i + 1; j < len(head); j++ {
				if head[j] < head[i] {
					head[i], head[j] = head[j], head[i]
				}
			}
		}
	}
	return ids
}

func drain(db *store.DB) {
	select {
	case <-db.Changed():
	default:
	}
}

func signalled(db *store.DB) bool {
	select {
	case <-db.Changed():
		return true
	default:
		return false
	}
}

// TestCheckoutRace has 20 desks lend one copy at the same moment: exactly
// one may succeed.
func TestCheckoutRace(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		upsert(t, db, makeRecords("race", 1, 1))
		mark := feedMark(t, db)
		const desks = 20
		var (
			wg        sync.WaitGroup
			start     = make(chan struct{})
			mu        sync.Mutex
			ok        []string
			conflicts int
		)
		for d := range desks {
			wg.Go(func() {
				<-start
				desk := fmt.Sprintf("desk-%d", d)
				_, err := db.SetItemStatus(ctx, "race-0-0", library.Available, library.OnLoan, desk, time.Now().Add(28*24*time.Hour))
				mu.Lock()
				defer mu.Unlock()
				switch library.ErrorCode(err) {
				case "":
					ok = append(ok, desk)
				case library.ECONFLICT:
					conflicts++
				default:
					t.Errorf("%s: %v", desk, err)
				}
			})
		}
		close(start)
		wg.Wait()
		if len(ok) != 1 || conflicts != desks-1 {
			t.Fatalf("%d checkouts succeeded (%v) and %d conflicted; want 1 and %d", len(ok), ok, conflicts, desks-1)
		}
		it, err := db.Item(ctx, "race-0-0")
		if err != nil {
			t.Fatal(err)
		}
		if it.Status != library.OnLoan || it.Branch != ok[0] {
			t.Errorf("item after the race = %+v, want on loan at %s", it, ok[0])
		}
		feedMark(t, db) // waits for the feed
		changes, err := db.ChangesSince(ctx, mark, 100)
		if err != nil || len(changes) != 1 {
			t.Errorf("change feed after the race has %d entries (%v), want 1", len(changes), err)
		}
	})
}

// feedMark returns the feed position after everything committed so far.
func feedMark(t *testing.T, db *store.DB) library.FeedPos {
	t.Helper()
	ctx := context.Background()
	if err := db.WaitFeed(ctx); err != nil {
		t.Fatal(err)
	}
	pos, err := db.LastChange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return pos
}
