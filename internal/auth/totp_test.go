package auth

import (
	"regexp"
	"testing"
	"time"
)

func TestMatchTOTP(t *testing.T) {
	secret, url, err := NewTOTP("Kirjasto", "aino")
	if err != nil {
		t.Fatal(err)
	}
	if len(secret) < 32 || url == "" {
		t.Fatalf("secret %q, url %q", secret, url)
	}
	now := time.Date(2026, 12, 6, 12, 0, 10, 0, time.UTC)
	for _, tt := range []struct {
		name   string
		offset time.Duration
		ok     bool
	}{
		{"now", 0, true},
		{"one step behind", -30 * time.Second, true},
		{"one step ahead", 30 * time.Second, true},
		{"two steps behind", -60 * time.Second, false},
		{"two steps ahead", 60 * time.Second, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := TOTPCode(secret, now.Add(tt.offset))
			if err != nil {
				t.Fatal(err)
			}
			step, ok := MatchTOTP(secret, c, now)
			if ok != tt.ok || ok && step != TOTPStep(now.Add(tt.offset)) {
				t.Errorf("MatchTOTP = %d, %v; want step %d, %v", step, ok, TOTPStep(now.Add(tt.offset)), tt.ok)
			}
		})
	}
	for _, bad := range []string{"", "12345", "1234567", "abcdef"} {
		if _, ok := MatchTOTP(secret, bad, now); ok {
			t.Errorf("MatchTOTP(%q) matched", bad)
		}
	}
}

func TestRecoveryCodes(t *testing.T) {
	codes := NewRecoveryCodes(200)
	shape := regexp.MustCompile(`^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}$`)
	seen := map[string]bool{}
	for _, c := range codes {
		if !shape.MatchString(c) {
			t.Errorf("code %q has the wrong shape", c)
		}
		if seen[c] {
			t.Errorf("code %q twice", c)
		}
		seen[c] = true
	}
	if got := NormalizeRecoveryCode(" abcd-efgh jkmn-pqrs "); got != "ABCDEFGHJKMNPQRS" {
		t.Errorf("NormalizeRecoveryCode = %q", got)
	}
}
