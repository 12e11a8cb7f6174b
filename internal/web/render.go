package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageTemplate is one page's template set: the layout and the page.
type pageTemplate struct{ *template.Template }

// parseTemplates parses every page of the core's templates/ and of each
// area's with the layout and the shared partials: the core's, and the
// area's own partials.html, which only its pages share.
func (s *Server) parseTemplates(areas []Area) (map[string]*pageTemplate, error) {
	core, err := fs.Sub(templateFS, "templates")
	if err != nil {
		return nil, err
	}
	pages := make(map[string]*pageTemplate)
	if err := addPages(pages, Area{Name: "web", Templates: core}); err != nil {
		return nil, err
	}
	for _, a := range areas {
		sub, err := fs.Sub(a.Templates, "templates")
		if err != nil {
			return nil, err
		}
		a.Templates = sub
		if err := addPages(pages, a); err != nil {
			return nil, err
		}
	}
	return pages, nil
}

// addPages parses the pages of a's templates, with their partials, into
// pages; a's Templates is the folder of the pages itself.
func addPages(pages map[string]*pageTemplate, a Area) error {
	names, err := fs.Glob(a.Templates, "*.html")
	if err != nil {
		return err
	}
	own, err := fs.ReadFile(a.Templates, "partials.html")
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	funcs := template.FuncMap{
		"add":  func(a, b int) int { return a + b },
		"dict": dict,
	}
	for _, name := range names {
		base := strings.TrimSuffix(name, ".html")
		if base == "layout" || base == "partials" {
			continue
		}
		if _, dup := pages[base]; dup {
			return fmt.Errorf("web: area %s: a page %q exists already", a.Name, base)
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html")
		if err != nil {
			return err
		}
		if own != nil {
			if _, err := t.New(a.Name + "/partials.html").Parse(string(own)); err != nil {
				return fmt.Errorf("web: area %s: %w", a.Name, err)
			}
		}
		if t, err = t.ParseFS(a.Templates, name); err != nil {
			return fmt.Errorf("web: area %s: %w", a.Name, err)
		}
		pages[base] = &pageTemplate{t}
	}
	return nil
}

// dict makes a partial's data of name, value pairs:
// {{template "desk-nav" dict "Page" $ "Current" "desk"}}.
func dict(pairs ...any) (map[string]any, error) {
	if len(pairs)%2 != 0 {
		return nil, errors.New("dict: a name without a value")
	}
	m := make(map[string]any, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		name, ok := pairs[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: name %v is not a string", pairs[i])
		}
		m[name] = pairs[i+1]
	}
	return m, nil
}

// page is what every template gets: the request's language and the
// helpers to translate, plus the page's own data in Data.
type page struct {
	Lang  string
	Title string
	// Description is the page's meta description (descriptions).
	Description string
	Query       string // the search box keeps the current search
	Path        string // the request's path, for navigation to mark the current page
	Languages   []langLink
	CSS         string
	JS          string // the comfort script: autocomplete, and covers whose picture fails
	Data        any
	// Footer are the footer's links, from the areas (footer.go).
	Footer []FooterLink
	// Patron and Staff say who is signed in, for the header's links.
	Patron bool
	Staff  bool
	staff  *library.Staff // the member AsStaff served, for May
	s      *Server
}

// May reports whether library.Permit lets the signed-in staff member do
// any of acts (library.Action names) within their reach, so that staff
// navigation shows only the links they may follow. It is false outside
// the staff pages.
func (p *page) May(acts ...string) bool {
	if p.staff == nil {
		return false
	}
	for _, act := range acts {
		if library.Permit(*p.staff, library.Action(act), p.staff.Reach()) == nil {
			return true
		}
	}
	return false
}

// langLink is one entry of the language switcher.
type langLink struct {
	Lang, Name, URL string
	Current         bool
}

// T translates a message id; args are name, value pairs for the
// message's template fields, each isolated from the message's words
// (bidi.go).
func (p *page) T(id string, args ...any) template.HTML {
	return isolatedMessage(p.Lang, args, func(m map[string]any) string { return p.s.I18n().T(p.Lang, id, m) })
}

// N translates a message id in the plural form that fits n.
func (p *page) N(id string, n int, args ...any) template.HTML {
	return isolatedMessage(p.Lang, args, func(m map[string]any) string { return p.s.I18n().N(p.Lang, id, n, m) })
}

// Date formats a date in the page's language.
func (p *page) Date(t time.Time) string { return p.s.FormatTime(p.Lang, t) }

// Clock formats the time of day of an instant in Helsinki, for what ends
// at a moment rather than with a day (an e-loan, an offer's window).
func (p *page) Clock(t time.Time) string {
	h := t.In(library.Helsinki)
	return p.s.FormatClock(p.Lang, library.NewClock(h.Hour(), h.Minute()))
}

// Render executes a page's template into a buffer first, so that a
// template error becomes a clean 500 rather than half a page.
func (s *Server) Render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	lang := s.Lang(r)
	p := &page{
		Lang:        lang,
		Title:       title,
		Description: s.describe(lang, name, title),
		Query:       r.URL.Query().Get(ParamQuery),
		Path:        r.URL.Path,
		Languages:   s.langLinks(r, lang),
		CSS:         s.StaticURL("style.css"),
		JS:          s.StaticURL("suggest.js"),
		Data:        data,
		Footer:      s.footerLinks(r, lang),
		s:           s,
	}
	_, p.Patron = s.CurrentPatron(r)
	_, p.Staff = s.CurrentStaff(r)
	if st, ok := permittedStaff(r); ok {
		p.staff = &st
	}
	var buf bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&buf, "layout.html", p); err != nil {
		s.Logger().Error("rendering page", "page", name, "err", err)
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", lang)
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// descriptions are the message ids of the meta descriptions of pages
// that have their own; {{.Title}} in them is the page's title. Other
// pages are described by the site's tagline, which is true of each.
var descriptions = map[string]string{
	"home":      "home.intro",
	"libraries": "libraries.intro",
	"search":    "meta.description.search",
	"record":    "meta.description.record",
	"work":      "meta.description.work",
	"library":   "meta.description.library",
}

// describe returns the meta description of the page name titled title.
// The title is isolated, as a Finnish title in an Arabic sentence must be
// (bidi.go); an attribute can hold no markup, so with Unicode's isolates.
func (s *Server) describe(lang, name, title string) string {
	id, ok := descriptions[name]
	if !ok {
		id = "site.tagline"
	}
	return s.I18n().T(lang, id, map[string]any{"Title": isolated(title)})
}

// langLinks returns the language switcher: the current URL with each
// language, so that switching keeps the user where they are.
func (s *Server) langLinks(r *http.Request, current string) []langLink {
	v, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		v = url.Values{}
	}
	var links []langLink
	for _, l := range s.I18n().Languages() {
		v.Set(ParamLang, l)
		u := url.URL{Path: r.URL.Path, RawQuery: v.Encode()}
		links = append(links, langLink{Lang: l, Name: s.I18n().T(l, "meta.name", nil), URL: u.String(), Current: l == current})
	}
	return links
}

