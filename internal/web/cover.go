package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/cover"
	"github.com/kirjasto/kirjasto/internal/library"
)

// Covers. A record shows a cover wherever a page lists or describes it:
// the record's own picture (an 856 field that links one), else the cover
// service's picture for its ISBN (Config.CoverService), else the drawing
// of package cover, served at /covers/{id}.svg. A page asks Server.Cover
// for a record's and shows it with the core's partial:
//
//	{{template "cover" .Cover}}
//
// on a Cover. The drawing is always there, under any picture from
// elsewhere, so that a picture that fails to load leaves the drawing in
// sight without a script (partials.html). Making a Cover reads nothing:
// a page that has the record has all it needs.

// Cover is a record's cover as a page shows it, and its addresses in the
// API.
type Cover struct {
	// URL is the picture to show: the record's own, the cover service's,
	// or the drawn one.
	URL string `json:"url"`
	// Drawn is the drawn cover, which shows where URL does not load.
	Drawn string `json:"drawn_url"`
	// Alt is the text alternative (CoverSize says which).
	Alt string `json:"-"`
	// Width and Height are the cover's size on the page in CSS pixels,
	// so that nothing moves when it loads.
	Width  int `json:"-"`
	Height int `json:"-"`
	// Eager loads the picture with the page, rather than when it is
	// scrolled near: for a page's main picture.
	Eager bool `json:"-"`
}

// Picture reports whether a picture from elsewhere lies over the drawing.
func (c Cover) Picture() bool { return c.URL != c.Drawn }

// CoverSize is how a page shows a cover.
type CoverSize int

const (
	// CoverInList is a cover 64 pixels wide beside the link of a record's
	// title in a list (results, editions, picks). Its alt is empty: the
	// title beside it says all the drawing would, and someone going down
	// a list of twenty with a screen reader should not hear every title
	// twice.
	CoverInList CoverSize = iota
	// CoverOnPage is the main picture of a record's page, 160 pixels wide
	// and loaded at once. Its alt is "Cover: Title" in the page's
	// language, so that someone who cannot see it knows what the picture
	// at the top of the page is, and whose.
	CoverOnPage
)

// coverWidths are the widths of the sizes; heights follow the material.
var coverWidths = map[CoverSize]int{CoverInList: 64, CoverOnPage: 160}

// Cover returns the cover of rec for a page in lang.
func (s *Server) Cover(lang string, rec library.Record, size CoverSize) Cover {
	drawn := CoverPath(rec.ID) + "?v=" + coverDesign(rec).Version()
	c := Cover{URL: drawn, Drawn: drawn}
	if img := rec.CoverImage(); img != "" {
		c.URL = httpsURL(img)
	} else if s.covers != nil {
		if u := s.covers.URL(rec.ISBNs); u != "" {
			c.URL = u
		}
	}
	c.Width, c.Height = cover.Size(rec.Material, coverWidths[size])
	if size == CoverOnPage {
		c.Eager = true
		c.Alt = s.i18n.T(lang, "covers.alt", map[string]any{"Title": isolated(rec.Title)})
	}
	return c
}

// CoverPath is the path of a record's drawn cover, without its version.
func CoverPath(id int64) string { return "/covers/" + strconv.FormatInt(id, 10) + ".svg" }

// coverDesign is what the drawing of rec's cover shows.
func coverDesign(rec library.Record) cover.Design {
	return cover.Design{Title: rec.Title, Author: rec.MainAuthor(), Material: rec.Material, Lang: marcLangs[rec.Language]}
}

// httpsURL asks for a record's picture over https: a page served over
// https may show no http picture, and the site's content security policy
// lets in https pictures only. A host that serves none fails to load,
// and the drawing shows.
func httpsURL(u string) string {
	if rest, ok := strings.CutPrefix(u, "http://"); ok {
		return "https://" + rest
	}
	return u
}

// serveCover draws the cover of record {id}.svg. The drawing is the same
// in every language and for everyone, and is known by its version: a URL
// with the current one (?v=, as pages give it) may be kept for a year,
// others for five minutes; either revalidates with its ETag.
func (s *Server) serveCover(w http.ResponseWriter, r *http.Request) error {
	idText, ok := strings.CutSuffix(r.PathValue("name"), ".svg")
	if !ok {
		return library.Errorf(library.ENOTFOUND, "no cover %q", r.PathValue("name"))
	}
	id, err := ParseRecordID(idText)
	if err != nil {
		return err
	}
	rec, err := s.store.Record(r.Context(), id)
	if err != nil {
		return err
	}
	d := coverDesign(rec)
	v := d.Version()
	h := w.Header()
	h.Set("Vary", "Accept-Encoding") // not the language or the cookie, as pages
	h.Set("ETag", `"`+v+`"`)
	if r.URL.Query().Get("v") == v {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, max-age=300")
	}
	if etagMatches(r.Header.Get("If-None-Match"), v) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	// Opened on its own, the drawing is a document: it may load nothing.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	h.Set("Content-Type", "image/svg+xml")
	w.WriteHeader(http.StatusOK)
	w.Write(d.SVG()) // a failed write means the client has gone
	return nil
}

// etagMatches reports whether an If-None-Match header names the entity
// tag tag (weakly, as RFC 9110 compares for a GET).
func etagMatches(header, tag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == `"`+tag+`"` {
			return true
		}
	}
	return false
}
