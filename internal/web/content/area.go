// Package content is the part of Kirjasto's web library where libraries
// and the consortium speak for themselves: news items and content pages
// (about, the accessibility statement, the privacy notice, instructions
// for the e-library and the app, and pages of their own).
//
// Staff with the content role write them at /admin/news and /admin/pages,
// in several languages (Finnish required), with a preview, and publish
// them at once or at a time to come. Residents read them at /news,
// /news/{id}, /pages/{slug} (the consortium's) and /pages/{library}/{slug}
// (a member library's); a text missing in the reader's language is shown
// in Finnish (or another language it has), marked as such. The footer of
// every page links the consortium's published pages, and the same texts
// are JSON under /api/v1/news and /api/v1/pages.
//
// Texts are Markdown, rendered by package markdown. Every staff handler
// asks library.Permit for ActContent at the text's library, or at
// ConsortiumScope for the consortium's own.
package content

import (
	"embed"
	"errors"
	"net/http"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// server is the core with this area's handlers and its cache of the
// footer's pages.
type server struct {
	*web.Server
	footer *footerCache
}

// Area returns the news and pages' part of the site.
func Area() web.Area { return web.Area{Name: "content", Templates: templates, Routes: routes} }

// editorLimits are the limits of the editors' forms: seven languages of a
// title, a summary and a body of up to library.MaxContentBody characters
// each. A body over the limit (a megabyte pasted by mistake) still
// arrives whole, so that the editor is told at its field what is wrong.
var editorLimits = web.FormLimits{Values: 60, ValueLen: 2 << 20, Body: 8 << 20}

func routes(ws *web.Server, mux *http.ServeMux) {
	s := &server{Server: ws, footer: &footerCache{}}
	ws.AddFooterLinks(s.footerLinks)
	page := func(pattern string, h web.HandlerFunc) { mux.Handle(pattern, s.Wrap(h, false)) }
	api := func(pattern string, h web.HandlerFunc) { mux.Handle(pattern, s.Wrap(h, true)) }
	staff := func(pattern string, h web.StaffHandler) {
		mux.Handle(pattern, s.Wrap(s.AsStaffWith(editorLimits, h), false))
	}

	page("GET /news", s.serveNews)
	page("GET /news/{id}", s.serveNewsItem)
	page("GET /pages/{slug}", s.servePage)
	page("GET /pages/{lib}/{slug}", s.servePage)
	api("GET /api/v1/news", s.apiNews)
	api("GET /api/v1/news/{id}", s.apiNewsItem)
	api("GET /api/v1/pages/{slug}", s.apiPage)

	staff("GET /admin/news", s.serveNewsList)
	staff("GET /admin/news/new", s.serveNewsNew)
	staff("POST /admin/news", s.postNewsNew)
	staff("GET /admin/news/{id}", s.serveNewsEdit)
	staff("POST /admin/news/{id}", s.postNewsEdit)
	staff("POST /admin/news/{id}/publish", s.postNewsPublish)
	staff("POST /admin/news/{id}/unpublish", s.postNewsUnpublish)
	staff("POST /admin/news/{id}/delete", s.postNewsDelete)

	staff("GET /admin/pages", s.servePageList)
	staff("GET /admin/pages/new", s.servePageNew)
	staff("POST /admin/pages", s.postPageNew)
	staff("GET /admin/pages/{id}", s.servePageEdit)
	staff("POST /admin/pages/{id}", s.postPageEdit)
	staff("POST /admin/pages/{id}/publish", s.postPagePublish)
	staff("POST /admin/pages/{id}/unpublish", s.postPageUnpublish)
	staff("POST /admin/pages/{id}/delete", s.postPageDelete)
}

// store returns the store's news and pages; every store Kirjasto runs on
// has them.
func (s *server) store() (library.Content, error) {
	c, ok := s.Store().(library.Content)
	if !ok {
		return nil, errors.New("content: the store keeps no news or pages")
	}
	return c, nil
}

// scopeOf is where a text of library lib is written: its library, or the
// consortium for the consortium's own.
func scopeOf(lib string) library.Scope {
	if lib == "" {
		return library.ConsortiumScope
	}
	return library.LibraryScope(lib)
}
