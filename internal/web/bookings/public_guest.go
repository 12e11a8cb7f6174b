package bookings

import (
	"net/http"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The page of a guest's booking (library.BookingGuestPath): someone who
// booked digital help without a card sees the booking here and cancels
// it. The token in the address is all that lets them, so the page keeps
// it out of caches, search engines and other sites' referrers.

func (s *server) serveGuest(w http.ResponseWriter, r *http.Request) error {
	bs, err := s.bookings()
	if err != nil {
		return err
	}
	token := r.PathValue("token")
	guestHeaders(w)
	b, err := bs.GuestBooking(r.Context(), token)
	if err != nil {
		return err
	}
	scheme := "http://"
	if s.Secure(r) {
		scheme = "https://"
	}
	path := library.BookingGuestPath(token)
	return s.renderBooking(w, r, b, &myBookingPage{CancelAction: path, Guest: true, GuestURL: scheme + r.Host + path})
}

func (s *server) postGuestCancel(w http.ResponseWriter, r *http.Request) error {
	bs, err := s.bookings()
	if err != nil {
		return err
	}
	token := r.PathValue("token")
	guestHeaders(w)
	if _, err := bs.CancelGuestBooking(r.Context(), token, s.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, library.BookingGuestPath(token)+"?done=cancelled", http.StatusSeeOther)
	return nil
}

// guestHeaders keeps a guest's page, whose address is its key, private.
func guestHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Robots-Tag", "noindex")
	h.Set("Referrer-Policy", "no-referrer")
}
