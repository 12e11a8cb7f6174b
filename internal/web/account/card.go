package account

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/code128"
	"github.com/boombuler/barcode/qr"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The digital library card at /account/card: the patron's card number as
// a barcode for the desk's and the self-check machines' scanners, as a QR
// code for phone cameras, and as text for people and screen readers.
//
// The barcode is Code 128, not Codabar. A Helmet card number is all
// digits, which Code 128 packs two to a symbol (its set C), so the same
// number makes a shorter, wider-barred code that reads better from a
// phone's screen; and every handheld and self-check scanner reads Code
// 128 out of the box, while Codabar is often switched off by default.
//
// Both codes are inline SVG: crisp at any size and zoom, no extra request
// to cache for offline use, and black on white whatever the page's theme.

// cardPage is the library card, on the page and as JSON.
type cardPage struct {
	Name        string       `json:"name"`
	CardNumber  string       `json:"card_number"`
	HomeLibrary web.LangText `json:"home_library,omitzero"`
	// Symbology names the 1-D barcode, for programs that draw their own.
	Symbology string `json:"symbology"`
	// Barcode and QR are the codes as inline SVG, for the page only.
	Barcode template.HTML `json:"-"`
	QR      template.HTML `json:"-"`
	CSS     string        `json:"-"`
}

// Sizes of the drawn codes, in CSS pixels per module. A scanner needs
// bars of at least a few device pixels and the quiet zones the standards
// ask for: ten modules each side of Code 128, four round a QR code.
const (
	barModule = 3  // px per Code 128 module: 14 digits make ~400 px
	barHeight = 26 // modules: bars about 80 px high, over 15% of the width
	barQuiet  = 10 // modules of white each side (ISO/IEC 15417)
	qrModule  = 6  // px per QR module: 21 modules make ~170 px with its quiet zone
	qrQuiet   = 4  // modules of white round the symbol (ISO/IEC 18004)
	symbology = "code128"
	cardCSS   = "card.css"
)

// cardRoutes registers the card page, its JSON twin and what makes the
// site an installable app that keeps the card for offline use (pwa.go).
func (s *server) cardRoutes(mux *http.ServeMux) {
	mux.Handle("GET /account/card", s.Wrap(s.AsPatron(s.serveCard), false))
	mux.Handle("GET /api/v1/account/card", s.Wrap(s.AsPatron(s.apiCard), true))
}

func (s *server) serveCard(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	cp, err := s.cardPage(r.Context(), s.Lang(r), p)
	if err != nil {
		return err
	}
	s.Render(w, r, http.StatusOK, "card", s.I18n().T(s.Lang(r), "card.title", nil), cp)
	return nil
}

func (s *server) apiCard(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	cp, err := s.cardPage(r.Context(), s.Lang(r), p)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, cp)
	return nil
}

// cardPage builds the card of p with its labels in lang.
func (s *server) cardPage(ctx context.Context, lang string, p library.Patron) (*cardPage, error) {
	cp := &cardPage{Name: p.Name, CardNumber: p.CardNumber, Symbology: symbology, CSS: s.StaticURL(cardCSS)}
	libs, _, err := s.Consortium(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range libs {
		if l.ID == p.HomeLibrary {
			cp.HomeLibrary = web.TextIn(l.Name, lang)
		}
	}
	label := s.I18n().T(lang, "card.barcode_label", map[string]any{"Number": p.CardNumber})
	if cp.Barcode, err = code128SVG(p.CardNumber, label); err != nil {
		return nil, err
	}
	label = s.I18n().T(lang, "card.qr_label", map[string]any{"Number": p.CardNumber})
	if cp.QR, err = qrSVG(p.CardNumber, label); err != nil {
		return nil, err
	}
	return cp, nil
}

// code128SVG draws number as a Code 128 barcode.
func code128SVG(number, label string) (template.HTML, error) {
	bc, err := code128.Encode(number)
	if err != nil {
		return "", fmt.Errorf("card %s as Code 128: %w", number, err)
	}
	return moduleSVG(bc, barQuiet, 0, barHeight, barModule, label), nil
}

// qrSVG draws number as a QR code. Level M survives a scratched or
// glare-spotted screen and still fits 14 digits in the smallest size;
// Auto picks the numeric mode for digits and copes with a card number
// that has letters.
func qrSVG(number, label string) (template.HTML, error) {
	bc, err := qr.Encode(number, qr.M, qr.Auto)
	if err != nil {
		return "", fmt.Errorf("card %s as QR code: %w", number, err)
	}
	return moduleSVG(bc, qrQuiet, qrQuiet, 1, qrModule, label), nil
}

// moduleSVG draws a barcode's dark modules as one SVG path on white, with
// quietX and quietY modules of white round it. Each row of the code is
// rowHeight modules high: 1 for a 2-D code, the bar height for a 1-D one,
// whose image is a single row. The path joins runs of dark modules in a
// row into one rectangle, so the SVG stays small. The code is an image
// with label as its accessible name; the page also shows the number as text.
func moduleSVG(bc barcode.Barcode, quietX, quietY, rowHeight, px int, label string) template.HTML {
	b := bc.Bounds()
	w := b.Dx() + 2*quietX
	h := b.Dy()*rowHeight + 2*quietY
	var d strings.Builder
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); {
			if !dark(bc, b.Min.X+x, b.Min.Y+y) {
				x++
				continue
			}
			run := 1
			for x+run < b.Dx() && dark(bc, b.Min.X+x+run, b.Min.Y+y) {
				run++
			}
			fmt.Fprintf(&d, "M%d %dh%dv%dh-%dz", x+quietX, y*rowHeight+quietY, run, rowHeight, run)
			x += run
		}
	}
	// Fill colours are attributes, not styles: the content security
	// policy allows no inline style, and a dark theme must not recolour
	// what a scanner reads.
	return template.HTML(fmt.Sprintf(
		`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="%s" width="%d" height="%d" viewBox="0 0 %d %d" shape-rendering="crispEdges">`+
			`<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="%s"/></svg>`,
		template.HTMLEscapeString(label), w*px, h*px, w, h, w, h, d.String()))
}

// dark reports whether the module at x, y is dark.
func dark(img barcode.Barcode, x, y int) bool {
	r, g, b, _ := img.At(x, y).RGBA()
	return r+g+b < 3*0x8000
}
