package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// NewToken returns 32 random bytes, base64url-encoded without padding:
// 256 bits that cannot be guessed, safe in cookies and URL paths.
func NewToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand panics rather than return an error)
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken returns the hex SHA-256 of a token, which is what the database
// keeps: a token has 256 bits of entropy, so a fast hash suffices, and a
// leaked table of hashes cannot be turned back into sessions.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewPepper returns a fresh random pepper.
func NewPepper() []byte {
	b := make([]byte, 32)
	rand.Read(b)
	return b
}
