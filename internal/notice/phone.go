package notice

import (
	"errors"
	"strings"
)

// NormalizePhone returns a phone number as patrons and staff write it in
// E.164 form, which gateways take: "040 123 4567" and "040-1234567" are
// +358401234567 (a number with a leading 0 is Finnish), "00358 40 123
// 4567" and "+358 (0)40 123 4567" too, "+46 70 123 45 67" is +46701234567.
// A number it cannot read is refused with the reason, which does not
// repeat the number (it goes on the staff's outbox).
func NormalizePhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	// "+358 (0)40 ..." is a common way to write the national 0 that is
	// dropped abroad.
	s = strings.Replace(s, "(0)", "", 1)
	var b strings.Builder
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '/' || r == '(' || r == ')' || r == '\u00a0':
		default:
			return "", errors.New("the phone number has characters other than digits")
		}
	}
	n := b.String()
	switch {
	case n == "":
		return "", errors.New("no phone number")
	case strings.HasPrefix(n, "+"):
	case strings.HasPrefix(n, "00"):
		n = "+" + n[2:]
	case strings.HasPrefix(n, "0"):
		n = "+358" + n[1:]
	default:
		return "", errors.New("the phone number has neither a country code nor a leading 0")
	}
	digits := n[1:]
	switch {
	case len(digits) < 7 || len(digits) > 15:
		// E.164 allows at most 15 digits; no country's numbers are
		// shorter than 7 with the country code.
		return "", errors.New("the phone number is too short or too long")
	case digits[0] == '0':
		return "", errors.New("the phone number's country code starts with 0")
	case strings.HasPrefix(digits, "358") && (len(digits) < 3+6 || len(digits) > 3+10 || digits[3] == '0'):
		// Finnish numbers have 6 to 10 digits after +358, and no 0 there.
		return "", errors.New("not a valid Finnish phone number")
	}
	return n, nil
}
