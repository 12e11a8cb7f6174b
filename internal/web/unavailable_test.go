package web

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
)

// TestUnavailable tells the database out of reach (503, try again) from
// a fault of the code (500).
func TestUnavailable(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"connection refused, wrapped", fmt.Errorf("checkout: %w", refused), true},
		{"connection cut mid-answer", fmt.Errorf("query: %w", io.ErrUnexpectedEOF), true},
		{"a pool's bad connection", driver.ErrBadConn, true},
		{"a bug", errors.New("nil map"), false},
		{"a domain error", library.Errorf(library.EINTERNAL, "inconsistent"), false},
	}
	for _, tc := range tests {
		if got := unavailable(tc.err); got != tc.want {
			t.Errorf("%s: unavailable(%v) = %v, want %v", tc.name, tc.err, got, tc.want)
		}
	}
}
