package account

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// A patron's due dates as a private iCalendar feed. Calendar apps fetch a
// feed without signing in, so the feed's address carries a secret key of
// its own (library.DueFeeds), which the patron creates and resets on My
// Account; a reset makes the old address a 404.

// dueFeedPath is the feed's address for a key.
func dueFeedPath(key string) string { return "/calendar/" + key + "/loans.ics" }

// dueFeeds returns the store's feed keys, which the store behind Patrons
// also keeps.
func (s *server) dueFeeds() (library.DueFeeds, error) {
	f, ok := s.Patrons().(library.DueFeeds)
	if !ok {
		return nil, library.Errorf(library.EINTERNAL, "the patron store keeps no calendar feeds")
	}
	return f, nil
}

// serveDueICS serves the due dates of the patron whose key is in the path,
// one all-day event a loan on its due date (in Helsinki), with a reminder
// two days before. A loan's UID is its ID, so a renewal moves the event
// rather than adding one.
func (s *server) serveDueICS(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	feeds, err := s.dueFeeds()
	if err != nil {
		return err
	}
	id, err := feeds.DueFeedPatron(ctx, r.PathValue("key"))
	if err != nil {
		return err
	}
	p, err := s.Patrons().Patron(ctx, id)
	if err != nil {
		return err
	}
	loans, err := s.Circulation().Loans(ctx, p.ID)
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	if p.Lang != "" && s.I18n().Has(p.Lang, "api.due.calendar") {
		lang = p.Lang // the calendar app asks in no language: the patron's own
	}
	ids := make([]int64, 0, len(loans))
	for _, l := range loans {
		ids = append(ids, l.RecordID)
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Robots-Tag", "noindex")
	_, _ = w.Write([]byte(s.dueICS(lang, loans, s.Titles(ctx, ids))))
	return nil
}

// dueICS writes loans as an iCalendar.
func (s *server) dueICS(lang string, loans []library.Loan, titles map[int64]string) string {
	var out strings.Builder
	line := func(name, value string) { out.WriteString(web.ICalFold(name + ":" + value)) }
	web.ICalBegin(line, "Due dates", lang, s.I18n().T(lang, "api.due.calendar", nil))
	// Calendar apps that honour it look again every few hours.
	line("REFRESH-INTERVAL;VALUE=DURATION", "PT6H")
	line("X-PUBLISHED-TTL", "PT6H")
	stamp := s.Now().UTC().Format("20060102T150405Z")
	for _, l := range loans {
		due := library.DateOf(l.DueAt.In(library.Helsinki))
		title := titles[l.RecordID]
		if title == "" {
			title = l.Barcode
		}
		line("BEGIN", "VEVENT")
		line("UID", fmt.Sprintf("loan-%d@kirjasto", l.ID))
		line("DTSTAMP", stamp)
		line("DTSTART;VALUE=DATE", icalDate(due))
		line("DTEND;VALUE=DATE", icalDate(due.AddDays(1)))
		line("SUMMARY", web.ICalEscape(s.I18n().T(lang, "api.due.summary", map[string]any{"Title": title})))
		line("DESCRIPTION", web.ICalEscape(s.I18n().T(lang, "api.due.description",
			map[string]any{"Date": s.FormatTime(lang, l.DueAt), "Barcode": l.Barcode})))
		line("SEQUENCE", fmt.Sprint(l.Renewals))
		line("TRANSP", "TRANSPARENT")
		line("BEGIN", "VALARM")
		line("ACTION", "DISPLAY")
		line("TRIGGER", "-P2D")
		line("DESCRIPTION", web.ICalEscape(s.I18n().T(lang, "api.due.summary", map[string]any{"Title": title})))
		line("END", "VALARM")
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return out.String()
}

// icalDate writes d as a DATE value.
func icalDate(d library.Date) string {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Format("20060102")
}
