package marc

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/unicode/norm"
)

// Charset is the character set of a file's ISO 2709 records as the person
// importing it says, overriding leader/09. The zero Charset is automatic:
// leader/09 decides, checked against the bytes (see decodeText).
type Charset struct {
	name string            // "" automatic, else the name to report
	enc  encoding.Encoding // nil for MARC-8 and UTF-8
}

// Automatic and the two character sets of MARC 21 itself.
var (
	Automatic = Charset{}
	MARC8     = Charset{name: "MARC-8"}
	UTF8      = Charset{name: "UTF-8"}
)

// ParseCharset returns the character set named: "auto" (or ""), "marc-8",
// "utf-8", or a WHATWG encoding name such as "windows-1251" or "ibm866",
// for files from systems that wrote their local character set, which
// nothing in the file tells from MARC-8.
func ParseCharset(name string) (Charset, error) {
	switch strings.ToLower(strings.TrimSpace(name)) {
	case "", "auto":
		return Automatic, nil
	case "marc-8", "marc8":
		return MARC8, nil
	case "utf-8", "utf8":
		return UTF8, nil
	}
	enc, err := htmlindex.Get(name)
	if err != nil {
		return Charset{}, fmt.Errorf("%q is not a character set this reader knows (try auto, marc-8, utf-8, windows-1251, iso-8859-1)", name)
	}
	canonical, err := htmlindex.Name(enc)
	if err != nil {
		canonical = strings.ToLower(name)
	}
	if canonical == "utf-8" {
		return UTF8, nil
	}
	return Charset{name: canonical, enc: enc}, nil
}

// String returns the name of the character set, "auto" for Automatic.
func (c Charset) String() string {
	if c.name == "" {
		return "auto"
	}
	return c.name
}

// scheme decides how to read a freshly parsed record's text, from the
// Reader's Charset or else from leader/09 checked against the bytes, and
// notes what it had to decide against the leader.
//
// Leader/09 is 'a' for UTF-8 and blank for MARC-8, but it is often wrong:
//   - blank, yet the text is valid UTF-8 with non-ASCII characters and no
//     escape sequences: the record is UTF-8 (an exporter forgot the flag).
//     MARC-8 text is almost never valid UTF-8 by accident.
//   - 'a', yet the text holds MARC-8: escape sequences, or bytes that are
//     not UTF-8 and all read as MARC-8's special letters or as its
//     combining diacritics over the letter that follows ("Genevi\xe1eve",
//     see looksMARC8). The whole record is read as MARC-8.
//   - anything else: MARC-8 unless the text is valid UTF-8.
func (r *Reader) scheme(rec *Record) Charset {
	label := rec.Leader[9]
	if r.Charset != Automatic {
		if label != 'a' && label != ' ' {
			r.repair("leader/09 %q is not a coding scheme; read as %s (as the importer said)", label, r.Charset)
		}
		return r.Charset
	}
	switch {
	case label == 'a' && looksMARC8(rec):
		r.repair("leader/09 says UTF-8 but the text is MARC-8; read as MARC-8")
		return MARC8
	case label == 'a':
		return UTF8
	case looksUTF8(rec):
		r.repair("leader/09 is %q but the text is UTF-8; read as UTF-8", label)
		return UTF8
	case label != ' ':
		r.repair("leader/09 %q is not a coding scheme; read as MARC-8", label)
	}
	return MARC8
}

