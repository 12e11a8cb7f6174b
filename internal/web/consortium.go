package web

import (
	"context"
	"sync"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// consortiumTTL is how long the member libraries and branches are kept in
// memory when the store cannot say whether they changed. Nearly every page
// names branches, and reading them (with two years of opening hours each)
// costs more than the rest of a page.
const consortiumTTL = time.Minute

// consortiumVersioner is a store that counts the changes of libraries and
// branches (library.BranchAdmin's ConsortiumVersion): one primary-key read
// per use tells the cache whether it is still current, so that an edit in
// the administration shows on the next page at once.
type consortiumVersioner interface {
	ConsortiumVersion(ctx context.Context) (int64, error)
}

// consortiumCache holds the member libraries and branches.
type consortiumCache struct {
	mu       sync.Mutex
	libs     []library.Library
	branches []library.Branch
	loaded   time.Time // monotonic wall time, not Config.Now, which tests fix
	version  int64     // the store's ConsortiumVersion when loaded
}

// Consortium returns the member libraries and the branches, ordered by ID.
// Callers must not modify them.
func (s *Server) Consortium(ctx context.Context) ([]library.Library, []library.Branch, error) {
	c := &s.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	var version int64
	if v, ok := s.Store().(consortiumVersioner); ok {
		var err error
		if version, err = v.ConsortiumVersion(ctx); err != nil {
			return nil, nil, err
		}
		if !c.loaded.IsZero() && version == c.version {
			return c.libs, c.branches, nil
		}
	} else if !c.loaded.IsZero() && time.Since(c.loaded) < consortiumTTL {
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
	c.libs, c.branches, c.loaded, c.version = libs, branches, time.Now(), version
	return libs, branches, nil
}
