package main

import (
	"context"
	"errors"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"
)

// A failing sweep does not stop the others or the loop, and the loop ends
// with its context.
func TestRunSweeps(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var ok, failed atomic.Int32
	done := make(chan struct{})
	go func() {
		runSweeps(ctx, slog.New(slog.DiscardHandler), nil, time.Millisecond, time.Now,
			sweep{"fails", func(context.Context, time.Time) (int, error) { failed.Add(1); return 0, errors.New("boom") }},
			sweep{"works", func(context.Context, time.Time) (int, error) {
				if ok.Add(1) == 3 {
					cancel()
				}
				return 1, nil
			}},
		)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("runSweeps did not return after its context was cancelled")
	}
	if ok.Load() < 3 || failed.Load() < 3 {
		t.Errorf("rounds: %d working, %d failing; want at least 3 of each", ok.Load(), failed.Load())
	}
}
