package marc

//go:generate sh -c "perl dumpmarc8.pl > marc8.dump && go run gentable.go marc8.dump && rm marc8.dump"

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MARC-8 character sets, named by the final byte of the escape sequence
// that designates them.
const (
	setBasicLatin    = 'B' // ASCII
	setExtendedLatin = 'E' // ANSEL
	setCJK           = '1' // EACC, the only multibyte set
	setGreekSymbols  = 'g'
	setSubscripts    = 'b'
	setSuperscripts  = 'p'
	setASCIIDefault  = 's'
)

const esc = 0x1b

// DecodeMARC8 converts MARC-8 text to UTF-8 in Unicode normalisation form C.
//
// The mappings are the Library of Congress MARC-8 code tables (see
// marc8_table.go): ASCII and ANSEL with their combining diacritics, Greek,
// Cyrillic, Hebrew and Arabic (basic and extended), subscripts,
// superscripts, Greek symbols, and the East Asian EACC set. The escape
// sequences ESC ( , ) - $ designate sets into G0 and G1; ESC g, b, p and s
// switch G0 to the technical sets and back to ASCII.
//
// MARC-8 writes a combining diacritic before the letter it sits on, Unicode
// after it, so marks are held back until their base character arrives.
// The result is NFC because that is what catalogue text is compared and
// searched in, and what pymarc's reference output (test_utf8.txt) is in.
//
// Decoding never fails outright: a character missing from the code tables
// becomes U+FFFD and the ESC of an unknown escape sequence is dropped, and
// the error (the first problem, with its byte offset) says that this
// happened, so an importer can keep the text and still report the record.
func DecodeMARC8(b []byte) (string, error) {
	if isASCII(b) {
		return string(b), nil // the common case: nothing to convert
	}
	var d marc8Decoder
	s := d.decode(b)
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	return s, d.err
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 || c == esc {
			return false
		}
	}
	return true
}

type marc8Decoder struct {
	g0, g1    byte
	err       error
	out       strings.Builder
	combining []rune
	double    bool // a double diacritic awaits its second half
	offset    int
}

func (d *marc8Decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("MARC-8 at byte %d: %s", d.offset, fmt.Sprintf(format, args...))
	}
}

func (d *marc8Decoder) decode(b []byte) string {
	d.g0, d.g1 = setBasicLatin, setExtendedLatin
	d.out.Grow(len(b) + len(b)/2)
	for i := 0; i < len(b); {
		d.offset = i
		c := b[i]
		switch {
		case c == esc:
			i += d.escape(b[i:])
		case c < 0x20 || (c == ' ' || c == 0x7f) && d.g0 != setCJK:
			d.emit(rune(c), false)
			i++
		case c < 0x80:
			i += d.char(b[i:], d.g0, 0)
		case c < 0xa0:
			// ANSEL gives a few C1 positions meaning (non-sort markers,
			// joiners); other C1 bytes pass through as pymarc does.
			if r, comb, ok := lookup(d.g1, uint32(c)); ok {
				d.emit(r, comb)
			} else {
				d.emit(rune(c), false)
			}
			i++
		default:
			i += d.char(b[i:], d.g1, 0x80)
		}
	}
	d.flush()
	return d.out.String()
}

// char decodes one character of set at the start of b, whose bytes have
// high added to their G0 value, and returns how many bytes it used.
func (d *marc8Decoder) char(b []byte, set, high byte) int {
	if set == setCJK {
		if len(b) < 3 {
			d.fail("truncated multibyte character")
			d.emit(utf8.RuneError, false)
			return len(b)
		}
		code := uint32(b[0]-high)<<16 | uint32(b[1]-high)<<8 | uint32(b[2]-high)
		if r, comb, ok := lookup(set, code); ok {
			d.emit(r, comb)
		} else if r, ok := eaccExtra[code]; ok {
			d.emit(r, false)
		} else if b[0] == ' ' {
			// A lone ASCII space inside a CJK run: take it as one
			// byte, as writers that forget the escape intend.
			d.emit(' ', false)
			return 1
		} else {
			d.fail("no EACC character %06X", code)
			d.emit(utf8.RuneError, false)
		}
		return 3
	}
	code := uint32(b[0] - high)
	if r, comb, ok := lookup(set, code); ok {
		d.emit(r, comb)
		return 1
	}
	// Records often forget to switch back to ASCII after a script run
	// (greekmissingcharsetchange.mrc): falling back to the same byte in
	// the default set gives readable text where the code tables have a hole.
	if high == 0 {
		if r, comb, ok := lookup(setBasicLatin, code); ok && set != setBasicLatin {
			d.fail("character %02X not in set %q", b[0], set)
			d.emit(r, comb)
			return 1
		}
	}
	d.fail("character %02X not in set %q", b[0], set)
	d.emit(utf8.RuneError, false)
	return 1
}

