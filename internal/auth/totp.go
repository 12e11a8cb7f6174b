package auth

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// TOTP second factor (RFC 6238) with the parameters every authenticator
// app knows: SHA-1, six digits, a 30-second step. A code is accepted for
// the step it was made for and one step either side, to allow for a
// phone's clock and the time it takes to type.

// TOTPPeriod is the length of a time step.
const TOTPPeriod = 30 * time.Second

var totpOpts = totp.ValidateOpts{Period: uint(TOTPPeriod / time.Second), Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// NewTOTP makes a fresh secret for account (the staff member's username)
// and the otpauth:// URL an authenticator app reads from a QR code.
func NewTOTP(issuer, account string) (secret, url string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account,
		Period: totpOpts.Period, Digits: totpOpts.Digits, Algorithm: totpOpts.Algorithm})
	if err != nil {
		return "", "", fmt.Errorf("new TOTP secret: %w", err)
	}
	return key.Secret(), key.URL(), nil
}

// TOTPStep is the time step t falls in.
func TOTPStep(t time.Time) int64 { return t.Unix() / int64(TOTPPeriod/time.Second) }

// TOTPCode is the code of secret for the step t falls in; tests use it as
// an authenticator app would.
func TOTPCode(secret string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, t, totpOpts)
}

// MatchTOTP returns the time step, within one step of now's, that code is
// secret's code for. The caller refuses a step it has already accepted,
// so that a code seen once (over a shoulder, by a proxy) opens nothing.
func MatchTOTP(secret, code string, now time.Time) (step int64, ok bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != totpOpts.Digits.Length() {
		return 0, false
	}
	base := TOTPStep(now)
	// The newest step first: if two steps had the same code, the later
	// one is the one not to accept again.
	for _, s := range []int64{base + 1, base, base - 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*int64(TOTPPeriod/time.Second), 0), totpOpts)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// TOTPQRCode is the otpauth:// URL as a PNG QR code of size×size pixels,
// for the enrolment page.
func TOTPQRCode(url string, size int) ([]byte, error) {
	key, err := otp.NewKeyFromURL(url)
	if err != nil {
		return nil, err
	}
	img, err := key.Image(size, size)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// recoveryAlphabet is base32 without the letters and digits that are
// mistaken for each other on paper (0/O, 1/I/L).
const recoveryAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// recoveryLen is the characters of a recovery code: 16 of 31 symbols,
// about 79 bits, so that a fast hash of it is safe to keep.
const recoveryLen = 16

// NewRecoveryCodes returns n single-use recovery codes, printed in groups
// of four ("ABCD-EFGH-JKMN-PQRS").
func NewRecoveryCodes(n int) []string {
	codes := make([]string, n)
	for i := range codes {
		var sb strings.Builder
		for j := 0; j < recoveryLen; {
			var b [1]byte
			rand.Read(b[:])
			// Rejection keeps every symbol equally likely.
			if int(b[0]) >= 256/len(recoveryAlphabet)*len(recoveryAlphabet) {
				continue
			}
			if j > 0 && j%4 == 0 {
				sb.WriteByte('-')
			}
			sb.WriteByte(recoveryAlphabet[int(b[0])%len(recoveryAlphabet)])
			j++
		}
		codes[i] = sb.String()
	}
	return codes
}

// NormalizeRecoveryCode turns a code as typed (any case, with or without
// dashes and spaces) into the form that is hashed.
func NormalizeRecoveryCode(code string) string {
	var sb strings.Builder
	for _, c := range strings.ToUpper(code) {
		if c != '-' && c != ' ' {
			sb.WriteRune(c)
		}
	}
	return sb.String()
}
