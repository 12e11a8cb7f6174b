package odltest

import (
	"archive/zip"
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
	texttemplate "text/template"
	"time"
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
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "public, max-age=86400")
	png.Encode(w, img)
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
	b, err := epub(p, s.opts.Start)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/epub+zip")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%d.epub"`, p.n))
	w.Write(b)
}

var (
	opfTmpl = texttemplate.Must(texttemplate.New("opf").Parse(`<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="{{.Lang | html}}">
 <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
  <dc:identifier id="uid">{{.ID | html}}</dc:identifier>
  <dc:title>{{.Title | html}}</dc:title>
  <dc:language>{{.Lang | html}}</dc:language>
  {{range .Authors}}<dc:creator>{{. | html}}</dc:creator>
  {{end}}<meta property="dcterms:modified">{{.Modified | html}}</meta>
 </metadata>
 <manifest>
  <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
  <item id="c1" href="chapter1.xhtml" media-type="application/xhtml+xml"/>
 </manifest>
 <spine><itemref idref="c1"/></spine>
</package>
`))
	xhtmlTmpl = texttemplate.Must(texttemplate.New("x").Parse(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="{{.Lang | html}}" lang="{{.Lang | html}}">
<head><title>{{.Title | html}}</title></head>
<body>{{if .Nav}}<nav epub:type="toc" id="toc"><h1>{{.Title | html}}</h1><ol><li><a href="chapter1.xhtml">{{.Title | html}}</a></li></ol></nav>{{else}}<section><h1>{{.Title | html}}</h1><p>{{.Description | html}}</p></section>{{end}}</body>
</html>
`))
)

const containerXML = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
 <rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
`

func epub(p *publication, modified time.Time) ([]byte, error) {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	// The mimetype comes first and uncompressed, as EPUB's OCF says.
	f, err := z.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
	if err != nil {
		return nil, err
	}
	f.Write([]byte("application/epub+zip"))
	data := map[string]any{"ID": p.identifier, "Title": p.title, "Lang": p.language, "Authors": p.authors,
		"Modified": modified.UTC().Format("2006-01-02T15:04:05Z"), "Description": p.description}
	files := []struct {
		name string
		tmpl *texttemplate.Template
		nav  bool
	}{{"EPUB/package.opf", opfTmpl, false}, {"EPUB/nav.xhtml", xhtmlTmpl, true}, {"EPUB/chapter1.xhtml", xhtmlTmpl, false}}
	if f, err = z.Create("META-INF/container.xml"); err != nil {
		return nil, err
	}
	f.Write([]byte(containerXML))
	for _, file := range files {
		if f, err = z.Create(file.name); err != nil {
			return nil, err
		}
		data["Nav"] = file.nav
		if err := file.tmpl.Execute(f, data); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
