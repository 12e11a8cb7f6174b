package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestAwayLongerThanFeed is issue 19's point 3 with the real binary: a
// node saves its index and stops; while it is away a record changes and
// the change feed is trimmed past the saved position. When the node
// starts it rebuilds from the database, says why, and finds the change
// the feed no longer names. The change keeps the number of records, so
// that only the trimmed feed can tell the saved index is stale.
func TestAwayLongerThanFeed(t *testing.T) {
	t.Parallel()
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			args := dbArgs(t, dialect)
			dsn := filepath.Join(args[1], "kirjasto.db")
			if dialect == "postgres" {
				dsn = args[len(args)-1]
			}
			s := start(t, append([]string{"demo", "--addr", "127.0.0.1:0", "--records", "500"}, args...)...)
			s.stop(t)

			ctx := context.Background()
			db, err := store.Open(ctx, dsn, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			retitle(t, db, 1, "Zyxxyn paluu")
			if err := db.WaitFeed(ctx); err != nil {
				t.Fatal(err)
			}
			// The node was away for a month, the feed is kept for a week.
			if n, err := db.TrimChanges(ctx, time.Now().Add(30*24*time.Hour), 7*24*time.Hour); err != nil || n == 0 {
				t.Fatalf("trimming the feed: %d, %v", n, err)
			}

			s = start(t, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
			log := s.stderr.String()
			if !strings.Contains(log, "search index not usable; rebuilding") || !strings.Contains(log, "saved position") ||
				!strings.Contains(log, "predates the change feed kept (trimmed up to") {
				t.Errorf("the node does not say it rebuilds because the feed was trimmed; its log:\n%s", log)
			}
			var r searchResponse
			s.getJSON(t, "/api/v1/search?q=zyxxyn", &r)
			if r.Total != 1 || len(r.Hits) != 1 || r.Hits[0].ID != 1 {
				t.Errorf("search for the new title: %+v, want record 1", r)
			}
		})
	}
}

// retitle gives a record a new title, keeping its copies.
func retitle(t *testing.T, db *store.DB, id int64, title string) {
	t.Helper()
	ctx := context.Background()
	rec, err := db.Record(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	items, err := db.Items(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	rec.Title = title
	if _, err := db.UpsertRecords(ctx, []library.RecordWithItems{{Record: rec, Items: items}}); err != nil {
		t.Fatal(err)
	}
}

// TestFeedRetentionFlag: --feed-retention defaults to a week, takes its
// environment variable, and a value that is no positive duration is
// refused before the node serves.
func TestFeedRetentionFlag(t *testing.T) {
	tests := []struct {
		env, flag string
		want      time.Duration
		ok        bool
	}{
		{want: 7 * 24 * time.Hour, ok: true},
		{env: "36h", want: 36 * time.Hour, ok: true},
		{env: "36h", flag: "720h", want: 720 * time.Hour, ok: true},
		{env: "a week", ok: false},
		{flag: "0s", ok: false},
		{flag: "-1h", ok: false},
	}
	for _, tt := range tests {
		t.Run(tt.env+"/"+tt.flag, func(t *testing.T) {
			t.Setenv("KIRJASTO_FEED_RETENTION", tt.env)
			for _, newCmd := range []func(*config) *cobra.Command{newServeCmd, newDemoCmd} {
				cfg := &config{}
				cmd := newCmd(cfg)
				if tt.flag != "" {
					if err := cmd.Flags().Set("feed-retention", tt.flag); err != nil {
						t.Fatal(err)
					}
				}
				err := checkFeedRetention(cfg.feedRetention)
				if (err == nil) != tt.ok || tt.ok && cfg.feedRetention != tt.want {
					t.Errorf("%s: retention %v, check %v; want %v, ok %v", cmd.Name(), cfg.feedRetention, err, tt.want, tt.ok)
				}
			}
		})
	}
}
