package marc

import (
	"bytes"
	"io"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Of returns the MARC record of a catalogue record: the source record it
// was imported from if that decodes, else one built by FromLibrary. Export,
// SRU and OAI-PMH hand out the source record so that nothing the catalogue
// does not map is lost on the way through.
func Of(rec library.Record, items []library.Item) *Record {
	if len(rec.MARC) > 0 {
		if m, err := NewReader(bytes.NewReader(rec.MARC)).Next(); err == nil {
			return m
		}
	}
	return FromLibrary(rec, items)
}

// WriteXMLRecord writes r as one MARCXML <record> element in the MARCXML
// namespace, without an XML declaration, for embedding in other XML such
// as SRU and OAI-PMH responses.
func WriteXMLRecord(w io.Writer, r *Record) error {
	var buf bytes.Buffer
	// A started writer writes the bare record; only the namespace is missing.
	if err := (&XMLWriter{w: &buf, started: true}).Write(r); err != nil {
		return err
	}
	b := bytes.TrimPrefix(buf.Bytes(), []byte("<record>"))
	if _, err := io.WriteString(w, `<record xmlns="`+XMLNamespace+`">`); err != nil {
		return err
	}
	_, err := w.Write(b)
	return err
}
