package testenv

import (
	"strings"
	"sync"
)

// SyncBuffer collects output that goroutines write while a test reads it:
// a logger's, or a child process's that exec copies from a goroutine of
// its own.
type SyncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

// Write appends p.
func (b *SyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// String returns what was written so far.
func (b *SyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
