// Package cover draws the covers Kirjasto makes for records that have no
// picture of their own, and finds a record's picture at a cover service.
//
// Where a record's cover comes from is the web core's choice (package
// web's Cover): the record's own picture (an 856 field that links one, by
// internal/marc's IsCover), else the configured cover service's picture
// for its ISBN (Service), else a drawing made here (Design.SVG): the title
// and the author on a colour that tells the material apart, so that a
// list of results is quick to scan.
package cover

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"math"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
)

// drawing is the version of the drawing. Change it whenever SVG draws
// something else, so that Version changes and browsers fetch the new
// covers instead of keeping the old ones.
const drawing = "1"

// Design is what a drawn cover shows.
type Design struct {
	Title    string
	Author   string // the main entry as catalogued, "Surname, Forename"
	Material library.Material
	Lang     string // BCP 47 language of the title, "" when unknown
}

// Size returns the width and height in pixels of a cover of material m
// that is width pixels wide: two by three like most books, square for
// records, discs and games, whose sleeves and boxes are.
func Size(m library.Material, width int) (int, int) {
	if square(m) {
		return width, width
	}
	return width, width * 3 / 2
}

func square(m library.Material) bool {
	return m == library.CD || m == library.Vinyl || m == library.BoardGame || m == library.Instrument
}

// Version returns a fingerprint of what the drawing of d shows, for the
// cover's URL and its ETag: it changes when the title, the author, the
// material, the language or the drawing itself does.
func (d Design) Version() string {
	h := sha256.Sum256([]byte(strings.Join([]string{drawing, d.Title, d.Author, string(d.Material), d.Lang}, "\x1f")))
	return hex.EncodeToString(h[:8])
}

// layout places the parts of a cover in the SVG's own units: the title
// between titleTop and titleBottom, the material's motif in a band from
// motifTop, the author's last line on authorBase.
type layout struct {
	w, h                            int
	titleTop, titleBottom, motifTop float64
	authorBase                      float64
}

var (
	tallLayout   = layout{w: 200, h: 300, titleTop: 30, titleBottom: 200, motifTop: 210, authorBase: 282}
	squareLayout = layout{w: 200, h: 200, titleTop: 20, titleBottom: 110, motifTop: 112, authorBase: 186}
)

// Fonts: generic stacks, for an SVG shown as an image loads no fonts; the
// serif names cover Latin, Cyrillic, Greek and (Noto) Arabic and others.
const (
	serif = `Georgia, 'Times New Roman', 'Noto Serif', serif`
	sans  = `system-ui, 'Segoe UI', Roboto, 'Noto Sans', sans-serif`
)

const (
	margin       = 14.0 // on either side of the text
	lineHeight   = 1.2  // of a title line, in ems
	authorSize   = 15.0
	authorLead   = 18.0
	authorLines  = 2
	ellipsisText = "…"
)

// titleSizes are tried largest first: the first at which the title fits
// whole is used, else the smallest, with the title cut short.
var titleSizes = []float64{26, 22, 19, 16}

// SVG draws the cover of d: its title wrapped onto lines (shortened with
// an ellipsis when it is too long), the author at the foot, on the colour
// of the material with a motif of it. Titles and names are escaped, and
// a right-to-left one is set right to left.
func (d Design) SVG() []byte {
	l := tallLayout
	if square(d.Material) {
		l = squareLayout
	}
	p := paletteOf(d.Material)
	author := displayName(d.Author)
	var b strings.Builder
	b.Grow(1600)
	w, h := strconv.Itoa(l.w), strconv.Itoa(l.h)
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + w + " " + h + `" width="` + w + `" height="` + h + `" role="img"`)
	if d.Lang != "" {
		b.WriteString(` lang="`)
		escape(&b, d.Lang)
		b.WriteString(`"`)
	}
	b.WriteString(">\n<title>")
	escape(&b, d.Title)
	if author != "" {
		b.WriteString(" – ")
		escape(&b, author)
	}
	b.WriteString("</title>\n")
	b.WriteString(`<rect width="` + w + `" height="` + h + `" fill="` + p.bg + `"/>` + "\n")
	b.WriteString(motif(d.Material, l.motifTop, p.fg))
	d.writeTitle(&b, l, p.fg)
	writeAuthor(&b, l, author, p.fg)
	// A faint edge, so that a pale cover stands out from a white page.
	b.WriteString(`<rect x=".5" y=".5" width="` + strconv.Itoa(l.w-1) + `" height="` + strconv.Itoa(l.h-1) + `" fill="none" stroke="#000" stroke-opacity=".2"/>` + "\n")
	b.WriteString("</svg>\n")
	return []byte(b.String())
}

