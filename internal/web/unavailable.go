package web

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"
)

// unavailable reports whether err is the database out of reach (a
// connection refused, cut or timed out) rather than a fault of the code:
// the request may well work again in a moment, so the answer is 503 with
// Retry-After and says so, and the log names it. The pool reconnects by
// itself once the database is back.
func unavailable(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed)
}
