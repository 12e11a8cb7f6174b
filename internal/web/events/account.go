package events

import (
	"net/http"
	"strconv"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// My events: the patron's sign-ups in My Account, beside loans and
// holds, each with the way to the event and to cancelling it.

// accountRoutes registers My events.
func accountRoutes(s *server, mux *http.ServeMux) {
	mux.Handle("GET /account/events", s.Wrap(s.AsPatron(s.serveMyEvents), false))
	mux.Handle("POST /account/events/{sid}/cancel", s.Wrap(s.AsPatron(s.postMyEventCancel), false))
}

// myEvent is a row of My events.
type myEvent struct {
	SignupID  int64
	URL       string
	Title     web.LangText
	When      string
	Place     web.LangText
	Places    int
	Status    string // in words: a place, or the place on the waiting list
	Waiting   bool
	Cancelled bool // the event was cancelled (the sign-up stands until it ends)
}

// myEventsPage is My events.
type myEventsPage struct {
	Events []myEvent
	Done   string
}

func (s *server) serveMyEvents(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	ev, err := s.events()
	if err != nil {
		return err
	}
	list, err := ev.PatronEvents(r.Context(), p.ID, s.Now())
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	branches, err := s.BranchTexts(r.Context(), lang)
	if err != nil {
		return err
	}
	page := &myEventsPage{}
	if r.URL.Query().Get("done") == "cancelled" {
		page.Done = s.Tr(r, "events_account.done_cancelled")
	}
	for _, re := range list {
		e := re.Event
		row := myEvent{SignupID: re.Signup.ID, URL: "/events/" + strconv.FormatInt(e.ID, 10),
			Title: web.TextIn(e.Title, lang), When: s.when(lang, e), Place: s.place(e, branches),
			Places: re.Signup.Places, Waiting: re.Signup.Status == library.SignupWaiting, Cancelled: e.Cancelled()}
		if row.Waiting {
			row.Status = s.I18n().T(lang, "events_account.waiting", map[string]any{"Position": re.Signup.Position})
		} else {
			row.Status = s.I18n().T(lang, "events_account.registered", map[string]any{"Places": re.Signup.Places})
		}
		page.Events = append(page.Events, row)
	}
	web.NoStore(w)
	s.Render(w, r, http.StatusOK, "events_account", s.Tr(r, "events_account.title"), page)
	return nil
}

func (s *server) postMyEventCancel(w http.ResponseWriter, r *http.Request, p library.Patron) error {
	sid, err := strconv.ParseInt(r.PathValue("sid"), 10, 64)
	if err != nil || sid <= 0 {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.event_signup_not_found", Message: "sign-up " + r.PathValue("sid")}
	}
	ev, err := s.events()
	if err != nil {
		return err
	}
	if _, err := ev.CancelSignup(r.Context(), p.ID, sid, s.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, "/account/events?done=cancelled", http.StatusSeeOther)
	return nil
}
