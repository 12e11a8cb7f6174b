package events

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// A recurring event: the editor's form with a weekly rule (weekdays,
// every N weeks, from a date until a date or for a count, exception
// dates skipped). A one-off change to one date is an edit of that
// occurrence in the ordinary editor.

// seriesFields are the rule's fields kept as typed.
var seriesFields = []string{"interval", "until", "count", "except", "signup_days"}

// weekdayOrder is Monday first, as Finnish calendars are.
var weekdayOrder = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

func (s *server) serveSeriesNew(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActContent, st.Reach()); err != nil {
		return err
	}
	ed := s.newEditor(r, "/admin/events/series")
	s.fill(r, ed, st, library.Event{Library: st.Library, Branch: st.Branch, Status: library.EventDraft, MaxPlaces: 1})
	s.fillSeries(r, ed, nil)
	ed.Form["interval"] = "1"
	return s.renderEditor(w, r, http.StatusOK, ed)
}

func (s *server) postSeriesNew(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	if err := library.Permit(st, library.ActContent, st.Reach()); err != nil {
		return err
	}
	ed := s.newEditor(r, "/admin/events/series")
	e, publish, err := s.readForm(r, library.Event{})
	s.fill(r, ed, st, e)
	s.keepTyped(r, ed)
	wds := formWeekdays(r)
	s.fillSeries(r, ed, wds)
	var sr library.Series
	if err == nil {
		err = s.permitPlace(st, e)
	}
	if err == nil {
		sr, err = s.readRule(r, e, publish, wds)
	}
	if err == nil {
		var ev library.Events
		if ev, err = s.events(); err == nil {
			_, err = ev.CreateSeries(r.Context(), st, sr, s.Now())
		}
	}
	if err != nil {
		if c := library.ErrorCode(err); c == library.EFORBIDDEN || c == library.EINTERNAL {
			return err
		}
		s.fail(ed, s.Lang(r), err)
		return s.renderEditor(w, r, http.StatusBadRequest, ed)
	}
	view := library.ViewUpcoming
	if sr.Template.Status == library.EventDraft {
		view = library.ViewDrafts
	}
	http.Redirect(w, r, "/admin/events?view="+view+"&done=series_saved", http.StatusSeeOther)
	return nil
}

// readRule makes the series of the form: e is its template.
func (s *server) readRule(r *http.Request, e library.Event, publish publishing, wds []time.Weekday) (library.Series, error) {
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	sr := library.Series{Template: e, Rule: library.Recurrence{Weekdays: wds}}
	var err error
	if sr.Rule.Interval, err = number(f("interval"), 1); err != nil {
		return sr, formErr("error.event_series_interval", err.Error())
	}
	if sr.Rule.Count, err = number(f("count"), 0); err != nil {
		return sr, formErr("error.event_series_too_long", err.Error())
	}
	if sr.SignupDays, err = number(f("signup_days"), 0); err != nil {
		return sr, formErr("error.event_signup_days", err.Error())
	}
	if sr.Rule.From, err = library.ParseDate(f("start_date")); err != nil {
		return sr, formErr("error.event_series_from", err.Error())
	}
	if v := f("until"); v != "" {
		if sr.Rule.Until, err = library.ParseDate(v); err != nil {
			return sr, formErr("events_staff.error.until", err.Error())
		}
	}
	for _, v := range strings.FieldsFunc(f("except"), func(c rune) bool { return c == ',' || c == ' ' || c == '\n' || c == '\r' }) {
		d, err := library.ParseDate(v)
		if err != nil {
			return sr, formErr("events_staff.error.except", err.Error())
		}
		sr.Rule.Except = append(sr.Rule.Except, d)
	}
	if sr.Rule.Start, err = library.ParseClock(f("start_time")); err != nil {
		return sr, formErr("events_staff.error.date", err.Error())
	}
	if sr.Rule.End, err = library.ParseClock(f("end_time")); err != nil {
		return sr, formErr("events_staff.error.end_date", err.Error())
	}
	switch {
	case publish.now:
		sr.Template.Status, sr.Template.PublishAt = library.EventPublished, s.Now()
	case !publish.at.IsZero():
		sr.Template.Status, sr.Template.PublishAt = library.EventPublished, publish.at
	}
	return sr, nil
}

// fillSeries adds the rule's fields to the editor.
func (s *server) fillSeries(r *http.Request, ed *editor, chosen []time.Weekday) {
	lang := s.Lang(r)
	ed.Series = true
	for _, wd := range weekdayOrder {
		c := choice{Value: strconv.Itoa(int(wd)), Name: s.I18n().T(lang, "events_staff.weekday."+strconv.Itoa(int(wd)), nil)}
		for _, x := range chosen {
			c.Checked = c.Checked || x == wd
		}
		ed.Weekdays = append(ed.Weekdays, c)
	}
	for _, f := range seriesFields {
		ed.Form[f] = strings.TrimSpace(r.PostFormValue(f))
	}
}
