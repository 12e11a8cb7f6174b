package events

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/markdown"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Events as iCalendar (RFC 5545): one event's file ("add to my
// calendar", /events/{id}.ics) and the feed of the calendar's filters
// (/events.ics?branch=...), which calendar apps subscribe to, also as
// webcal://. Times are written in Europe/Helsinki with its VTIMEZONE, so
// a 10.00 story time stays at 10.00 whatever the reader's zone.

// feedLimit is the number of events a feed holds at most: the store's
// largest page, months of a branch's events.
const feedLimit = 200

func (s *server) serveEventICS(w http.ResponseWriter, r *http.Request, id string) error {
	e, err := s.publicEvent(r, id)
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	v, err := s.view(r.Context(), e, lang, false)
	if err != nil {
		return err
	}
	body := s.calendar(r, v.Title.Text, []library.Event{e}, []eventView{v})
	writeICS(w, "event-"+strconv.FormatInt(e.ID, 10)+".ics", body)
	return nil
}

func (s *server) serveFeed(w http.ResponseWriter, r *http.Request) error {
	f, ferr := s.readFilter(r)
	if ferr != nil {
		return ferr.err
	}
	f.Limit = feedLimit
	ev, err := s.events()
	if err != nil {
		return err
	}
	page, err := ev.UpcomingEvents(r.Context(), f, s.Now())
	if err != nil {
		return err
	}
	var views []eventView
	for _, e := range page.Events {
		v, err := s.view(r.Context(), e, s.Lang(r), false)
		if err != nil {
			return err
		}
		views = append(views, v)
	}
	body := s.calendar(r, s.Tr(r, "events_public.feed.name"), page.Events, views)
	writeICS(w, "events.ics", body)
	return nil
}

func writeICS(w http.ResponseWriter, name, body string) {
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Disposition", `inline; filename="`+name+`"`)
	_, _ = w.Write([]byte(body))
}

// calendar writes events, described by views, as a calendar named name.
func (s *server) calendar(r *http.Request, name string, events []library.Event, views []eventView) string {
	lang := s.Lang(r)
	site := s.siteURL(r)
	var out strings.Builder
	line := func(name, value string) { out.WriteString(web.ICalFold(name + ":" + value)) }
	web.ICalBegin(line, "Events", lang, name)
	line("X-WR-TIMEZONE", "Europe/Helsinki")
	out.WriteString(web.ICalHelsinki)
	stamp := s.Now().UTC().Format("20060102T150405Z")
	for i, e := range events {
		v := views[i]
		line("BEGIN", "VEVENT")
		line("UID", "event-"+strconv.FormatInt(e.ID, 10)+"@kirjasto")
		line("DTSTAMP", stamp)
		line("DTSTART;TZID=Europe/Helsinki", icalLocal(e.Start))
		line("DTEND;TZID=Europe/Helsinki", icalLocal(e.End))
		line("SEQUENCE", strconv.FormatInt(max(e.Version-1, 0), 10))
		if !e.Updated.IsZero() {
			line("LAST-MODIFIED", e.Updated.UTC().Format("20060102T150405Z"))
		}
		line("SUMMARY;LANGUAGE="+v.Title.Lang, web.ICalEscape(v.Title.Text))
		desc, _ := e.Description.Lookup(lang)
		text := markdown.Text(desc)
		if e.Cancelled() {
			text = joinNonEmpty("\n\n", s.I18n().T(lang, "events_public.cancelled", nil)+" "+v.CancelReason.Text, text)
		}
		line("DESCRIPTION", web.ICalEscape(joinNonEmpty("\n\n", text, site+v.URL)))
		if loc := joinNonEmpty(", ", v.Place, v.Address); loc != "" {
			if v.Venue != "" {
				loc = v.Venue
			}
			line("LOCATION", web.ICalEscape(loc))
		}
		line("URL", site+v.URL)
		if v.Category.Name != "" {
			line("CATEGORIES", web.ICalEscape(v.Category.Name))
		}
		if e.Cancelled() {
			line("STATUS", "CANCELLED")
		} else {
			line("STATUS", "CONFIRMED")
		}
		line("TRANSP", "OPAQUE")
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return out.String()
}

// icalLocal writes an instant as a Helsinki DATE-TIME.
func icalLocal(t time.Time) string { return t.In(library.Helsinki).Format("20060102T150405") }

// siteURL is the site's own address as the request reached it, for the
// absolute links a calendar needs.
func (s *server) siteURL(r *http.Request) string {
	if s.Secure(r) {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}
