package jobs

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// node opens a second handle on db's database: another node sharing it.
func node(t *testing.T, db *store.DB) *store.DB {
	t.Helper()
	other, err := store.Open(context.Background(), db.DSN(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	return other
}

// start runs r in a goroutine and returns the func that stops it and
// waits for it.
func start(t *testing.T, r *Runner) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	return func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("runner %s: %v", r.Holder, err)
		}
	}
}

// waitFor polls cond until it holds, failing the test after a minute.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Two nodes run the same frequent job: every scheduled run is done once,
// never by both at a time.
func TestEachRunOnceAcrossNodes(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		var (
			mu      sync.Mutex
			runs    = map[time.Time][]string{}
			total   atomic.Int32
			running atomic.Int32
			overlap atomic.Int32
		)
		job := func(holder string) Job {
			return Job{Name: "count", Every: 20 * time.Millisecond, Run: func(ctx context.Context, now time.Time) (int, error) {
				if running.Add(1) > 1 {
					overlap.Add(1)
				}
				defer running.Add(-1)
				mu.Lock()
				runs[Scheduled(ctx)] = append(runs[Scheduled(ctx)], holder)
				mu.Unlock()
				time.Sleep(2 * time.Millisecond) // long enough for the other node to try
				total.Add(1)
				return 1, nil
			}}
		}
		var stops []func()
		for i, s := range []*store.DB{db, node(t, db)} {
			holder := []string{"a", "b"}[i]
			stops = append(stops, start(t, &Runner{Store: s, Holder: holder, Jobs: []Job{job(holder)}, Poll: time.Millisecond}))
		}
		waitFor(t, "30 runs", func() bool { return total.Load() >= 30 })
		for _, stop := range stops {
			stop()
		}
		if n := overlap.Load(); n > 0 {
			t.Errorf("the job ran on both nodes at once %d times", n)
		}
		by := map[string]int{}
		for at, holders := range runs {
			if len(holders) != 1 {
				t.Errorf("run scheduled at %s done %d times, by %v", at, len(holders), holders)
			}
			by[holders[0]]++
		}
		t.Logf("runs by node: %v", by)
		jobs, err := db.Jobs(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(jobs) != 1 || jobs[0].Name != "count" || jobs[0].LastCount != 1 || jobs[0].LastOK.IsZero() {
			t.Errorf("jobs table: %+v", jobs)
		}
	})
}

// A node killed mid-job (its runner stopped without releasing the claim)
// keeps the run until its lease passes; then the other node does the same
// run.
func TestDeadNodesRunTakenOver(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		const lease = 300 * time.Millisecond
		started := make(chan time.Time, 1)
		a := &Runner{Store: db, Holder: "a", Lease: lease, Poll: time.Millisecond, Jobs: []Job{{Name: "sweep", Every: time.Hour,
			Run: func(ctx context.Context, now time.Time) (int, error) {
				started <- Scheduled(ctx)
				<-ctx.Done()
				return 0, ctx.Err()
			}}}}
		kill := start(t, a)
		scheduled := <-started
		kill()

		jobs, err := db.Jobs(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(jobs) != 1 || jobs[0].Holder != "a" || jobs[0].LeaseUntil.IsZero() {
			t.Fatalf("after the kill the job should still be held by a: %+v", jobs)
		}
		until := jobs[0].LeaseUntil

		type run struct{ at, scheduled time.Time }
		took := make(chan run, 10)
		b := &Runner{Store: node(t, db), Holder: "b", Lease: lease, Poll: time.Millisecond, Jobs: []Job{{Name: "sweep", Every: time.Hour,
			Run: func(ctx context.Context, now time.Time) (int, error) {
				took <- run{now, Scheduled(ctx)}
				return 1, nil
			}}}}
		stop := start(t, b)
		r := <-took
		waitFor(t, "b's run recorded", func() bool {
			jobs, err := db.Jobs(context.Background())
			return err == nil && len(jobs) == 1 && jobs[0].LastCount == 1
		})
		stop()
		if !r.at.After(until) {
			t.Errorf("b took the run over at %s, before a's lease ended at %s", r.at, until)
		}
		if !r.scheduled.Equal(scheduled) {
			t.Errorf("b ran the run scheduled at %s; a's was at %s", r.scheduled, scheduled)
		}
		if len(took) != 0 {
			t.Errorf("b ran the job %d more times", len(took))
		}
		jobs, _ = db.Jobs(context.Background())
		if j := jobs[0]; j.Holder != "" || !j.NextRun.After(r.at) || j.Claims != 2 {
			t.Errorf("after b's run: %+v", j)
		}
	})
}

// partitioned fails every lease renewal after cut, as a node cut off from
// the database would.
type partitioned struct {
	Store
	cut atomic.Bool
}

func (p *partitioned) RenewJob(ctx context.Context, c store.JobClaim, until time.Time) error {
	if p.cut.Load() {
		return errors.New("connection refused")
	}
	return p.Store.RenewJob(ctx, c, until)
}

