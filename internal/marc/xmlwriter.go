package marc

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// XMLWriter writes records as a MARCXML collection.
type XMLWriter struct {
	w       io.Writer
	started bool
	err     error
}

// NewXMLWriter returns a writer of a MARCXML <collection> to w. Call Close
// to end the collection.
func NewXMLWriter(w io.Writer) *XMLWriter { return &XMLWriter{w: w} }

// Write writes one record. What is invalid in it is repaired as Repair
// does, in a copy; a record that cannot be repaired is refused with an
// error before anything of it is written, and the writer can go on.
func (w *XMLWriter) Write(r *Record) error {
	r, err := repaired(r)
	if err != nil {
		return err
	}
	if !w.started {
		w.started = true
		w.printf("%s<collection xmlns=\"%s\">\n", xml.Header, XMLNamespace)
	}
	l := r.Leader
	l[9] = 'a'
	w.printf("<record>\n<leader>%s</leader>\n", escape(l.String()))
	for _, f := range r.Fields {
		if f.IsControl() {
			w.printf("<controlfield tag=\"%s\">%s</controlfield>\n", escape(f.Tag), escape(f.Value))
			continue
		}
		w.printf("<datafield tag=\"%s\" ind1=\"%s\" ind2=\"%s\">\n", escape(f.Tag), escape(string(f.Ind1)), escape(string(f.Ind2)))
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
