package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/demo"
)

// maxDemoRecords is the size of Helmet's whole catalogue, the largest demo
// the generator is meant for.
const maxDemoRecords = 3_000_000

func newDemoCmd(cfg *config) *cobra.Command {
	var records int
	var seed uint64
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Build a demo consortium into the data directory if it is not there yet, then serve it",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if records < 1 || records > maxDemoRecords {
				return fmt.Errorf("--records must be between 1 and %d", maxDemoRecords)
			}
			ctx := cmd.Context()
			db, err := openStore(ctx, cfg)
			if err != nil {
				return err
			}
			defer db.Close()
			n, err := db.CountRecords(ctx)
			if err != nil {
				return err
			}
			if n > 0 {
				cfg.logger.Info("demo data already there; serving it", "records", n)
				return serve(ctx, cfg, db)
			}
			start := time.Now()
			sum, err := demo.Build(ctx, db, demo.Options{Seed: seed, Records: records, Now: time.Now()})
			if err != nil {
				return fmt.Errorf("build demo: %w", err)
			}
			cfg.logger.Info("demo built", "libraries", sum.Libraries, "branches", sum.Branches,
				"records", sum.Records, "items", sum.Items, "took", time.Since(start).Round(time.Millisecond))
			return serve(ctx, cfg, db)
		},
	}
	addrFlag(cmd, cfg)
	cmd.Flags().IntVar(&records, "records", 50_000, "number of catalogue records to generate (up to 3,000,000)")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "random seed: the same seed builds the same demo")
	return cmd
}
