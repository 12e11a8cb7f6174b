package search

import (
	"context"
	"errors"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// catchUpOrRebuild is Follow's CatchUp. When the feed no longer reaches
// back to the index's position (the node was paused for longer than the
// feed is kept), the index may lack changes the feed no longer holds, so
// it rebuilds from the records; searches see the old index meanwhile.
func (ix *Index) catchUpOrRebuild(ctx context.Context, st library.Store) {
	err := ix.CatchUp(ctx, st)
	if err == nil || ctx.Err() != nil {
		return
	}
	var gone *library.FeedTrimmedError
	if !errors.As(err, &gone) {
		ix.cfg.Logger.Error("search index: catch up", "err", err)
		return
	}
	ix.cfg.Logger.Warn("search index fell behind the change feed; rebuilding", "reason", err)
	start := time.Now()
	if err := ix.Rebuild(ctx, st, nil); err != nil {
		if ctx.Err() == nil {
			ix.cfg.Logger.Error("search index: rebuild", "err", err)
		}
		return
	}
	ix.cfg.Logger.Info("search index built", "records", ix.Len(), "took", time.Since(start).Round(time.Millisecond))
	if err := ix.CatchUp(ctx, st); err != nil && ctx.Err() == nil {
		ix.cfg.Logger.Error("search index: catch up", "err", err)
	}
}
