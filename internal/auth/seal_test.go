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
