package search

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
	"github.com/kirjasto/kirjasto/internal/testenv"
)

// syncBuffer is testenv.SyncBuffer.
type syncBuffer = testenv.SyncBuffer

// TestFollowRebuildsWhenTrimmed pauses a follower while a record is added
// and the feed trimmed past the follower's position (a node paused for
// longer than the feed is kept): when it follows again it rebuilds, and
// finds the record the feed no longer names.
func TestFollowRebuildsWhenTrimmed(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		seedStore(t, db, 50)
		var log syncBuffer
		ix := New(Config{Branches: testBranches, Logger: slog.New(slog.NewTextHandler(&log, nil))})
		if err := ix.Rebuild(ctx, db, nil); err != nil {
			t.Fatal(err)
		}
		res, err := db.UpsertRecords(ctx, []library.RecordWithItems{{
			Record: library.Record{SourceID: "away 1", Title: "Zyxxyn paluu", Language: "fin", Material: library.Book},
			Items:  []library.Item{{Barcode: "AWAY1", HomeBranch: "van-00", Branch: "van-00", Status: library.Available}},
		}})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.WaitFeed(ctx); err != nil {
			t.Fatal(err)
		}
		if n, err := db.TrimChanges(ctx, time.Now().Add(30*24*time.Hour), 7*24*time.Hour); err != nil || n == 0 {
			t.Fatalf("trimming the whole feed: %d, %v", n, err)
		}

		fctx, cancel := context.WithCancel(ctx)
		done := make(chan error)
		go func() { done <- ix.Follow(fctx, db, nil, 20*time.Millisecond) }()
		deadline := time.Now().Add(time.Minute) // other tests on the server may hold the feed back
		for !slices.Equal(ids(t, ix, library.SearchQuery{Text: "zyxxyn"}), []int64{res[0].ID}) {
			if time.Now().After(deadline) {
				t.Errorf("the follower behind the trimmed feed never found the new record; its log:\n%s", log.String())
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
		<-done
		if got := log.String(); !strings.Contains(got, "fell behind the change feed; rebuilding") || !strings.Contains(got, "predates the change feed kept") {
			t.Errorf("the log does not say why the index was rebuilt:\n%s", got)
		}
		if ix.Len() != 51 {
			t.Errorf("after rebuilding the index has %d records, want 51", ix.Len())
		}
	})
}
