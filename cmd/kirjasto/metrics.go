package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/kirjasto/kirjasto/internal/metrics"
	"github.com/kirjasto/kirjasto/internal/store"
)

// The operators' metrics listen on an address of their own, off by
// default, so that /metrics is never on the public site.

func metricsFlags(cmd *cobra.Command, cfg *config) {
	cmd.Flags().StringVar(&cfg.metricsAddr, "metrics-addr", envOr("KIRJASTO_METRICS_ADDR", ""),
		"address to serve Prometheus metrics on at /metrics, e.g. 127.0.0.1:9090; empty for none (env KIRJASTO_METRICS_ADDR)")
}

// startMetrics creates the metrics and serves them on --metrics-addr, if
// set, until the returned stop is called.
func startMetrics(cfg *config, db *store.DB) (stop func(), err error) {
	if cfg.metricsAddr == "" {
		return func() {}, nil
	}
	cfg.metrics = metrics.New()
	for name, pool := range db.Pools() {
		cfg.metrics.WatchDB(name, pool)
	}
	ln, err := net.Listen("tcp", cfg.metricsAddr)
	if err != nil {
		return nil, fmt.Errorf("metrics: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", cfg.metrics.Handler())
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	fmt.Printf("Kirjasto metrics on http://%s/metrics\n", ln.Addr())
	cfg.logger.Info("metrics", "addr", ln.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(ctx)
	}, nil
}
