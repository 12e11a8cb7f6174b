// Command kirjasto runs the Kirjasto library platform: the web library and
// its API (serve), a demo consortium (demo), MARC21 import (import) and
// database migrations (migrate). One binary holds all of it.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/metrics"
	"github.com/kirjasto/kirjasto/internal/odl"
	"github.com/kirjasto/kirjasto/internal/web"
)

// config is what every subcommand shares: where the data lives and how to
// log. Flags fall back to environment variables so a service unit or a
// container can configure Kirjasto without a command line.
type config struct {
	db       string // SQLite file path or postgres:// URL
	data     string // directory for the SQLite file and the search index
	addr     string // HTTP listen address
	logLevel string
	logger   *slog.Logger
	// demoAccounts are shown on a demo's home page; set by the demo command.
	demoAccounts []web.DemoAccount
	// distributors are the e-library's ODL clients; the demo command
	// sets its distributor double's (demo_elib.go).
	distributors map[string]*odl.Client
	secure       secureOptions  // HTTPS, proxy, pepper, mail (tls.go)
	sip2         sip2Options    // the kiosks' listener (sip2.go)
	adminEmail   string         // the OAI-PMH repository's contact (oai.go)
	sms          smsOptions     // the SMS gateway of notices (sms.go)
	payment      paymentOptions // online payment of fees (payment.go)
	oidc         oidcOptions    // strong identification of patrons (oidc.go)
	coverURL     string         // the cover service's address template (covers.go)

	finnish finnishOptions // what analyses Finnish for search (finnish.go)

	metricsAddr string           // the operators' /metrics listener; "" for none (metrics.go)
	metrics     *metrics.Metrics // set by serve when metricsAddr is

	feedRetention time.Duration // how long the change feed is kept (feed.go)
}

// dsn returns the database to open: --db, or the SQLite file in --data.
func (c *config) dsn() string {
	if c.db != "" {
		return c.db
	}
	return filepath.Join(c.data, "kirjasto.db")
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newRootCmd().ExecuteContext(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "kirjasto:", err)
		os.Exit(1)
	}
}

func newRootCmd() *cobra.Command {
	cfg := &config{}
	root := &cobra.Command{
		Use:           "kirjasto",
		Short:         "Kirjasto: the shared web library of a consortium of public libraries",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			var level slog.Level
			if err := level.UnmarshalText([]byte(cfg.logLevel)); err != nil {
				return fmt.Errorf("--log-level: %w", err)
			}
			cfg.logger = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
			return nil
		},
	}
	f := root.PersistentFlags()
	f.StringVar(&cfg.db, "db", envOr("KIRJASTO_DB", ""), "database: a SQLite file path or a postgres:// URL (env KIRJASTO_DB; default: kirjasto.db in --data)")
	f.StringVar(&cfg.data, "data", envOr("KIRJASTO_DATA", "data"), "data directory for the SQLite database and the search index (env KIRJASTO_DATA)")
	f.StringVar(&cfg.logLevel, "log-level", envOr("KIRJASTO_LOG_LEVEL", "info"), "log level: debug, info, warn, error (env KIRJASTO_LOG_LEVEL)")
	root.AddCommand(newServeCmd(cfg), newDemoCmd(cfg), newImportCmd(cfg), newMigrateCmd(cfg))
	root.AddCommand(newBenchCmd(cfg), newExportCmd(cfg), newKioskCmd(cfg))
	root.AddCommand(newInitCmd(cfg), newPatronsCmd(cfg), newBackupCmd(cfg))
	root.AddCommand(newBranchesCmd(cfg), newStatsCmd(cfg), newElibCmd(cfg))
	root.AddCommand(newJobsCmd(cfg))
	return root
}

// addrFlag adds --addr to a command that serves HTTP.
func addrFlag(cmd *cobra.Command, cfg *config) {
	cmd.Flags().StringVar(&cfg.addr, "addr", envOr("KIRJASTO_ADDR", "127.0.0.1:8080"), "HTTP listen address (env KIRJASTO_ADDR)")
	secureFlags(cmd, &cfg.secure)
	oaiFlags(cmd, cfg)
	coverFlags(cmd, cfg)
}
