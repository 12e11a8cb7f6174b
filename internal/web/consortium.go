package web

import (
	"context"
	"sync"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// consortiumTTL is how long the member libraries and branches are kept in
// memory. Nearly every page names branches, reading them (with two years
// of opening hours each) costs more than the rest of a page, and they
// change a few times a year: a minute's delay is no loss.
const consortiumTTL = time.Minute

// consortiumCache holds the member libraries and branches.
type consortiumCache struct {
	mu       sync.Mutex
	libs     []library.Library
	branches []library.Branch
	loaded   time.Time // monotonic wall time, not Config.Now, which tests fix
}

// Consortium returns the member libraries and the branches, ordered by ID.
// Callers must not modify them.
func (s *Server) Consortium(ctx context.Context) ([]library.Library, []library.Branch, error) {
	c := &s.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded.IsZero() && time.Since(c.loaded) < consortiumTTL {
		return c.libs, c.branches, nil
	}
	libs, err := s.Store().Libraries(ctx)
	if err != nil {
		return nil, nil, err
	}
	branches, err := s.Store().Branches(ctx)
	if err != nil {
		return nil, nil, err
	}
	c.libs, c.branches, c.loaded = libs, branches, time.Now()
	return libs, branches, nil
}
