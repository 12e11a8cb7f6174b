package bookings

import (
	"net/http"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The bookings' JSON API, built from the same views as the pages: the
// resources and their free times for anyone, and the signed-in resident's
// bookings (a session's cookie or an app's bearer token). See docs/api.md.

func (s *server) apiResources(w http.ResponseWriter, r *http.Request) error {
	f, err := s.readListFilter(r.Context(), r.URL.Query())
	if err != nil {
		return err
	}
	rs, err := s.listResources(r.Context(), s.Lang(r), f)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string][]resourceView{"resources": rs})
	return nil
}

func (s *server) apiResource(w http.ResponseWriter, r *http.Request) error {
	ctx, lang := r.Context(), s.Lang(r)
	res, err := s.publicResource(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	bs, err := s.bookings()
	if err != nil {
		return err
	}
	names, err := s.BranchTexts(ctx, lang)
	if err != nil {
		return err
	}
	v := s.resourceView(lang, res, names)
	nf, err := bs.NextFreeTimes(ctx, res.BranchID, s.Now())
	if err != nil {
		return err
	}
	for _, n := range nf {
		if n.Resource.ID == res.ID && n.Found {
			sv := s.slotView(lang, res.ID, n.Slot)
			v.Next = &sv
		}
	}
	web.WriteJSON(w, http.StatusOK, map[string]resourceView{"resource": v})
	return nil
}

// dayJSON is one day of a resource's grid in the API.
type dayJSON struct {
	Date   string     `json:"date"`
	Closed bool       `json:"closed"`
	Note   string     `json:"note,omitempty"`
	Slots  []slotView `json:"slots"`
}

// availabilityJSON is GET /api/v1/resources/{id}/availability.
type availabilityJSON struct {
	ResourceID int64     `json:"resource_id"`
	From       string    `json:"from"`
	To         string    `json:"to"`
	Days       []dayJSON `json:"days"`
}

// maxDays is the longest range of days the availability answers for.
const maxDays = 31

func (s *server) apiAvailability(w http.ResponseWriter, r *http.Request) error {
	ctx, lang := r.Context(), s.Lang(r)
	res, err := s.publicResource(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	q := r.URL.Query()
	from := s.Today()
	if v := q.Get("from"); v != "" {
		if from, err = library.ParseDate(v); err != nil {
			return web.Invalid("error.invalid", "from %q", v)
		}
	}
	to := from.AddDays(6)
	if v := q.Get("to"); v != "" {
		if to, err = library.ParseDate(v); err != nil {
			return web.Invalid("error.invalid", "to %q", v)
		}
	}
	if to.Before(from) || from.AddDays(maxDays-1).Before(to) {
		return &library.Error{Code: library.EINVALID, Key: "error.booking_days", Message: "from " + from.String() + " to " + to.String()}
	}
	bs, err := s.bookings()
	if err != nil {
		return err
	}
	av, err := bs.ResourceAvailability(ctx, res.ID, from, to, s.Now())
	if err != nil {
		return err
	}
	out := availabilityJSON{ResourceID: res.ID, From: from.String(), To: to.String(), Days: []dayJSON{}}
	for _, d := range av.Days {
		dj := dayJSON{Date: d.Date.String(), Closed: d.Closed(), Note: web.TextIn(d.Note, lang).Text, Slots: []slotView{}}
		for _, sl := range d.Slots {
			dj.Slots = append(dj.Slots, s.slotView(lang, res.ID, sl))
		}
		out.Days = append(out.Days, dj)
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) apiMyBookings(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	list, err := s.myBookings(r, p)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, map[string][]bookingView{"bookings": list})
	return nil
}

// bookRequest is the body of POST /api/v1/account/bookings, as JSON or a
// form.
type bookRequest struct {
	ResourceID int64  `json:"resource_id"`
	Start      string `json:"start"` // RFC 3339
	Minutes    int    `json:"minutes"`
	Topic      string `json:"topic"`
	HelpLang   string `json:"help_lang"`
	Message    string `json:"message"`
}

// apiBook books a time for the signed-in resident and answers 201 with
// the booking as GET /api/v1/account/bookings shows it.
func (s *server) apiBook(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	var br bookRequest
	if web.IsJSON(r) {
		if err := web.ReadJSON(w, r, &br); err != nil {
			return err
		}
	} else {
		br.ResourceID, _ = strconv.ParseInt(r.PostFormValue("resource_id"), 10, 64)
		br.Minutes, _ = strconv.Atoi(r.PostFormValue("minutes"))
		br.Start, br.Topic, br.HelpLang, br.Message = r.PostFormValue("start"), r.PostFormValue("topic"), r.PostFormValue("help_lang"), r.PostFormValue("message")
	}
	if br.ResourceID <= 0 {
		return &library.Error{Code: library.EINVALID, Key: "error.resource_not_found", Message: "resource_id " + strconv.FormatInt(br.ResourceID, 10)}
	}
	start, err := parseStart(br.Start)
	if err != nil {
		return err
	}
	if br.Minutes <= 0 || br.Minutes > library.MaxBookingMinutes {
		return &library.Error{Code: library.EINVALID, Key: "error.booking_slot", Message: "minutes " + strconv.Itoa(br.Minutes)}
	}
	bs, err := s.bookings()
	if err != nil {
		return err
	}
	ctx := r.Context()
	if _, err := s.publicResource(ctx, strconv.FormatInt(br.ResourceID, 10)); err != nil {
		if library.ErrorCode(err) == library.ENOTFOUND {
			return &library.Error{Code: library.EINVALID, Key: "error.resource_not_found", Message: err.Error()}
		}
		return err
	}
	booked, err := bs.Book(ctx, library.BookingRequest{ResourceID: br.ResourceID, Start: start,
		End: start.Add(time.Duration(br.Minutes) * time.Minute), PatronID: p.ID,
		Topic: br.Topic, HelpLang: br.HelpLang, Message: br.Message}, s.Now())
	if err != nil {
		return err
	}
	b, err := bs.PatronBooking(ctx, p.ID, booked.Booking.ID)
	if err != nil {
		return err
	}
	names, err := s.BranchTexts(ctx, s.Lang(r))
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/account/bookings")
	web.WriteJSON(w, http.StatusCreated, map[string]bookingView{"booking": s.bookingView(s.Lang(r), b, names, s.Now())})
	return nil
}

// apiCancel cancels one of the resident's bookings.
func (s *server) apiCancel(w http.ResponseWriter, r *http.Request, p library.Patron) error {
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
	w.WriteHeader(http.StatusNoContent)
	return nil
}