// A node that cannot renew its lease stops its job before the lease ends,
// so that the node that takes the run over never runs beside it.
func TestLostLeaseStopsTheJob(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		// The node stops its job a third of a lease before the lease ends;
		// under CI's load a goroutine can wait a tenth of a second for a
		// CPU, so the third must be longer than that.
		const lease = 1500 * time.Millisecond
		started := make(chan struct{})
		pa := &partitioned{Store: db}
		var calls atomic.Int32
		var stopped, tookAt atomic.Int64 // Unix nanoseconds
		var first, second atomic.Value
		// The first run (on a) is cut off from the database and waits
		// for its context; the second, on whichever node, returns.
		job := Job{Name: "sweep", Every: time.Hour, Run: func(ctx context.Context, now time.Time) (int, error) {
			switch calls.Add(1) {
			case 1:
				first.Store(Scheduled(ctx))
				pa.cut.Store(true)
				close(started)
				<-ctx.Done()
				stopped.Store(time.Now().UnixNano())
				return 0, ctx.Err()
			case 2:
				tookAt.Store(time.Now().UnixNano())
				second.Store(Scheduled(ctx))
			}
			return 1, nil
		}}
		stopA := start(t, &Runner{Store: pa, Holder: "a", Lease: lease, Poll: time.Millisecond, Jobs: []Job{job}})
		<-started
		stopB := start(t, &Runner{Store: node(t, db), Holder: "b", Lease: lease, Poll: time.Millisecond, Jobs: []Job{job}})
		waitFor(t, "the run taken over", func() bool { return tookAt.Load() != 0 })
		stopB()
		stopA()
		if stopped.Load() == 0 || stopped.Load() >= tookAt.Load() {
			t.Errorf("the first try stopped at %d, the second began at %d: they overlapped", stopped.Load(), tookAt.Load())
		}
		if !first.Load().(time.Time).Equal(second.Load().(time.Time)) {
			t.Errorf("the second try ran the run scheduled at %v, the first %v", second.Load(), first.Load())
		}
	})
}

// A failing run is tried again after the backoff, keeps its scheduled
// time, and its error shows in the jobs table until a try succeeds.
func TestFailedRunRetried(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		var tries atomic.Int32
		var scheduled sync.Map
		r := &Runner{Store: db, Holder: "a", Poll: time.Millisecond, Backoff: time.Millisecond, Jobs: []Job{{Name: "flaky", Every: time.Hour,
			Run: func(ctx context.Context, now time.Time) (int, error) {
				scheduled.Store(Scheduled(ctx), true)
				if tries.Add(1) <= 2 {
					return 0, errors.New("database said no")
				}
				return 3, nil
			}}}}
		stop := start(t, r)
		waitFor(t, "a success", func() bool {
			jobs, err := db.Jobs(context.Background())
			return err == nil && len(jobs) == 1 && jobs[0].LastCount == 3
		})
		stop()
		jobs, _ := db.Jobs(context.Background())
		if j := jobs[0]; j.LastError != "" || j.Attempts != 0 || tries.Load() != 3 {
			t.Errorf("after two failures and a success (%d tries): %+v", tries.Load(), j)
		}
		n := 0
		scheduled.Range(func(any, any) bool { n++; return true })
		if n != 1 {
			t.Errorf("the retries ran %d different scheduled runs, want the same one", n)
		}
	})
}

// A failed run's error shows in the jobs table while it waits for a retry.
func TestFailureShown(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		failed := make(chan struct{}, 1)
		r := &Runner{Store: db, Holder: "a", Poll: time.Millisecond, Backoff: time.Hour, Jobs: []Job{{Name: "broken", Every: time.Minute,
			Run: func(ctx context.Context, now time.Time) (int, error) {
				select {
				case failed <- struct{}{}:
				default:
				}
				return 0, errors.New("no such table")
			}}}}
		stop := start(t, r)
		<-failed
		waitFor(t, "the failure recorded", func() bool {
			jobs, err := db.Jobs(context.Background())
			return err == nil && len(jobs) == 1 && jobs[0].Attempts == 1
		})
		stop()
		jobs, _ := db.Jobs(context.Background())
		j := jobs[0]
		if j.LastError != "no such table" || j.Holder != "" || j.RetryAt.Before(time.Now().Add(50*time.Minute)) {
			t.Errorf("after a failure with an hour's backoff: %+v", j)
		}
	})
}

func TestBackoff(t *testing.T) {
	for _, c := range []struct {
		attempts int
		want     time.Duration
	}{{0, 10 * time.Second}, {1, 20 * time.Second}, {3, 80 * time.Second}, {9, time.Hour}, {1000, time.Hour}} {
		if got := backoff(10*time.Second, c.attempts); got != c.want {
			t.Errorf("backoff after %d failures: %s, want %s", c.attempts+1, got, c.want)
		}
	}
}

func TestNextRun(t *testing.T) {
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	if got := nextRun(at, time.Minute, at.Add(10*time.Second)); !got.Equal(at.Add(time.Minute)) {
		t.Errorf("next run after an on-time run: %s", got)
	}
	if got := nextRun(at, time.Minute, at.Add(time.Hour)); !got.Equal(at.Add(time.Hour + time.Minute)) {
		t.Errorf("next run after a late run: %s, want one interval from now", got)
	}
}

// A node told to stop while it is still registering its jobs stops
// cleanly: the shutdown is not a failure (the lost-lease test stopped a
// node that slow to start and saw "register job: context canceled").
func TestStopWhileStarting(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		r := &Runner{Store: db, Holder: "a", Jobs: []Job{{Name: "sweep", Every: time.Hour,
			Run: func(context.Context, time.Time) (int, error) { return 0, nil }}}}
		if err := r.Run(ctx); err != nil {
			t.Errorf("Run on a stopped context: %v", err)
		}
	})
}
