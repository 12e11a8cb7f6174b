package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/store"
)

// kirjasto stats: the statistics' command-line side. Door counters'
// visitor counts come in here; the daily roll-up runs in serve.

func newStatsCmd(cfg *config) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Statistics: import visitor counts",
	}
	var branch string
	visitors := &cobra.Command{
		Use:   "visitors FILE.csv",
		Short: "Import door counters' visitor counts from a CSV file",
		Long: `Import visitor counts from a door counter's CSV file. With --branch, each line is
"date,count" for that branch; without, "branch,date,count". Dates are YYYY-MM-DD or D.M.YYYY,
fields are separated by commas or semicolons, and a header line is skipped. Every bad line is
reported as FILE: line N: reason and then nothing is imported. A count for a branch and day
already imported is replaced, so importing a file again does no harm.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			counts, problems := store.ParseVisitors(f, branch)
			if len(problems) == 0 {
				db, err := openStore(cmd.Context(), cfg)
				if err != nil {
					return err
				}
				defer db.Close()
				if problems, err = db.ImportVisitors(cmd.Context(), counts); err != nil {
					return err
				}
			}
			if len(problems) > 0 {
				for _, p := range problems {
					fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s\n", args[0], p)
				}
				return fmt.Errorf("%s: %d %s; nothing was imported", args[0], len(problems), plural(len(problems), "problem", "problems"))
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Imported %d visitor %s.\n", len(counts), plural(len(counts), "count", "counts"))
			return nil
		},
	}
	visitors.Flags().StringVar(&branch, "branch", "", "the branch ID every line is for (lines are then date,count)")
	cmd.AddCommand(visitors)
	return cmd
}
