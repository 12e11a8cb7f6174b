package i18n

import (
	"fmt"
	"time"
)

// Date formats a calendar date in lang with the catalogue's "format.date"
// pattern: "ma 23.11.2026" in Finnish, "Mon 23 Nov 2026" in English. It
// is here, not in the web package, because notices and e-mails write
// dates into sentences too, and must write them as the pages do.
func (b *Bundle) Date(lang string, year int, month time.Month, day int) string {
	wd := int(time.Date(year, month, day, 12, 0, 0, 0, time.UTC).Weekday())
	return b.T(lang, "format.date", map[string]any{
		"Weekday":     b.T(lang, fmt.Sprintf("weekday.short.%d", wd), nil),
		"WeekdayLong": b.T(lang, fmt.Sprintf("weekday.long.%d", wd), nil),
		"Day":         day,
		"Day2":        fmt.Sprintf("%02d", day),
		"Month":       int(month),
		"Month2":      fmt.Sprintf("%02d", int(month)),
		"MonthShort":  b.T(lang, fmt.Sprintf("month.short.%d", month), nil),
		"MonthLong":   b.T(lang, fmt.Sprintf("month.long.%d", month), nil),
		"Year":        year,
	})
}