// decodeText makes all text of a freshly parsed record UTF-8 in NFC and
// sets leader/09 to 'a' to say so. Text of a record read as UTF-8 that is
// not valid UTF-8 has each invalid byte read as Windows-1252/Latin-1, the
// usual origin of such bytes in Finnish and other European library data
// ("M\xe4ki"), keeping the valid UTF-8 around it.
//
// Text that an exporter XML-escaped twice ("Pride &amp; prejudice") has the
// five XML entities and numeric references decoded; in real MARC text they
// are far more often this mistake than meant literally, and MARC-8 records
// carry characters outside MARC-8 as "&#xXXXX;" by LoC's rules.
func (r *Reader) decodeText(rec *Record) {
	cs := r.scheme(rec)
	rec.Leader[9] = 'a'
	conv := func(tag string, s string) string {
		switch {
		case cs.enc != nil:
			u, err := cs.enc.NewDecoder().String(s)
			if err != nil {
				r.repair("field %s: %v", tag, err)
				u = strings.ToValidUTF8(u, "\uFFFD")
			}
			s = u
		case cs == MARC8:
			u, err := DecodeMARC8([]byte(s))
			if err != nil {
				r.repair("field %s: %v", tag, err)
			}
			s = u
		case utf8.ValidString(s):
		case r.Charset == UTF8:
			// The importer said UTF-8: no guessing.
			r.repair("field %s: invalid UTF-8 replaced by U+FFFD", tag)
			s = strings.ToValidUTF8(s, "\uFFFD")
		default:
			r.repair("field %s: invalid UTF-8 read as Windows-1252", tag)
			s = fixUTF8(s)
		}
		if u, ok := unescapeEntities(s); ok {
			// MARC-8 records carry characters outside MARC-8 as numeric
			// references ("&#x4E2D;"), as the Library of Congress
			// specifies for lossless conversion; that is no damage.
			if cs != MARC8 || !strings.Contains(s, "&#x") {
				r.repair("field %s: XML entities in the text decoded", tag)
			}
			s = u
		}
		if !norm.NFC.IsNormalString(s) {
			s = norm.NFC.String(s)
		}
		return s
	}
	for i := range rec.Fields {
		f := &rec.Fields[i]
		if f.IsControl() {
			f.Value = conv(f.Tag, f.Value)
			continue
		}
		for j := range f.Subfields {
			f.Subfields[j].Value = conv(f.Tag, f.Subfields[j].Value)
		}
	}
}

// texts calls fn with every text of rec until fn returns false.
func texts(rec *Record, fn func(string) bool) {
	for _, f := range rec.Fields {
		if f.IsControl() {
			if !fn(f.Value) {
				return
			}
			continue
		}
		for _, sf := range f.Subfields {
			if !fn(sf.Value) {
				return
			}
		}
	}
}

// looksMARC8 reports whether a record labelled UTF-8 is really MARC-8: it
// has a MARC-8 escape sequence, or its text is not valid UTF-8, every
// invalid byte reads as MARC-8 (see weighMARC8), and there is no valid
// non-ASCII UTF-8 beside them, which would say that the record is UTF-8
// with stray bytes of another character set.
func looksMARC8(rec *Record) bool {
	var marc8, other int
	texts(rec, func(s string) bool {
		m, o := weighMARC8(s)
		marc8, other = marc8+m, other+o
		return other == 0
	})
	return marc8 > 0 && other == 0
}

// weighMARC8 counts the signs in s that it is MARC-8 and those that it is
// something else. Signs of MARC-8: an escape sequence; a byte that is not
// UTF-8 and is one of MARC-8's spacing letters and symbols (0xA1–0xBF:
// Ł, Ø, £, ...; in Latin-1 rarely used symbols); a run of MARC-8 combining
// diacritics (0xE0–0xFE) whose letter follows and with which they make a
// letter of Latin-1 or Latin Extended-A ("\xe8a" is ä). In Latin-1 the
// same bytes are letters themselves: "M\xe4ki" would be "Mk̃i", a tilde
// over a k, and "caf\xe9" would end in a diacritic over nothing, which
// MARC-8 never writes. Valid non-ASCII UTF-8 counts against MARC-8.
func weighMARC8(s string) (marc8, other int) {
	for i := 0; i < len(s); {
		c, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == esc:
			if i+1 < len(s) && strings.IndexByte("()$,-gbps", s[i+1]) >= 0 {
				marc8++
			}
		case c == utf8.RuneError && n <= 1:
			m, used := weighByte(s[i:])
			if m {
				marc8++
			} else {
				other++
			}
			n = used
		case n > 1:
			other++
		}
		i += n
	}
	return marc8, other
}

