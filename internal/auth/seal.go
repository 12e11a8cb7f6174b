package auth

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Sealing keeps a secret the server must read back (a TOTP secret, which
// computes codes) encrypted in the database, under a key derived from the
// pepper: a stolen database or backup alone then gives no second factor,
// as it gives no PIN. AES-256-GCM with a random nonce; the sealed form is
// sealPrefix and base64 of nonce and ciphertext.

const sealPrefix = "sealed1:"

// errSealed is what a sealed value that does not open says: the pepper
// changed, or the value was altered.
var errSealed = errors.New("sealed value does not open under this pepper")

// sealKey derives the sealing key from the pepper, apart from the PIN
// hashes' use of it.
func (h *Hasher) sealKey() []byte {
	m := hmac.New(sha256.New, h.pepper)
	m.Write([]byte("kirjasto seal key v1"))
	return m.Sum(nil)
}

func (h *Hasher) aead() (cipher.AEAD, error) {
	block, err := aes.NewCipher(h.sealKey())
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// Seal encrypts secret for the database.
func (h *Hasher) Seal(secret string) (string, error) {
	a, err := h.aead()
	if err != nil {
		return "", fmt.Errorf("seal: %w", err)
	}
	nonce := make([]byte, a.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("seal: %w", err)
	}
	out := a.Seal(nonce, nonce, []byte(secret), []byte(sealPrefix))
	return sealPrefix + base64.RawStdEncoding.EncodeToString(out), nil
}

// Unseal returns the secret a value from Seal holds. A value without the
// sealed form's prefix is a secret stored before sealing began, returned
// as it is (Sealed reports which it was, so that the caller can seal it).
func (h *Hasher) Unseal(stored string) (string, error) {
	if !Sealed(stored) {
		return stored, nil
	}
	raw, err := base64.RawStdEncoding.DecodeString(strings.TrimPrefix(stored, sealPrefix))
	if err != nil {
		return "", errSealed
	}
	a, err := h.aead()
	if err != nil {
		return "", fmt.Errorf("unseal: %w", err)
	}
	if len(raw) < a.NonceSize() {
		return "", errSealed
	}
	plain, err := a.Open(nil, raw[:a.NonceSize()], raw[a.NonceSize():], []byte(sealPrefix))
	if err != nil {
		return "", errSealed
	}
	return string(plain), nil
}

// Sealed reports whether a stored value is in Seal's form.
func Sealed(stored string) bool { return strings.HasPrefix(stored, sealPrefix) }

// Pseudonym is a stable stand-in for value (a patron's ID for a
// distributor, a client's address for the chat's blocks) that cannot be
// turned back by trying values without the pepper: HMAC-SHA-256 under a
// key derived from it, separate for each purpose.
func (h *Hasher) Pseudonym(purpose, value string) string {
	m := hmac.New(sha256.New, h.sealKey())
	m.Write([]byte("pseudonym " + purpose + "\x00" + value))
	return hex.EncodeToString(m.Sum(nil)[:16])
}
