package sip2

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Field is one variable-length field: a two-character identifier and its
// value, which on the wire is followed by '|'.
type Field struct {
	ID    string
	Value string
}

// Message is a SIP2 message in its generic form.
type Message struct {
	// Code is the two-digit command code, such as "93" for Login.
	Code string
	// Fixed holds the fixed-length fields in the order the specification
	// gives them, each exactly as wide as the specification says.
	Fixed []string
	// Fields holds the variable-length fields in the order received.
	// Identifiers may repeat (several AS hold items, several AF lines).
	Fields []Field
}

// Codec holds the settings that decide how the bytes of one connection are
// read and written. The zero Codec has error detection off and reads local
// dates as UTC.
type Codec struct {
	// ErrorDetection turns on the AY sequence number and AZ checksum. When
	// on, a message without a valid checksum is rejected with ErrChecksum;
	// when off, AY and AZ are optional and ignored.
	ErrorDetection bool
	// Location is the zone of dates sent in local time (blank zone). Kiosks
	// use the library's wall clock, so a server should set the library's
	// zone (Europe/Helsinki); nil means UTC.
	Location *time.Location
}

// maxSeq is the largest sequence number: AY carries one digit.
const maxSeq = 9

// ParseMessage parses one message into its generic form and returns it with
// its AY sequence number, or -1 if it had none. A trailing CR, LF or CRLF is
// allowed. The fixed fields are split by the layout of the command code.
// Errors are *ParseError values.
func (c Codec) ParseMessage(line []byte) (Message, int, error) {
	line = bytes.TrimRight(line, "\r\n")
	if bytes.ContainsAny(line, "\r\n") {
		return Message{}, -1, malformed("", "", "line break inside the message")
	}
	if len(line) < 2 {
		return Message{}, -1, malformed("", "", "too short for a command code")
	}
	code := string(line[:2])
	if !isDigit(code[0]) || !isDigit(code[1]) {
		return Message{}, -1, malformed("", "", "bad command code %q", code)
	}
	lay, ok := layoutOf(code)
	if !ok {
		return Message{}, -1, &ParseError{Code: code, Msg: "not a SIP2 2.00 message", Err: ErrUnknownCommand}
	}
	m := Message{Code: code}
	pos := 2
	for _, f := range lay.fixed {
		if pos+f.width > len(line) {
			return Message{}, -1, malformed(code, f.name, "missing fixed field")
		}
		m.Fixed = append(m.Fixed, string(line[pos:pos+f.width]))
		pos += f.width
	}

	// The trailer is looked for only after the fixed fields, where field
	// identifiers can be, so that fixed text ending in "AZ..." is never
	// mistaken for it.
	rest := line[pos:]
	seq := -1
	if n := len(rest); n >= 6 && string(rest[n-6:n-4]) == "AZ" && isHex(rest[n-4:]) {
		if c.ErrorDetection {
			want := Checksum(line[:len(line)-4])
			if !strings.EqualFold(want, string(rest[n-4:])) {
				return Message{}, -1, &ParseError{Code: code, Field: "AZ",
					Msg: fmt.Sprintf("got %s, computed %s", rest[n-4:], want), Err: ErrChecksum}
			}
		}
		rest = rest[:n-6]
	} else if c.ErrorDetection {
		return Message{}, -1, &ParseError{Code: code, Field: "AZ", Msg: "missing", Err: ErrChecksum}
	}
	if n := len(rest); n >= 3 && string(rest[n-3:n-1]) == "AY" && isDigit(rest[n-1]) {
		seq = int(rest[n-1] - '0')
		rest = rest[:n-3]
	}

	for part := range bytes.SplitSeq(rest, []byte("|")) {
		if len(part) == 0 {
			continue // "||" and the trailing '|' carry nothing
		}
		if len(part) < 2 {
			return Message{}, -1, malformed(code, string(part), "field too short for an identifier")
		}
		m.Fields = append(m.Fields, Field{ID: string(part[:2]), Value: string(part[2:])})
	}
	return m, seq, nil
}

