package bookings

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Booking a free time (/bookings/resources/{id}/book?start=...): a
// signed-in resident picks the length and confirms; someone not signed in
// is sent to sign in and brought back to the same time, except for
// digital help, which a guest books with a name and a phone number or an
// e-mail address. A refusal shows the store's reason at its field, in
// the user's language, with the status it maps to, and saves nothing.

// bookData is the booking form's own data (web.Form.Data).
type bookData struct {
	Resource  resourceView
	Slot      slotView
	Lengths   []option
	Topics    []option
	HelpLangs []option
	Digital   bool   // digital help: topic and language asked
	Guest     bool   // nobody signed in: the guest's details asked
	SignInURL string // where a guest with a card signs in and comes back
}

// errorFields maps the store's refusals to the form field they are about;
// the others are said above the form.
var errorFields = map[string]string{
	"error.booking_slot":           "minutes",
	"error.booking_too_short":      "minutes",
	"error.booking_too_long":       "minutes",
	"error.booking_weekly_minutes": "minutes",
	"error.booking_past":           "start",
	"error.booking_beyond_horizon": "start",
	"error.booking_outside_hours":  "start",
	"error.booking_overlap":        "start",
	"error.booking_weekly_limit":   "start",
	"error.booking_topic":          "topic",
	"error.booking_help_lang":      "help_lang",
	"error.booking_message":        "message",
	"error.event_guest_name":       "name",
	"error.event_guest_contact":    "email",
	"error.event_guest_email":      "email",
	"error.event_guest_phone":      "phone",
}

// bookFields are the form's fields that are kept when it is shown again.
var bookFields = []string{"start", "minutes", "topic", "help_lang", "message", "name", "email", "phone"}

