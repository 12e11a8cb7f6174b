// Package jobs runs scheduled work (the sweeps of circulation, reminders,
// roll-ups) once across all the nodes that share a database.
//
// Each job has one row in the database's jobs table (store.Job): when its
// next run is due, a node claims it with a conditional UPDATE that takes a
// lease, renews the lease while the job runs, and on success releases it
// with the time of the next run; a failure releases it to be tried again
// after a backoff. A node that dies mid-job stops renewing, and once its
// lease has passed another node claims the same run and does it. A node
// that loses its lease while still running (it could not reach the
// database to renew) has its job cancelled, and the claim's token keeps it
// from recording a run that another node now owns.
//
// This is the leases-and-conditional-UPDATE pattern of job queues on SQL
// (as in river or Quartz's JDBC store), kept to one table because
// Kirjasto's jobs are a fixed set of periodic sweeps, each idempotent.
package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/kirjasto/kirjasto/internal/metrics"
	"github.com/kirjasto/kirjasto/internal/store"
)

// Store is the part of the database the runner needs; *store.DB has it.
type Store interface {
	EnsureJob(ctx context.Context, name string, first time.Time) error
	ClaimJob(ctx context.Context, name, holder string, now time.Time, lease time.Duration) (store.JobClaim, bool, error)
	RenewJob(ctx context.Context, c store.JobClaim, until time.Time) error
	FinishJob(ctx context.Context, c store.JobClaim, now, next time.Time, count int) error
	FailJob(ctx context.Context, c store.JobClaim, retry time.Time, msg string) error
	Jobs(ctx context.Context) ([]store.Job, error)
}

// Func does a job's work at now, and says how much it did (holds expired,
// notices queued). It must stop when ctx is done: that is how a run whose
// lease was lost is stopped.
type Func func(ctx context.Context, now time.Time) (int, error)

// Job is a job registered with a runner: its name (the row in the jobs
// table, shared by every node), how often it runs, and its work.
type Job struct {
	Name  string
	Every time.Duration
	Run   Func
}

// Runner claims and runs due jobs until its context ends. Its zero
// durations take the defaults.
type Runner struct {
	Store   Store
	Jobs    []Job
	Holder  string // this node's name in the jobs table; HolderName() if empty
	Logger  *slog.Logger
	Metrics *metrics.Metrics
	Now     func() time.Time
	// Poll is the longest the runner sleeps before it looks again for
	// due jobs (10 seconds): it also bounds how late a job that another
	// node dropped is taken over after its lease.
	Poll time.Duration
	// Lease is how long a claim holds without a heartbeat (1 minute);
	// the runner renews it every Lease/3 while the job runs.
	Lease time.Duration
	// Backoff is the wait before the first retry of a failed run (10
	// seconds), doubled on each further failure up to an hour.
	Backoff time.Duration
}

// Defaults for a Runner's zero fields.
const (
	DefaultPoll    = 10 * time.Second
	DefaultLease   = time.Minute
	DefaultBackoff = 10 * time.Second
	maxBackoff     = time.Hour
)

// HolderName names this process in the jobs table: host, process id and a
// random part, so that a restarted process never passes for its
// predecessor.
func HolderName() string {
	host, err := os.Hostname()
	if err != nil {
		host = "node"
	}
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b))
}

type scheduledKey struct{}

// Scheduled returns the scheduled time of the run that ctx belongs to: the
// identity of the run, the same on whichever node does it.
func Scheduled(ctx context.Context) time.Time {
	t, _ := ctx.Value(scheduledKey{}).(time.Time)
	return t
}

func (r *Runner) defaults() {
	if r.Holder == "" {
		r.Holder = HolderName()
	}
	if r.Logger == nil {
		r.Logger = slog.New(slog.DiscardHandler)
	}
	if r.Now == nil {
		r.Now = time.Now
	}
	if r.Poll <= 0 {
		r.Poll = DefaultPoll
	}
	if r.Lease <= 0 {
		r.Lease = DefaultLease
	}
	if r.Backoff <= 0 {
		r.Backoff = DefaultBackoff
	}
}

