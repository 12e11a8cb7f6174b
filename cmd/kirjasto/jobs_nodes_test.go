package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestJobsAcrossNodes is issue 19's point 2 with real processes: two
// kirjasto nodes on one PostgreSQL share the sweeps. Each sweep's first run
// is done by one of them, not both; and a run held by a node that died
// (a claim whose lease nobody renews) is left alone until its lease ends,
// then taken over by one of the living nodes, once.
func TestJobsAcrossNodes(t *testing.T) {
	// The nodes' tests mostly wait (for processes, windows, leases):
	// they run beside one another, after the package's other tests.
	t.Parallel()
	dsn := storetest.PostgresDSN(t)
	pepper := "jobs-across-nodes-" + strings.Repeat("p", 32)
	started := time.Now()
	start(t, "demo", "--addr", "127.0.0.1:0", "--records", "500", "--data", t.TempDir(), "--db", dsn,
		"--pepper", pepper, "--log-level", "warn")
	start(t, "serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--db", dsn,
		"--pepper", pepper, "--log-level", "warn")
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	want := len(sweeps(db, nil, time.Hour))
	var js []store.Job
	checked := map[string]bool{}
	waitUntil(t, "every sweep's first run", func() bool {
		js, err = db.Jobs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// A sweep runs every minute, and its first run began after the
		// first node started: until a minute after that, one run each.
		inFirstMinute := time.Since(started) < 58*time.Second
		for _, j := range js {
			if j.LastOK.IsZero() || checked[j.Name] {
				continue
			}
			checked[j.Name] = true
			if !inFirstMinute {
				t.Logf("sweep %q first seen run after a minute: not checked", j.Name)
			} else if j.Claims != 1 {
				t.Errorf("sweep %q was claimed %d times in its first minute, want once", j.Name, j.Claims)
			}
		}
		return len(js) == want && len(checked) == want
	})
	t.Logf("every sweep ran %s after the first node started", time.Since(started).Round(time.Second))

	// A node dies holding "due notices": its claim's lease runs out.
	const lease = 3 * time.Second
	var c store.JobClaim
	waitUntil(t, "a claim of the dead node's", func() bool {
		if err := db.JobDueNow(ctx, "due notices", time.Now()); err != nil {
			t.Fatal(err)
		}
		var ok bool
		c, ok, err = db.ClaimJob(ctx, "due notices", "dead-node", time.Now(), lease)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	})
	claimed := time.Now()
	var taken store.Job
	waitUntil(t, "the dead node's run taken over", func() bool {
		js, err := db.Jobs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range js {
			if j.Name == "due notices" && j.LastOK.After(claimed) {
				taken = j
				return true
			}
		}
		return false
	})
	t.Logf("taken over %s after the dead node's claim", taken.LastRun.Sub(claimed).Round(100*time.Millisecond))
	if taken.Claims != c.Token+1 {
		t.Errorf("the dead node's run was claimed %d times after it, want once", taken.Claims-c.Token)
	}
	if taken.LastRun.Before(claimed.Add(lease)) {
		t.Errorf("a node took the run over at %s, before the dead node's lease ran out at %s", taken.LastRun, claimed.Add(lease))
	}
	if taken.Holder != "" {
		t.Errorf("the run taken over is still held by %q", taken.Holder)
	}

	out := run(t, "jobs", "--db", dsn, "--data", t.TempDir(), "--log-level", "warn")
	for _, j := range js {
		if !strings.Contains(out, j.Name) {
			t.Errorf("kirjasto jobs does not list %q:\n%s", j.Name, out)
		}
	}
}

// waitUntil polls cond every 100 ms, failing t after two minutes.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
