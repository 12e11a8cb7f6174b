package events

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// The staff's events: the list (/admin/events), the editor of one event
// (staff_editor.go), cancelling it behind a confirmation, and the
// attendee list with attendance marking (staff_attendees.go). Every
// handler asks library.Permit: ActContent at the event's scope to write
// it, ActAttendees for its sign-ups; the store asks again.

// editorLimits are the limits of the editor's form: seven languages of a
// title, a description, accessibility notes and a price note, and the
// event's other fields.
var editorLimits = web.FormLimits{Values: 80, ValueLen: 64 << 10, Body: 2 << 20}

// staffRoutes registers the staff's pages.
func staffRoutes(s *server, mux *http.ServeMux) {
	staff := func(pattern string, h web.StaffHandler) {
		mux.Handle(pattern, s.Wrap(s.AsStaffWith(editorLimits, h), false))
	}
	staff("GET /admin/events", s.serveStaffList)
	staff("GET /admin/events/new", s.serveEventNew)
	staff("POST /admin/events", s.postEventNew)
	staff("GET /admin/events/series/new", s.serveSeriesNew)
	staff("POST /admin/events/series", s.postSeriesNew)
	staff("GET /admin/events/{id}", s.serveEventEdit)
	staff("POST /admin/events/{id}", s.postEventEdit)
	staff("GET /admin/series/{sid}", s.serveSeriesEdit)
	staff("POST /admin/series/{sid}", s.postSeriesEdit)
	staff("GET /admin/series/{sid}/cancel", s.serveSeriesCancel)
	staff("POST /admin/series/{sid}/cancel", s.postSeriesCancel)
	staff("POST /admin/events/{id}/delete", s.postEventDelete)
	staff("GET /admin/events/{id}/cancel", s.serveEventCancel)
	staff("POST /admin/events/{id}/cancel", s.postEventCancel)
	staff("GET /admin/events/{id}/attendees", s.serveAttendees)
	staff("POST /admin/events/{id}/attendees", s.postDeskSignup)
	staff("POST /admin/events/{id}/attendees/{sid}", s.postAttendee)
}

// events returns the store's events.
func (s *server) events() (library.Events, error) {
	ev, ok := s.Store().(library.Events)
	if !ok {
		return nil, errors.New("events: the store keeps no events")
	}
	return ev, nil
}

// staffRow is an event in the staff's list.
type staffRow struct {
	URL, AttendeesURL string // URL is "" for those who may not edit it
	Title             web.LangText
	When              string
	Place             web.LangText
	State             string
	Signups           string // taken/capacity and waiting, or "" without registration
	Missing           []web.LangText
}

// staffList is the staff's list of events in one view.
type staffList struct {
	Writer  bool // may write events (ActContent), not only see attendees
	Views   []viewLink
	Rows    []staffRow
	Done    string
	PrevURL string
	NextURL string
}

// viewLink is a tab of the list: upcoming, drafts, scheduled, past.
type viewLink struct {
	URL, Name string
	Current   bool
}

// staffPerPage is the number of events on a page of the staff's list.
const staffPerPage = 50

var staffViews = []string{library.ViewUpcoming, library.ViewDrafts, library.ViewScheduled, library.ViewPast}

func (s *server) serveStaffList(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	// Branch staff come here for the attendee lists (ActAttendees);
	// writing events is ActContent's, asked row by row.
	reach := st.Reach()
	if err := library.Permit(st, library.ActAttendees, reach); err != nil {
		return err
	}
	view := r.URL.Query().Get("view")
	if view == "" {
		view = library.ViewUpcoming
	}
	known := false
	for _, v := range staffViews {
		known = known || v == view
	}
	if !known {
		return &library.Error{Code: library.EINVALID, Key: "error.invalid", Message: "view " + view}
	}
	page, err := web.ParsePage(r.URL.Query().Get(web.ParamPage))
	if err != nil {
		return err
	}
	ev, err := s.events()
	if err != nil {
		return err
	}
	list, err := ev.StaffEvents(r.Context(), library.StaffEventFilter{Library: reach.Library, View: view,
		Limit: staffPerPage, Offset: (page - 1) * staffPerPage}, s.Now())
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	branches, err := s.BranchTexts(r.Context(), lang)
	if err != nil {
		return err
	}
	l := &staffList{Done: doneText(s, r), Writer: library.Permit(st, library.ActContent, reach) == nil}
	for _, v := range staffViews {
		l.Views = append(l.Views, viewLink{URL: "/admin/events?view=" + v, Name: s.Tr(r, "events_staff.view."+v), Current: v == view})
	}
	for _, e := range list.Events {
		row := s.row(r, e, branches)
		if library.Permit(st, library.ActContent, e.Scope()) != nil {
			row.URL = ""
		}
		l.Rows = append(l.Rows, row)
	}
	if page > 1 {
		l.PrevURL = "/admin/events?view=" + view + "&page=" + strconv.Itoa(page-1)
	}
	if page*staffPerPage < list.Total {
		l.NextURL = "/admin/events?view=" + view + "&page=" + strconv.Itoa(page+1)
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "events_admin_list", s.Tr(r, "events_staff.title"), l)
	return nil
}

