package web

import (
	"strings"
	"unicode/utf8"
)

// iCalendar (RFC 5545) writing, for the hours feeds (site) and the due
// dates feed (account).

// ICalBegin writes the start of a published calendar of Kirjasto's:
// product names it in PRODID, name in the calendar apps' lists.
func ICalBegin(line func(name, value string), product, lang, name string) {
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//Kirjasto//"+product+"//"+strings.ToUpper(lang))
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("X-WR-CALNAME", ICalEscape(name))
}

// ICalEscape escapes a TEXT value (RFC 5545 3.3.11).
func ICalEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// ICalFold folds a content line into lines of at most 75 octets, never
// splitting a UTF-8 sequence, and ends each with CRLF (RFC 5545 3.1).
func ICalFold(s string) string {
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space takes one octet
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}

// ICalHelsinki describes Europe/Helsinki as RFC 5545 requires for TZID:
// the hours feeds (site), the bookings' and the events' give local times.
const ICalHelsinki = "BEGIN:VTIMEZONE\r\n" +
	"TZID:Europe/Helsinki\r\n" +
	"BEGIN:STANDARD\r\n" +
	"DTSTART:19701025T040000\r\n" +
	"TZOFFSETFROM:+0300\r\n" +
	"TZOFFSETTO:+0200\r\n" +
	"TZNAME:EET\r\n" +
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n" +
	"END:STANDARD\r\n" +
	"BEGIN:DAYLIGHT\r\n" +
	"DTSTART:19700329T030000\r\n" +
	"TZOFFSETFROM:+0200\r\n" +
	"TZOFFSETTO:+0300\r\n" +
	"TZNAME:EEST\r\n" +
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n" +
	"END:DAYLIGHT\r\n" +
	"END:VTIMEZONE\r\n"
