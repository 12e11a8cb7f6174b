package site

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// icalDays is how many days ahead the hours calendar runs: eight weeks.
const icalDays = 8 * 7

// serveHoursICS serves a branch's opening hours for the coming weeks as
// an iCalendar (RFC 5545) file.
func (s *server) serveHoursICS(w http.ResponseWriter, r *http.Request) error {
	lang := s.Lang(r)
	b, err := s.Store().Branch(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	body := s.hoursICS(lang, b)
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+b.ID+`.ics"`)
	_, _ = w.Write([]byte(body))
	return nil
}

func (s *server) hoursICS(lang string, b library.Branch) string {
	now := s.Now()
	today := library.DateOf(now.In(library.Helsinki))
	name := b.Name.Get(lang)
	var out strings.Builder
	line := func(name, value string) { out.WriteString(web.ICalFold(name + ":" + value)) }
	web.ICalBegin(line, "Opening hours", lang, name)
	line("X-WR-TIMEZONE", "Europe/Helsinki")
	out.WriteString(web.ICalTimezone)
	stamp := now.UTC().Format("20060102T150405Z")
	for i := range icalDays {
		d := today.AddDays(i)
		day, _ := b.Hours.On(d)
		if day.Closed() {
			continue
		}
		note := day.Note.Get(lang)
		kinds := []struct {
			key, msg string
			ps       []library.Period
		}{
			{"staffed", "ical.staffed", day.Staffed},
			{"self", "ical.self", day.SelfService},
		}
		for _, k := range kinds {
			for n, p := range k.ps {
				line("BEGIN", "VEVENT")
				line("UID", fmt.Sprintf("%s-%s-%s-%d@kirjasto", b.ID, d.String(), k.key, n+1))
				line("DTSTAMP", stamp)
				line("DTSTART;TZID=Europe/Helsinki", icalTime(d, p.Open))
				line("DTEND;TZID=Europe/Helsinki", icalTime(d, p.Close))
				line("SUMMARY", web.ICalEscape(s.I18n().T(lang, k.msg, nil)+": "+name))
				if note != "" {
					line("DESCRIPTION", web.ICalEscape(note))
				}
				line("TRANSP", "TRANSPARENT")
				line("END", "VEVENT")
			}
		}
	}
	line("END", "VCALENDAR")
	return out.String()
}

// icalTime writes clock c on d as a local DATE-TIME; 24:00 becomes the
// midnight that starts the next day.
func icalTime(d library.Date, c library.Clock) string {
	if c >= 24*60 {
		d, c = d.AddDays(1), c-24*60
	}
	return fmt.Sprintf("%04d%02d%02dT%02d%02d00", d.Year, d.Month, d.Day, int(c)/60, int(c)%60)
}
