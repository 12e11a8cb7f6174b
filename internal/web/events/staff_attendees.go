package events

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Cancelling an event behind a confirmation, and its attendee list with
// attendance marking and cancelling a sign-up for someone.

// cancelPage is the confirmation of cancelling an event.
type cancelPage struct {
	Title  web.LangText
	When   string
	Told   int // sign-ups that will be told
	Action string
	Back   string
	Langs  []langFields
	Errors map[string]string
	// Series is a whole series' cancellation, of Occurrences to come.
	Series      bool
	Occurrences int
}

func (s *server) serveEventCancel(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	e, err := s.staffEvent(r, st, library.ActContent)
	if err != nil {
		return err
	}
	return s.renderCancel(w, r, http.StatusOK, e, nil, "")
}

func (s *server) renderCancel(w http.ResponseWriter, r *http.Request, status int, e library.Event, reason library.Text, msg string) error {
	lang := s.Lang(r)
	id := strconv.FormatInt(e.ID, 10)
	p := &cancelPage{Title: web.TextIn(e.Title, lang), When: s.when(lang, e), Action: "/admin/events/" + id + "/cancel",
		Back: "/admin/events/" + id, Errors: map[string]string{}}
	if ev, err := s.events(); err == nil {
		if st, ok := s.CurrentStaff(r); ok {
			if list, err := ev.Attendees(r.Context(), st, e.ID); err == nil {
				for _, a := range list.Attendees {
					if a.Status == library.SignupRegistered || a.Status == library.SignupWaiting {
						p.Told++
					}
				}
			}
		}
	}
	p.Langs = s.reasonFields(reason, msg)
	if msg != "" {
		p.Errors["reason"] = msg
	}
	web.NoStore(w)
	s.Render(w, r, status, "events_admin_cancel", s.Tr(r, "events_staff.cancel.title"), p)
	return nil
}

// reasonFields are the cancellation reason's fields, one per language,
// Finnish required and carrying msg, a refusal.
func (s *server) reasonFields(reason library.Text, msg string) []langFields {
	var out []langFields
	for _, l := range library.Languages {
		out = append(out, langFields{Lang: l, Name: web.LangText{Text: s.I18n().T(l, "meta.name", nil), Lang: l},
			Required: l == "fi", Description: reason[l]})
	}
	out[0].Error = msg
	return out
}

func (s *server) postEventCancel(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	e, err := s.staffEvent(r, st, library.ActContent)
	if err != nil {
		return err
	}
	ev, err := s.events()
	if err != nil {
		return err
	}
	reason := formTexts(r, "reason")
	if reason["fi"] == "" { // it is told in Finnish when the person's language is missing
		return s.renderCancel(w, r, http.StatusBadRequest, e, reason, s.Tr(r, "error.event_cancel_reason"))
	}
	if _, _, err := ev.CancelEvent(r.Context(), st, e.ID, reason, s.Now()); err != nil {
		code := library.ErrorCode(err)
		if code == library.EINVALID || code == library.ECONFLICT {
			return s.renderCancel(w, r, web.HTTPStatus(code), e, reason, s.ErrorText(s.Lang(r), err))
		}
		return err
	}
	http.Redirect(w, r, "/admin/events/"+strconv.FormatInt(e.ID, 10)+"?done=cancelled", http.StatusSeeOther)
	return nil
}

// attendeeRow is a sign-up on the attendee list.
type attendeeRow struct {
	ID      int64
	Name    string
	Card    string
	Contact string
	Places  int
	Status  string // in words
	Code    string // the status
	Guest   bool
	Active  bool // registered or marked: attendance can be marked
}

// attendeePage is an event's attendee list.
type attendeePage struct {
	Title      web.LangText
	When       string
	Place      web.LangText
	Signups    string
	Registered []attendeeRow
	Waiting    []attendeeRow
	Action     string
	Back       string
	Done       string
	Alert      string
	DeskAction string // where a desk sign-up goes
	Desk       map[string]string
}

func (s *server) serveAttendees(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	e, err := s.staffEvent(r, st, library.ActAttendees)
	if err != nil {
		return err
	}
	return s.renderAttendees(w, r, st, e, http.StatusOK, "")
}

func (s *server) renderAttendees(w http.ResponseWriter, r *http.Request, st library.Staff, e library.Event, status int, alert string) error {
	return s.renderAttendeesWith(w, r, st, e, status, alert, nil)
}

