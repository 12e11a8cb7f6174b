package bookings

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// A resident's bookings as iCalendar (RFC 5545): one booking's file
// (/account/bookings/{id}.ics), all of them for the signed-in resident
// (/account/bookings.ics), and the same as a private feed for calendar
// apps (/calendar/{key}/bookings.ics), which cannot sign in: it takes the
// secret key of the due-date feed (library.DueFeeds), which the resident
// makes and resets under "Calendar and apps", so that one address to
// keep secret serves both. Times are Helsinki's, with its VTIMEZONE; a
// booking's UID and SEQUENCE (Booking.ICalUID, Version) let a change or a
// cancellation move or cancel the entry rather than add one.

// feedBack is how far back the feeds reach: last month's bookings stay
// in the calendar.
const feedBack = 31 * 24 * time.Hour

// feedPath is the feed's address for a key.
func feedPath(key string) string { return "/calendar/" + key + "/bookings.ics" }

func (s *server) serveMyICS(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	bs, err := s.bookings()
	if err != nil {
		return err
	}
	list, err := bs.PatronBookings(r.Context(), p.ID, s.Now().Add(-feedBack))
	if err != nil {
		return err
	}
	return s.writeICS(w, r, s.patronLang(r, p), "bookings", list)
}

func (s *server) serveFeedICS(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	feeds, ok := s.Patrons().(library.DueFeeds)
	if !ok {
		return library.Errorf(library.ENOTFOUND, "no calendar feeds")
	}
	id, err := feeds.DueFeedPatron(ctx, r.PathValue("key"))
	if err != nil {
		return err
	}
	p, err := s.Patrons().Patron(ctx, id)
	if err != nil {
		return err
	}
	bs, err := s.bookings()
	if err != nil {
		return err
	}
	list, err := bs.PatronBookings(ctx, p.ID, s.Now().Add(-feedBack))
	if err != nil {
		return err
	}
	w.Header().Set("X-Robots-Tag", "noindex")
	return s.writeICS(w, r, s.patronLang(r, p), "", list)
}

// writeICS answers with bookings as a calendar; a name other than "" is
// the file's name for a download.
func (s *server) writeICS(w http.ResponseWriter, r *http.Request, lang, name string, list []library.BookingDetail) error {
	names, err := s.BranchTexts(r.Context(), lang)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Cache-Control", "private, no-store")
	if name != "" {
		h.Set("Content-Disposition", `attachment; filename="`+name+`.ics"`)
	}
	_, _ = w.Write([]byte(s.bookingsICS(lang, list, names)))
	return nil
}

// bookingsICS writes bookings as an iCalendar in lang.
func (s *server) bookingsICS(lang string, list []library.BookingDetail, branches map[string]web.LangText) string {
	var out strings.Builder
	line := func(name, value string) { out.WriteString(web.ICalFold(name + ":" + value)) }
	web.ICalBegin(line, "Bookings", lang, s.I18n().T(lang, "bookings_public.ics.calendar", nil))
	line("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
	line("X-PUBLISHED-TTL", "PT1H")
	out.WriteString(web.ICalHelsinki)
	stamp := s.Now().UTC().Format("20060102T150405Z")
	local := func(t time.Time) string { return t.In(library.Helsinki).Format("20060102T150405") }
	for _, b := range list {
		res := b.Resource.Name.Get(lang)
		line("BEGIN", "VEVENT")
		line("UID", b.ICalUID())
		line("DTSTAMP", stamp)
		line("DTSTART;TZID=Europe/Helsinki", local(b.Start))
		line("DTEND;TZID=Europe/Helsinki", local(b.End))
		line("SEQUENCE", strconv.FormatInt(b.Version, 10))
		line("SUMMARY", web.ICalEscape(s.I18n().T(lang, "bookings_public.ics.summary", map[string]any{"Resource": res})))
		line("LOCATION", web.ICalEscape(branches[b.Resource.BranchID].Text))
		desc := s.I18n().T(lang, "booking.status."+b.Status, nil)
		if b.AccessCode != "" {
			desc += "\n" + s.I18n().T(lang, "bookings_public.ics.code", map[string]any{"Code": b.AccessCode})
		}
		line("DESCRIPTION", web.ICalEscape(desc))
		switch b.Status {
		case library.BookingCancelled, library.BookingDeclined:
			line("STATUS", "CANCELLED")
		case library.BookingRequested:
			line("STATUS", "TENTATIVE")
		default:
			line("STATUS", "CONFIRMED")
		}
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return out.String()
}
