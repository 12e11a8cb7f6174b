package marc

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// XMLNamespace is the MARCXML namespace. The reader accepts elements with
// or without it, as real files come both ways.
const XMLNamespace = "http://www.loc.gov/MARC21/slim"

// XMLReader reads MARCXML records one at a time, from a <collection> or a
// single <record>, streaming so that a large harvest needs little memory.
//
// Each <record> element is cut from the input by its tags and parsed on
// its own, so that a record that is not well-formed XML (a stray "<", a
// control character, a missing end tag) is reported and skipped while the
// records after it are still read: one broken record must not cost a file.
// The cut is made on the text of the tags; a "<record" inside a comment or
// CDATA section would mislead it, which real MARCXML does not do.
type XMLReader struct {
	br          *bufio.Reader
	err         error // why the input cannot be read at all
	n           int
	line        int   // line of the next byte to read, from 1
	off         int64 // offset of the next byte to read
	pending     []byte
	pendingLine int
	pendingOff  int64
	repairs     []string
}

// maxXMLRecord bounds the memory one <record> element may take, as
// MaxRecordSize does for ISO 2709, with room for the markup.
const maxXMLRecord = 4 * MaxRecordSize

// NewXMLReader returns a reader of MARCXML from r. Input in another
// encoding than UTF-8 is converted when its XML declaration names it (old
// exports declare ISO-8859-1 or windows-1252).
func NewXMLReader(r io.Reader) *XMLReader {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	x := &XMLReader{br: br, line: 1}
	if label := declaredEncoding(br); label != "" {
		enc, err := ianaindex.IANA.Encoding(label)
		switch {
		case err != nil || enc == nil:
			x.err = fmt.Errorf("marc: MARCXML in encoding %q, which this reader does not know", label)
		case enc != unicode.UTF8:
			x.br = bufio.NewReaderSize(enc.NewDecoder().Reader(br), 64<<10)
		}
	}
	return x
}

var encodingDecl = regexp.MustCompile(`^<\?xml[^>]*?\sencoding\s*=\s*["']([^"']+)["']`)

// declaredEncoding returns the encoding named in the XML declaration, if any.
func declaredEncoding(br *bufio.Reader) string {
	b, _ := br.Peek(256)
	if m := encodingDecl.FindSubmatch(b); m != nil {
		return string(m[1])
	}
	return ""
}

// Next returns the next record, or io.EOF after the last. Damaged content
// (a bad tag, a missing subfield code, a short leader) is repaired and
// noted in Repairs, since the XML structure still says where everything
// belongs. A record that cannot be read or repaired gives a *RecordError,
// and Next may be called again for the records after it.
func (r *XMLReader) Next() (*Record, error) {
	r.repairs = r.repairs[:0]
	if r.err != nil {
		return nil, r.err
	}
	chunk, line, off, ended, err := r.element()
	if err != nil {
		return nil, err
	}
	r.n++
	fail := func(format string, args ...any) error {
		return &RecordError{N: r.n, Offset: off, Line: line, Reason: fmt.Sprintf(format, args...)}
	}
	if chunk == nil {
		return nil, fail("record element longer than %d bytes", maxXMLRecord)
	}
	if clean := dropControlBytes(chunk); len(clean) != len(chunk) {
		r.repair("control characters, which XML cannot carry, removed")
		chunk = clean
	}
	rec, err := r.record(chunk)
	if err != nil {
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			err = fmt.Errorf("line %d: %s", line+se.Line-1, se.Msg)
		}
		e := fail("not well-formed: %v", err).(*RecordError)
		e.ID = rec.control001()
		return nil, e
	}
	if !ended {
		e := fail("no </record> before the next record or the end of the input").(*RecordError)
		e.ID = rec.control001()
		return nil, e
	}
	if err := repair(rec, r.repair); err != nil {
		e := fail("%v", err).(*RecordError)
		e.ID = rec.control001()
		return nil, e
	}
	return rec, nil
}

// N returns the number of records read so far, good or bad: after Next,
// the 1-based number of the record it returned, for logging Repairs.
func (r *XMLReader) N() int { return r.n }

// Repairs describes what was repaired in the record Next last returned.
// The slice is reused by the next call to Next.
func (r *XMLReader) Repairs() []string { return r.repairs }

func (r *XMLReader) repair(format string, args ...any) {
	r.repairs = addNote(r.repairs, format, args...)
}