// escape interprets the escape sequence at the start of b and returns its
// length. An unknown or truncated sequence consumes only the ESC byte, so
// the bytes after it still show as text.
func (d *marc8Decoder) escape(b []byte) int {
	if len(b) < 2 {
		d.fail("escape at end of text")
		return 1
	}
	switch b[1] {
	case setGreekSymbols, setSubscripts, setSuperscripts:
		d.g0 = b[1]
		return 2
	case setASCIIDefault:
		d.g0 = setBasicLatin
		return 2
	}
	// ESC I [!] F, where I says which G set and whether it is multibyte.
	i := 1
	g1, multi := false, false
	if b[i] == '$' {
		multi = true
		i++
		if i < len(b) && strings.IndexByte("(,)-", b[i]) >= 0 {
			g1 = b[i] == ')' || b[i] == '-'
			i++
		}
	} else if strings.IndexByte("(,)-", b[i]) >= 0 {
		g1 = b[i] == ')' || b[i] == '-'
		i++
	} else {
		d.fail("unknown escape sequence")
		return 1
	}
	if i < len(b) && b[i] == '!' { // "ESC ) ! E" is ANSEL's registered form
		i++
	}
	if i >= len(b) || !knownSet(b[i]) || multi != (b[i] == setCJK) {
		d.fail("unknown or truncated escape sequence")
		return 1
	}
	if g1 {
		d.g1 = b[i]
	} else {
		d.g0 = b[i]
	}
	return i + 1
}

func knownSet(f byte) bool { return strings.IndexByte("BE1234NQSbgps", f) >= 0 }

func (d *marc8Decoder) emit(r rune, combining bool) {
	switch r {
	case '\u0360', '\u0361':
		d.double = true
	case '\ufe21', '\ufe23':
		// MARC-8 writes a double diacritic (ligature, double tilde) as
		// a first half over the first letter and a second half over the
		// second; Unicode's U+0361 and U+0360 already span both, so the
		// second half is dropped, as LoC's own conversion does.
		if d.double {
			d.double = false
			return
		}
	}
	if combining {
		d.combining = append(d.combining, r)
		return
	}
	d.out.WriteRune(r)
	d.flush()
}

func (d *marc8Decoder) flush() {
	for _, r := range d.combining {
		d.out.WriteRune(r)
	}
	d.combining = d.combining[:0]
}

// lookup returns the Unicode character for a MARC-8 code in a set.
func lookup(set byte, code uint32) (r rune, combining, ok bool) {
	key := uint32(set)<<24 | code
	i, found := slices.BinarySearch(marc8Keys[:], key)
	if !found {
		return 0, false, false
	}
	v := marc8Vals[i]
	return rune(v &^ combiningFlag), v&combiningFlag != 0, true
}

const combiningFlag = 1 << 31

// eaccExtra holds EACC codes that are not in the Library of Congress
// tables but occur in real records (OCLC-era punctuation in the 0x7F
// row) and are mapped by pymarc, whose test data is our reference.
var eaccExtra = map[uint32]rune{
	0x7f2014: '\u2014', // em dash
	0x7f2019: '\u2019', // right single quotation mark
	0x7f2020: '\u201d', // right double quotation mark
	0x7f2122: '\u2122', // trade mark sign
}
