package marc

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
)

// ISO 2709 delimiters.
const (
	subfieldDelim    = 0x1f
	fieldTerminator  = 0x1e
	recordTerminator = 0x1d
)

// RecordError reports a record that could not be read. The reader has
// already skipped past it, so the caller can log the error and call Next
// again.
type RecordError struct {
	N      int    // 1-based number of the record in the input
	Offset int64  // byte offset of the record's start in the input
	Line   int    // line of the record's start, for MARCXML; 0 for ISO 2709
	ID     string // the record's 001, when it could be read
	Reason string
}

// Error says which record failed, where it starts, and why.
func (e *RecordError) Error() string {
	return fmt.Sprintf("marc: record %s: %s", e.Where(), e.Reason)
}

// Where names the record for a person looking for it: "12 (byte 3456,
// 001 ocm123)", with the line instead of the byte in MARCXML.
func (e *RecordError) Where() string {
	pos := fmt.Sprintf("byte %d", e.Offset)
	if e.Line > 0 {
		pos = fmt.Sprintf("line %d", e.Line)
	}
	if e.ID != "" {
		pos += ", 001 " + e.ID
	}
	return fmt.Sprintf("%d (%s)", e.N, pos)
}

// Reader reads ISO 2709 records one at a time from a stream.
//
// Records are delimited by their terminator (0x1D), not by the length in
// the leader: lengths are the part of a record most often wrong in real
// files, while a stray terminator inside a record is rare (it cannot occur
// in UTF-8 or MARC-8 text). This also makes resynchronising after a broken
// record automatic.
type Reader struct {
	// Charset, when not Automatic, is the character set of every record,
	// whatever its leader/09 says: the importer's word for files whose
	// labels are wrong, or that are in a local character set such as
	// Windows-1251, which nothing in a file tells from MARC-8. Set it
	// before the first call to Next.
	Charset Charset

	br      *bufio.Reader
	n       int   // records seen
	off     int64 // offset of the next record
	repairs []string
}

// NewReader returns a Reader reading ISO 2709 records from r.
func NewReader(r io.Reader) *Reader {
	return &Reader{br: bufio.NewReaderSize(r, 64<<10)}
}

// Next returns the next record. At the end of the input it returns io.EOF.
// A record that cannot be read gives a *RecordError and the reader moves
// on, so Next may be called again; any other error is from the underlying
// reader and is final.
//
// Records are repaired where the intent is clear (see Repairs), and their
// text is always UTF-8: MARC-8 records are converted.
func (r *Reader) Next() (*Record, error) {
	r.repairs = r.repairs[:0]
	// Skip what lies between records: newlines some exporters add, NULs
	// and spaces of padded tapes, the ^Z of DOS files.
	for {
		c, err := r.br.ReadByte()
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != nil {
			return nil, err
		}
		if c > ' ' && c != 0x1a && c != recordTerminator {
			r.br.UnreadByte()
			break
		}
		r.off++
	}
	start := r.off
	data, size, err := r.readRecord()
	r.off += size
	r.n++
	if err != nil && err != io.EOF {
		return nil, err
	}
	if size > MaxRecordSize {
		return nil, &RecordError{N: r.n, Offset: start, Reason: fmt.Sprintf("record of %d bytes is longer than the %d this reader accepts", size, MaxRecordSize)}
	}
	if err == io.EOF {
		// A file cut short (a download or a 64 KiB tape block) ends in
		// half a record; only a record whose length says it is whole is
		// kept.
		if n, ok := atoi(data[:min(5, len(data))]); !ok || n < len(data) || n > len(data)+1 {
			return nil, &RecordError{N: r.n, Offset: start, Reason: fmt.Sprintf("input ends inside the record after %d bytes, without a record terminator", len(data))}
		}
		r.repair("no record terminator at end of input")
	} else {
		data = data[:len(data)-1]
	}
	rec, reason := r.parse(data)
	if reason != "" {
		return nil, &RecordError{N: r.n, Offset: start, ID: rec.control001(), Reason: reason}
	}
	return rec, nil
}

// N returns the number of records read so far, good or bad: after Next,
// the 1-based number of the record it returned, for logging Repairs.
func (r *Reader) N() int { return r.n }

// MaxRecordSize is the longest record the reader accepts. ISO 2709 allows
// 99,999 bytes, but oversized records of a megabyte exist (hundreds of
// items in 952s) and are read; a larger one is skipped so that a file
// without terminators cannot make an import hold it all in memory.
const MaxRecordSize = 16 << 20

