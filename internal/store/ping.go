package store

import "context"

// Ping reports whether the database answers, for a node's health check:
// a proxy stops sending requests to a node that has lost its database.
func (db *DB) Ping(ctx context.Context) error {
	return db.read.PingContext(ctx)
}
