// Package auth holds the secrets side of signing in: hashing PINs and
// passwords with argon2id and a server-side pepper, tokens for sessions and
// reset links, and a per-address limiter for sign-in attempts.
//
// It knows nothing of patrons or HTTP, so the store and the web server can
// share it without depending on each other.
package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are argon2id's cost parameters. They are written into every hash,
// so they can be raised later: old hashes still verify with their own
// parameters and are rehashed at the next successful sign-in.
type Params struct {
	Time      uint32 // passes over memory
	MemoryKiB uint32
	Threads   uint8
}

// DefaultParams is RFC 9106's second recommended option, unchanged: t=3,
// 64 MiB, 4 lanes. On the 2-core test machine it measured 330 ms a hash
// with the machine busy (load 8, other test suites running) and about a
// third of that idle; 4 lanes were faster than 2 there, since Go computes
// lanes in parallel. Memory is the cost to watch: Hasher lets only a few
// hashes run at once (see maxConcurrent), so a burst of sign-ins queues
// instead of taking 64 MiB each.
var DefaultParams = Params{Time: 3, MemoryKiB: 64 * 1024, Threads: 4}

// TestParams are cheap parameters for tests, where hashing cost would only
// slow the suite down. Never use them in production.
var TestParams = Params{Time: 1, MemoryKiB: 64, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32
)

// Hasher hashes and verifies secrets (PINs, passwords). The secret is first
// keyed with HMAC-SHA-256 under the pepper, a key kept outside the
// database, so that a stolen database alone does not allow brute-forcing
// four-digit PINs offline.
type Hasher struct {
	pepper  []byte
	params  Params
	dummy   string        // a hash to verify against when there is no account
	sem     chan struct{} // bounds concurrent hashes, and so their memory
	observe func(secret string)
}

// maxConcurrent is how many hashes may run at once per CPU. Beyond the
// CPUs, more at once only adds memory, not throughput.
const maxConcurrent = 2

// NewHasher returns a Hasher with the given pepper and parameters.
func NewHasher(pepper []byte, p Params) *Hasher {
	h := &Hasher{
		pepper: append([]byte(nil), pepper...),
		params: p,
		sem:    make(chan struct{}, maxConcurrent*runtime.GOMAXPROCS(0)),
	}
	d, err := h.Hash("0000")
	if err != nil {
		panic(fmt.Sprintf("auth: %v", err)) // only if crypto/rand fails
	}
	h.dummy = d
	return h
}

// Observe makes h call f as each verification begins, before its hash is
// computed. It is for tests, which count the secrets really checked, or
// hold them to line up concurrent attempts; call it before h is used.
func (h *Hasher) Observe(f func(secret string)) { h.observe = f }

// Params returns the parameters new hashes are made with.
func (h *Hasher) Params() Params { return h.params }

// peppered returns the secret keyed with the pepper.
func (h *Hasher) peppered(secret string) []byte {
	m := hmac.New(sha256.New, h.pepper)
	m.Write([]byte(secret))
	return m.Sum(nil)
}

// Hash returns secret's hash in the PHC string format
// ($argon2id$v=19$m=...,t=...,p=...$salt$hash).
func (h *Hasher) Hash(secret string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash: %w", err)
	}
	p := h.params
	key := h.idKey(secret, salt, p, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.MemoryKiB, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// idKey runs argon2id on the peppered secret, waiting its turn.
func (h *Hasher) idKey(secret string, salt []byte, p Params, n uint32) []byte {
	h.sem <- struct{}{}
	defer func() { <-h.sem }()
	return argon2.IDKey(h.peppered(secret), salt, p.Time, p.MemoryKiB, p.Threads, n)
}

// ErrMalformed reports a stored hash that cannot be parsed.
var ErrMalformed = errors.New("auth: malformed hash")

// Verify reports whether secret matches encoded, and whether encoded was
// made with other parameters than h's and should be replaced by a new
// hash. The comparison takes constant time.
func (h *Hasher) Verify(encoded, secret string) (ok, rehash bool, err error) {
	p, salt, want, err := decode(encoded)
	if err != nil {
		return false, false, err
	}
	if h.observe != nil {
		h.observe(secret)
	}
	got := h.idKey(secret, salt, p, uint32(len(want)))
	ok = subtle.ConstantTimeCompare(got, want) == 1
	return ok, ok && p != h.params, nil
}

// VerifyDummy does the work of a Verify that fails, so that a sign-in with
// an unknown card takes as long as one with a wrong PIN and the response
// time does not tell which cards exist.
func (h *Hasher) VerifyDummy(secret string) {
	h.Verify(h.dummy, secret+"x")
}

// decode parses a PHC-format argon2id hash.
func decode(encoded string) (p Params, salt, key []byte, err error) {
	f := strings.Split(encoded, "$")
	if len(f) != 6 || f[0] != "" || f[1] != "argon2id" {
		return p, nil, nil, ErrMalformed
	}
	var v int
	if _, err := fmt.Sscanf(f[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, ErrMalformed
	}
	if _, err := fmt.Sscanf(f[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &p.Threads); err != nil ||
		p.Time == 0 || p.MemoryKiB == 0 || p.Threads == 0 {
		return p, nil, nil, ErrMalformed
	}
	b64 := base64.RawStdEncoding
	if salt, err = b64.DecodeString(f[4]); err != nil || len(salt) < 8 {
		return p, nil, nil, ErrMalformed
	}
	if key, err = b64.DecodeString(f[5]); err != nil || len(key) < 16 {
		return p, nil, nil, ErrMalformed
	}
	return p, salt, key, nil
}