// row describes an event for the list.
func (s *server) row(r *http.Request, e library.Event, branches map[string]web.LangText) staffRow {
	lang := s.Lang(r)
	id := strconv.FormatInt(e.ID, 10)
	row := staffRow{URL: "/admin/events/" + id, AttendeesURL: "/admin/events/" + id + "/attendees",
		Title: web.TextIn(e.Title, lang), When: s.when(lang, e), Place: s.place(e, branches),
		State: s.stateText(r, e), Missing: s.missing(e.Title)}
	if e.Registration {
		row.Signups = s.I18n().T(lang, "events_staff.signups", map[string]any{"Taken": e.Taken,
			"Capacity": capacityText(s, lang, e.Capacity), "Waiting": e.WaitingPlaces})
	}
	return row
}

func capacityText(s *server, lang string, c int) string {
	if c == 0 {
		return s.I18n().T(lang, "events_staff.unlimited", nil)
	}
	return strconv.Itoa(c)
}

// when writes an event's date and times in Helsinki.
func (s *server) when(lang string, e library.Event) string { return s.EventWhen(lang, e) }

// place is the event's branch and room, or its outside address.
func (s *server) place(e library.Event, branches map[string]web.LangText) web.LangText {
	return web.EventPlace(e, branches)
}

// stateText says where an event stands: draft, scheduled, published or
// cancelled.
func (s *server) stateText(r *http.Request, e library.Event) string {
	lang := s.Lang(r)
	switch {
	case e.Cancelled():
		return s.I18n().T(lang, "events_staff.state.cancelled", nil)
	case e.Scheduled(s.Now()):
		at := e.PublishAt.In(library.Helsinki)
		return s.I18n().T(lang, "events_staff.state.scheduled", map[string]any{"When": s.FormatTime(lang, at) + " " + at.Format("15:04")})
	case e.Status == library.EventPublished:
		return s.I18n().T(lang, "events_staff.state.published", nil)
	}
	return s.I18n().T(lang, "events_staff.state.draft", nil)
}

// missing lists the languages a text lacks, each named in itself.
func (s *server) missing(t library.Text) []web.LangText {
	var out []web.LangText
	for _, l := range library.Languages {
		if t[l] == "" {
			out = append(out, web.LangText{Text: s.I18n().T(l, "meta.name", nil), Lang: l})
		}
	}
	return out
}

// doneText is the message of a finished action (?done=KEY), for the page
// a form redirects to.
func doneText(s *server, r *http.Request) string {
	key := r.URL.Query().Get("done")
	switch key {
	case "saved", "cancelled", "marked", "signup_cancelled", "signed_up", "series_cancelled", "deleted":
		return s.Tr(r, "events_staff.done."+key)
	case "series_saved":
		q := r.URL.Query()
		if q.Has("created") {
			n := func(k string) int { v, _ := strconv.Atoi(q.Get(k)); return v }
			return s.I18n().T(s.Lang(r), "events_staff.done.series_changed", map[string]any{
				"Created": n("created"), "Updated": n("updated"), "Removed": n("removed"), "Kept": n("kept")})
		}
		return s.Tr(r, "events_staff.done."+key)
	}
	return ""
}

// eventID reads the {id} of the path.
func eventID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, &library.Error{Code: library.ENOTFOUND, Key: "error.event_not_found", Message: "event id " + r.PathValue(name)}
	}
	return id, nil
}

// helsinkiTime reads a date and a time meant in Helsinki; both empty is
// the zero time.
func helsinkiTime(date, clock string) (time.Time, error) {
	if date == "" && clock == "" {
		return time.Time{}, nil
	}
	return time.ParseInLocation("2006-01-02 15:04", date+" "+clock, library.Helsinki)
}
