package cover

import "github.com/kirjasto/kirjasto/internal/library"

// palette is a material's colours: the text's on the background's, at a
// contrast of at least 4.5:1 (WCAG AA for text of any size; the test
// computes it).
type palette struct{ bg, fg string }

// palettes tell the materials apart at a glance: books blue, e-books pale
// teal, audiobooks purple, music red or black, films brown or midnight,
// magazines yellow, sheet music cream, games green.
var palettes = map[library.Material]palette{
	library.Book:        {"#1d4f7a", "#ffffff"},
	library.EBook:       {"#d3ece8", "#0b3f3c"},
	library.AudioBook:   {"#5b2c83", "#ffffff"},
	library.EAudioBook:  {"#e6dcf2", "#3b1a5c"},
	library.CD:          {"#a1233f", "#ffffff"},
	library.Vinyl:       {"#1e1e1e", "#f5d76e"},
	library.DVD:         {"#8c3b13", "#ffffff"},
	library.BluRay:      {"#102a43", "#9fd8ff"},
	library.Magazine:    {"#f7d36b", "#1b1b1b"},
	library.EMagazine:   {"#fbf0c8", "#3d3000"},
	library.SheetMusic:  {"#f1e9d8", "#2b2118"},
	library.BoardGame:   {"#2f6f34", "#ffffff"},
	library.Instrument:  {"#7a4a1e", "#fff4e0"},
	library.OtherMedium: {"#505050", "#ffffff"},
}

// paletteOf returns the colours of m; a material the catalogue does not
// know is drawn as "other".
func paletteOf(m library.Material) palette {
	if p, ok := palettes[m]; ok {
		return p
	}
	return palettes[library.OtherMedium]
}

// motifs are small line drawings of the materials, in a band 36 units
// high (the drawing moves it into place), centred at x 100. They are
// decoration: the words say what the record is. fill="currentColor" is
// the text's colour.
var motifs = map[library.Material]string{
	// A rule with a diamond, as between a book's chapters.
	library.Book: `<path d="M60 18H90M110 18H140M100 12L106 18L100 24L94 18Z"/>`,
	// A reader's screen.
	library.EBook: `<rect x="87" y="0" width="26" height="36" rx="3"/><path d="M96 30H104"/>`,
	// Headphones.
	library.AudioBook: `<path d="M86 30V18A14 14 0 0 1 114 18V30"/><rect x="81" y="22" width="7" height="13" rx="2"/><rect x="112" y="22" width="7" height="13" rx="2"/>`,
	// The same for listening on a device.
	library.EAudioBook: `<path d="M86 30V18A14 14 0 0 1 114 18V30"/><rect x="81" y="22" width="7" height="13" rx="2"/><rect x="112" y="22" width="7" height="13" rx="2"/>`,
	// A disc.
	library.CD: `<circle cx="100" cy="18" r="17"/><circle cx="100" cy="18" r="4"/>`,
	// A record's grooves.
	library.Vinyl: `<circle cx="100" cy="18" r="17"/><circle cx="100" cy="18" r="11"/><circle cx="100" cy="18" r="3"/>`,
	// A strip of film.
	library.DVD:    filmStrip,
	library.BluRay: filmStrip,
	// Columns of print.
	library.Magazine:  `<path d="M66 6H134M66 14H134M66 22H134M66 30H112"/>`,
	library.EMagazine: `<path d="M66 6H134M66 14H134M66 22H134M66 30H112"/>`,
	// A stave with a note.
	library.SheetMusic: `<path d="M62 6H138M62 12H138M62 18H138M62 24H138M62 30H138M106 21V1"/><ellipse cx="101" cy="21" rx="5" ry="3.5" fill="currentColor"/>`,
	// A die.
	library.BoardGame: `<rect x="84" y="2" width="32" height="32" rx="5"/><circle cx="92" cy="10" r="2.5" fill="currentColor"/><circle cx="100" cy="18" r="2.5" fill="currentColor"/><circle cx="108" cy="26" r="2.5" fill="currentColor"/>`,
	// A guitar's body and neck.
	library.Instrument: `<circle cx="92" cy="24" r="9"/><circle cx="92" cy="24" r="3" fill="currentColor"/><path d="M99 18L124 3M120 1L128 7"/>`,
	// Three dots.
	library.OtherMedium: `<circle cx="88" cy="18" r="2.5" fill="currentColor"/><circle cx="100" cy="18" r="2.5" fill="currentColor"/><circle cx="112" cy="18" r="2.5" fill="currentColor"/>`,
}

const filmStrip = `<rect x="68" y="6" width="64" height="24"/><path d="M68 11H132M68 25H132" stroke-dasharray="4 4"/>`

// motif returns the drawing of m's motif with its band's top at y.
func motif(m library.Material, y float64, fg string) string {
	src, ok := motifs[m]
	if !ok {
		src = motifs[library.OtherMedium]
	}
	return `<g transform="translate(0 ` + num(y) + `)" color="` + fg + `" fill="none" stroke="currentColor" stroke-width="2" stroke-opacity=".6">` + src + "</g>\n"
}
