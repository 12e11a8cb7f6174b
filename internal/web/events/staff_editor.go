package events

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The editor of one event: new and edit share the form, its fields per
// language (Finnish required) and the refusals put at their fields.

// langFields is one language's fields in the editor.
type langFields struct {
	Lang          string
	Name          web.LangText // the language's name, in itself
	Required      bool         // Finnish is
	Title         string
	Description   string
	Accessibility string
	PriceNote     string
	Error         string // a refusal of this language's texts
}

// choice is a checkbox, radio button or option of the form.
type choice struct {
	Value, Name string
	Checked     bool
}

// editor is the data of the event editor.
type editor struct {
	Action     string
	ID         int64
	Version    int64
	State      string
	Attendees  string // the attendee list's URL, for a saved event with sign-up
	CancelURL  string
	SeriesURL  string // the whole series' editor, for an occurrence
	ImageURL   string // the image's page, for a saved event
	DeleteURL  string // for a draft that was never published
	Langs      []langFields
	Libraries  []choice
	Branches   []choice
	Audiences  []choice
	Categories []choice
	Statuses   []choice
	Form       map[string]string // the other fields, as typed
	Errors     map[string]string // field → message
	Alert      string            // a refusal that belongs to no field
	Done       string
	Missing    []web.LangText
	Series     bool     // a new recurring event's editor
	Weekdays   []choice // of a series
}

// errorFields puts the store's refusals at their fields.
var errorFields = map[string]string{
	"error.event_library": "library", "error.event_branch": "branch", "error.event_place_required": "branch",
	"error.event_venue": "venue_name", "error.event_room": "room",
	"error.event_title_required": "title", "error.event_language": "title", "error.event_text_long": "title",
	"error.event_time_required": "start", "error.event_end_before_start": "end", "error.event_too_long": "end",
	"error.event_audiences": "audiences", "error.event_category": "category", "error.event_languages": "languages",
	"error.event_price": "price", "error.event_capacity": "capacity", "error.event_capacity_taken": "capacity",
	"error.event_max_places": "max_places", "error.event_signup_after_start": "signup_opens",
	"error.event_signup_days": "signup_opens", "error.event_status": "status", "error.event_has_signups": "registration",
	"events_staff.error.date": "start", "events_staff.error.end_date": "end", "events_staff.error.number": "capacity",
	"error.event_series_weekdays": "weekdays", "error.event_series_interval": "interval", "error.event_series_from": "start",
	"error.event_series_endless": "until", "error.event_series_until_and_count": "until", "error.event_series_too_long": "until",
	"error.event_series_until_before_from": "until", "error.event_series_empty": "start", "error.event_series_past": "start",
	"events_staff.error.until": "until", "events_staff.error.except": "except",
	"events_staff.error.price": "price", "events_staff.error.publish_at": "publish_at", "events_staff.error.signup_opens": "signup_opens",
}

func (s *server) serveEventNew(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActContent, st.Reach()); err != nil {
		return err
	}
	e := library.Event{Library: st.Library, Branch: st.Branch, Status: library.EventDraft, MaxPlaces: 1}
	ed := s.newEditor(r, "/admin/events")
	s.fill(r, ed, st, e)
	return s.renderEditor(w, r, http.StatusOK, ed)
}

func (s *server) serveEventEdit(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	e, err := s.staffEvent(r, st, library.ActContent)
	if err != nil {
		return err
	}
	ed := s.newEditor(r, "/admin/events/"+strconv.FormatInt(e.ID, 10))
	s.fill(r, ed, st, e)
	ed.Done = doneText(s, r)
	return s.renderEditor(w, r, http.StatusOK, ed)
}

// staffEvent reads the event of the path and asks Permit for act at it.
func (s *server) staffEvent(r *http.Request, st library.Staff, act library.Action) (library.Event, error) {
	if err := library.Permit(st, act, st.Reach()); err != nil {
		return library.Event{}, err
	}
	id, err := eventID(r, "id")
	if err != nil {
		return library.Event{}, err
	}
	ev, err := s.events()
	if err != nil {
		return library.Event{}, err
	}
	e, err := ev.Event(r.Context(), id)
	if err != nil {
		return library.Event{}, err
	}
	return e, library.Permit(st, act, e.Scope())
}

func (s *server) postEventNew(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActContent, st.Reach()); err != nil {
		return err
	}
	return s.save(w, r, st, library.Event{}, "/admin/events")
}

func (s *server) postEventEdit(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	old, err := s.staffEvent(r, st, library.ActContent)
	if err != nil {
		return err
	}
	return s.save(w, r, st, old, "/admin/events/"+strconv.FormatInt(old.ID, 10))
}

