package main

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/store"
)

// kirjasto jobs: what operators see of the scheduled jobs that the nodes
// share through the jobs table (docs/jobs.md).

func newJobsCmd(cfg *config) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "jobs",
		Short: "List the scheduled jobs: last and next run, which node runs them, last error",
		Long: `List the scheduled jobs (sweeps) that the serving nodes share through the database:
for each, when it last ran and last succeeded, when it runs next, which node holds it now and
until when, and the error of its last failed try. Times are UTC.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := openStore(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer db.Close()
			js, err := db.Jobs(cmd.Context())
			if err != nil {
				return err
			}
			writeJobs(cmd.OutOrStdout(), js, time.Now())
			return nil
		},
	}
	run := &cobra.Command{
		Use:   "run NAME",
		Short: "Make a job due now: the next node to look runs it",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := openStore(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer db.Close()
			if err := db.JobDueNow(cmd.Context(), args[0], time.Now()); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Job %q is due now; a serving node runs it within seconds.\n", args[0])
			return nil
		},
	}
	cmd.AddCommand(run)
	return cmd
}

// writeJobs prints the jobs as a table.
func writeJobs(w io.Writer, js []store.Job, now time.Time) {
	if len(js) == 0 {
		fmt.Fprintln(w, "No jobs yet: they are registered when `kirjasto serve` starts.")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "JOB\tLAST RUN\tLAST OK\tDID\tNEXT RUN\tHELD BY\tLEASE UNTIL\tFAILED TRIES\tLAST ERROR")
	for _, j := range js {
		next := j.NextRun
		if j.RetryAt.After(next) {
			next = j.RetryAt
		}
		holder, lease := "-", "-"
		if j.LeaseUntil.After(now) {
			holder, lease = j.Holder, stamp(j.LeaseUntil)
		} else if j.Holder != "" {
			holder, lease = j.Holder+" (lapsed)", stamp(j.LeaseUntil)
		}
		lastErr := j.LastError
		if lastErr == "" {
			lastErr = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\t%d\t%s\n", j.Name, stamp(j.LastRun), stamp(j.LastOK),
			j.LastCount, stamp(next), holder, lease, j.Attempts, lastErr)
	}
	tw.Flush()
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}
