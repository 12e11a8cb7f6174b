package webtest

import (
	"context"
	"testing"

	"github.com/kirjasto/kirjasto/internal/realtime"
	"github.com/kirjasto/kirjasto/internal/store"
)

// NewBroker returns the real-time broker a server on db has in
// production: within the process on SQLite, through LISTEN/NOTIFY on
// PostgreSQL. It is closed when t ends, before the database is.
func NewBroker(t testing.TB, db *store.DB) *realtime.Broker {
	t.Helper()
	b, err := realtime.Open(context.Background(), db.DSN(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}
