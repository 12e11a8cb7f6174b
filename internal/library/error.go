package library

import (
	"errors"
	"fmt"
)

// Error codes. The web layer maps each to an HTTP status, and the message
// catalogues have a text for each, so a code is also a message key suffix.
const (
	ENOTFOUND     = "not_found"
	EINVALID      = "invalid"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	EINTERNAL     = "internal"
)

// Error is a domain error: a code the program can act on and a message
// for the log. Messages shown to people come from the message catalogues,
// keyed by Key (or by the code when Key is empty), never from Message.
type Error struct {
	Code    string
	Key     string // message-catalogue key for the user, e.g. "error.item_on_loan"
	Message string // for developers and logs
	// Count, when not zero, is the number the user's message tells (the
	// minutes a card stays locked): it picks the message's plural form
	// and fills its {{.Count}}.
	Count int
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or
// EINTERNAL for any other non-nil error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorCount returns the Count of the first *Error in err's chain, or 0.
func ErrorCount(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Count
	}
	return 0
}

// ErrorKey returns the message-catalogue key for err: its own Key if it has
// one, else "error." followed by its code.
func ErrorKey(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Key != "" {
		return e.Key
	}
	return "error." + ErrorCode(err)
}
