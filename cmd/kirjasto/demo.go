package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/odl"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/web"
)

// maxDemoRecords is the size of Helmet's whole catalogue, the largest demo
// the generator is meant for.
const maxDemoRecords = 3_000_000

// demoSeedKey is the setting that remembers the seed a demo was built
// with, so that a restart shows the same cards and PINs.
const demoSeedKey = "demo.seed"

// demoBuildingKey marks a demo build under way: it is written before the
// build's first row and deleted with its last.
const demoBuildingKey = "demo.building"

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
			if err := cfg.secure.configureAccounts(cfg, db); err != nil {
				return err
			}
			if err := prepareDemo(ctx, cfg, db, &seed, records); err != nil {
				return err
			}
			if err := ensureDemoKiosk(ctx, db); err != nil {
				return err
			}
			cfg.demoAccounts = demoAccounts(seed)
			dist, err := startDemoDistributor(ctx, db, seed, cmd.OutOrStdout())
			if err != nil {
				return err
			}
			cfg.distributors = map[string]*odl.Client{demoDistributorID: dist}
			printDemoAccounts(cmd.OutOrStdout(), cfg.demoAccounts)
			fmt.Fprintf(cmd.OutOrStdout(), "Demo SIP2 kiosk (login, password; location code CP: any branch ID): %s %s\n",
				demoKioskLogin, demoKioskPassword)
			return serve(ctx, cfg, db)
		},
	}
	addrFlag(cmd, cfg)
	sip2Flags(cmd, &cfg.sip2)
	finnishFlags(cmd, &cfg.finnish)
	metricsFlags(cmd, cfg)
	feedFlags(cmd, cfg)
	cmd.Flags().IntVar(&records, "records", 50_000, "number of catalogue records to generate (up to 3,000,000)")
	cmd.Flags().Uint64Var(&seed, "seed", 1, "random seed: the same seed builds the same demo")
	return cmd
}

