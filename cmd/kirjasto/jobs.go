package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/kirjasto/kirjasto/internal/metrics"
)

// sweep is one of the periodic jobs of circulation. Each is idempotent
// and claims its rows with conditional updates, so it does no harm to run
// it twice, or on every node of a multi-node deployment at once.
type sweep struct {
	name string
	run  func(ctx context.Context, now time.Time) (int, error)
}

// runSweeps runs the sweeps every interval, and once at once, until ctx
// is done. A failing sweep is logged and tried again next round.
// Each run is counted in m (which may be nil).
func runSweeps(ctx context.Context, log *slog.Logger, m *metrics.Metrics, every time.Duration, now func() time.Time, sweeps ...sweep) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		for _, s := range sweeps {
			n, err := s.run(ctx, now())
			if ctx.Err() != nil {
				return
			}
			m.Sweep(s.name, n, err)
			switch {
			case err != nil:
				log.Error("sweep failed", "sweep", s.name, "err", err)
			case n > 0:
				log.Info("sweep", "sweep", s.name, "count", n)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
