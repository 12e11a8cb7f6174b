package marc

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// decodeText makes all text of a freshly parsed record UTF-8 and sets
// leader/09 to 'a' to say so.
//
// Leader/09 is 'a' for UTF-8 and blank for MARC-8, but it is often wrong:
//   - blank, yet the text is valid UTF-8 with non-ASCII characters and no
//     escape sequences: the record is UTF-8 (an exporter forgot the flag).
//     MARC-8 text is almost never valid UTF-8 by accident.
//   - 'a', yet some text is not valid UTF-8: the text is MARC-8 when an
//     invalid byte is one of MARC-8's special letters and symbols
//     (0xA1-0xBF: Ł, Ø, £, ...; in Latin-1 these are rarely used symbols)
//     and it decodes as MARC-8 without error; otherwise each invalid byte
//     is read as Windows-1252/Latin-1, the usual origin of such bytes in
//     Finnish and other European library data ("M\xe4ki"), keeping the
//     valid UTF-8 around it.
//   - anything else: treated as MARC-8 unless the text is valid UTF-8.
//
// Text that an exporter XML-escaped twice ("Pride &amp; prejudice") has the
// five XML entities and numeric references decoded; in real MARC text they
// are far more often this mistake than meant literally, and MARC-8 records
// carry characters outside MARC-8 as "&#xXXXX;" by LoC's rules.
//
// Subfields left empty and data fields left without subfields are dropped:
// they carry nothing, and cannot be written back as they were.
func (r *Reader) decodeText(rec *Record) {
	scheme := rec.Leader[9]
	rec.Leader[9] = 'a'
	marc8 := scheme != 'a'
	if marc8 && looksUTF8(rec) {
		r.repair("leader/09 is %q but the text is UTF-8", scheme)
		marc8 = false
	} else if scheme != 'a' && scheme != ' ' {
		r.repair("leader/09 %q is not a coding scheme; read as MARC-8", scheme)
	}
	conv := func(tag string, s string) string {
		if marc8 && r.Legacy != nil {
			u, err := r.Legacy.NewDecoder().String(s)
			if err != nil {
				r.repair("field %s: %v", tag, err)
				u = strings.ToValidUTF8(u, "\uFFFD")
			}
			s = u
		} else if marc8 {
			u, err := DecodeMARC8([]byte(s))
			if err != nil {
				r.repair("field %s: %v", tag, err)
			}
			s = u
		} else if !utf8.ValidString(s) {
			if u, ok := invalidAsMARC8(s); ok {
				r.repair("field %s: invalid UTF-8 read as MARC-8", tag)
				s = u
			} else {
				r.repair("field %s: invalid UTF-8 read as Windows-1252", tag)
				s = fixUTF8(s)
			}
		}
		if u, ok := unescapeEntities(s); ok {
			// MARC-8 records carry characters outside MARC-8 as numeric
			// references ("&#x4E2D;"), as the Library of Congress
			// specifies for lossless conversion; that is no damage.
			if !marc8 || !strings.Contains(s, "&#x") {
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
		kept := f.Subfields[:0]
		for _, sf := range f.Subfields {
			// A subfield code with no value (often left behind by a
			// cleared field in the source system) carries nothing.
			if sf.Value = conv(f.Tag, sf.Value); sf.Value == "" {
				r.repair("field %s: empty subfield $%c dropped", f.Tag, sf.Code)
				continue
			}
			kept = append(kept, sf)
		}
		f.Subfields = kept
	}
	fields := rec.Fields[:0]
	for _, f := range rec.Fields {
		if !f.IsControl() && len(f.Subfields) == 0 {
			r.repair("field %s without subfields dropped", f.Tag)
			continue
		}
		fields = append(fields, f)
	}
	rec.Fields = fields
}

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

// invalidAsMARC8 decodes s as MARC-8 when its invalid UTF-8 looks like
// MARC-8 (see decodeText).
func invalidAsMARC8(s string) (string, bool) {
	special := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 && s[i] >= 0xa1 && s[i] <= 0xbf {
			special = true
			break
		}
		i += n
	}
	if !special {
		return "", false
	}
	u, err := DecodeMARC8([]byte(s))
	return u, err == nil
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
