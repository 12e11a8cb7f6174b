package auth

import (
	"strings"
	"testing"
	"time"
)

func TestHashVerify(t *testing.T) {
	h := NewHasher([]byte("pepper"), TestParams)
	enc, err := h.Hash("1234")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash %q: want PHC format with its parameters", enc)
	}
	if again, _ := h.Hash("1234"); again == enc {
		t.Error("two hashes of one PIN are equal: no salt")
	}
	other := NewHasher([]byte("other pepper"), TestParams)
	stronger := NewHasher([]byte("pepper"), Params{Time: 2, MemoryKiB: 128, Threads: 1})
	tests := []struct {
		name       string
		h          *Hasher
		secret     string
		ok, rehash bool
	}{
		{"right", h, "1234", true, false},
		{"wrong", h, "1235", false, false},
		{"empty", h, "", false, false},
		{"other pepper", other, "1234", false, false},
		{"new parameters", stronger, "1234", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, rehash, err := tt.h.Verify(enc, tt.secret)
			if err != nil || ok != tt.ok || rehash != tt.rehash {
				t.Errorf("Verify = %v, %v, %v; want %v, %v, nil", ok, rehash, err, tt.ok, tt.rehash)
			}
		})
	}
}

func TestVerifyMalformed(t *testing.T) {
	h := NewHasher(nil, TestParams)
	for _, enc := range []string{
		"", "1234", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=18$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=0,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=64,t=1,p=1$!!$a2V5a2V5a2V5a2V5a2V5a2V5",
	} {
		if ok, _, err := h.Verify(enc, "1234"); ok || err != ErrMalformed {
			t.Errorf("Verify(%q) = %v, %v; want false, ErrMalformed", enc, ok, err)
		}
	}
}

func TestToken(t *testing.T) {
	a, b := NewToken(), NewToken()
	if len(a) != 43 || a == b || strings.ContainsAny(a, "+/=") {
		t.Errorf("tokens %q, %q: want distinct 43-character base64url", a, b)
	}
	if HashToken(a) != HashToken(a) || HashToken(a) == HashToken(b) || len(HashToken(a)) != 64 {
		t.Errorf("HashToken not a stable SHA-256 hex")
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	l := NewLimiter(time.Minute, 3, 2)
	var got []bool
	for range 4 {
		got = append(got, l.Allow(t.Context(), "10.0.0.1", now))
	}
	if want := []bool{true, true, true, false}; !equal(got, want) {
		t.Errorf("burst: %v, want %v", got, want)
	}
	if !l.Allow(t.Context(), "10.0.0.2", now) {
		t.Error("another address is limited too")
	}
	if !l.Allow(t.Context(), "10.0.0.1", now.Add(time.Minute)) {
		t.Error("no new attempt after a minute")
	}
	// The map stays within its bound: a third address evicts the idlest.
	l.Allow(t.Context(), "10.0.0.3", now.Add(2*time.Minute))
	if n := l.Len(); n > 2 {
		t.Errorf("limiter remembers %d addresses, bound 2", n)
	}
}

func equal(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// BenchmarkHash measures DefaultParams on this machine: the cost of one
// sign-in. Run with: go test ./internal/auth -bench Hash -benchtime 20x
func BenchmarkHash(b *testing.B) {
	h := NewHasher([]byte("pepper"), DefaultParams)
	for b.Loop() {
		h.Hash("1234")
	}
}
