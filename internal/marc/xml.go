package marc

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding/ianaindex"
	"golang.org/x/text/unicode/norm"
)

// XMLNamespace is the MARCXML namespace. The reader accepts elements with
// or without it, as real files come both ways.
const XMLNamespace = "http://www.loc.gov/MARC21/slim"

// XMLReader reads MARCXML records one at a time, from a <collection> or a
// single <record>, streaming so that a large harvest needs little memory.
type XMLReader struct {
	d       *xml.Decoder
	n       int
	repairs []string
}

// NewXMLReader returns a reader of MARCXML from r.
func NewXMLReader(r io.Reader) *XMLReader {
	d := xml.NewDecoder(r)
	d.Strict = false // tolerate the odd unescaped "&" of hand-made files
	// Old exports declare ISO-8859-1 or windows-1252; encoding/xml
	// reads only UTF-8 by itself.
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		enc, err := ianaindex.IANA.Encoding(label)
		if err != nil || enc == nil {
			return nil, fmt.Errorf("unsupported encoding %q", label)
		}
		return enc.NewDecoder().Reader(in), nil
	}
	return &XMLReader{d: d}
}

// Next returns the next record, or io.EOF after the last. Damaged content
// (a bad tag, a missing subfield code, a short leader) is repaired and
// noted in Repairs, since the XML structure still says where everything
// belongs; XML that is not well-formed ends the stream with an error that
// names the record, since there is no reliable place to resume.
func (r *XMLReader) Next() (*Record, error) {
	r.repairs = r.repairs[:0]
	for {
		tok, err := r.d.Token()
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != nil {
			return nil, fmt.Errorf("marc: MARCXML after record %d: %w", r.n, err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "record" {
			r.n++
			rec, err := r.record()
			if err != nil {
				return nil, fmt.Errorf("marc: MARCXML record %d: %w", r.n, err)
			}
			return rec, nil
		}
	}
}

// N returns the number of records read so far: after Next, the 1-based
// number of the record it returned, for logging Repairs.
func (r *XMLReader) N() int { return r.n }

// Repairs describes what was repaired in the record Next last returned.
func (r *XMLReader) Repairs() []string { return r.repairs }

// record reads the content of a <record> element up to its end.
func (r *XMLReader) record() (*Record, error) {
	rec := &Record{Leader: defaultLeader}
	var cur *Field // the data field being read
	var text strings.Builder
	var code byte
	for {
		tok, err := r.d.Token()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			text.Reset()
			switch t.Name.Local {
			case "controlfield", "datafield":
				tag := attr(t, "tag")
				if !validTag(tag) {
					// Such a field could not be written as ISO 2709;
					// the rest of the record is still good.
					r.repairs = append(r.repairs, fmt.Sprintf("field with tag %q dropped", tag))
					cur = nil
					break
				}
				rec.Fields = append(rec.Fields, Field{Tag: tag, Ind1: ind(attr(t, "ind1")), Ind2: ind(attr(t, "ind2"))})
				cur = &rec.Fields[len(rec.Fields)-1]
			case "subfield":
				c := attr(t, "code")
				if len(c) == 0 {
					// The value is kept under $a, the commonest code,
					// rather than lost; the note tells a cataloguer.
					r.repairs = append(r.repairs, "subfield without a code read as $a")
					c = "a"
				}
				code = c[0]
				if code >= 'A' && code <= 'Z' {
					r.repairs = append(r.repairs, fmt.Sprintf("subfield code %c read as %c", code, code+'a'-'A'))
					code += 'a' - 'A'
				}
				if len(c) != 1 || !validCode(code) {
					r.repairs = append(r.repairs, fmt.Sprintf("subfield code %q read as '?'", c))
					code = '?'
				}
			}
		case xml.CharData:
			text.Write(t)
		case xml.EndElement:
			switch t.Name.Local {
			case "leader":
				l := text.String()
				if len(l) != 24 {
					r.repairs = append(r.repairs, fmt.Sprintf("leader %q is not 24 characters", l))
				}
				copy(rec.Leader[:], (l + strings.Repeat(" ", 24))[:24])
				rec.Leader[9] = 'a' // MARCXML is always Unicode
			case "controlfield":
				if cur != nil && cur.IsControl() {
					cur.Value = nfc(text.String())
					cur.Ind1, cur.Ind2 = 0, 0
				}
				cur = nil
			case "subfield":
				if text.Len() == 0 {
					r.repairs = append(r.repairs, fmt.Sprintf("empty subfield $%c dropped", code))
				} else if cur != nil && !cur.IsControl() {
					cur.Subfields = append(cur.Subfields, Subfield{Code: code, Value: nfc(text.String())})
				}
			case "datafield":
				if cur != nil && len(cur.Subfields) == 0 {
					// As in ISO 2709: a data field without subfields
					// carries nothing and cannot be written back.
					r.repairs = append(r.repairs, fmt.Sprintf("field %s without subfields dropped", cur.Tag))
					rec.Fields = rec.Fields[:len(rec.Fields)-1]
				}
				cur = nil
			case "record":
				fixLeader(rec, func(format string, args ...any) {
					r.repairs = append(r.repairs, fmt.Sprintf(format, args...))
				})
				return rec, nil
			}
			text.Reset()
		}
	}
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func ind(s string) byte {
	if len(s) == 0 {
		return ' '
	}
	return indicator(s[0])
}

func nfc(s string) string {
	if norm.NFC.IsNormalString(s) {
		return s
	}
	return norm.NFC.String(s)
}

// XMLWriter writes records as a MARCXML collection.
type XMLWriter struct {
	w       io.Writer
	started bool
	err     error
}

// NewXMLWriter returns a writer of a MARCXML <collection> to w. Call Close
// to end the collection.
func NewXMLWriter(w io.Writer) *XMLWriter { return &XMLWriter{w: w} }

// Write writes one record.
func (w *XMLWriter) Write(r *Record) error {
	if !w.started {
		w.started = true
		w.printf("%s<collection xmlns=\"%s\">\n", xml.Header, XMLNamespace)
	}
	l := r.Leader
	if l == (Leader{}) {
		l = defaultLeader
	}
	l[9] = 'a'
	w.printf("<record>\n<leader>%s</leader>\n", escape(l.String()))
	for _, f := range r.Fields {
		if f.IsControl() {
			w.printf("<controlfield tag=\"%s\">%s</controlfield>\n", escape(f.Tag), escape(f.Value))
			continue
		}
		w.printf("<datafield tag=\"%s\" ind1=\"%s\" ind2=\"%s\">\n", escape(f.Tag), escape(string(indByte(f.Ind1))), escape(string(indByte(f.Ind2))))
		for _, sf := range f.Subfields {
			w.printf("<subfield code=\"%s\">%s</subfield>\n", escape(string(sf.Code)), escape(sf.Value))
		}
		w.printf("</datafield>\n")
	}
	w.printf("</record>\n")
	return w.err
}

// Close ends the collection. It does not close the underlying writer.
func (w *XMLWriter) Close() error {
	if !w.started {
		w.printf("%s<collection xmlns=\"%s\">\n", xml.Header, XMLNamespace)
	}
	w.printf("</collection>\n")
	return w.err
}

func (w *XMLWriter) printf(format string, args ...any) {
	if w.err == nil {
		_, w.err = fmt.Fprintf(w.w, format, args...)
	}
}

// escape escapes text for XML; characters XML cannot carry become U+FFFD.
func escape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
