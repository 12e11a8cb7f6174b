package content

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The footer of every page links the consortium's published pages. They
// are kept in memory: a page asks for them on every request, and they
// change a few times a year. An edit on this node shows at once (the
// handlers drop the cache); another node's within footerTTL.

// footerTTL is how long the footer's pages are kept.
const footerTTL = time.Minute

// footerCache holds the consortium's published pages, scheduled ones
// too: which of them is public is decided at each request, so a page
// scheduled for nine o'clock is in the footer from nine on.
type footerCache struct {
	mu     sync.Mutex
	pages  []library.Page // without their bodies
	loaded time.Time      // monotonic wall time, not the server's clock, which tests fix
}

// drop forgets the pages, so that the next request reads them again.
func (c *footerCache) drop() {
	c.mu.Lock()
	c.loaded = time.Time{}
	c.mu.Unlock()
}

// get returns the pages, reading them with load when they are stale.
// When the store fails, the footer goes without for a while rather than
// failing every page.
func (c *footerCache) get(ctx context.Context, load func(context.Context) ([]library.Page, error)) ([]library.Page, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded.IsZero() && time.Since(c.loaded) < footerTTL {
		return c.pages, nil
	}
	ps, err := load(ctx)
	c.loaded = time.Now()
	if err != nil {
		c.pages = nil
		return nil, err
	}
	c.pages = ps
	return ps, nil
}

// footerLinks are the consortium's public pages, in the order of their
// kinds, titled in lang.
func (s *server) footerLinks(r *http.Request, lang string) []web.FooterLink {
	pages, err := s.footer.get(r.Context(), s.loadFooter)
	if err != nil {
		s.LogFailure(r, "reading the footer's pages", err)
		return nil
	}
	now := s.Now()
	var out []web.FooterLink
	for _, p := range pages {
		if p.Public(now) {
			out = append(out, web.FooterLink{URL: pageURL(p.Library, p.Slug), Text: web.TextIn(p.Title, lang)})
		}
	}
	return out
}

func (s *server) loadFooter(ctx context.Context) ([]library.Page, error) {
	c, err := s.store()
	if err != nil {
		return nil, err
	}
	ps, err := c.Pages(ctx, library.PageFilter{Libraries: []string{""}})
	if err != nil {
		return nil, err
	}
	var out []library.Page
	for _, p := range ps {
		if p.Status == library.StatusPublished {
			p.Body = nil
			out = append(out, p)
		}
	}
	return out, nil
}
