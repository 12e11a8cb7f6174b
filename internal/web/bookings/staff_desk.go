package bookings

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Booking at the desk on a resident's behalf (/admin/bookings/new): by
// card number, or for digital help a guest's name and phone or e-mail.
// The same rules apply as to the resident's own booking, except that no
// approval is needed. ActBookings at the resource's branch.

// deskForm is the data of the desk booking's form, and of a staff
// block's form, which shares its resource and time fields.
type deskForm struct {
	Branch    library.Branch
	Name      web.LangText
	Resources []choice
	Topics    []choice
	Langs     []choice
	Form      map[string]string
	Errors    map[string]string
	Alert     string
}

// deskErrorFields puts the refusals of a booking at the form's fields.
var deskErrorFields = map[string]string{
	"error.booking_patron_not_found": "card", "error.booking_card_required": "card", "error.booking_booker": "card",
	"error.booking_no_show_block": "card", "error.booking_under_age": "card", "error.booking_weekly_limit": "card",
	"error.booking_weekly_minutes": "card",
	"error.event_guest_name":       "guest_name", "error.event_guest_contact": "guest_email",
	"error.event_guest_email": "guest_email", "error.event_guest_phone": "guest_phone",
	"error.booking_topic": "topic", "error.booking_help_lang": "help_lang", "error.booking_message": "message",
	"error.booking_too_short": "end", "error.booking_too_long": "end", "error.booking_slot": "start",
	"error.booking_past": "start", "error.booking_beyond_horizon": "date", "error.booking_outside_hours": "start",
	"error.booking_overlap": "start", "error.booking_withdrawn": "resource", "error.resource_not_found": "resource",
	"error.booking_block_reason": "reason", "error.booking_block_weeks": "weeks", "error.booking_block_length": "end",
	"error.booking_block_overlap": "start", "error.booking_reason_long": "reason",
	"bookings_staff.error.time": "start", "bookings_staff.error.number": "weeks",
}

// deskFields are the form's fields kept as typed.
var deskFields = []string{"resource", "date", "start", "end", "card", "guest_name", "guest_email", "guest_phone",
	"topic", "help_lang", "message", "reason", "weeks"}

// newDeskForm is the form for a branch, with its active resources (of
// the kinds kinds, when given) and the query's or form's values.
func (s *server) newDeskForm(r *http.Request, b library.Branch) (*deskForm, error) {
	bk, err := s.bookings()
	if err != nil {
		return nil, err
	}
	rs, err := bk.Resources(r.Context(), library.ResourceFilter{BranchID: b.ID})
	if err != nil {
		return nil, err
	}
	lang := s.Lang(r)
	f := &deskForm{Branch: b, Name: web.TextIn(b.Name, lang), Form: map[string]string{}, Errors: map[string]string{}}
	for _, name := range deskFields {
		f.Form[name] = strings.TrimSpace(r.FormValue(name))
	}
	if f.Form["date"] == "" {
		f.Form["date"] = library.LocalDate(s.Now()).String()
	}
	for _, res := range rs {
		id := strconv.FormatInt(res.ID, 10)
		f.Resources = append(f.Resources, choice{Value: id, Name: res.Name.Get(lang) + " (" + s.Tr(r, "resource.kind."+res.Kind) + ")",
			Checked: id == f.Form["resource"]})
	}
	for _, t := range library.BookingTopics {
		f.Topics = append(f.Topics, choice{Value: t, Name: s.Tr(r, "booking.topic."+t), Checked: t == f.Form["topic"]})
	}
	for _, l := range library.HelpLanguages {
		f.Langs = append(f.Langs, choice{Value: l, Name: s.Tr(r, "booking.help_lang."+l), Checked: l == f.Form["help_lang"]})
	}
	return f, nil
}

// formBranch is the branch of the form's resource, else of ?branch=,
// with Permit for ActBookings there.
func (s *server) formBranch(r *http.Request, st library.Staff) (library.Branch, library.Resource, error) {
	if id, err := strconv.ParseInt(r.FormValue("resource"), 10, 64); err == nil && id > 0 {
		bk, err := s.bookings()
		if err != nil {
			return library.Branch{}, library.Resource{}, err
		}
		res, err := bk.Resource(r.Context(), id)
		if err != nil {
			return library.Branch{}, library.Resource{}, err
		}
		scope, b, err := s.branchScope(r, res.BranchID)
		if err == nil {
			err = library.Permit(st, library.ActBookings, scope)
		}
		return b, res, err
	}
	b, _, err := s.pickBranch(r, st, library.ActBookings)
	return b, library.Resource{}, err
}

