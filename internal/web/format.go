package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Dates and times are formatted with patterns from the catalogues
// ("format.date", "format.time", "format.range"), so each language writes
// them its own way: "ma 23.11.2026" and "9.00–20.00" in Finnish, "Mon 23
// Nov 2026" and "9:00–20:00" in English.

// FormatDate formats a calendar date.
func (s *Server) FormatDate(lang string, d library.Date) string {
	return s.I18n().Date(lang, d.Year, d.Month, d.Day)
}

// FormatTime formats the date of an instant in Helsinki, where the
// libraries are: a due date is a day, not a moment.
func (s *Server) FormatTime(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return s.FormatDate(lang, library.DateOf(t.In(library.Helsinki)))
}

// FormatClock formats a time of day.
func (s *Server) FormatClock(lang string, c library.Clock) string {
	return s.I18n().T(lang, "format.time", map[string]any{
		"Hour":   int(c) / 60,
		"Minute": fmt.Sprintf("%02d", int(c)%60),
		"Whole":  int(c)%60 == 0,
	})
}

// FormatPeriods formats opening periods: "9.00–20.00", or several joined
// by commas. It returns "" for none.
func (s *Server) FormatPeriods(lang string, ps []library.Period) string {
	var parts []string
	for _, p := range ps {
		parts = append(parts, s.I18n().T(lang, "format.range", map[string]any{
			"From": s.FormatClock(lang, p.Open),
			"To":   s.FormatClock(lang, p.Close),
		}))
	}
	return strings.Join(parts, ", ")
}
