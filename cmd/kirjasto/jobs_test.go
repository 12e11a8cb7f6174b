package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/store"
)

// kirjasto jobs shows each job's last and next run, who holds it and its
// last error; a lapsed lease is marked as such.
func TestWriteJobs(t *testing.T) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	var b bytes.Buffer
	writeJobs(&b, []store.Job{
		{Name: "due notices", NextRun: now.Add(time.Minute), LastRun: now.Add(-time.Second), LastOK: now, LastCount: 4},
		{Name: "auto-renew", NextRun: now, RetryAt: now.Add(20 * time.Second), Holder: "node-b:42:ab", LeaseUntil: now.Add(30 * time.Second),
			Attempts: 2, LastError: "connection refused"},
		{Name: "statistics roll-up", NextRun: now, Holder: "node-a:7:cd", LeaseUntil: now.Add(-time.Second)},
	}, now)
	out := b.String()
	for _, want := range []string{
		"due notices         2026-12-07 08:59:59  2026-12-07 09:00:00  4    2026-12-07 09:01:00  -",
		"auto-renew          never                never                0    2026-12-07 09:00:20  node-b:42:ab          2026-12-07 09:00:30  2             connection refused",
		"node-a:7:cd (lapsed)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("kirjasto jobs printed\n%s\nwant a line with %q", out, want)
		}
	}
}

// kirjasto jobs run NAME makes a job due now; an unknown name is an error.
func TestJobDueNow(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, t.TempDir()+"/k.db", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	if err := db.EnsureJob(ctx, "due notices", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.JobDueNow(ctx, "due notices", now); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.ClaimJob(ctx, "due notices", "a", now, time.Minute); err != nil || !ok {
		t.Errorf("a job made due now is not claimable: %v %v", ok, err)
	}
	if err := db.JobDueNow(ctx, "no such", now); err == nil {
		t.Error("making an unknown job due now succeeded")
	}
}