func (s *server) serveBookForm(w http.ResponseWriter, r *http.Request) error {
	res, err := s.publicResource(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	_, signedIn := s.CurrentPatron(r)
	if !signedIn && res.Kind != library.KindDigitalHelp {
		return signIn(w, r, r.URL.RequestURI())
	}
	q := r.URL.Query()
	start, err := parseStart(q.Get("start"))
	if err != nil {
		return err
	}
	slot, err := s.slotAt(r, res, start)
	if err != nil {
		return err
	}
	if slot.State != library.SlotFree {
		return slotRefusal(slot)
	}
	f := &web.Form{Values: map[string]string{"start": formatStart(start), "minutes": q.Get("minutes"), "help_lang": s.Lang(r)}}
	if f.Values["minutes"] == "" {
		f.Values["minutes"] = strconv.Itoa(res.MinMinutes)
	}
	return s.renderBookForm(w, r, http.StatusOK, res, slot, f)
}

// signIn sends someone to sign in, and back to next afterwards.
func signIn(w http.ResponseWriter, r *http.Request, next string) error {
	web.NoStore(w)
	http.Redirect(w, r, "/signin?"+url.Values{"next": {next}}.Encode(), http.StatusSeeOther)
	return nil
}

// slotAt returns the slot of res that starts at start, or the error of a
// time that is no slot of it.
func (s *server) slotAt(r *http.Request, res library.Resource, start time.Time) (library.Slot, error) {
	bs, err := s.bookings()
	if err != nil {
		return library.Slot{}, err
	}
	day := library.DateOf(start.In(library.Helsinki))
	av, err := bs.ResourceAvailability(r.Context(), res.ID, day, day, s.Now())
	if err != nil {
		return library.Slot{}, err
	}
	for _, d := range av.Days {
		for _, sl := range d.Slots {
			if sl.Start.Equal(start) {
				return sl, nil
			}
		}
	}
	return library.Slot{}, &library.Error{Code: library.EINVALID, Key: "error.booking_outside_hours", Message: "no slot at " + start.String()}
}

// slotRefusal says why a slot that is not free cannot be booked.
func slotRefusal(sl library.Slot) error {
	switch sl.State {
	case library.SlotPast:
		return &library.Error{Code: library.EINVALID, Key: "error.booking_past", Message: "slot has started"}
	case library.SlotLater:
		return &library.Error{Code: library.EINVALID, Key: "error.booking_beyond_horizon", Message: "slot beyond the horizon"}
	}
	return &library.Error{Code: library.ECONFLICT, Key: "error.booking_overlap", Message: "slot is " + sl.State}
}

// renderBookForm shows the booking form of res from slot.
func (s *server) renderBookForm(w http.ResponseWriter, r *http.Request, status int, res library.Resource, slot library.Slot, f *web.Form) error {
	ctx, lang := r.Context(), s.Lang(r)
	names, err := s.BranchTexts(ctx, lang)
	if err != nil {
		return err
	}
	_, signedIn := s.CurrentPatron(r)
	d := &bookData{
		Resource: s.resourceView(lang, res, names), Slot: s.slotView(lang, res.ID, slot),
		Digital: res.Kind == library.KindDigitalHelp, Guest: !signedIn,
		SignInURL: "/signin?" + url.Values{"next": {bookURL(res.ID, slot.Start)}}.Encode(),
	}
	longest := res.MaxMinutes
	if slot.MaxMinutes > 0 {
		longest = min(longest, slot.MaxMinutes)
	}
	for n := res.MinMinutes; n <= longest; n += res.SlotMinutes {
		v := strconv.Itoa(n)
		end := library.Interval{Start: slot.Start, End: slot.Start.Add(time.Duration(n) * time.Minute)}
		name := s.I18n().T(lang, "bookings_public.book.length_option", map[string]any{"Length": s.minutesText(lang, n), "Until": s.FormatClock(lang, clockOf(end.End))})
		d.Lengths = append(d.Lengths, option{v, web.LangText{Text: name, Lang: lang}, f.Values["minutes"] == v})
	}
	if d.Digital {
		for _, t := range library.BookingTopics {
			d.Topics = append(d.Topics, option{t, web.LangText{Text: s.I18n().T(lang, "booking.topic."+t, nil), Lang: lang}, f.Values["topic"] == t})
		}
		for _, l := range library.HelpLanguages {
			d.HelpLangs = append(d.HelpLangs, option{l, web.LangText{Text: s.I18n().T(lang, "booking.help_lang."+l, nil), Lang: lang}, f.Values["help_lang"] == l})
		}
	}
	f.Action = resourceURL(res.ID) + "/book"
	f.Data = d
	s.RenderForm(w, r, status, "bookings_book", "bookings_public.book.title", f)
	return nil
}

// bookLimits let a message longer than the store allows reach the store,
// which refuses it at its field rather than as a bad request.
var bookLimits = web.FormLimits{ValueLen: 4000}

func (s *server) postBook(w http.ResponseWriter, r *http.Request) error {
	if err := web.ReadFormWith(w, r, bookLimits); err != nil {
		return err
	}
	res, err := s.publicResource(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	start, err := parseStart(r.PostFormValue("start"))
	if err != nil {
		return err
	}
	p, signedIn := s.CurrentPatron(r)
	if !signedIn && res.Kind != library.KindDigitalHelp {
		next := bookURL(res.ID, start) + "&" + url.Values{"minutes": {r.PostFormValue("minutes")}}.Encode()
		return signIn(w, r, next)
	}
	f := &web.Form{Values: map[string]string{}}
	for _, k := range bookFields {
		f.Values[k] = r.PostFormValue(k)
	}
	minutes, err := strconv.Atoi(f.Values["minutes"])
	if err != nil || minutes <= 0 || minutes > library.MaxBookingMinutes {
		minutes = 0 // the store refuses it at the field
	}
	q := library.BookingRequest{
		ResourceID: res.ID, Start: start, End: start.Add(time.Duration(minutes) * time.Minute),
		Topic: f.Values["topic"], HelpLang: f.Values["help_lang"], Message: f.Values["message"],
	}
	if signedIn {
		q.PatronID = p.ID
	} else {
		q.Guest = &library.Guest{Name: f.Values["name"], Email: f.Values["email"], Phone: f.Values["phone"], Lang: s.Lang(r)}
	}
	bs, err := s.bookings()
	if err != nil {
		return err
	}
	booked, err := bs.Book(r.Context(), q, s.Now())
	if err != nil {
		return s.bookRefused(w, r, res, start, f, err)
	}
	if !signedIn {
		http.Redirect(w, r, library.BookingGuestPath(booked.GuestToken)+"?done=booked", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, myBookingURL(booked.Booking.ID)+"?done=booked", http.StatusSeeOther)
	return nil
}

// bookRefused shows the form again with the store's reason at its field,
// or the error page when the time itself is gone (no slot to show).
func (s *server) bookRefused(w http.ResponseWriter, r *http.Request, res library.Resource, start time.Time, f *web.Form, err error) error {
	code := library.ErrorCode(err)
	if code == library.EINTERNAL || code == "" {
		return err
	}
	key := library.ErrorKey(err)
	msg := s.ErrorMessage(s.Lang(r), key, err)
	if field, ok := errorFields[key]; ok {
		f.Fail(field, msg)
	} else {
		f.Alert = msg
	}
	slot, serr := s.slotAt(r, res, start)
	if library.ErrorCode(serr) == library.EINTERNAL {
		return serr
	}
	if serr != nil {
		// A time that is no slot (outside the hours): the form is shown
		// with what was asked, and the reason at the start.
		slot = library.Slot{Interval: library.Interval{Start: start, End: start.Add(res.Slot())}}
		if _, ok := f.Errors["start"]; !ok && f.Alert == msg {
			f.Alert = ""
			f.Fail("start", msg)
		}
	}
	return s.renderBookForm(w, r, web.HTTPStatus(code), res, slot, f)
}
