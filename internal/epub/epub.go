// Package epub writes EPUB 3 books: an OCF zip container (the mimetype
// first and uncompressed, META-INF/container.xml), a package document
// with the metadata EPUB asks for, a navigation document and one XHTML
// content document per chapter, with an optional cover image. It makes
// the demo's open-access books and the test distributor's downloads;
// the tests check its books with Debian's epubcheck.
package epub

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Book is what a book is written from.
type Book struct {
	// Identifier is the book's unique identifier, a URI such as
	// "urn:isbn:..." or "urn:uuid:...".
	Identifier string
	Title      string
	Authors    []string
	// Language is a BCP 47 tag ("fi", "sv", "ar"); a right-to-left
	// script's language turns the pages right to left.
	Language    string
	Publisher   string
	Description string
	// Rights is the rights statement, such as "Public domain".
	Rights string
	// Modified is the dcterms:modified date; zero is now.
	Modified time.Time
	// Cover is a PNG or JPEG image, shown on a page of its own before
	// the first chapter; nil is none.
	Cover []byte
	// Contents is the navigation document's heading ("Sisällys"); ""
	// uses the title.
	Contents string
	Chapters []Chapter
}

// Chapter is one content document: a heading and paragraphs of text.
type Chapter struct {
	Title      string
	Paragraphs []string
}

// MediaType is an EPUB's media type.
const MediaType = "application/epub+zip"

// rtlLanguages are the languages whose script runs right to left.
var rtlLanguages = map[string]bool{"ar": true, "fa": true, "he": true, "ur": true, "yi": true, "ps": true, "ckb": true}

// RightToLeft reports whether a language tag's script runs right to left.
func RightToLeft(lang string) bool {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	return rtlLanguages[base]
}

// Bytes returns the book as an EPUB file.
func (b Book) Bytes() ([]byte, error) {
	var buf bytes.Buffer
	if err := b.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Write writes the book as an EPUB file to w.
func (b Book) Write(w io.Writer) error {
	if err := b.check(); err != nil {
		return err
	}
	if b.Modified.IsZero() {
		b.Modified = time.Now()
	}
	b.Modified = b.Modified.UTC().Truncate(time.Second)
	cover, coverType := "", ""
	if len(b.Cover) > 0 {
		switch {
		case bytes.HasPrefix(b.Cover, []byte("\x89PNG")):
			cover, coverType = "cover.png", "image/png"
		case bytes.HasPrefix(b.Cover, []byte("\xff\xd8\xff")):
			cover, coverType = "cover.jpg", "image/jpeg"
		default:
			return errors.New("epub: the cover is neither PNG nor JPEG")
		}
	}
	d := doc{Book: b, Dir: "ltr", Modified: b.Modified.Format("2006-01-02T15:04:05Z"), Cover: cover, CoverType: coverType}
	if RightToLeft(b.Language) {
		d.Dir = "rtl"
	}
	if d.Contents == "" {
		d.Contents = b.Title
	}

	z := zip.NewWriter(w)
	// The mimetype comes first and uncompressed, with no extra field,
	// so that its bytes sit at a fixed offset (OCF 3.3, 4.3).
	put := func(name string, method uint16, write func(io.Writer) error) error {
		h := &zip.FileHeader{Name: name, Method: method}
		if name != "mimetype" {
			// A modification time is written as an extra field too,
			// which the mimetype must not have.
			h.Modified = b.Modified
		}
		f, err := z.CreateHeader(h)
		if err != nil {
			return err
		}
		return write(f)
	}
	text := func(s string) func(io.Writer) error {
		return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
	}
	tmpl := func(name string, data any) func(io.Writer) error {
		return func(w io.Writer) error { return templates.ExecuteTemplate(w, name, data) }
	}
	if err := put("mimetype", zip.Store, text(MediaType)); err != nil {
		return err
	}
	if err := put("META-INF/container.xml", zip.Deflate, text(containerXML)); err != nil {
		return err
	}
	if err := put("EPUB/package.opf", zip.Deflate, tmpl("opf", d)); err != nil {
		return err
	}
	if err := put("EPUB/nav.xhtml", zip.Deflate, tmpl("nav", d)); err != nil {
		return err
	}
	if cover != "" {
		if err := put("EPUB/"+cover, zip.Store, func(w io.Writer) error { _, err := w.Write(b.Cover); return err }); err != nil {
			return err
		}
		if err := put("EPUB/cover.xhtml", zip.Deflate, tmpl("cover", d)); err != nil {
			return err
		}
	}
	for i, c := range b.Chapters {
		cd := chapterDoc{Doc: d, Chapter: c}
		if err := put(fmt.Sprintf("EPUB/%s", chapterFile(i)), zip.Deflate, tmpl("chapter", cd)); err != nil {
			return err
		}
	}
	return z.Close()
}

// check refuses a book EPUB would not accept.
func (b Book) check() error {
	switch {
	case strings.TrimSpace(b.Identifier) == "":
		return errors.New("epub: the book has no identifier")
	case strings.TrimSpace(b.Title) == "":
		return errors.New("epub: the book has no title")
	case strings.TrimSpace(b.Language) == "":
		return errors.New("epub: the book has no language")
	case len(b.Chapters) == 0:
		return errors.New("epub: the book has no chapters")
	}
	for i, c := range b.Chapters {
		if strings.TrimSpace(c.Title) == "" {
			return fmt.Errorf("epub: chapter %d has no title", i+1)
		}
	}
	return nil
}

func chapterFile(i int) string { return fmt.Sprintf("chapter%d.xhtml", i+1) }

// doc is what the templates see.
type doc struct {
	Book
	Dir, Modified    string
	Cover, CoverType string // the cover's file name and media type; "" without one
}

type chapterDoc struct {
	Doc     doc
	Chapter Chapter
}

const containerXML = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`
