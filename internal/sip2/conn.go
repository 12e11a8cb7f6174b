package sip2

import (
	"bufio"
	"fmt"
	"io"
	"slices"
)

// DefaultMaxLen is the message length limit of a Conn made with maxLen 0.
// Kiosk requests are a few hundred bytes; the limit only has to stop a
// stream without line ends from growing without bound.
const DefaultMaxLen = 8 << 10

// Conn reads and writes SIP2 messages on one connection, typically a
// net.Conn to a kiosk. It answers each request with the request's sequence
// number and remembers the last message written, for Request ACS Resend.
// A Conn is not safe for concurrent use; SIP2 is strictly request and
// response, so one goroutine per connection is the natural shape.
type Conn struct {
	codec  Codec
	r      *bufio.Reader
	w      io.Writer
	maxLen int
	seq    int    // sequence number of the last request read, or -1
	last   []byte // last message written
}

// NewConn returns a Conn on rw that reads messages of at most maxLen bytes
// (DefaultMaxLen if maxLen <= 0), not counting the line end. Deadlines are
// the caller's: set them on the net.Conn.
func NewConn(rw io.ReadWriter, codec Codec, maxLen int) *Conn {
	if maxLen <= 0 {
		maxLen = DefaultMaxLen
	}
	return &Conn{codec: codec, r: bufio.NewReader(rw), w: rw, maxLen: maxLen, seq: -1}
}

// ReadLine returns the next message without its line end. CR, LF and CRLF
// all end a message; empty lines are skipped. A message longer than the
// limit returns ErrTooLong after reading at most the limit plus one byte;
// the connection should then be closed, since the rest of the stream is
// not known to be at a message boundary. At the end of the stream it
// returns io.EOF, or io.ErrUnexpectedEOF inside a message.
func (c *Conn) ReadLine() ([]byte, error) {
	var line []byte
	for {
		b, err := c.r.ReadByte()
		if err == io.EOF && len(line) > 0 {
			return nil, io.ErrUnexpectedEOF
		}
		if err != nil {
			return nil, err
		}
		if b == '\r' || b == '\n' {
			if len(line) == 0 {
				continue // the LF of a CRLF, or a blank line
			}
			return line, nil
		}
		if len(line) >= c.maxLen {
			return nil, fmt.Errorf("%w: more than %d bytes without a line end", ErrTooLong, c.maxLen)
		}
		line = append(line, b)
	}
}

// Read reads and parses the next message and remembers its sequence number
// for the response. A *ParseError leaves the connection usable: answer it
// with RequestSCResend. Other errors come from the stream.
func (c *Conn) Read() (Body, error) {
	line, err := c.ReadLine()
	if err != nil {
		return nil, err
	}
	return c.Parse(line)
}

// Parse parses a message read with ReadLine and, like Read, remembers its
// sequence number for the response.
func (c *Conn) Parse(line []byte) (Body, error) {
	b, seq, err := c.codec.Parse(line)
	if err != nil {
		return nil, err
	}
	// 96 and 97 carry no sequence number; keep the one of the request
	// being repeated.
	if b.Code() != "97" && b.Code() != "96" {
		c.seq = seq
	}
	return b, nil
}

// Write encodes b with the sequence number of the last request read and
// writes it, remembering it for Resend.
func (c *Conn) Write(b Body) error {
	out, err := c.codec.Encode(b, c.seq)
	if err != nil {
		return err
	}
	c.last = out
	return c.write(out)
}

// Resend writes the last message again, byte for byte, as the answer to
// Request ACS Resend (97). If nothing has been written yet, it writes
// Request SC Resend (96), so the kiosk repeats its request instead.
func (c *Conn) Resend() error {
	if c.last == nil {
		return c.Write(&RequestSCResend{})
	}
	return c.write(c.last)
}

// SetErrorDetection turns checksums and sequence numbers on or off for
// the messages read and written from now on. A server turns it on when a
// kiosk's first checksum shows the kiosk has it on.
func (c *Conn) SetErrorDetection(on bool) { c.codec.ErrorDetection = on }

// ErrorDetection reports whether checksums are on.
func (c *Conn) ErrorDetection() bool { return c.codec.ErrorDetection }

// Last returns a copy of the last message written, or nil.
func (c *Conn) Last() []byte { return slices.Clone(c.last) }

func (c *Conn) write(b []byte) error {
	if _, err := c.w.Write(b); err != nil {
		return fmt.Errorf("sip2: write: %w", err)
	}
	return nil
}