func (s *server) renderAttendeesWith(w http.ResponseWriter, r *http.Request, st library.Staff, e library.Event, status int, alert string, desk map[string]string) error {
	ev, err := s.events()
	if err != nil {
		return err
	}
	list, err := ev.Attendees(r.Context(), st, e.ID)
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	branches, err := s.BranchTexts(r.Context(), lang)
	if err != nil {
		return err
	}
	e = list.Event
	id := strconv.FormatInt(e.ID, 10)
	row := s.row(r, e, branches)
	p := &attendeePage{Title: row.Title, When: row.When, Place: row.Place, Signups: row.Signups,
		Action: "/admin/events/" + id + "/attendees/", DeskAction: "/admin/events/" + id + "/attendees", Desk: map[string]string{}, Back: "/admin/events/" + id, Done: doneText(s, r), Alert: alert}
	if library.Permit(st, library.ActContent, e.Scope()) != nil {
		p.Back = "/admin/events" // the desk keeps lists, not the events
	}
	for k, v := range desk {
		p.Desk[k] = v
	}
	for _, a := range list.Attendees {
		ar := attendeeRow{ID: a.ID, Name: a.Name, Card: a.Card, Places: a.Places, Code: a.Status, Guest: a.Guest,
			Status: s.I18n().T(lang, "events_staff.signup."+a.Status, nil)}
		ar.Contact = a.Email
		if a.Phone != "" {
			if ar.Contact != "" {
				ar.Contact += ", "
			}
			ar.Contact += a.Phone
		}
		switch a.Status {
		case library.SignupWaiting:
			p.Waiting = append(p.Waiting, ar)
		case library.SignupCancelled:
		default:
			ar.Active = true
			p.Registered = append(p.Registered, ar)
		}
	}
	web.NoStore(w)
	s.Render(w, r, status, "events_admin_attendees", s.Tr(r, "events_staff.attendees.title"), p)
	return nil
}

// postAttendee marks a sign-up attended, no-show or registered again
// (do=attended, no_show, registered), or cancels it (do=cancel).
func (s *server) postAttendee(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	e, err := s.staffEvent(r, st, library.ActAttendees)
	if err != nil {
		return err
	}
	sid, err := eventID(r, "sid")
	if err != nil {
		return err
	}
	ev, err := s.events()
	if err != nil {
		return err
	}
	list, err := ev.Attendees(r.Context(), st, e.ID)
	if err != nil {
		return err
	}
	found := false
	for _, a := range list.Attendees {
		found = found || a.ID == sid
	}
	if !found {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.not_found", Message: "sign-up " + r.PathValue("sid")}
	}
	done := "marked"
	switch do := r.PostFormValue("do"); do {
	case "cancel":
		_, err = ev.StaffCancelSignup(r.Context(), st, sid, s.Now())
		done = "signup_cancelled"
	case library.SignupAttended, library.SignupNoShow, library.SignupRegistered:
		_, err = ev.MarkAttendance(r.Context(), st, sid, do, s.Now())
	default:
		err = &library.Error{Code: library.EINVALID, Key: "error.invalid", Message: "do " + do}
	}
	if err != nil {
		code := library.ErrorCode(err)
		if code == library.EINVALID || code == library.ECONFLICT {
			return s.renderAttendees(w, r, st, e, web.HTTPStatus(code), s.ErrorText(s.Lang(r), err))
		}
		return err
	}
	http.Redirect(w, r, "/admin/events/"+strconv.FormatInt(e.ID, 10)+"/attendees?done="+done, http.StatusSeeOther)
	return nil
}

// deskFields are the desk sign-up's fields, kept as typed.
var deskFields = []string{"card", "name", "email", "phone", "places"}

// postDeskSignup signs someone up at the desk: a patron by card number,
// or a guest by name and an e-mail address or phone number.
func (s *server) postDeskSignup(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	e, err := s.staffEvent(r, st, library.ActAttendees)
	if err != nil {
		return err
	}
	typed := map[string]string{}
	for _, f := range deskFields {
		typed[f] = strings.TrimSpace(r.PostFormValue(f))
	}
	req := library.SignupRequest{EventID: e.ID}
	if req.Places, err = number(typed["places"], 1); err != nil {
		err = &library.Error{Code: library.EINVALID, Key: "events_staff.error.places", Message: err.Error()}
	}
	if err == nil && typed["card"] != "" {
		var p library.Patron
		if p, err = s.Patrons().PatronByCard(r.Context(), typed["card"]); err == nil {
			req.PatronID = p.ID
		}
	} else if err == nil {
		req.Guest = &library.Guest{Name: typed["name"], Email: typed["email"], Phone: typed["phone"], Lang: s.Lang(r)}
	}
	if err == nil {
		var ev library.Events
		if ev, err = s.events(); err == nil {
			_, err = ev.DeskSignUp(r.Context(), st, req, s.Now())
		}
	}
	if err != nil {
		code := library.ErrorCode(err)
		if code == library.EINVALID || code == library.ECONFLICT || code == library.ENOTFOUND {
			return s.renderAttendeesWith(w, r, st, e, web.HTTPStatus(code), s.ErrorText(s.Lang(r), err), typed)
		}
		return err
	}
	http.Redirect(w, r, "/admin/events/"+strconv.FormatInt(e.ID, 10)+"/attendees?done=signed_up", http.StatusSeeOther)
	return nil
}
