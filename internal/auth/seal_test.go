package auth

import (
	"strings"
	"testing"
)

func TestSeal(t *testing.T) {
	h := NewHasher([]byte("pepper"), TestParams)
	const secret = "JBSWY3DPEHPK3PXP"
	a, err := h.Seal(secret)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := h.Seal(secret)
	if strings.Contains(a, secret) || !Sealed(a) || a == b {
		t.Errorf("sealed %q and %q: want the secret hidden, prefixed and a fresh nonce each time", a, b)
	}
	if got, err := h.Unseal(a); err != nil || got != secret {
		t.Errorf("Unseal = %q, %v", got, err)
	}
	if got, err := h.Unseal(secret); err != nil || got != secret {
		t.Errorf("Unseal of a value stored before sealing = %q, %v", got, err)
	}
	other := NewHasher([]byte("other pepper"), TestParams)
	if _, err := other.Unseal(a); err == nil {
		t.Error("a sealed secret opened under another pepper")
	}
	tampered := a[:len(a)-2] + "AA"
	if tampered == a {
		tampered = a[:len(a)-2] + "BB"
	}
	for _, bad := range []string{tampered, sealPrefix + "!!", sealPrefix} {
		if _, err := h.Unseal(bad); err == nil {
			t.Errorf("Unseal(%q) opened", bad)
		}
	}
}

func TestPseudonym(t *testing.T) {
	h := NewHasher([]byte("pepper"), TestParams)
	a := h.Pseudonym("elib patron", "42")
	if a != h.Pseudonym("elib patron", "42") || len(a) != 32 {
		t.Errorf("Pseudonym is %q, want 32 hex digits, the same each time", a)
	}
	for _, other := range []string{h.Pseudonym("elib patron", "43"), h.Pseudonym("chat client", "42"),
		NewHasher([]byte("other pepper"), TestParams).Pseudonym("elib patron", "42")} {
		if other == a {
			t.Errorf("another value, purpose or pepper gives the same pseudonym %q", a)
		}
	}
}
