package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// What makes Kirjasto an installable web app: a manifest, icons and a
// service worker (static/sw.js) that keeps the library card for offline
// use. The registration script (static/pwa.js) is comfort only: without
// it every page works as before, the card just needs a network.

// ThemeColour is the header's band colour (style.css --band), which the
// phone paints its status bar and splash screen with.
const ThemeColour = "#12365a"

// manifest is a web app manifest (W3C Web Application Manifest).
type manifest struct {
	ID              string         `json:"id"`
	Name            string         `json:"name"`
	ShortName       string         `json:"short_name"`
	Description     string         `json:"description"`
	Lang            string         `json:"lang"`
	Dir             string         `json:"dir"`
	StartURL        string         `json:"start_url"`
	Scope           string         `json:"scope"`
	Display         string         `json:"display"`
	ThemeColor      string         `json:"theme_color"`
	BackgroundColor string         `json:"background_color"`
	Icons           []manifestIcon `json:"icons"`
	Shortcuts       []shortcut     `json:"shortcuts"`
}

type manifestIcon struct {
	Src     string `json:"src"`
	Sizes   string `json:"sizes"`
	Type    string `json:"type"`
	Purpose string `json:"purpose"`
}

type shortcut struct {
	Name  string         `json:"name"`
	URL   string         `json:"url"`
	Icons []manifestIcon `json:"icons,omitempty"`
}

// appIcon is one generated icon, PNG-encoded once, when first asked for.
type appIcon struct {
	size     int
	maskable bool
	png      []byte
	hash     string
}

// appIcons are the icons the manifest names: 192 and 512 pixels, as
// an ordinary icon and as a maskable one that fills the whole square.
var appIcons = map[string]*appIcon{
	"icon-192.png":          {size: 192},
	"icon-512.png":          {size: 512},
	"icon-maskable-192.png": {size: 192, maskable: true},
	"icon-maskable-512.png": {size: 512, maskable: true},
}

// drawIcons fills in appIcons' images. It runs on the first manifest or
// icon request, not at start: every kirjasto command and test binary links
// this package, and drawing takes some 15 ms that only the site needs.
var drawIcons = sync.OnceFunc(func() {
	for _, ic := range appIcons {
		var buf bytes.Buffer
		if err := png.Encode(&buf, drawIcon(ic.size, ic.maskable)); err != nil {
			panic(err) // encoding an in-memory RGBA image cannot fail
		}
		sum := sha256.Sum256(buf.Bytes())
		ic.png, ic.hash = buf.Bytes(), hex.EncodeToString(sum[:8])
	}
})

// pwaRoutes serves the manifest, the icons and the service worker. The
// worker is served from the root, not /static/, so that its scope is the
// whole site and it sees the card page and the sign-out form.
func (s *Server) pwaRoutes(mux *http.ServeMux) {
	mux.Handle("GET /manifest.webmanifest", s.Wrap(s.serveManifest, false))
	mux.Handle("GET /icons/{name}", s.Wrap(s.serveIcon, false))
	mux.HandleFunc("GET /sw.js", s.serveWorker)
	mux.HandleFunc("GET /favicon.ico", serveFavicon)
}

// serveManifest serves the manifest in the user's language: the name a
// phone shows under the icon is in the language the user reads.
func (s *Server) serveManifest(w http.ResponseWriter, r *http.Request) error {
	lang := s.Lang(r)
	t := func(id string) string { return s.I18n().T(lang, id, nil) }
	m := manifest{
		ID: "/", Name: t("card.app_name"), ShortName: t("site.name"), Description: t("site.tagline"),
		Lang: lang, Dir: t("meta.dir"), StartURL: "/", Scope: "/", Display: "standalone",
		ThemeColor: ThemeColour, BackgroundColor: "#ffffff",
	}
	for _, name := range []string{"icon-192.png", "icon-512.png", "icon-maskable-192.png", "icon-maskable-512.png"} {
		m.Icons = append(m.Icons, iconEntry(name))
	}
	m.Shortcuts = []shortcut{{Name: t("card.title"), URL: "/account/card", Icons: []manifestIcon{iconEntry("icon-192.png")}}}
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/manifest+json")
	w.Write(data)
	return nil
}

// iconEntry is the manifest's entry for a generated icon.
func iconEntry(name string) manifestIcon {
	drawIcons()
	ic := appIcons[name]
	purpose := "any"
	if ic.maskable {
		purpose = "maskable"
	}
	size := strconv.Itoa(ic.size)
	return manifestIcon{Src: "/icons/" + name + "?v=" + ic.hash, Sizes: size + "x" + size, Type: "image/png", Purpose: purpose}
}

func (s *Server) serveIcon(w http.ResponseWriter, r *http.Request) error {
	drawIcons()
	ic, ok := appIcons[r.PathValue("name")]
	if !ok {
		return library.Errorf(library.ENOTFOUND, "no icon %q", r.PathValue("name"))
	}
	h := w.Header()
	h.Set("Content-Type", "image/png")
	h.Set("ETag", `"`+ic.hash+`"`)
	h.Set("Cache-Control", "public, max-age=86400")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(ic.png))
	return nil
}

