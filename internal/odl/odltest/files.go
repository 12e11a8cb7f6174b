package odltest

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"html/template"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/epub"
)

// What patrons' apps fetch from the distributor: covers, previews and
// the open-access books. None needs the token.

const coverW, coverH = 120, 180

// publicationAt finds the publication a path's {n} names ("12",
// "12.png", "12.epub").
func (s *Server) publicationAt(w http.ResponseWriter, r *http.Request) *publication {
	v := r.PathValue("n")
	if i := strings.IndexByte(v, '.'); i >= 0 {
		v = v[:i]
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n >= len(s.pubs) {
		http.NotFound(w, r)
		return nil
	}
	return s.pubs[n]
}

// serveCover draws a plain cover in a colour of the title's own.
func (s *Server) serveCover(w http.ResponseWriter, r *http.Request) {
	p := s.publicationAt(w, r)
	if p == nil {
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	png.Encode(w, coverImage(p))
}

// coverImage is a publication's cover: a colour of its title's own with
// a band across.
func coverImage(p *publication) image.Image {
	h := fnv.New32a()
	h.Write([]byte(p.title))
	sum := h.Sum32()
	bg := color.RGBA{uint8(sum), uint8(sum >> 8), uint8(sum >> 16), 255}
	band := color.RGBA{255 - bg.R, 255 - bg.G, 255 - bg.B, 255}
	img := image.NewRGBA(image.Rect(0, 0, coverW, coverH))
	for y := range coverH {
		for x := range coverW {
			c := bg
			if y > coverH/3 && y < coverH/3+24 {
				c = band
			}
			img.Set(x, y, c)
		}
	}
	return img
}

var previewPage = template.Must(template.New("p").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body><main><h1>{{.Title}}</h1><p>{{.Description}}</p></main></body></html>
`))

func (s *Server) servePreview(w http.ResponseWriter, r *http.Request) {
	p := s.publicationAt(w, r)
	if p == nil {
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	previewPage.Execute(w, map[string]string{"Lang": p.language, "Title": p.title, "Description": p.description})
}

// serveOpen makes an open-access title's EPUB 3: a package document, a
// navigation document and one chapter.
func (s *Server) serveOpen(w http.ResponseWriter, r *http.Request) {
	p := s.publicationAt(w, r)
	if p == nil {
		return
	}
	if !p.open {
		http.NotFound(w, r)
		return
	}
	b, err := openBook(p, s.opts.Start)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", epub.MediaType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%d.epub"`, p.n))
	w.Write(b)
}

// openBook is an open-access title as an EPUB 3 book: its cover and a
// chapter of its description.
func openBook(p *publication, modified time.Time) ([]byte, error) {
	var cover bytes.Buffer
	if err := png.Encode(&cover, coverImage(p)); err != nil {
		return nil, err
	}
	return epub.Book{Identifier: p.identifier, Title: p.title, Authors: p.authors, Language: p.language,
		Publisher: p.publisher, Description: p.description, Modified: modified, Cover: cover.Bytes(),
		Chapters: []epub.Chapter{{Title: p.title, Paragraphs: []string{p.description}}}}.Bytes()
}
