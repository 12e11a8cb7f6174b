package bookings

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The residents' side of bookings: what can be booked (public_list.go),
// a resource's page with its free times (public_resource.go), booking
// with a card or, for digital help, without one (public_book.go), the
// guest's page (public_guest.go), the patron's bookings in My Account
// (account.go) with their calendars (ical.go), and the API (api.go).
// Every page works without JavaScript; every form is a plain POST.

// publicRoutes registers the residents' pages, feeds and API.
func publicRoutes(s *server, mux *http.ServeMux) {
	page := func(pattern string, h web.HandlerFunc) { mux.Handle(pattern, s.Wrap(h, false)) }
	patron := func(pattern string, h web.PatronHandler) { mux.Handle(pattern, s.Wrap(s.AsPatron(h), false)) }
	api := func(pattern string, h web.HandlerFunc) { mux.Handle(pattern, s.Wrap(h, true)) }
	apiPatron := func(pattern string, h web.PatronHandler) { mux.Handle(pattern, s.Wrap(s.AsPatron(h), true)) }

	page("GET /bookings", s.serveList)
	// The menu names what can be booked rather than "bookings", which in
	// Finnish and Swedish also means a patron's holds.
	s.AddMenuLink("/bookings", "bookings_public.menu")
	page("GET /bookings/resources/{id}", s.serveResource)
	page("GET /bookings/resources/{id}/photos/{photo}", s.servePhoto)
	page("GET /bookings/resources/{id}/book", s.serveBookForm)
	page("POST /bookings/resources/{id}/book", s.postBook)
	page("GET /bookings/guest/{token}", s.serveGuest)
	page("POST /bookings/guest/{token}", s.postGuestCancel)

	patron("GET /account/bookings", s.serveMyBookings)
	patron("GET /account/bookings.ics", s.serveMyICS)
	patron("GET /account/bookings/{id}", s.serveMyBooking)
	patron("POST /account/bookings/{id}/cancel", s.postMyCancel)
	page("GET /calendar/{key}/bookings.ics", s.serveFeedICS)

	api("GET /api/v1/resources", s.apiResources)
	api("GET /api/v1/resources/{id}", s.apiResource)
	api("GET /api/v1/resources/{id}/availability", s.apiAvailability)
	apiPatron("GET /api/v1/account/bookings", s.apiMyBookings)
	apiPatron("POST /api/v1/account/bookings", s.apiBook)
	apiPatron("DELETE /api/v1/account/bookings/{id}", s.apiCancel)
}

// bookings returns the store's bookings.
func (s *server) bookings() (library.Bookings, error) {
	b, ok := s.Store().(library.Bookings)
	if !ok {
		return nil, errors.New("bookings: the store keeps no bookings")
	}
	return b, nil
}

// resourceURL is the address of a resource's page.
func resourceURL(id int64) string { return "/bookings/resources/" + strconv.FormatInt(id, 10) }

// bookURL is the address of the form that books r from start.
func bookURL(id int64, start time.Time) string {
	return resourceURL(id) + "/book?" + url.Values{"start": {formatStart(start)}}.Encode()
}

// formatStart writes a slot's start for a link or a form: an instant in
// UTC, so that the hour summer time repeats is never ambiguous.
func formatStart(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// parseStart reads a start written by formatStart.
func parseStart(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, &library.Error{Code: library.EINVALID, Key: "error.booking_slot", Message: "start " + strconv.Quote(s)}
	}
	return t.UTC(), nil
}

// parseResourceID reads a resource's ID from the path: a malformed one is
// a resource that is not there.
func parseResourceID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, &library.Error{Code: library.ENOTFOUND, Key: "error.resource_not_found", Message: "resource " + strconv.Quote(s)}
	}
	return id, nil
}

// publicResource returns an active resource, or ENOTFOUND: a withdrawn
// one has no public page.
func (s *server) publicResource(ctx context.Context, idText string) (library.Resource, error) {
	id, err := parseResourceID(idText)
	if err != nil {
		return library.Resource{}, err
	}
	bs, err := s.bookings()
	if err != nil {
		return library.Resource{}, err
	}
	res, err := bs.Resource(ctx, id)
	if err != nil {
		return res, err
	}
	if !res.Active() {
		return res, &library.Error{Code: library.ENOTFOUND, Key: "error.resource_not_found", Message: "resource withdrawn"}
	}
	return res, nil
}

// clockOf returns the Helsinki clock time of t.
func clockOf(t time.Time) library.Clock {
	h := t.In(library.Helsinki)
	return library.NewClock(h.Hour(), h.Minute())
}

// whenText says an interval as "Tue 24 Nov 2026 10:00–11:00".
func (s *server) whenText(lang string, iv library.Interval) string {
	return s.FormatTime(lang, iv.Start) + " " + s.rangeText(lang, iv)
}

// rangeText says an interval's clock times: "10:00–11:00".
func (s *server) rangeText(lang string, iv library.Interval) string {
	return s.I18n().T(lang, "format.range", map[string]any{
		"From": s.FormatClock(lang, clockOf(iv.Start)), "To": s.FormatClock(lang, clockOf(iv.End)),
	})
}

// minutesText says a length: "90 min".
func (s *server) minutesText(lang string, n int) string {
	return s.I18n().T(lang, "bookings_public.minutes", map[string]any{"Count": n})
}