// readRecord reads up to and including the next record terminator, or to
// the end of the input. It returns the bytes (none once the record is
// longer than MaxRecordSize) and how many it consumed.
func (r *Reader) readRecord() (data []byte, size int64, err error) {
	for {
		chunk, err := r.br.ReadSlice(recordTerminator)
		size += int64(len(chunk))
		if size <= MaxRecordSize {
			data = append(data, chunk...)
		} else {
			data = nil
		}
		if err != bufio.ErrBufferFull {
			return data, size, err
		}
	}
}

// Repairs describes what was repaired in the record Next last returned,
// one note per repair, so an importer can log records that need a
// cataloguer's look. The slice is reused by the next call to Next.
func (r *Reader) Repairs() []string { return r.repairs }

func (r *Reader) repair(format string, args ...any) {
	r.repairs = addNote(r.repairs, format, args...)
}

// addNote appends a repair note. A badly mangled record can need hundreds
// of repairs; the first ones tell a cataloguer enough.
func addNote(notes []string, format string, args ...any) []string {
	const max = 10
	switch {
	case len(notes) < max:
		notes = append(notes, fmt.Sprintf(format, args...))
	case len(notes) == max:
		notes = append(notes, "more repairs not listed")
	}
	return notes
}

// parse decodes one record without its terminator. It returns a reason
// when the record is beyond repair.
func (r *Reader) parse(data []byte) (*Record, string) {
	if len(data) < 24+1 {
		return nil, fmt.Sprintf("record of %d bytes is too short for a leader and directory", len(data))
	}
	rec := &Record{}
	copy(rec.Leader[:], data[:24])
	if n, ok := atoi(data[0:5]); !ok || n != len(data)+1 {
		r.repair("record length %q in leader is wrong, actual length %d", data[0:5], len(data)+1)
	}

	// The directory runs from byte 24 to the first field terminator;
	// where that is, not the leader's base address, decides where the
	// data begins, because the leader is more often wrong than the
	// terminator.
	dirEnd := bytes.IndexByte(data[24:], fieldTerminator)
	if dirEnd < 0 {
		return nil, "no field terminator after the directory"
	}
	dirEnd += 24
	base := dirEnd + 1
	if n, ok := atoi(data[12:17]); !ok || n != base {
		r.repair("base address %q in leader is wrong, directory ends at %d", data[12:17], base)
	}
	entries, ok := r.directory(data[24:dirEnd])
	if !ok {
		r.repair("directory length %d is not a multiple of 12", dirEnd-24)
		// A byte lost from the directory shifts every entry after it.
		// Reading the entries back from the end realigns them; keep that
		// reading if more of its offsets follow on from each other.
		if back := backDirectory(data[24:dirEnd]); chained(back) > chained(entries) {
			r.repair("directory read from its end; first entry's tag %q guessed", back[0].tag)
			entries = back
		}
	}
	area := data[base:]
	if len(entries) == 0 {
		return nil, "empty directory"
	}
	fields, err := r.locate(entries, area)
	if err != nil {
		return nil, err.Error()
	}
	rec.Fields = make([]Field, 0, len(fields))
	for _, i := range r.fieldOrder(entries) {
		rec.Fields = append(rec.Fields, r.field(entries[i].tag, fields[i]))
	}
	r.decodeText(rec)
	if err := repair(rec, r.repair); err != nil {
		return rec, err.Error()
	}
	return rec, ""
}

// field decodes the bytes of one field. Bytes are kept as they are here:
// character conversion happens for the whole record in decodeText, and
// tags, indicators and codes are checked for the whole record in repair.
func (r *Reader) field(tag string, raw []byte) Field {
	f := Field{Tag: tag}
	if isControlTag(tag) {
		f.Value = string(raw)
		return f
	}
	f.Ind1, f.Ind2 = ' ', ' '
	if i := bytes.IndexByte(raw, subfieldDelim); i != 2 {
		// Indicators missing or too many: the first two bytes before the
		// first subfield are taken as indicators, the rest dropped.
		if i < 0 {
			i = len(raw) // no subfields: repair drops the field
		} else {
			r.repair("field %s has %d bytes before its first subfield instead of 2 indicators", tag, i)
		}
		if i >= 1 {
			f.Ind1 = raw[0]
		}
		if i >= 2 {
			f.Ind2 = raw[1]
		}
		raw = raw[i:]
	} else {
		f.Ind1, f.Ind2 = raw[0], raw[1]
		raw = raw[2:]
	}
	for _, sf := range bytes.Split(raw, []byte{subfieldDelim})[1:] {
		if len(sf) == 0 {
			continue // "$$": an empty subfield carries nothing
		}
		f.Subfields = append(f.Subfields, Subfield{Code: sf[0], Value: string(sf[1:])})
	}
	return f
}

func atoi(b []byte) (int, bool) {
	if len(b) == 0 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