func (s *server) serveDeskNew(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	b, res, err := s.formBranch(r, st)
	if err != nil {
		return err
	}
	f, err := s.newDeskForm(r, b)
	if err != nil {
		return err
	}
	if f.Form["end"] == "" && res.ID != 0 && f.Form["start"] != "" {
		if t, err := time.Parse("15:04", f.Form["start"]); err == nil {
			f.Form["end"] = t.Add(time.Duration(res.MinMinutes) * time.Minute).Format("15:04")
		}
	}
	return s.renderDesk(w, r, http.StatusOK, "bookings_admin_desk", "bookings_staff.desk.title", f)
}

func (s *server) renderDesk(w http.ResponseWriter, r *http.Request, status int, page, title string, f *deskForm) error {
	web.NoStore(w)
	s.Render(w, r, status, page, s.Tr(r, title), f)
	return nil
}

// formTimes reads the form's date and clock times in Helsinki.
func formTimes(r *http.Request) (start, end time.Time, err error) {
	date := strings.TrimSpace(r.PostFormValue("date"))
	start, err = time.ParseInLocation("2006-01-02 15:04", date+" "+strings.TrimSpace(r.PostFormValue("start")), library.Helsinki)
	if err != nil {
		return start, end, formErr("bookings_staff.error.time", "start: "+err.Error())
	}
	end, err = time.ParseInLocation("2006-01-02 15:04", date+" "+strings.TrimSpace(r.PostFormValue("end")), library.Helsinki)
	if err != nil {
		return start, end, formErr("bookings_staff.error.time", "end: "+err.Error())
	}
	if !end.After(start) { // until midnight, or past it
		end = end.AddDate(0, 0, 1)
	}
	return start, end, nil
}

func (s *server) postDesk(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActBookings, st.Reach()); err != nil {
		return err
	}
	b, res, err := s.formBranch(r, st)
	if err != nil && library.ErrorCode(err) != library.ENOTFOUND {
		return err
	}
	f, ferr := s.newDeskForm(r, b)
	if ferr != nil {
		return ferr
	}
	if err == nil && res.ID == 0 {
		err = &library.Error{Code: library.EINVALID, Key: "error.resource_not_found", Message: "resource: none chosen"}
	}
	var booked library.Booked
	if err == nil {
		booked, err = s.book(r, st, res)
	}
	if err != nil {
		code := library.ErrorCode(err)
		if code == library.EFORBIDDEN || code == library.EINTERNAL || code == "" {
			return err
		}
		s.deskFail(r, f, err)
		return s.renderDesk(w, r, web.HTTPStatus(code), "bookings_admin_desk", "bookings_staff.desk.title", f)
	}
	redirect(w, r, "/admin/bookings/"+strconv.FormatInt(booked.Booking.ID, 10), "booked", 0)
	return nil
}

// book makes the form's booking of res on behalf of a card holder or a
// guest.
func (s *server) book(r *http.Request, st library.Staff, res library.Resource) (library.Booked, error) {
	start, end, err := formTimes(r)
	if err != nil {
		return library.Booked{}, err
	}
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	q := library.BookingRequest{ResourceID: res.ID, Start: start, End: end, Topic: f("topic"), HelpLang: f("help_lang"),
		Message: f("message"), By: &st}
	if card := f("card"); card != "" {
		if s.Patrons() == nil {
			return library.Booked{}, errors.New("bookings: the server has no patrons to book for")
		}
		p, err := s.Patrons().PatronByCard(r.Context(), card)
		if err != nil {
			if library.ErrorCode(err) == library.ENOTFOUND {
				return library.Booked{}, &library.Error{Code: library.EINVALID, Key: "error.booking_patron_not_found", Message: "card " + card}
			}
			return library.Booked{}, err
		}
		q.PatronID = p.ID
	} else if f("guest_name") != "" || f("guest_email") != "" || f("guest_phone") != "" {
		q.Guest = &library.Guest{Name: f("guest_name"), Email: f("guest_email"), Phone: f("guest_phone"), Lang: s.Lang(r)}
	}
	bk, err := s.bookings()
	if err != nil {
		return library.Booked{}, err
	}
	return bk.Book(r.Context(), q, s.Now())
}

// deskFail puts err at its field, or above the form.
func (s *server) deskFail(r *http.Request, f *deskForm, err error) {
	msg := s.ErrorText(s.Lang(r), err)
	if field, ok := deskErrorFields[library.ErrorKey(err)]; ok {
		f.Errors[field] = msg
		return
	}
	f.Alert = msg
}