// EncodeMessage returns the wire form of m, ending in CR. Variable fields
// are written in the specification's order for the command (unknown
// identifiers last, in their own order). With error detection on, AY<seq>
// (omitted when seq is negative, and always for 96 and 97, which the
// specification says carry no sequence number) and AZ<checksum> end the
// message. Values are sanitised with [Sanitize].
func (c Codec) EncodeMessage(m Message, seq int) ([]byte, error) {
	return c.encode(m, seq, true)
}

// encode is EncodeMessage, with the sorting of fields optional: a typed
// message is already in order, and sorting it would move repeats kept in
// Extra ahead of unknown fields that came before them.
func (c Codec) encode(m Message, seq int, sortFields bool) ([]byte, error) {
	lay, ok := layoutOf(m.Code)
	if !ok {
		return nil, fmt.Errorf("sip2: encode: unknown command code %q", m.Code)
	}
	if len(m.Fixed) != len(lay.fixed) {
		return nil, fmt.Errorf("sip2: encode %s: %d fixed fields, want %d", m.Code, len(m.Fixed), len(lay.fixed))
	}
	if seq > maxSeq {
		return nil, fmt.Errorf("sip2: encode %s: sequence number %d is not one digit", m.Code, seq)
	}
	var b bytes.Buffer
	b.WriteString(m.Code)
	for i, f := range lay.fixed {
		if len(m.Fixed[i]) != f.width {
			return nil, fmt.Errorf("sip2: encode %s: fixed field %s is %q, want %d characters", m.Code, f.name, m.Fixed[i], f.width)
		}
		// '|' is harmless in a fixed field, which is found by position.
		b.WriteString(replaceBytes(m.Fixed[i], false))
	}
	fields := m.Fields
	if sortFields {
		fields = slices.Clone(fields)
		slices.SortStableFunc(fields, func(x, y Field) int { return lay.rank(x.ID) - lay.rank(y.ID) })
	}
	for _, f := range fields {
		if len(f.ID) != 2 || strings.ContainsAny(f.ID, "|\r\n") {
			return nil, fmt.Errorf("sip2: encode %s: bad field identifier %q", m.Code, f.ID)
		}
		b.WriteString(f.ID)
		b.WriteString(Sanitize(f.Value))
		b.WriteByte('|')
	}
	if c.ErrorDetection {
		if seq >= 0 && m.Code != "96" && m.Code != "97" {
			fmt.Fprintf(&b, "AY%d", seq)
		}
		b.WriteString("AZ")
		b.WriteString(Checksum(b.Bytes()))
	}
	b.WriteByte('\r')
	return b.Bytes(), nil
}

// Checksum returns the SIP2 checksum of b, which is everything from the
// command code up to and including "AZ": the two's complement of the 16-bit
// sum of the bytes, as four uppercase hexadecimal digits.
func Checksum(b []byte) string {
	var sum uint16
	for _, c := range b {
		sum += uint16(c)
	}
	return fmt.Sprintf("%04X", -sum)
}

// Sanitize replaces the characters that would break the framing of a
// variable field: '|' becomes '/' (so "Title | Subtitle" reads as the ISBD
// "Title / Subtitle" on a receipt) and CR and LF become spaces. Other bytes
// pass unchanged, whatever the character set.
func Sanitize(v string) string { return replaceBytes(v, true) }

// replaceBytes works on bytes, not runes, so that text in a legacy
// character set is not turned into U+FFFD.
func replaceBytes(v string, pipe bool) string {
	if !strings.ContainsAny(v, "|\r\n") {
		return v
	}
	b := []byte(v)
	for i, c := range b {
		switch {
		case c == '\r' || c == '\n':
			b[i] = ' '
		case c == '|' && pipe:
			b[i] = '/'
		}
	}
	return string(b)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHex(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) && !('a' <= c && c <= 'f') && !('A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
