package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/realtime"
	"github.com/kirjasto/kirjasto/internal/search"
	"github.com/kirjasto/kirjasto/internal/store"
)

// feedTopic is the real-time topic on which a node announces that it
// committed changes to the change feed.
const feedTopic = "catalogue.changes"

// feedPoll is how often the index reads the feed without being woken, in
// case an announcement was lost (a node died between its commit and its
// announcement, or the broker was reconnecting).
const feedPoll = 2 * time.Second

// followFeed keeps ix following db's change feed until ctx ends, woken
// whenever any node commits changes. On PostgreSQL the announcement is a
// NOTIFY every node's broker LISTENs to; on SQLite the broker stays in
// this process, the only one.
//
// The NOTIFY is sent after the commit, from a connection of its own, and
// not inside the writing transaction: PostgreSQL serialises the commits of
// transactions that sent NOTIFY under one lock, held through the commit's
// WAL flush, which would put back the global lock the feed was freed of
// (docs/changefeed.md). db.Changed coalesces commits, so a busy node sends
// one announcement per burst rather than one per checkout.
func followFeed(ctx context.Context, ix *search.Index, db *store.DB, broker *realtime.Broker, logger *slog.Logger) {
	events, cancel := broker.Subscribe(feedTopic)
	wake := make(chan struct{}, 1)
	go func() {
		defer cancel()
		for {
			select {
			case <-ctx.Done():
				return
			case _, ok := <-events:
				if !ok {
					return // the broker closed; Follow still polls
				}
				select {
				case wake <- struct{}{}:
				default:
				}
			}
		}
	}()
	go func() {
		event := []byte(`{"type":"changes"}`)
		for {
			select {
			case <-ctx.Done():
				return
			case <-db.Changed():
				if err := broker.Publish(ctx, feedTopic, event); err != nil && ctx.Err() == nil {
					logger.Warn("search index: announce changes", "err", err)
				}
			}
		}
	}()
	go ix.Follow(ctx, db, wake, feedPoll)
}

// feedFlags adds --feed-retention: how long the change feed keeps its
// entries. A node away for longer rebuilds its index from the database
// when it starts (docs/changefeed.md, docs/deploy.md).
func feedFlags(cmd *cobra.Command, cfg *config) {
	retention := store.DefaultFeedRetention
	if v := os.Getenv("KIRJASTO_FEED_RETENTION"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			d = -1 // checkFeedRetention refuses it
		}
		retention = d
	}
	cmd.Flags().DurationVar(&cfg.feedRetention, "feed-retention", retention,
		"how long the change feed keeps entries; a node away for longer rebuilds its search index at start (env KIRJASTO_FEED_RETENTION)")
}

// checkFeedRetention refuses a retention that would trim nothing or all.
func checkFeedRetention(d time.Duration) error {
	if d <= 0 {
		return fmt.Errorf("--feed-retention (env KIRJASTO_FEED_RETENTION) must be a positive duration such as 168h, not %v", d)
	}
	return nil
}
