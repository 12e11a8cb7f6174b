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

// DefaultParams is RFC 9106's second recommended option (t=3, 64 MiB) with
// two lanes rather than four, for the 2-core machines Kirjasto is sized for:
// lanes beyond the core count add no work for an attacker, only latency for
// us. Measured at about 90 ms a hash on such a machine, which is acceptable
// for a sign-in and keeps a burst of 20 simultaneous sign-ins under 1.3 GiB.
var DefaultParams = Params{Time: 3, MemoryKiB: 64 * 1024, Threads: 2}

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
	pepper []byte
	params Params
	dummy  string // a hash to verify against when there is no account
}

// NewHasher returns a Hasher with the given pepper and parameters.
func NewHasher(pepper []byte, p Params) *Hasher {
	h := &Hasher{pepper: append([]byte(nil), pepper...), params: p}
	d, err := h.Hash("0000")
	if err != nil {
		panic(fmt.Sprintf("auth: %v", err)) // only if crypto/rand fails
	}
	h.dummy = d
	return h
}

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
	key := argon2.IDKey(h.peppered(secret), salt, p.Time, p.MemoryKiB, p.Threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.MemoryKiB, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
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
	got := argon2.IDKey(h.peppered(secret), salt, p.Time, p.MemoryKiB, p.Threads, uint32(len(want)))
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