// writeTitle sets the title at the largest size at which it fits.
func (d Design) writeTitle(b *strings.Builder, l layout, fg string) {
	title := strings.Join(strings.Fields(d.Title), " ")
	if title == "" {
		return
	}
	width := float64(l.w) - 2*margin
	// The largest size at which the title fits whole without breaking a
	// word, else the smallest at which it fits whole (where a word too
	// long for a line breaks the fewest times), else the smallest.
	type fit struct {
		lines []string
		size  float64
	}
	var whole, unbroken *fit
	var lines []string
	var size float64
	for _, s := range titleSizes {
		// The first baseline sits one cap height below the top; each
		// further line adds a line's height; descenders end the block.
		n := int((l.titleBottom-l.titleTop-1.15*s)/(lineHeight*s)) + 1
		ls, cut, broke := wrap(title, width/s, n)
		lines, size = ls, s
		if !cut {
			whole = &fit{ls, s}
		}
		if !cut && !broke {
			unbroken = &fit{ls, s}
			break
		}
	}
	switch {
	case unbroken != nil:
		lines, size = unbroken.lines, unbroken.size
	case whole != nil:
		lines, size = whole.lines, whole.size
	}
	y := l.titleTop + 0.9*size
	writeText(b, lines, y, size*lineHeight, size, serif, `font-weight="700" `, fg, rtl(title), l.w)
}

// writeAuthor sets the author's name at the foot, on one or two lines.
func writeAuthor(b *strings.Builder, l layout, author, fg string) {
	if author == "" {
		return
	}
	lines, _, _ := wrap(author, (float64(l.w)-2*margin)/authorSize, authorLines)
	y := l.authorBase - float64(len(lines)-1)*authorLead
	writeText(b, lines, y, authorLead, authorSize, sans, "", fg, rtl(author), l.w)
}

// writeText writes lines as one text element centred on the cover, the
// first line's baseline at y.
func writeText(b *strings.Builder, lines []string, y, lead, size float64, font, extra, fg string, rtl bool, w int) {
	cx := strconv.Itoa(w / 2)
	b.WriteString(`<text text-anchor="middle" font-family="` + font + `" font-size="` + num(size) + `" ` + extra + `fill="` + fg + `"`)
	if rtl {
		b.WriteString(` direction="rtl"`)
	}
	b.WriteString(">")
	for i, line := range lines {
		b.WriteString(`<tspan x="` + cx + `" y="` + num(y+float64(i)*lead) + `">`)
		escape(b, line)
		b.WriteString("</tspan>")
	}
	b.WriteString("</text>\n")
}

// num writes a coordinate with at most one decimal.
func num(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }

// escape writes s as XML character data, which is also safe inside an
// attribute's quotes: <, >, &, quotes escaped, and characters XML cannot
// hold (control characters) replaced, so that no title breaks the SVG.
func escape(b *strings.Builder, s string) {
	xml.EscapeText(b, []byte(s)) // a strings.Builder does not fail
}

// displayName turns a catalogued "Surname, Forename" into the
// "Forename Surname" of a cover; other names stay as they are.
func displayName(name string) string {
	name = strings.TrimSpace(name)
	last, first, ok := strings.Cut(name, ", ")
	if !ok || strings.Contains(first, ",") || strings.ContainsAny(first, "0123456789") || first == "" || last == "" {
		return name
	}
	return strings.TrimSpace(first) + " " + strings.TrimSpace(last)
}