// favicon is the app icon at the sizes a browser's tab, bookmarks and
// desktop ask for, in one ICO file; drawn on the first request.
var favicon = sync.OnceValues(func() ([]byte, string) {
	var images [][]byte
	sizes := []int{16, 32, 48}
	for _, size := range sizes {
		var buf bytes.Buffer
		if err := png.Encode(&buf, drawIcon(size, false)); err != nil {
			panic(err) // encoding an in-memory RGBA image cannot fail
		}
		images = append(images, buf.Bytes())
	}
	data := icoFile(sizes, images)
	sum := sha256.Sum256(data)
	return data, hex.EncodeToString(sum[:8])
})

// icoFile writes PNG images into an ICO container (ICONDIR, one
// ICONDIRENTRY per image, then the images), which every browser reads.
func icoFile(sizes []int, pngs [][]byte) []byte {
	le := binary.LittleEndian
	head := make([]byte, 6+16*len(pngs))
	le.PutUint16(head[2:], 1) // type: icon
	le.PutUint16(head[4:], uint16(len(pngs)))
	offset := len(head)
	for i, p := range pngs {
		e := head[6+16*i:]
		e[0], e[1] = byte(sizes[i]), byte(sizes[i]) // width, height (< 256)
		le.PutUint16(e[4:], 1)                      // colour planes
		le.PutUint16(e[6:], 32)                     // bits per pixel
		le.PutUint32(e[8:], uint32(len(p)))
		le.PutUint32(e[12:], uint32(offset))
		offset += len(p)
	}
	return slices.Concat(append([][]byte{head}, pngs...)...)
}

// serveFavicon serves /favicon.ico, where browsers look for a site's icon
// whatever the page says. Its URL cannot carry a version, so it is kept
// for a day, and revalidated by its ETag.
func serveFavicon(w http.ResponseWriter, r *http.Request) {
	data, hash := favicon()
	h := w.Header()
	h.Set("Content-Type", "image/x-icon")
	h.Set("ETag", `"`+hash+`"`)
	h.Set("Cache-Control", "public, max-age=86400")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}

// serveWorker serves static/sw.js. no-cache makes the browser check for
// a new worker at every visit instead of keeping an old one for a day.
func (s *Server) serveWorker(w http.ResponseWriter, r *http.Request) {
	f := s.static["sw.js"]
	h := w.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("ETag", `"`+f.hash+`"`)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.data))
}

// Static returns the versioned URL of a static file, for templates.
func (p *page) Static(name string) string { return p.s.StaticURL(name) }

// ThemeColour is the colour of the browser's bar, for the layout's meta.
func (p *page) ThemeColour() string { return ThemeColour }

// drawIcon draws Kirjasto's icon: a white library card with barcode bars
// on the theme colour. A maskable icon fills the square, its card inside
// the central circle a launcher may crop to (radius 40% of the size); an
// ordinary one is a rounded square with transparent corners.
func drawIcon(size int, maskable bool) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, size, size))
	band := color.RGBA{0x12, 0x36, 0x5a, 0xff}
	white := color.RGBA{0xff, 0xff, 0xff, 0xff}
	black := color.RGBA{0x1b, 0x1b, 0x1b, 0xff}
	f := func(v float64) int { return int(v * float64(size)) }
	corner := f(0.18)
	if maskable {
		corner = 0
	}
	fillRounded(img, 0, 0, size, size, corner, band)
	// The card: 56% by 38% of the square, centred; its corners are
	// 0.34 of the size from the centre, inside the maskable safe zone.
	x0, y0, x1, y1 := f(0.22), f(0.31), f(0.78), f(0.69)
	fillRounded(img, x0, y0, x1, y1, f(0.04), white)
	// A band across the card's top, like a printed card's header.
	fillRounded(img, x0+f(0.04), y0+f(0.05), x1-f(0.04), y0+f(0.10), 0, band)
	// Bars and spaces of a barcode in a fixed pattern of widths, filling
	// the card's width less its margins.
	widths := []int{2, 1, 1, 3, 1, 2, 2, 1, 3, 1, 1, 2, 1, 3, 2, 1, 1, 2, 3, 1, 2}
	total := 0
	for _, wd := range widths {
		total += wd
	}
	x, unit := float64(x0+f(0.05)), float64(x1-x0-2*f(0.05))/float64(total)
	for i, wd := range widths {
		next := x + float64(wd)*unit
		if i%2 == 0 {
			fillRounded(img, int(x), y0+f(0.15), int(next), y1-f(0.05), 0, black)
		}
		x = next
	}
	return img
}

// fillRounded fills the rectangle x0,y0–x1,y1 with c, its corners rounded
// to radius r.
func fillRounded(img *image.RGBA, x0, y0, x1, y1, r int, c color.RGBA) {
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			cx := min(max(x, x0+r), x1-1-r)
			cy := min(max(y, y0+r), y1-1-r)
			if dx, dy := x-cx, y-cy; dx*dx+dy*dy <= r*r {
				img.SetRGBA(x, y, c)
			}
		}
	}
}
