package marc

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
)

// Writer writes records as ISO 2709 in UTF-8.
type Writer struct {
	w *bufio.Writer
}

// NewWriter returns a Writer writing to w. Call Flush when done.
func NewWriter(w io.Writer) *Writer { return &Writer{w: bufio.NewWriter(w)} }

// Write writes one record.
func (w *Writer) Write(r *Record) error {
	b, err := Marshal(r)
	if err != nil {
		return err
	}
	_, err = w.w.Write(b)
	return err
}

// Flush writes any buffered data to the underlying writer.
func (w *Writer) Flush() error { return w.w.Flush() }

// Marshal returns r as one ISO 2709 record in UTF-8. The record length,
// base address, directory and leader/09 ('a') are computed, whatever r's
// leader says; leader positions 10–11 and 20–23 get their MARC 21 values.
// What else is invalid in r is repaired as Repair does, in a copy; Marshal
// fails when that cannot be done or the record does not fit the format's
// five-digit lengths, so that it never writes invalid MARC.
func Marshal(r *Record) ([]byte, error) {
	r, err := repaired(r)
	if err != nil {
		return nil, err
	}
	return encode(r)
}

// encode writes r as ISO 2709 as it is; Marshal makes sure it is valid.
func encode(r *Record) ([]byte, error) {
	var data []byte
	dir := make([]byte, 0, 12*len(r.Fields))
	for _, f := range r.Fields {
		if len(f.Tag) != 3 {
			return nil, fmt.Errorf("marc: field tag %q is not 3 bytes", f.Tag)
		}
		start := len(data)
		if f.IsControl() {
			data = append(data, f.Value...)
		} else {
			data = append(data, f.Ind1, f.Ind2)
			for _, sf := range f.Subfields {
				data = append(data, subfieldDelim, sf.Code)
				data = append(data, sf.Value...)
			}
		}
		data = append(data, fieldTerminator)
		n := len(data) - start
		if n > 9999 || start > 99999 {
			return nil, fmt.Errorf("marc: field %s too long for ISO 2709", f.Tag)
		}
		dir = append(dir, f.Tag...)
		dir = appendNum(dir, n, 4)
		dir = appendNum(dir, start, 5)
	}
	dir = append(dir, fieldTerminator)
	base := 24 + len(dir)
	total := base + len(data) + 1
	if total > 99999 {
		return nil, fmt.Errorf("marc: record of %d bytes too long for ISO 2709", total)
	}
	l := r.Leader
	copy(l[0:5], fmt.Sprintf("%05d", total))
	l[9] = 'a'
	copy(l[10:12], "22")
	copy(l[12:17], fmt.Sprintf("%05d", base))
	copy(l[20:24], "4500")
	out := make([]byte, 0, total)
	out = append(out, l[:]...)
	out = append(out, dir...)
	out = append(out, data...)
	out = append(out, recordTerminator)
	return out, nil
}

func appendNum(b []byte, n, width int) []byte {
	s := strconv.Itoa(n)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}
