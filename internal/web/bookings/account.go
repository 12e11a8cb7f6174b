package bookings

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// A resident's bookings in My Account: the list (/account/bookings), one
// booking with its access code and calendar file (/account/bookings/{id},
// the confirmation after booking), and cancelling until the resource's
// deadline.

// myBookingsPage is the data of /account/bookings.
type myBookingsPage struct {
	Bookings []bookingView
	Done     string
	FeedURL  string // the private calendar feed, once the patron has its key
}

// bookingsDone are the outcomes a redirect may announce.
var bookingsDone = map[string]string{
	"booked":    "bookings_public.done.booked",
	"requested": "bookings_public.done.requested",
	"cancelled": "bookings_public.done.cancelled",
}

// myBookings returns the patron's bookings that have not ended, in lang.
func (s *server) myBookings(r *http.Request, p library.Patron) ([]bookingView, error) {
	ctx, lang := r.Context(), s.Lang(r)
	bs, err := s.bookings()
	if err != nil {
		return nil, err
	}
	now := s.Now()
	list, err := bs.PatronBookings(ctx, p.ID, now)
	if err != nil {
		return nil, err
	}
	names, err := s.BranchTexts(ctx, lang)
	if err != nil {
		return nil, err
	}
	out := []bookingView{}
	for _, b := range list {
		out = append(out, s.bookingView(lang, b, names, now))
	}
	return out, nil
}

func (s *server) serveMyBookings(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	list, err := s.myBookings(r, p)
	if err != nil {
		return err
	}
	mp := &myBookingsPage{Bookings: list}
	if key, ok := bookingsDone[r.URL.Query().Get("done")]; ok {
		mp.Done = s.Tr(r, key)
	}
	if feeds, ok := s.Patrons().(library.DueFeeds); ok {
		key, err := feeds.DueFeedKey(r.Context(), p.ID)
		switch {
		case err == nil:
			scheme := "http://"
			if s.Secure(r) {
				scheme = "https://"
			}
			mp.FeedURL = scheme + r.Host + feedPath(key)
		case library.ErrorCode(err) != library.ENOTFOUND:
			return err
		}
	}
	s.Render(w, r, http.StatusOK, "bookings_mine", s.Tr(r, "bookings_public.mine.title"), mp)
	return nil
}

// myBookingPage is the data of one booking's page.
type myBookingPage struct {
	Booking bookingView
	Done    string
	// CancelAction is where the cancel button posts: the patron's
	// booking's address, or the guest's.
	CancelAction string
	Guest        bool
	GuestURL     string // the guest's page, to keep
}

// serveMyBooking serves one of the patron's bookings, or with the suffix
// .ics its calendar file (/account/bookings/12.ics): the mux's wildcards
// take whole segments only.
func (s *server) serveMyBooking(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	idText, ics := strings.CutSuffix(r.PathValue("id"), ".ics")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.booking_not_found", Message: "booking " + r.PathValue("id")}
	}
	bs, err := s.bookings()
	if err != nil {
		return err
	}
	b, err := bs.PatronBooking(r.Context(), p.ID, id)
	if err != nil {
		return err
	}
	if ics {
		return s.writeICS(w, r, s.patronLang(r, p), "booking-"+idText, []library.BookingDetail{b})
	}
	return s.renderBooking(w, r, b, &myBookingPage{CancelAction: myBookingURL(id) + "/cancel"})
}

// renderBooking shows one booking to its booker.
func (s *server) renderBooking(w http.ResponseWriter, r *http.Request, b library.BookingDetail, bp *myBookingPage) error {
	lang := s.Lang(r)
	names, err := s.BranchTexts(r.Context(), lang)
	if err != nil {
		return err
	}
	bp.Booking = s.bookingView(lang, b, names, s.Now())
	if key, ok := bookingsDone[r.URL.Query().Get("done")]; ok {
		switch {
		case key == bookingsDone["booked"] && b.Status == library.BookingRequested:
			key = bookingsDone["requested"]
		case key == bookingsDone["booked"] && bp.Guest:
			key = "bookings_public.done.guest_booked"
		}
		bp.Done = s.Tr(r, key)
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "bookings_booking", s.Tr(r, "bookings_public.booking.title"), bp)
	return nil
}

func (s *server) postMyCancel(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.booking_not_found", Message: "booking " + r.PathValue("id")}
	}
	bs, err := s.bookings()
	if err != nil {
		return err
	}
	if _, err := bs.CancelBooking(r.Context(), p.ID, id, s.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, "/account/bookings?done=cancelled", http.StatusSeeOther)
	return nil
}

// patronLang is the language of a patron's calendar: the page's, which a
// calendar app fetching a feed does not choose, else the patron's own.
func (s *server) patronLang(r *http.Request, p library.Patron) string {
	if _, chose := r.URL.Query()["lang"]; chose {
		return s.Lang(r)
	}
	if p.Lang != "" && s.I18n().Has(p.Lang, "bookings_public.ics.calendar") {
		return p.Lang
	}
	return s.Lang(r)
}
