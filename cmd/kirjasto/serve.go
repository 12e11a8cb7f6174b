package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/jobs"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/realtime"
	"github.com/kirjasto/kirjasto/internal/search"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/web"
)

func newServeCmd(cfg *config) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the web library and the JSON API",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := openStore(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer db.Close()
			if err := requireConsortium(cmd.Context(), cfg, db); err != nil {
				return err
			}
			return serve(cmd.Context(), cfg, db)
		},
	}
	addrFlag(cmd, cfg)
	sip2Flags(cmd, &cfg.sip2)
	smsFlags(cmd, &cfg.sms)
	paymentFlags(cmd, &cfg.payment)
	oidcFlags(cmd, &cfg.oidc)
	finnishFlags(cmd, &cfg.finnish)
	metricsFlags(cmd, cfg)
	feedFlags(cmd, cfg)
	return cmd
}

// openStore opens the database and brings its schema up to date.
func openStore(ctx context.Context, cfg *config) (*store.DB, error) {
	if cfg.db == "" {
		if err := os.MkdirAll(cfg.data, 0o750); err != nil {
			return nil, err
		}
	}
	db, err := store.Open(ctx, cfg.dsn(), cfg.logger)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// serve runs the HTTP server until ctx is cancelled, then shuts down
// gracefully and saves the search index for a fast next start.
func serve(ctx context.Context, cfg *config, db *store.DB) error {
	if err := cfg.secure.check(cfg.addr); err != nil {
		return err
	}
	if err := cfg.sip2.check(cfg.secure); err != nil {
		return err
	}
	if err := checkAdminEmail(cfg.adminEmail); err != nil {
		return err
	}
	if err := checkFeedRetention(cfg.feedRetention); err != nil {
		return err
	}
	stopMetrics, err := startMetrics(cfg, db)
	if err != nil {
		return err
	}
	defer stopMetrics()
	pay, err := paymentProvider(cfg)
	if err != nil {
		return err
	}
	authCfg, err := cfg.secure.setupAccounts(ctx, cfg, db)
	if err != nil {
		return err
	}
	idp, err := identityProvider(ctx, cfg)
	if err != nil {
		return err
	}
	covers, err := coverService(cfg)
	if err != nil {
		return err
	}
	ix, err := openIndex(ctx, cfg, db)
	if err != nil {
		return err
	}
	// Live events go through the database's LISTEN/NOTIFY on PostgreSQL,
	// so that nodes sharing it share them; on SQLite they stay in this
	// process, the only one.
	broker, err := realtime.Open(ctx, db.DSN(), cfg.logger)
	if err != nil {
		return err
	}
	defer broker.Close()
	followCtx, stopFollow := context.WithCancel(ctx)
	defer stopFollow()
	// Follow also reads the branches again when the consortium version
	// moves, so that copies at a new branch count in its city at once.
	followFeed(followCtx, ix, db, broker, cfg.logger)
	// The sweeps run on one node at a time, whichever claims each when it
	// falls due (docs/jobs.md); a node that dies mid-sweep loses its
	// lease and another takes the sweep over.
	runner := &jobs.Runner{Store: db, Jobs: sweeps(db, ix, cfg.feedRetention), Logger: cfg.logger, Metrics: cfg.metrics}
	jobsDone := make(chan struct{})
	go func() {
		defer close(jobsDone)
		if err := runner.Run(followCtx); err != nil {
			cfg.logger.Error("jobs stopped", "err", err)
		}
	}()
	// A job being recorded as the server stops finishes before the
	// database closes.
	defer func() { stopFollow(); <-jobsDone }()

	srv, err := web.New(web.Config{Store: db, Search: ix, Logger: cfg.logger, Now: time.Now, Broker: broker,
		Patrons: db, Circulation: db, Auth: authCfg, DemoAccounts: cfg.demoAccounts, Payment: pay,
		AdminEmail: cfg.adminEmail, Identity: idp, CoverService: covers, Areas: siteAreas(),
		Metrics: cfg.metrics, Distributors: cfg.distributors, APILimiter: apiLimit(db)})
	if err != nil {
		return err
	}
	stopSIP2, err := startSIP2(ctx, cfg, db)
	if err != nil {
		return err
	}
	defer stopSIP2()
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           withHealth(cfg.secure.hsts(srv.Handler()), db, cfg.logger),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	fmt.Println(cfg.finnish.describe())
	// The printed address is what tests and scripts read, so it is the
	// real one even when --addr asked for port 0.
	fmt.Printf("Kirjasto serves %s://%s/\n", cfg.secure.scheme(), ln.Addr())
	cfg.logger.Info("serving", "addr", ln.Addr().String(), "records", ix.Len(), "db", db.Dialect())

	errc := make(chan error, 1)
	go func() { errc <- cfg.secure.serve(hs, ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		cfg.logger.Warn("shutdown", "err", err)
	}
	// The follower stops first, so that it announces nothing to a
	// closed broker. Shutdown does not wait for hijacked connections
	// (WebSockets); closing the broker ends their subscriptions, so they
	// finish.
	stopFollow()
	broker.Close()
	return saveIndex(cfg, ix)
}

func indexPath(cfg *config) string { return filepath.Join(cfg.data, "search.idx") }

// openIndex loads the persisted index and catches up with the database,
// or rebuilds it when there is none or it does not belong to this database.
func openIndex(ctx context.Context, cfg *config, db *store.DB) (*search.Index, error) {
	branches, err := db.Branches(ctx)
	if err != nil {
		return nil, err
	}
	newIndex := func() *search.Index {
		return search.New(cfg.finnish.searchConfig(search.Config{Branches: search.BranchCities(branches), Logger: cfg.logger}, cfg.logger))
	}
	ix := newIndex()
	start := time.Now()
	if err := loadIndex(ctx, cfg, db, ix); err == nil {
		cfg.logger.Info("search index loaded", "records", ix.Len(), "took", time.Since(start).Round(time.Millisecond))
		return ix, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		cfg.logger.Warn("search index not usable; rebuilding", "err", err)
	}
	ix = newIndex()
	if err := ix.Rebuild(ctx, db, nil); err != nil {
		return nil, fmt.Errorf("build search index: %w", err)
	}
	cfg.logger.Info("search index built", "records", ix.Len(), "took", time.Since(start).Round(time.Millisecond))
	if err := saveIndex(cfg, ix); err != nil {
		cfg.logger.Warn("save search index", "err", err)
	}
	return ix, nil
}

func loadIndex(ctx context.Context, cfg *config, db *store.DB, ix *search.Index) error {
	f, err := os.Open(indexPath(cfg))
	if err != nil {
		return err
	}
	defer f.Close()
	if err := ix.Load(f); err != nil {
		return err
	}
	last, err := db.LastChange(ctx)
	if err != nil {
		return err
	}
	if last.Before(ix.FeedPos()) {
		return errors.New("index is newer than the database: the database was replaced")
	}
	if err := ix.CatchUp(ctx, db); err != nil {
		var gone *library.FeedTrimmedError
		if errors.As(err, &gone) {
			// Away for longer than the feed is kept (--feed-retention).
			return fmt.Errorf("saved %w", gone)
		}
		return err
	}
	n, err := db.CountRecords(ctx)
	if err != nil {
		return err
	}
	if n != ix.Len() {
		return fmt.Errorf("index has %d records, database %d", ix.Len(), n)
	}
	return nil
}

// saveIndex writes the index to a temporary file and renames it into
// place, so a crash while saving never leaves a torn index behind.
func saveIndex(cfg *config, ix *search.Index) error {
	if err := os.MkdirAll(cfg.data, 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(cfg.data, "search.idx.*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := ix.Save(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), indexPath(cfg))
}
