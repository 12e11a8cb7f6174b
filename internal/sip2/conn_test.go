package sip2

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// pipe is a kiosk connection: requests to read, responses collected.
type pipe struct {
	in  io.Reader
	out bytes.Buffer
}

func (p *pipe) Read(b []byte) (int, error)  { return p.in.Read(b) }
func (p *pipe) Write(b []byte) (int, error) { return p.out.Write(b) }

func TestConnReadLine(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []string
		wantErr error
	}{
		{"CR", "a\rb\r", []string{"a", "b"}, io.EOF},
		{"CRLF", "a\r\nb\r\n", []string{"a", "b"}, io.EOF},
		{"LF", "a\nb\n", []string{"a", "b"}, io.EOF},
		{"blank lines skipped", "\r\n\r\na\r\r\n", []string{"a"}, io.EOF},
		{"cut off", "a\rbc", []string{"a"}, io.ErrUnexpectedEOF},
		{"exactly the limit", strings.Repeat("x", 16) + "\r", []string{strings.Repeat("x", 16)}, io.EOF},
		{"too long", strings.Repeat("x", 17) + "\r", nil, ErrTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewConn(&pipe{in: strings.NewReader(tt.in)}, Codec{}, 16)
			var got []string
			for {
				line, err := c.ReadLine()
				if err != nil {
					if !errors.Is(err, tt.wantErr) {
						t.Errorf("error = %v, want %v", err, tt.wantErr)
					}
					break
				}
				got = append(got, string(line))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("lines mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// endless is a kiosk sending garbage without a line end, forever.
type endless struct{ n int }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	e.n += len(p)
	return len(p), nil
}

func (e *endless) Write(p []byte) (int, error) { return len(p), nil }

func TestConnGarbageWithoutLineEnd(t *testing.T) {
	src := &endless{}
	c := NewConn(src, Codec{}, 0)
	if _, err := c.ReadLine(); !errors.Is(err, ErrTooLong) {
		t.Fatalf("ReadLine error = %v, want ErrTooLong", err)
	}
	// bufio reads ahead by at most its buffer; the point is that reading
	// stops near the limit instead of running on.
	if limit := DefaultMaxLen + 4096; src.n > limit {
		t.Errorf("read %d bytes, want at most %d", src.n, limit)
	}
}

func TestConnSession(t *testing.T) {
	in := "9300CNkiosk|COpass|CPbranch|AY1AZF45E\r" +
		"9300CNkiosk|COpass|CPbranch|AY1AZF45F\r" + // bad checksum
		"97AZFEF5\r"
	p := &pipe{in: strings.NewReader(in)}
	c := NewConn(p, Codec{ErrorDetection: true}, 0)

	req, err := c.Read()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := req.(*Login); !ok {
		t.Fatalf("Read = %T, want *Login", req)
	}
	if err := c.Write(&LoginResponse{OK: true}); err != nil {
		t.Fatal(err)
	}

	if _, err := c.Read(); !errors.Is(err, ErrChecksum) {
		t.Fatalf("Read error = %v, want ErrChecksum", err)
	}
	if err := c.Write(&RequestSCResend{}); err != nil {
		t.Fatal(err)
	}

	req, err = c.Read()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := req.(*RequestACSResend); !ok {
		t.Fatalf("Read = %T, want *RequestACSResend", req)
	}
	if err := c.Resend(); err != nil {
		t.Fatal(err)
	}

	// The response echoes the request's sequence number; 96 has none; the
	// resend repeats the last message, which was the 96.
	want := "941AY1AZFDFC\r" + "96AZFEF6\r" + "96AZFEF6\r"
	if got := p.out.String(); got != want {
		t.Errorf("written %q, want %q", got, want)
	}
	if _, err := c.Read(); err != io.EOF {
		t.Errorf("Read at end = %v, want io.EOF", err)
	}
}

func TestConnResendBeforeAnyResponse(t *testing.T) {
	p := &pipe{in: strings.NewReader("")}
	c := NewConn(p, Codec{ErrorDetection: true}, 0)
	if err := c.Resend(); err != nil {
		t.Fatal(err)
	}
	if got, want := p.out.String(), "96AZFEF6\r"; got != want {
		t.Errorf("written %q, want %q", got, want)
	}
}