// Run registers the runner's jobs (a job already in the table keeps its
// schedule) and runs them as they fall due until ctx is done.
func (r *Runner) Run(ctx context.Context) error {
	r.defaults()
	for _, j := range r.Jobs {
		if j.Every <= 0 {
			return fmt.Errorf("job %q: no interval", j.Name)
		}
		if err := r.Store.EnsureJob(ctx, j.Name, r.Now()); err != nil {
			if ctx.Err() != nil {
				return nil // stopped while starting: a clean stop, as below
			}
			return fmt.Errorf("register job %q: %w", j.Name, err)
		}
	}
	for {
		wait := r.round(ctx)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// round runs every due job it can claim, and returns how long to sleep:
// until the earliest next run it knows of, at most Poll.
func (r *Runner) round(ctx context.Context) time.Duration {
	states, err := r.Store.Jobs(ctx)
	if err != nil {
		if ctx.Err() == nil {
			r.Logger.Error("jobs: list", "err", err)
		}
		return r.Poll
	}
	byName := make(map[string]store.Job, len(states))
	for _, s := range states {
		byName[s.Name] = s
	}
	wait := r.Poll
	for _, j := range r.Jobs {
		if ctx.Err() != nil {
			return 0
		}
		s, ok := byName[j.Name]
		now := r.Now()
		if ok && s.NextRun.After(now) {
			wait = min(wait, s.NextRun.Sub(now))
			continue
		}
		if ok && s.RetryAt.After(now) {
			wait = min(wait, s.RetryAt.Sub(now))
			continue
		}
		if ok && s.LeaseUntil.After(now) {
			continue // another node runs it; look again after Poll
		}
		c, claimed, err := r.Store.ClaimJob(ctx, j.Name, r.Holder, now, r.Lease)
		if err != nil {
			if ctx.Err() == nil {
				r.Logger.Error("jobs: claim", "job", j.Name, "err", err)
			}
			continue
		}
		if claimed {
			r.runOne(ctx, j, c)
		}
	}
	return max(wait, time.Millisecond)
}

// runOne runs a claimed job, renewing its lease until it returns, and
// records the outcome.
func (r *Runner) runOne(ctx context.Context, j Job, c store.JobClaim) {
	if c.Attempts > 0 || c.Token > 1 {
		r.Logger.Debug("jobs: run", "job", j.Name, "scheduled", c.Run, "attempt", c.Attempts+1)
	}
	jobCtx, cancel := context.WithCancelCause(context.WithValue(ctx, scheduledKey{}, c.Run))
	defer cancel(nil)
	stopBeat := r.heartbeat(ctx, c, cancel)
	start := r.Now()
	n, err := j.Run(jobCtx, start)
	lost := stopBeat()
	if err != nil && ctx.Err() != nil && lost == nil {
		// The node is stopping and the job was cut short: the lease
		// lapses and another node (or this one, restarted) does the run
		// again after it.
		return
	}
	if lost != nil {
		r.Logger.Warn("jobs: lease lost while running; another node takes the run over", "job", j.Name, "err", lost)
		r.Metrics.Sweep(j.Name, 0, lost)
		return
	}
	// The outcome is recorded even if ctx ends meanwhile, so that work
	// done is not done again.
	rec, done := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer done()
	now := r.Now()
	r.Metrics.Sweep(j.Name, n, err)
	if err != nil {
		retry := now.Add(backoff(r.Backoff, c.Attempts))
		r.Logger.Error("sweep failed", "sweep", j.Name, "err", err, "attempt", c.Attempts+1, "retry", retry)
		err = r.Store.FailJob(rec, c, retry, err.Error())
	} else {
		if n > 0 {
			r.Logger.Info("sweep", "sweep", j.Name, "count", n)
		}
		err = r.Store.FinishJob(rec, c, now, nextRun(c.Run, j.Every, now), n)
	}
	if errors.Is(err, store.ErrLeaseLost) {
		r.Logger.Warn("jobs: lease lost before the run was recorded", "job", j.Name)
	} else if err != nil {
		r.Logger.Error("jobs: record run", "job", j.Name, "err", err)
	}
}

// heartbeat renews c's lease every Lease/3 until the returned func is
// called, which returns why the lease was lost, if it was. When the lease
// is taken over, or could not be renewed and would run out before the next
// beat, the job is cancelled through cancel, before another node may claim
// the run, so that it does not run beside its successor.
func (r *Runner) heartbeat(ctx context.Context, c store.JobClaim, cancel context.CancelCauseFunc) (stop func() error) {
	quit := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		var lost error
		defer func() { done <- lost }()
		until := r.Now().Add(r.Lease)
		t := time.NewTicker(r.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
			next := r.Now().Add(r.Lease)
			err := r.Store.RenewJob(ctx, c, next)
			switch {
			case err == nil:
				until = next
			case errors.Is(err, store.ErrLeaseLost):
				lost = err
			case ctx.Err() != nil:
				return
			case !r.Now().Add(r.Lease / 3).Before(until):
				// The lease would run out before the next beat: stop
				// now, before another node may take the run over.
				lost = fmt.Errorf("lease not renewed: %w", err)
			default:
				r.Logger.Warn("jobs: renew lease", "job", c.Name, "err", err)
				continue
			}
			if lost != nil {
				cancel(lost)
				return
			}
		}
	}()
	return func() error {
		close(quit)
		return <-done
	}
}

// nextRun returns the run after the one scheduled at run: one interval on,
// or, when that has passed already (the nodes were down), one interval
// from now rather than a burst of missed runs.
func nextRun(run time.Time, every time.Duration, now time.Time) time.Time {
	next := run.Add(every)
	if !next.After(now) {
		next = now.Add(every)
	}
	return next
}

// backoff returns the wait before retrying a run that has failed
// attempts+1 times.
func backoff(base time.Duration, attempts int) time.Duration {
	d := base
	for range min(attempts, 20) {
		d *= 2
		if d >= maxBackoff {
			return maxBackoff
		}
	}
	return d
}
