package main

import (
	"context"
	"time"

	"github.com/kirjasto/kirjasto/internal/jobs"
	"github.com/kirjasto/kirjasto/internal/search"
	"github.com/kirjasto/kirjasto/internal/store"
)

// sweepEvery is how often each periodic sweep of circulation runs.
const sweepEvery = time.Minute

// trimEvery is how often the change feed is trimmed: entries are kept for
// days, so an hour late is nothing, and each run reads the feed's oldest
// entries.
const trimEvery = time.Hour

// sweeps are the periodic jobs of circulation, each registered once with
// the job runner, which runs it on one node at a time (docs/jobs.md). The
// names are the rows of the jobs table: renaming one starts a new job.
// feedRetention is how long change-feed entries are kept
// (--feed-retention).
func sweeps(db *store.DB, ix *search.Index, feedRetention time.Duration) []jobs.Job {
	job := func(name string, run jobs.Func) jobs.Job { return jobs.Job{Name: name, Every: sweepEvery, Run: run} }
	return []jobs.Job{
		job("expire holds", db.ExpireHolds),
		job("auto-renew", db.AutoRenew),
		job("due notices", db.DueNotices),
		job("audit trail retention", db.SweepAudit),
		// Search alerts read this node's index, which follows the change
		// feed: whichever node runs them sees the same catalogue.
		job("search alerts", func(ctx context.Context, now time.Time) (int, error) { return db.SearchAlerts(ctx, now, ix.Search) }),
		job("event reminders", db.EventReminders),
		job("event guests' details", db.EraseEventGuests),
		job("booking reminders", db.BookingReminders),
		job("booking guests' details", db.EraseBookingGuests),
		job("question and feedback guests' details", db.EraseAskGuests),
		job("children's cards at 15", db.ComeOfAge),
		job("idle and old chats", db.AnonymiseChats),
		job("statistics roll-up", db.RollUpStatsSweep),
		job("e-loans, e-hold offers and licences", db.ExpireELoans),
		// A node away for longer than the retention rebuilds its index
		// at start (docs/changefeed.md).
		{Name: "change feed retention", Every: trimEvery, Run: func(ctx context.Context, now time.Time) (int, error) {
			return db.TrimChanges(ctx, now, feedRetention)
		}},
	}
}