// element returns the text of the next <record> element with the line and
// offset where it starts, and whether its end tag was found; the chunk is
// nil when the element was too long to hold. At the end of the input it
// returns io.EOF.
func (r *XMLReader) element() (chunk []byte, line int, off int64, ended bool, err error) {
	inside := r.pending != nil
	if inside {
		chunk, line, off = r.pending, r.pendingLine, r.pendingOff
		r.pending = nil
	}
	tooLong, marcSeen := false, false
	keep := func(b []byte) {
		if inside && !tooLong {
			chunk = append(chunk, b...)
			if len(chunk) > maxXMLRecord {
				tooLong, chunk = true, chunk[:0]
			}
		}
	}
	for {
		err := r.readThrough('<', keep)
		if err != nil {
			if err == io.EOF && inside {
				return r.result(chunk, tooLong), line, off, false, nil
			}
			return nil, 0, 0, false, err
		}
		tagLine, tagOff := r.line, r.off-1
		var tag []byte
		err = r.readThrough('>', func(b []byte) { tag = append(tag, b...) })
		if err != nil && err != io.EOF {
			return nil, 0, 0, false, err
		}
		name := tagName(tag)
		switch {
		case name == "leader" || name == "controlfield" || name == "datafield":
			marcSeen = true
			keep(tag)
		case name == "record" && inside && !marcSeen:
			// The element before was a wrapper named record, such as
			// an OAI-PMH record around its metadata: start here.
			line, off = tagLine, tagOff
			chunk = append(chunk[:0], '<')
			keep(tag)
			if bytes.HasSuffix(tag, []byte("/>")) {
				return chunk, line, off, true, nil
			}
		case name == "record" && inside:
			// The record before never ended: it is broken, this one
			// starts afresh.
			r.pending, r.pendingLine, r.pendingOff = append([]byte("<"), tag...), tagLine, tagOff
			if tooLong {
				return nil, line, off, false, nil
			}
			return chunk[:len(chunk)-1], line, off, false, nil // without the new record's "<"
		case name == "record":
			inside, line, off = true, tagLine, tagOff
			chunk = append(chunk[:0], '<')
			keep(tag)
			if bytes.HasSuffix(tag, []byte("/>")) {
				return chunk, line, off, true, nil
			}
		case name == "/record" && inside:
			keep(tag)
			return r.result(chunk, tooLong), line, off, true, nil
		default:
			keep(tag)
		}
		if err == io.EOF {
			if inside {
				return r.result(chunk, tooLong), line, off, false, nil
			}
			return nil, 0, 0, false, io.EOF
		}
	}
}

func (r *XMLReader) result(chunk []byte, tooLong bool) []byte {
	if tooLong {
		return nil
	}
	return chunk
}

// readThrough reads up to and including the delimiter, handing the bytes
// to keep as they come and counting lines and offsets.
func (r *XMLReader) readThrough(delim byte, keep func([]byte)) error {
	for {
		b, err := r.br.ReadSlice(delim)
		r.off += int64(len(b))
		r.line += bytes.Count(b, []byte{'\n'})
		keep(b)
		if err != bufio.ErrBufferFull {
			return err
		}
	}
}

// tagName returns the local name of the tag whose text (after "<") is
// tag, with "/" before it for an end tag: "record", "/record".
func tagName(tag []byte) string {
	end := bytes.IndexAny(tag, " \t\r\n/>")
	if len(tag) > 0 && tag[0] == '/' {
		rest := tagName(tag[1:])
		return "/" + rest
	}
	if end < 0 {
		end = len(tag)
	}
	name := tag[:end]
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	return string(name)
}

// dropControlBytes removes the C0 control characters XML 1.0 forbids,
// which records converted from ISO 2709 sometimes carry.
func dropControlBytes(b []byte) []byte {
	if !slices.ContainsFunc(b, func(c byte) bool { return c < 0x20 && c != '\t' && c != '\n' && c != '\r' }) {
		return b
	}
	return bytes.Map(func(c rune) rune {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return -1
		}
		return c
	}, b)
}

// record parses one <record> element.
func (r *XMLReader) record(chunk []byte) (*Record, error) {
	d := xml.NewDecoder(bytes.NewReader(chunk))
	d.Strict = false // tolerate the odd unescaped "&" of hand-made files
	rec := &Record{Leader: defaultLeader}
	var cur *Field // the field being read
	var text strings.Builder
	var code byte
	for {
		tok, err := d.Token()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return rec, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			text.Reset()
			switch t.Name.Local {
			case "controlfield", "datafield":
				rec.Fields = append(rec.Fields, Field{Tag: attr(t, "tag"), Ind1: r.ind(t, "ind1"), Ind2: r.ind(t, "ind2")})
				cur = &rec.Fields[len(rec.Fields)-1]
			case "subfield":
				code = r.code(attr(t, "code"))
			}
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			switch t.Name.Local {
			case "leader":
				l := text.String()
				if len(l) != 24 {
					r.repair("leader %q is not 24 characters", l)
				}
				copy(rec.Leader[:], (l + strings.Repeat(" ", 24))[:24])
				rec.Leader[9] = 'a' // MARCXML is always Unicode
			case "controlfield":
				if cur != nil && cur.IsControl() {
					cur.Value = nfc(text.String())
				}
				cur = nil
			case "subfield":
				if cur != nil && !cur.IsControl() {
					// Empty subfields are dropped by repair, with a note.
					cur.Subfields = append(cur.Subfields, Subfield{Code: code, Value: nfc(text.String())})
				}
			case "datafield":
				cur = nil
			case "record":
				return rec, nil
			}
			text.Reset()
		}
	}
}

// ind returns the indicator in attribute name; an absent one is blank.
func (r *XMLReader) ind(se xml.StartElement, name string) byte {
	s := attr(se, name)
	switch len(s) {
	case 0:
		return ' '
	case 1:
		return s[0]
	}
	r.repair("%s %q is not one character; set to blank", name, s)
	return ' '
}

// code returns the subfield code of a code attribute; repair checks it.
func (r *XMLReader) code(c string) byte {
	switch len(c) {
	case 0:
		// The value is kept under $a, the commonest code, rather than
		// lost; the note tells a cataloguer.
		r.repair("subfield without a code read as $a")
		return 'a'
	case 1:
		return c[0]
	}
	r.repair("subfield code %q read as '?'", c)
	return '?'
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func nfc(s string) string {
	if norm.NFC.IsNormalString(s) {
		return s
	}
	return norm.NFC.String(s)
}