// staticFile is an embedded static file with its content hash.
type staticFile struct {
	data []byte
	hash string
	mod  time.Time
}

func loadStatic() (map[string]staticFile, error) {
	files := make(map[string]staticFile)
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(staticFS, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		files[path.Base(p)] = staticFile{data: data, hash: hex.EncodeToString(sum[:8])}
		return nil
	})
	return files, err
}

// StaticURL returns the URL of a static file with its content hash, so
// that browsers may keep it forever and still see every change.
func (s *Server) StaticURL(name string) string {
	return "/static/" + name + "?v=" + s.static[name].hash
}

func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := s.static[r.PathValue("name")]
	if !ok {
		s.Wrap(func(http.ResponseWriter, *http.Request) error {
			return library.Errorf(library.ENOTFOUND, "no static file %q", r.PathValue("name"))
		}, false).ServeHTTP(w, r)
		return
	}
	h := w.Header()
	if ct := mime.TypeByExtension(path.Ext(r.PathValue("name"))); ct != "" {
		h.Set("Content-Type", ct)
	}
	h.Set("ETag", `"`+f.hash+`"`)
	if r.URL.Query().Get("v") == f.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, max-age=300")
	}
	http.ServeContent(w, r, r.PathValue("name"), f.mod, bytes.NewReader(f.data))
}

// JSONLD returns the page's schema.org description, or nil for a page
// that has none: a page's data that has one says so with a JSONLD method
// (package site's records and libraries). Templates call it as
// {{$.JSONLD}}.
func (p *page) JSONLD() any {
	if d, ok := p.Data.(interface{ JSONLD() any }); ok {
		return d.JSONLD()
	}
	return nil
}
