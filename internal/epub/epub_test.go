package epub

import (
	"archive/zip"
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/epub/epubchecktest"
)

// books are one book per language the demo writes in, Arabic right to
// left, one of them with a cover.
func books(t *testing.T) map[string]Book {
	modified := time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC)
	n := 0
	book := func(lang, title, author, contents string, chapters ...Chapter) Book {
		n++
		return Book{Identifier: fmt.Sprintf("urn:uuid:00000000-0000-4000-8000-%012x", n), Title: title,
			Authors: []string{author}, Language: lang, Publisher: "Kirjasto", Rights: "Public domain",
			Description: title + " & <" + author + ">", Modified: modified, Contents: contents, Chapters: chapters}
	}
	fi := book("fi", "Meren laulu", "Aino Virtanen", "Sisällys",
		Chapter{"Ensimmäinen luku", []string{"Aamulla meri oli tyyni.", "Lokit huusivat \"rannalla\" & laiturilla."}},
		Chapter{"Toinen luku", []string{"Illalla tuuli kääntyi."}})
	fi.Cover = cover(t)
	return map[string]Book{
		"fi": fi,
		"sv": book("sv", "Havets sång", "Tove Jansson", "Innehåll", Chapter{"Första kapitlet", []string{"Havet låg stilla i gryningen."}}),
		"en": book("en", "The Song of the Sea", "Mary Smith", "Contents", Chapter{"Chapter One", []string{"The sea was calm at dawn <really>."}}),
		"ru": book("ru", "Песня моря", "Ольга Иванова", "Содержание", Chapter{"Глава первая", []string{"Утром море было спокойно."}}),
		"ar": book("ar", "أغنية البحر", "أمينة وارسامي", "المحتويات", Chapter{"الفصل الأول", []string{"كان البحر هادئا في الصباح."}},
			Chapter{"الفصل الثاني", []string{"في المساء تغيرت الريح."}}),
	}
}

func cover(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 60, 90))
	for y := range 90 {
		for x := range 60 {
			img.Set(x, y, color.RGBA{20, 60, uint8(y), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestContainer checks what epubcheck also checks, so that it fails
// without it: the mimetype first, stored, without an extra field; the
// container and package documents; the right-to-left spine.
func TestContainer(t *testing.T) {
	for lang, b := range books(t) {
		t.Run(lang, func(t *testing.T) {
			data, err := b.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(data[30:], []byte("mimetypeapplication/epub+zip")) {
				t.Errorf("the file does not start with an uncompressed mimetype: %q", data[:64])
			}
			z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			if f := z.File[0]; f.Name != "mimetype" || f.Method != zip.Store || len(f.Extra) != 0 {
				t.Errorf("first entry %q method %d extra %d, want mimetype stored without extra", f.Name, f.Method, len(f.Extra))
			}
			files := map[string]string{}
			for _, f := range z.File {
				r, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(r)
				files[f.Name] = string(b)
			}
			opf := files["EPUB/package.opf"]
			for _, want := range []string{`<dc:language>` + lang + `</dc:language>`, `<dc:title>` + b.Title + `</dc:title>`,
				`<meta property="dcterms:modified">2026-12-07T10:00:00Z</meta>`, `properties="nav"`} {
				if !strings.Contains(opf, want) {
					t.Errorf("package document lacks %s:\n%s", want, opf)
				}
			}
			dir := "ltr"
			if lang == "ar" {
				dir = "rtl"
			}
			if !strings.Contains(opf, `page-progression-direction="`+dir+`"`) {
				t.Errorf("spine is not %s:\n%s", dir, opf)
			}
			if !strings.Contains(files["EPUB/chapter1.xhtml"], `dir="`+dir+`"`) || !strings.Contains(files["EPUB/nav.xhtml"], `epub:type="toc"`) {
				t.Errorf("content documents:\n%s\n%s", files["EPUB/nav.xhtml"], files["EPUB/chapter1.xhtml"])
			}
			if _, ok := files["META-INF/container.xml"]; !ok {
				t.Error("no META-INF/container.xml")
			}
			if _, ok := files["EPUB/cover.png"]; ok != (b.Cover != nil) {
				t.Errorf("cover image present %v, want %v", ok, b.Cover != nil)
			}
		})
	}
}

// TestEpubcheck has Debian's epubcheck validate each language's book,
// one at a time: each is a Java virtual machine.
func TestEpubcheck(t *testing.T) {
	for lang, b := range books(t) {
		t.Run(lang, func(t *testing.T) {
			data, err := b.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			epubchecktest.Check(t, lang+".epub", data)
		})
	}
}

// TestRefuses checks that a book EPUB would refuse is not written.
func TestRefuses(t *testing.T) {
	ok := Book{Identifier: "urn:uuid:1", Title: "T", Language: "fi", Chapters: []Chapter{{Title: "1"}}}
	for name, b := range map[string]Book{
		"no identifier":    {Title: "T", Language: "fi", Chapters: ok.Chapters},
		"no title":         {Identifier: "urn:uuid:1", Language: "fi", Chapters: ok.Chapters},
		"no language":      {Identifier: "urn:uuid:1", Title: "T", Chapters: ok.Chapters},
		"no chapters":      {Identifier: "urn:uuid:1", Title: "T", Language: "fi"},
		"untitled chapter": {Identifier: "urn:uuid:1", Title: "T", Language: "fi", Chapters: []Chapter{{}}},
		"bad cover":        {Identifier: "urn:uuid:1", Title: "T", Language: "fi", Chapters: ok.Chapters, Cover: []byte("GIF89a")},
	} {
		if _, err := b.Bytes(); err == nil {
			t.Errorf("%s: written", name)
		}
	}
	if _, err := ok.Bytes(); err != nil {
		t.Errorf("a minimal book: %v", err)
	}
}