// save reads the form over old (a zero Event for a new one), creates or
// updates it, and publishes it when asked; a refusal shows the form again
// with the message at its field, and nothing saved.
func (s *server) save(w http.ResponseWriter, r *http.Request, st library.Staff, old library.Event, action string) error {
	ed := s.newEditor(r, action)
	e, publish, err := s.readForm(r, old)
	s.fill(r, ed, st, e)
	s.keepTyped(r, ed)
	if err == nil {
		err = s.permitPlace(st, e)
	}
	if err == nil {
		err = s.store(r, st, &e, publish)
	}
	if err != nil {
		if library.ErrorCode(err) == library.EFORBIDDEN || library.ErrorCode(err) == library.EINTERNAL {
			return err
		}
		s.fail(ed, s.Lang(r), err)
		if library.ErrorCode(err) == library.ECONFLICT && old.ID != 0 {
			ed.Alert = s.ErrorText(s.Lang(r), err)
		}
		return s.renderEditor(w, r, web.HTTPStatus(library.ErrorCode(err)), ed)
	}
	http.Redirect(w, r, "/admin/events/"+strconv.FormatInt(e.ID, 10)+"?done=saved", http.StatusSeeOther)
	return nil
}

// permitPlace asks Permit for the place the form chose, so that a
// refusal there is a 403 whatever else the form holds.
func (s *server) permitPlace(st library.Staff, e library.Event) error {
	if e.Library == "" {
		return nil // the store says the library is required
	}
	return library.Permit(st, library.ActContent, e.Scope())
}

// store writes e: create or update, then publish when asked.
func (s *server) store(r *http.Request, st library.Staff, e *library.Event, publish publishing) error {
	ev, err := s.events()
	if err != nil {
		return err
	}
	now := s.Now()
	wasDraft := e.ID == 0 || e.Status == library.EventDraft
	if publish.now || !publish.at.IsZero() {
		if wasDraft {
			e.Status = library.EventDraft // published below, once saved
		} else {
			e.Status = library.EventPublished
			switch {
			case !publish.at.IsZero():
				e.PublishAt = publish.at
			case e.PublishAt.IsZero() || e.PublishAt.After(now):
				e.PublishAt = now
			}
		}
	}
	var saved library.Event
	if e.ID == 0 {
		saved, err = ev.CreateEvent(r.Context(), st, *e, now)
	} else {
		saved, err = ev.UpdateEvent(r.Context(), st, *e, now)
	}
	if err != nil {
		return err
	}
	if wasDraft && (publish.now || !publish.at.IsZero()) {
		saved, err = ev.PublishEvent(r.Context(), st, saved.ID, publish.at, now)
		if err != nil {
			return err
		}
	}
	*e = saved
	return nil
}

// fail puts err at its field, or above the form.
func (s *server) fail(ed *editor, lang string, err error) {
	msg := s.ErrorText(lang, err)
	field, ok := errorFields[library.ErrorKey(err)]
	if !ok {
		ed.Alert = msg
		return
	}
	if field == "title" {
		ed.Langs[0].Error = msg
	}
	ed.Errors[field] = msg
}

func (s *server) renderEditor(w http.ResponseWriter, r *http.Request, status int, ed *editor) error {
	title := "events_staff.new"
	if ed.Series {
		title = "events_staff.series.new"
	}
	if ed.ID != 0 {
		title = "events_staff.edit"
	}
	web.NoStore(w)
	s.Render(w, r, status, "events_admin_edit", s.Tr(r, title), ed)
	return nil
}

// choices makes checkboxes of codes named by prefix+code, checked when in
// chosen.
func (s *server) choices(lang, prefix string, codes []string, chosen ...string) []choice {
	var out []choice
	for _, c := range codes {
		ch := choice{Value: c, Name: s.I18n().T(lang, prefix+c, nil)}
		for _, x := range chosen {
			ch.Checked = ch.Checked || x == c
		}
		out = append(out, ch)
	}
	return out
}

// newEditor is an empty editor posting to action.
func (s *server) newEditor(r *http.Request, action string) *editor {
	return &editor{Action: action, Form: map[string]string{}, Errors: map[string]string{}}
}

// keepTyped shows the form's raw fields as typed, so that a refusal
// loses nothing.
func (s *server) keepTyped(r *http.Request, ed *editor) {
	for _, f := range rawFields {
		ed.Form[f] = strings.TrimSpace(r.PostFormValue(f))
	}
}
