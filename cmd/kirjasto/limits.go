package main

import (
	"time"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/store"
)

// Rate limits per client address, counted in the database so that every
// node of a deployment counts the same requests (docs/deploy.md,
// "Several nodes: what is shared"). The windows are fixed, so across a
// window's edge up to twice the maximum gets through: the figures are
// set so that no client is refused what the token buckets they replace
// allowed (10 at once and one every 6 seconds; 300 at once and 50 a
// second).
const (
	signinWindow = time.Minute
	signinMax    = 20
	apiWindow    = 10 * time.Second
	apiMax       = 800
)

// signinLimit limits sign-in attempts (and the other forms that guard
// against guessing or flooding: questions, chats, event sign-ups). It is
// the database's on both databases: one upsert beside an argon2 hash.
func signinLimit(db *store.DB) auth.RateLimiter {
	return db.RateLimit("signin", signinWindow, signinMax)
}

// apiLimit limits API requests. On PostgreSQL the count is the
// database's (an unlogged table: no disk flush per request); SQLite is
// one node, and a write per API request would cost its one writer a
// disk flush each, so there nil leaves web's limit in the process.
func apiLimit(db *store.DB) auth.RateLimiter {
	if db.Dialect() != "postgres" {
		return nil
	}
	return db.RateLimit("api", apiWindow, apiMax)
}
