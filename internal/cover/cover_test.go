package cover

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
)

// luminance is the relative luminance of a colour "#rrggbb" (WCAG 2.1).
func luminance(t *testing.T, hex string) float64 {
	t.Helper()
	if len(hex) != 7 || hex[0] != '#' {
		t.Fatalf("colour %q is not #rrggbb", hex)
	}
	var c [3]float64
	for i := range c {
		v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatal(err)
		}
		s := float64(v) / 255
		if s <= 0.04045 {
			c[i] = s / 12.92
		} else {
			c[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}

// contrast is the contrast ratio of two colours (WCAG 2.1).
func contrast(t *testing.T, a, b string) float64 {
	la, lb := luminance(t, a), luminance(t, b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// TestContrast: every material's text stands out from its background by
// WCAG AA's 4.5:1, which holds for the author's small print too, and
// every material has colours of its own.
func TestContrast(t *testing.T) {
	if got := contrast(t, "#ffffff", "#000000"); math.Abs(got-21) > 1e-9 {
		t.Fatalf("contrast of white on black = %v, want 21", got)
	}
	seen := map[palette]library.Material{}
	for _, m := range library.Materials {
		p, ok := palettes[m]
		if !ok {
			t.Errorf("material %s has no colours", m)
			continue
		}
		if r := contrast(t, p.fg, p.bg); r < 4.5 {
			t.Errorf("%s: text %s on %s has contrast %.2f:1, want at least 4.5:1", m, p.fg, p.bg, r)
		}
		if other, dup := seen[p]; dup {
			t.Errorf("%s has the colours of %s", m, other)
		}
		seen[p] = m
		svg := string(Design{Title: "T", Material: m}.SVG())
		if !strings.Contains(svg, `fill="`+p.bg+`"`) || !strings.Contains(svg, `fill="`+p.fg+`"`) {
			t.Errorf("%s: the drawing does not use its colours %v", m, p)
		}
	}
	if paletteOf("laserdisc") != palettes[library.OtherMedium] {
		t.Error("an unknown material is not drawn as other")
	}
}

// svgNode is what the tests read back from a drawing.
type svgNode struct {
	root     xml.StartElement
	elements []string            // names, in order
	title    string              // the <title>'s text
	texts    [][]string          // each <text>'s lines
	attrs    []map[string]string // each <text>'s attributes
}

// parse reads an SVG as XML, failing the test if it is not well formed.
func parse(t *testing.T, svg []byte) svgNode {
	t.Helper()
	var n svgNode
	d := xml.NewDecoder(bytes.NewReader(svg))
	var stack []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				n.root = tok.Copy()
			}
			stack = append(stack, tok.Name.Local)
			n.elements = append(n.elements, tok.Name.Local)
			switch tok.Name.Local {
			case "text":
				n.texts = append(n.texts, nil)
				a := map[string]string{}
				for _, at := range tok.Attr {
					a[at.Name.Local] = at.Value
				}
				n.attrs = append(n.attrs, a)
			case "tspan":
				n.texts[len(n.texts)-1] = append(n.texts[len(n.texts)-1], "")
			}
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 {
				continue
			}
			switch stack[len(stack)-1] {
			case "title":
				n.title += string(tok)
			case "tspan":
				lines := n.texts[len(n.texts)-1]
				lines[len(lines)-1] += string(tok)
			}
		}
	}
	return n
}

// noSpaces is s without spaces, to compare a text with its lines.
func noSpaces(s string) string { return strings.ReplaceAll(s, " ", "") }

// TestSVGEscapes: a title or name with markup, a CDATA end, quotes and a
// control character stays text: the drawing is well-formed XML with no
// element but its own, and says the words as they are.
func TestSVGEscapes(t *testing.T) {
	title := `<script>alert("x")</script> ]]> & 'quotes' "too" <!-- -->`
	author := `</text><script>alert(1)</script>, Eve`
	svg := Design{Title: title, Author: author, Material: library.Book, Lang: `fi" onload="x`}.SVG()
	n := parse(t, svg)
	for _, el := range n.elements {
		switch el {
		case "svg", "title", "rect", "g", "path", "text", "tspan":
		default:
			t.Errorf("the drawing has a <%s> element", el)
		}
	}
	if want := title + " – " + displayName(author); n.title != want {
		t.Errorf("<title> says %q, want %q", n.title, want)
	}
	if got := noSpaces(strings.Join(n.texts[0], "")); got != noSpaces(title) {
		t.Errorf("the title's lines say %q, want %q", got, title)
	}
	for _, a := range n.root.Attr {
		if a.Name.Local == "onload" {
			t.Errorf("the language broke out of its attribute: %v", n.root.Attr)
		}
	}
	if bytes.Contains(svg, []byte("<script")) || bytes.Contains(svg, []byte("]]>")) {
		t.Errorf("markup from the record reached the drawing:\n%s", svg)
	}
	// XML cannot hold a control character at all: it is replaced.
	parse(t, Design{Title: "Null\x00 and bell\x07", Material: library.CD}.SVG())
}

// TestSVGIsAnImage: the drawing is an SVG image with a role and a
// <title> first, for readers that open it on its own.
func TestSVGIsAnImage(t *testing.T) {
	n := parse(t, Design{Title: "Tuntematon sotilas", Author: "Linna, Väinö", Material: library.Book, Lang: "fi"}.SVG())
	attrs := map[string]string{}
	for _, a := range n.root.Attr {
		attrs[a.Name.Local] = a.Value
	}
	want := map[string]string{"xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 200 300", "width": "200", "height": "300", "role": "img", "lang": "fi"}
	if diff := cmp.Diff(want, attrs); diff != "" {
		t.Errorf("<svg> attributes (-want +got):\n%s", diff)
	}
	if n.root.Name.Space != "http://www.w3.org/2000/svg" || n.root.Name.Local != "svg" || n.elements[1] != "title" {
		t.Errorf("root %v, elements %v: want <svg> with <title> first", n.root.Name, n.elements)
	}
	if n.title != "Tuntematon sotilas – Väinö Linna" {
		t.Errorf("<title> %q", n.title)
	}
	if diff := cmp.Diff([][]string{{"Tuntematon", "sotilas"}, {"Väinö Linna"}}, n.texts); diff != "" {
		t.Errorf("text lines (-want +got):\n%s", diff)
	}
	sq := parse(t, Design{Title: "Abbey Road", Material: library.Vinyl}.SVG())
	if w, h := Size(library.Vinyl, 64); w != 64 || h != 64 || !strings.Contains(fmt.Sprint(sq.root.Attr), "0 0 200 200") {
		t.Errorf("a record's cover: %dx%d, %v; want square", w, h, sq.root.Attr)
	}
	if w, h := Size(library.Book, 64); w != 64 || h != 96 {
		t.Errorf("Size(book, 64) = %dx%d, want 64x96", w, h)
	}
}

// TestSVGDirection: a right-to-left title or name is set right to left,
// a Cyrillic or Latin one left to right, each by its own letters.
func TestSVGDirection(t *testing.T) {
	for _, c := range []struct {
		title, author string
		rtl           [2]bool
	}{
		{"ألف ليلة وليلة", "Burton, Richard", [2]bool{true, false}},
		{"Муми-тролли", "Янссон, Туве", [2]bool{false, false}},
		{"2001: מסע בחלל", "קלארק, ארתור", [2]bool{true, true}},
		{"Kalevala", "", [2]bool{false, false}},
	} {
		n := parse(t, Design{Title: c.title, Author: c.author, Material: library.Book}.SVG())
		for i, a := range n.attrs {
			if got := a["direction"] == "rtl"; got != c.rtl[i] {
				t.Errorf("%q: text %d rtl %v, want %v", c.title, i, got, c.rtl[i])
			}
		}
		if got := noSpaces(strings.Join(n.texts[0], "")); got != noSpaces(c.title) {
			t.Errorf("title drawn as %q, want %q", got, c.title)
		}
	}
	n := parse(t, Design{Title: "Муми-тролли", Author: "Янссон, Туве", Material: library.EBook}.SVG())
	if n.texts[1][0] != "Туве Янссон" {
		t.Errorf("author drawn as %q", n.texts[1])
	}
}

// TestWrap: lines break at spaces, between wide characters and, only
// when it must, inside a word; each line fits; too long a title ends in
// an ellipsis on its last allowed line.
func TestWrap(t *testing.T) {
	const width = 6.0
	for _, c := range []struct {
		in         string
		n          int
		want       []string
		cut, broke bool
	}{
		{"Kissa", 3, []string{"Kissa"}, false, false},
		{"Kissa ja koira", 3, []string{"Kissa ja", "koira"}, false, false},
		{"Muumi-peikko ja pyrstötähti", 3, []string{"Muumi-", "peikko ja", "pyrstötähti"}, false, false},
		{"Tuntematon sotilas ja muita", 3, []string{"Tuntemato", "n sotilas ja", "muita"}, false, true},
		{"Lentokonesuihkuturbiinimoottoriapumekaanikkoaliupseerioppilas", 3, []string{"Lentokones", "uihkuturbii", "nimoottor…"}, true, true},
		{"吾輩は猫である名前はまだ無い", 3, []string{"吾輩は猫であ", "る名前はまだ", "無い"}, false, false},
		{"Yksi kaksi kolme neljä viisi kuusi seitsemän", 3, []string{"Yksi kaksi", "kolme neljä", "viisi kuu…"}, true, false},
		{"", 2, nil, false, false},
	} {
		got, cut, broke := wrap(c.in, width, c.n)
		if diff := cmp.Diff(c.want, got); diff != "" || cut != c.cut || broke != c.broke {
			t.Errorf("wrap(%q, %d) cut %v, broke %v (-want +got):\n%s", c.in, c.n, cut, broke, diff)
		}
		for _, l := range got {
			if w := textWidth(l); w > width {
				t.Errorf("wrap(%q): line %q is %.2f ems, more than %v", c.in, l, w, width)
			}
		}
	}
	// A word the largest size would break is set smaller instead; one
	// that every size breaks, at the smallest.
	n := parse(t, Design{Title: "Lentokonesuihku", Material: library.Book}.SVG())
	if len(n.texts[0]) != 1 || n.attrs[0]["font-size"] == "26" {
		t.Errorf("a long word drawn as %q at size %s, want one line at a smaller size", n.texts[0], n.attrs[0]["font-size"])
	}
	n = parse(t, Design{Title: "Lentokonesuihkuturbiinimoottori", Material: library.Book}.SVG())
	if n.attrs[0]["font-size"] != "16" {
		t.Errorf("a word too long for any line drawn at size %s, want 16", n.attrs[0]["font-size"])
	}
	// A title far too long for the cover is drawn small and cut short.
	long := strings.Repeat("Pitkä otsikko ", 40)
	n = parse(t, Design{Title: long, Material: library.Book}.SVG())
	lines := n.texts[0]
	if n.attrs[0]["font-size"] != "16" || !strings.HasSuffix(lines[len(lines)-1], "…") {
		t.Errorf("a long title at size %s ends %q, want the smallest size and an ellipsis", n.attrs[0]["font-size"], lines[len(lines)-1])
	}
	if n.title != long {
		t.Error("the <title> of a long title is cut too; it should be whole")
	}
	short := parse(t, Design{Title: "Sinuhe", Material: library.Book}.SVG())
	if short.attrs[0]["font-size"] != "26" {
		t.Errorf("a short title at size %s, want the largest, 26", short.attrs[0]["font-size"])
	}
}

func TestDisplayName(t *testing.T) {
	for in, want := range map[string]string{
		"Linna, Väinö":                "Väinö Linna",
		"Янссон, Туве":                "Туве Янссон",
		"Tolkien, J. R. R.":           "J. R. R. Tolkien",
		"Kivi, Aleksis, 1834-1872":    "Kivi, Aleksis, 1834-1872",
		"Helsingin kaupunginkirjasto": "Helsingin kaupunginkirjasto",
		"Homer":                       "Homer",
	} {
		if got := displayName(in); got != want {
			t.Errorf("displayName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestVersion: the fingerprint follows what the drawing shows, and only
// that.
func TestVersion(t *testing.T) {
	d := Design{Title: "Sinuhe", Author: "Waltari, Mika", Material: library.Book, Lang: "fi"}
	if d.Version() != d.Version() || len(d.Version()) != 16 {
		t.Fatalf("Version() = %q, want 16 stable hex digits", d.Version())
	}
	for _, other := range []Design{
		{Title: "Sinuhe egyptiläinen", Author: d.Author, Material: d.Material, Lang: d.Lang},
		{Title: d.Title, Author: "Waltari, M.", Material: d.Material, Lang: d.Lang},
		{Title: d.Title, Author: d.Author, Material: library.AudioBook, Lang: d.Lang},
		{Title: d.Title, Author: d.Author, Material: d.Material, Lang: "sv"},
	} {
		if other.Version() == d.Version() {
			t.Errorf("%+v has the version of %+v", other, d)
		}
	}
}

// TestService: ISBN-10s become ISBN-13s, ISBN-13s give their ISBN-10
// where they have one, invalid ISBNs are passed over, and a template that
// cannot make an address is refused.
func TestService(t *testing.T) {
	for _, c := range []struct{ in, want13, want10 string }{
		{"0-306-40615-2", "9780306406157", "0306406152"},
		{"0306406152", "9780306406157", "0306406152"},
		{"978-0-306-40615-7", "9780306406157", "0306406152"},
		{"080442957x", "9780804429573", "080442957X"},
		{"9791034304103", "9791034304103", ""},
	} {
		got13, ok := ISBN13(c.in)
		if !ok || got13 != c.want13 {
			t.Errorf("ISBN13(%q) = %q, %v; want %q", c.in, got13, ok, c.want13)
		}
		got10, ok := ISBN10(got13)
		if got10 != c.want10 || ok != (c.want10 != "") {
			t.Errorf("ISBN10(%q) = %q, %v; want %q", got13, got10, ok, c.want10)
		}
	}
	for _, bad := range []string{"0306406153", "9780306406158", "12345", ""} {
		if got, ok := ISBN13(bad); ok {
			t.Errorf("ISBN13(%q) = %q, want refused", bad, got)
		}
	}

	s, err := NewService("https://covers.example.org/{isbn}-M.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.URL([]string{"0306406153", "0306406152"}); got != "https://covers.example.org/9780306406157-M.jpg" {
		t.Errorf("URL = %q: the invalid ISBN should be passed over, the next converted", got)
	}
	if got := s.URL(nil); got != "" {
		t.Errorf("URL without ISBNs = %q", got)
	}
	if s.Origin() != "https://covers.example.org" {
		t.Errorf("Origin = %q", s.Origin())
	}
	s10, err := NewService("http://kannet.example:8080/isbn10/{isbn10}/{isbn}.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if got := s10.URL([]string{"9791034304103", "9780306406157"}); got != "http://kannet.example:8080/isbn10/0306406152/9780306406157.jpg" {
		t.Errorf("URL = %q: the 979 ISBN has no ISBN-10 and should be passed over", got)
	}
	if s10.Origin() != "http://kannet.example:8080" {
		t.Errorf("Origin = %q", s10.Origin())
	}
	for _, bad := range []string{
		"https://covers.example.org/cover.jpg",
		"https://covers.example.org/{id}/{isbn}.jpg",
		"ftp://covers.example.org/{isbn}.jpg",
		"/covers/{isbn}.jpg",
		"javascript:alert('{isbn}')",
	} {
		if _, err := NewService(bad); err == nil {
			t.Errorf("NewService(%q) accepted it", bad)
		}
	}
}

// BenchmarkSVG draws covers of a typical title and of a long one.
func BenchmarkSVG(b *testing.B) {
	for _, d := range []Design{
		{Title: "Tuntematon sotilas", Author: "Linna, Väinö", Material: library.Book, Lang: "fi"},
		{Title: strings.Repeat("Pitkä otsikko jossa on paljon sanoja ", 6), Author: "Kirjoittaja, Pitkänimi", Material: library.AudioBook, Lang: "fi"},
	} {
		b.Run(strconv.Itoa(len(d.Title)), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				d.SVG()
			}
		})
	}
}
