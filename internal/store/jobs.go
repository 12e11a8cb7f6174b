package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Job is the state of one scheduled job in the jobs table (see
// internal/jobs, which runs them).
type Job struct {
	Name    string
	NextRun time.Time // the scheduled run that is due next, or running
	RetryAt time.Time // when a failed run is tried again; zero if it has not failed
	// Holder names the node running the job while LeaseUntil is in the
	// future; both are empty when nobody runs it.
	Holder     string
	LeaseUntil time.Time
	Claims     int64 // how many times any node has claimed the job
	Attempts   int   // failed tries of the current run
	LastRun    time.Time
	LastOK     time.Time
	LastCount  int64
	LastError  string
}

// JobClaim is a claimed run of a job. Token fences the claim: a node whose
// lease passed and was taken over can no longer renew or finish it.
type JobClaim struct {
	Name     string
	Run      time.Time // the scheduled time of the run, its identity
	Token    int64
	Attempts int // earlier failed tries of this run
}

// ErrLeaseLost is returned by RenewJob and FinishJob when another node has
// taken the job over since it was claimed.
var ErrLeaseLost = errors.New("job lease lost")

// EnsureJob adds the job with its first run at first, unless it is there.
func (db *DB) EnsureJob(ctx context.Context, name string, first time.Time) error {
	return db.inTx(ctx, func(tx txn) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO jobs (name, next_run) VALUES ($1, $2)
			ON CONFLICT (name) DO NOTHING`, name, instant(first))
		return err
	})
}

// ClaimJob claims the job's due run for holder until now+lease, if the run
// is due and nobody holds a live lease on it. It is one conditional UPDATE:
// of several nodes claiming at once exactly one gets the run (PostgreSQL
// checks the WHERE again on the row it waited for; SQLite has one writer).
// An expired lease is taken over: its holder died or lost the database.
func (db *DB) ClaimJob(ctx context.Context, name, holder string, now time.Time, lease time.Duration) (JobClaim, bool, error) {
	now = instant(now)
	c := JobClaim{Name: name}
	err := db.inTx(ctx, func(tx txn) error {
		return tx.QueryRowContext(ctx, `UPDATE jobs
			SET holder = $1, lease_until = $2, claims = claims + 1, last_run = $3
			WHERE name = $4 AND next_run <= $3 AND (retry_at IS NULL OR retry_at <= $3)
			  AND (lease_until IS NULL OR lease_until < $3)
			RETURNING next_run, claims, attempts`,
			holder, now.Add(lease), now, name).Scan(&c.Run, &c.Token, &c.Attempts)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return JobClaim{}, false, nil
	}
	if err != nil {
		return JobClaim{}, false, err
	}
	c.Run = c.Run.UTC()
	return c, true, nil
}

// RenewJob extends a claim's lease to until: the heartbeat of a running job.
func (db *DB) RenewJob(ctx context.Context, c JobClaim, until time.Time) error {
	return db.updateClaim(ctx, c, `UPDATE jobs SET lease_until = $1 WHERE name = $2 AND claims = $3`,
		instant(until), c.Name, c.Token)
}

// FinishJob ends a successful run: the lease is released, next is the next
// run, count is what the run did.
func (db *DB) FinishJob(ctx context.Context, c JobClaim, now, next time.Time, count int) error {
	return db.updateClaim(ctx, c, `UPDATE jobs
		SET holder = NULL, lease_until = NULL, next_run = $1, retry_at = NULL, attempts = 0,
		    last_ok = $2, last_count = $3, last_error = ''
		WHERE name = $4 AND claims = $5`,
		instant(next), instant(now), count, c.Name, c.Token)
}

// FailJob ends a failed try: the lease is released, and the same run (it
// keeps its scheduled time) is tried again at retry.
func (db *DB) FailJob(ctx context.Context, c JobClaim, retry time.Time, msg string) error {
	return db.updateClaim(ctx, c, `UPDATE jobs
		SET holder = NULL, lease_until = NULL, retry_at = $1, attempts = attempts + 1, last_error = $2
		WHERE name = $3 AND claims = $4`,
		instant(retry), msg, c.Name, c.Token)
}

// updateClaim runs a statement on the job row of claim c, which must still
// be the latest claim.
func (db *DB) updateClaim(ctx context.Context, c JobClaim, query string, args ...any) error {
	return db.inTx(ctx, func(tx txn) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return ErrLeaseLost
		}
		return nil
	})
}

// Jobs lists the scheduled jobs by name, for operators.
func (db *DB) Jobs(ctx context.Context) ([]Job, error) {
	rows, err := db.reader().QueryContext(ctx, `SELECT name, next_run, retry_at, holder, lease_until, claims,
		attempts, last_run, last_ok, last_count, last_error FROM jobs ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var jobs []Job
	for rows.Next() {
		var j Job
		var holder sql.NullString
		var retry, lease, run, ok sql.NullTime
		if err := rows.Scan(&j.Name, &j.NextRun, &retry, &holder, &lease, &j.Claims, &j.Attempts,
			&run, &ok, &j.LastCount, &j.LastError); err != nil {
			return nil, err
		}
		j.NextRun = j.NextRun.UTC()
		j.Holder = holder.String
		j.RetryAt = utcOrZero(retry)
		j.LastRun = utcOrZero(run)
		j.LastOK = utcOrZero(ok)
		j.LeaseUntil = utcOrZero(lease)
		jobs = append(jobs, j)
	}
	return jobs, rows.Err()
}

func utcOrZero(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// ErrNoSuchJob is returned by JobDueNow for a job the table does not hold.
var ErrNoSuchJob = errors.New("no such job")

// JobDueNow makes the job's next run due at now, and a failed run's retry
// too, so that the next node to look runs it: an operator's "run it now".
func (db *DB) JobDueNow(ctx context.Context, name string, now time.Time) error {
	return db.inTx(ctx, func(tx txn) error {
		res, err := tx.ExecContext(ctx, `UPDATE jobs SET next_run = $1, retry_at = NULL
			WHERE name = $2 AND next_run > $1`, instant(now), name)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n > 0 {
			return err
		}
		var one int
		err = tx.QueryRowContext(ctx, `SELECT 1 FROM jobs WHERE name = $1`, name).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: %q (kirjasto jobs lists them)", ErrNoSuchJob, name)
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE jobs SET retry_at = NULL WHERE name = $1`, name)
		return err
	})
}