// weighByte weighs the invalid byte at the start of s: whether it reads as
// MARC-8, and how many bytes that reading takes.
func weighByte(s string) (marc8 bool, n int) {
	r, combining, ok := lookup(setExtendedLatin, uint32(s[0]-0x80))
	if !ok {
		return false, 1
	}
	if !combining {
		return s[0] >= 0xa1 && s[0] <= 0xbf, 1
	}
	j := 1
	for j < len(s) {
		if _, comb, ok := lookup(setExtendedLatin, uint32(s[j]-0x80)); s[j] < 0x80 || !ok || !comb {
			break
		}
		j++
	}
	if j == len(s) || !isASCIILetter(s[j]) {
		return false, 1 // a diacritic over nothing, or over no letter
	}
	u, err := DecodeMARC8([]byte(s[:j+1]))
	if err != nil || utf8.RuneCountInString(u) != 1 {
		return false, 1
	}
	r, _ = utf8.DecodeRuneInString(u)
	return r >= 0xc0 && r <= 0x17f, j + 1
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// looksUTF8 reports whether a record flagged MARC-8 is really UTF-8.
func looksUTF8(rec *Record) bool {
	nonASCII := false
	check := func(s string) bool {
		if strings.IndexByte(s, esc) >= 0 || !utf8.ValidString(s) {
			return false
		}
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				nonASCII = true
				break
			}
		}
		return true
	}
	for _, f := range rec.Fields {
		if f.IsControl() {
			if !check(f.Value) {
				return false
			}
			continue
		}
		for _, sf := range f.Subfields {
			if !check(sf.Value) {
				return false
			}
		}
	}
	return nonASCII
}

// fixUTF8 keeps the valid UTF-8 of s and reads each other byte as
// Windows-1252.
func fixUTF8(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			b.WriteRune(charmap.Windows1252.DecodeByte(s[i]))
			i++
			continue
		}
		b.WriteRune(r)
		i += n
	}
	return b.String()
}

var entities = map[string]string{"amp": "&", "lt": "<", "gt": ">", "quot": `"`, "apos": "'"}

// unescapeEntities decodes XML entities and numeric character references
// in s, and reports whether there were any. Text that would still hold
// entities after decoding ("&amp;lt;") is left alone, so that reading a
// written record again never decodes twice.
func unescapeEntities(s string) (string, bool) {
	u, ok := unescapeOnce(s)
	if !ok {
		return s, false
	}
	if _, again := unescapeOnce(u); again {
		return s, false
	}
	return u, true
}

func unescapeOnce(s string) (string, bool) {
	if !strings.Contains(s, "&") {
		return s, false
	}
	var b strings.Builder
	found := false
	for {
		i := strings.IndexByte(s, '&')
		if i < 0 {
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		j := strings.IndexByte(s, ';')
		if j < 0 || j > 10 {
			b.WriteByte('&')
			s = s[1:]
			continue
		}
		name := s[1:j]
		if v, ok := entities[name]; ok {
			b.WriteString(v)
			s, found = s[j+1:], true
			continue
		}
		if r, ok := charRef(name); ok {
			b.WriteRune(r)
			s, found = s[j+1:], true
			continue
		}
		b.WriteByte('&')
		s = s[1:]
	}
	b.WriteString(s)
	return b.String(), found
}

// charRef parses the name of a numeric character reference: "#233" or
// "#xE9".
func charRef(name string) (rune, bool) {
	if len(name) < 2 || name[0] != '#' {
		return 0, false
	}
	base, digits := 10, name[1:]
	if digits[0] == 'x' || digits[0] == 'X' {
		base, digits = 16, digits[1:]
	}
	n, err := strconv.ParseUint(digits, base, 32)
	if err != nil || n == 0 || !utf8.ValidRune(rune(n)) {
		return 0, false
	}
	return rune(n), true
}