// prepareDemo makes sure the database holds a whole demo: it builds one
// into an empty database, keeps one that was built to the end (and reads
// its seed), and redoes one whose build was interrupted, which a marker
// written before the first row tells apart from a database kirjasto demo
// did not build.
func prepareDemo(ctx context.Context, cfg *config, db *store.DB, seed *uint64, records int) error {
	err := db.Setting(ctx, demoSeedKey, seed)
	if err == nil {
		cfg.logger.Info("demo data already there; serving it", "seed", *seed)
		return nil
	}
	if library.ErrorCode(err) != library.ENOTFOUND {
		return err
	}
	var begun demoBuild
	switch err := db.Setting(ctx, demoBuildingKey, &begun); {
	case err == nil:
		cfg.logger.Warn("the last demo build was interrupted; building the demo again",
			"seed", begun.Seed, "records", begun.Records)
		if err := db.Erase(ctx); err != nil {
			return err
		}
		// The saved index may hold the half-built catalogue.
		if err := os.Remove(indexPath(cfg)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	case library.ErrorCode(err) != library.ENOTFOUND:
		return err
	default:
		n, err := db.CountRecords(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("the database holds %d records that kirjasto demo did not build: serve it with kirjasto serve, or give kirjasto demo an empty database (--data or --db)", n)
		}
		if has, err := db.HasConsortium(ctx); err != nil {
			return err
		} else if has {
			return errors.New("the database holds a consortium that kirjasto demo did not build (kirjasto init): serve it with kirjasto serve, or give kirjasto demo an empty database (--data or --db)")
		}
	}
	if err := buildDemo(ctx, cfg, db, *seed, records); err != nil {
		return fmt.Errorf("build demo: %w", err)
	}
	return nil
}

// demoBuild is what the marker of a demo build in progress remembers.
type demoBuild struct {
	Seed    uint64 `json:"seed"`
	Records int    `json:"records"`
}

// buildDemo fills an empty database: the consortium and its catalogue,
// then patrons and staff, then a past of loans, holds and fees made
// through the real circulation methods, then eight weeks of events, then
// the resources to book and some bookings, then the librarians' picks,
// then residents' questions, feedback and purchase suggestions, then the
// chat's hours and saved answers.
func buildDemo(ctx context.Context, cfg *config, db *store.DB, seed uint64, records int) error {
	start, now := time.Now(), time.Now()
	if err := db.PutSetting(ctx, demoBuildingKey, demoBuild{Seed: seed, Records: records}); err != nil {
		return err
	}
	sum, err := demo.Build(ctx, db, demo.Options{Seed: seed, Records: records, Now: now})
	if err != nil {
		return err
	}
	patrons, staff, err := demo.BuildPatrons(ctx, db, seed)
	if err != nil {
		return err
	}
	var author library.Staff
	for _, s := range staff {
		if s.Role == library.RoleAdmin {
			author = s.Staff
		}
	}
	if err := demo.BuildContent(ctx, db, author, now); err != nil {
		return err
	}
	ps := make([]library.Patron, len(patrons))
	for i, p := range patrons {
		ps[i] = p.Patron
	}
	circ, err := demo.BuildCirculation(ctx, db, ps, now)
	if err != nil {
		return err
	}
	// A year and a month of statistics, so that the dashboards compare
	// last month with the same month a year before.
	statsSum, err := demo.BuildStats(ctx, db, demo.StatsOptions{Seed: seed, Now: now, Days: 400, LoansPerYear: demoLoansPerYear})
	if err != nil {
		return err
	}
	events, err := demo.BuildEvents(ctx, db, seed, ps, now)
	if err != nil {
		return err
	}
	bookings, err := demo.BuildBookings(ctx, db, seed, ps, now)
	if err != nil {
		return err
	}
	picks, err := demo.BuildPicks(ctx, db, author, now)
	if err != nil {
		return err
	}
	asked, err := demo.BuildAskTell(ctx, db, seed, author, ps, now)
	if err != nil {
		return err
	}
	if err := demo.BuildChat(ctx, db, author, demoLibraries(now), now); err != nil {
		return err
	}
	// The seed marks the demo whole; the marker of the build goes with it.
	if err := db.PutSetting(ctx, demoSeedKey, seed); err != nil {
		return err
	}
	if err := db.DeleteSetting(ctx, demoBuildingKey); err != nil {
		return err
	}
	cfg.logger.Info("demo built", "libraries", sum.Libraries, "branches", sum.Branches,
		"records", sum.Records, "items", sum.Items, "patrons", len(patrons),
		"circulation", fmt.Sprintf("%+v", circ), "events", fmt.Sprintf("%+v", events),
		"bookings", fmt.Sprintf("%+v", bookings), "picks", picks, "stats rows", statsSum.Rows, "asktell", fmt.Sprintf("%+v", asked), "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// demoLoansPerYear is the demo's statistics' checkouts and renewals a
// year: a tenth of Helmet's, enough for every chart to have bars.
const demoLoansPerYear = 2_000_000

// demoAccounts lists the demo's cards and staff logins for the home page.
func demoAccounts(seed uint64) []web.DemoAccount {
	patrons, staff := demo.Patrons(seed)
	var accounts []web.DemoAccount
	for _, p := range patrons {
		accounts = append(accounts, web.DemoAccount{Name: p.Name, Login: p.CardNumber, Secret: p.PIN, Branch: p.PickupBranch})
	}
	for _, s := range staff {
		accounts = append(accounts, web.DemoAccount{Name: s.Name, Login: s.Username, Secret: s.Password, Staff: true, Branch: s.Branch})
	}
	return accounts
}

func printDemoAccounts(w io.Writer, accounts []web.DemoAccount) {
	fmt.Fprintln(w, "Demo library cards (card number, PIN) and staff accounts (username, password):")
	for _, a := range accounts {
		kind := "patron"
		if a.Staff {
			kind = "staff "
		}
		fmt.Fprintf(w, "  %s  %-16s %-20s %s\n", kind, a.Login, a.Secret, a.Name)
	}
}

// demoLibraries are the IDs of the demo's member libraries.
func demoLibraries(now time.Time) []string {
	var ids []string
	for _, l := range demo.Consortium(now.In(library.Helsinki).Year()).Libraries {
		ids = append(ids, l.ID)
	}
	return ids
}
