package sip2

import (
	"errors"
	"fmt"
)

// The sentinel errors classify every parse failure, so that a server can
// decide with errors.Is whether to answer 96 (Request SC Resend).
var (
	// ErrChecksum reports a message whose AZ checksum is wrong or, with error
	// detection on, missing. The server should answer 96.
	ErrChecksum = errors.New("sip2: bad checksum")

	// ErrMalformed reports a message that does not follow the layout of its
	// command: too short, a bad fixed field, a bad date, stray line breaks.
	ErrMalformed = errors.New("sip2: malformed message")

	// ErrUnknownCommand reports a well-formed command code that SIP2 2.00
	// does not define (or this package does not implement).
	ErrUnknownCommand = errors.New("sip2: unknown command")

	// ErrTooLong reports a message longer than the connection's limit. The
	// rest of the stream cannot be trusted, so the connection should be
	// closed.
	ErrTooLong = errors.New("sip2: message too long")
)

// ParseError describes why a message could not be parsed. Err is one of
// ErrChecksum, ErrMalformed or ErrUnknownCommand.
type ParseError struct {
	Code  string // command code, when it could be read
	Field string // the fixed field or field identifier at fault, if any
	Msg   string // what is wrong
	Err   error
}

// Error says what is wrong and, where known, in which message and field.
func (e *ParseError) Error() string {
	s := e.Err.Error()
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Field != "" {
		s += " " + e.Field
	}
	return s + ": " + e.Msg
}

// Unwrap returns the sentinel, for errors.Is.
func (e *ParseError) Unwrap() error { return e.Err }

func malformed(code, field, format string, args ...any) error {
	return &ParseError{Code: code, Field: field, Msg: fmt.Sprintf(format, args...), Err: ErrMalformed}
}
