package sip2

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// dateLen is the width of a SIP2 date, "YYYYMMDDZZZZHHMMSS".
const dateLen = 18

var errDate = errors.New("not a SIP2 date YYYYMMDDZZZZHHMMSS")

// FormatDate returns t as an 18-character SIP2 date. A time in UTC is
// written with the zone "   Z", as the specification asks for universal
// time; any other time is written as wall clock in its own location with a
// blank zone, which is what kiosks print on receipts. The zero time, and a
// year SIP2 cannot hold, is written as 18 blanks ("no date").
func FormatDate(t time.Time) string {
	if t.IsZero() || t.Year() < 0 || t.Year() > 9999 {
		return strings.Repeat(" ", dateLen)
	}
	zone := "    "
	if t.Location() == time.UTC {
		zone = "   Z"
	}
	return t.Format("20060102") + zone + t.Format("150405")
}

// ParseDate reads an 18-character SIP2 date. A zone ending in 'Z' means
// UTC; anything else (the specification's four blanks, or the zone names
// some kiosks put there) means local time in loc. 18 blanks, and the all-zero
// date some kiosks send, mean no date and give the zero time.
func ParseDate(s string, loc *time.Location) (time.Time, error) {
	if len(s) != dateLen {
		return time.Time{}, fmt.Errorf("%q: %w", s, errDate)
	}
	if strings.TrimSpace(s) == "" || s == "00000000    000000" {
		return time.Time{}, nil
	}
	digits := s[:8] + s[12:]
	var n [14]int
	for i := range len(digits) {
		if !isDigit(digits[i]) {
			return time.Time{}, fmt.Errorf("%q: %w", s, errDate)
		}
		n[i] = int(digits[i] - '0')
	}
	year := n[0]*1000 + n[1]*100 + n[2]*10 + n[3]
	month := time.Month(n[4]*10 + n[5])
	day := n[6]*10 + n[7]
	hour, minute, sec := n[8]*10+n[9], n[10]*10+n[11], n[12]*10+n[13]
	// time.Date normalises 31 February into March; check in UTC, where no
	// zone transition can move the fields, that nothing was normalised.
	u := time.Date(year, month, day, hour, minute, sec, 0, time.UTC)
	if u.Year() != year || u.Month() != month || u.Day() != day || u.Hour() != hour || u.Minute() != minute || u.Second() != sec {
		return time.Time{}, fmt.Errorf("%q: %w", s, errDate)
	}
	if s[11] == 'Z' || s[11] == 'z' {
		return u, nil
	}
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(year, month, day, hour, minute, sec, 0, loc), nil
}
