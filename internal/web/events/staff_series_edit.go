package events

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// A whole series at once: its rule and fields changed (the future
// occurrences are made again; those with sign-ups are kept and listed),
// or every future occurrence cancelled with one notice each. A draft that
// was never published can be deleted outright.

// staffSeries reads the series of the path and asks Permit for
// ActContent at its scope.
func (s *server) staffSeries(r *http.Request, st library.Staff) (library.Series, error) {
	if err := library.Permit(st, library.ActContent, st.Reach()); err != nil {
		return library.Series{}, err
	}
	id, err := eventID(r, "sid")
	if err != nil {
		return library.Series{}, err
	}
	ev, err := s.events()
	if err != nil {
		return library.Series{}, err
	}
	sr, err := ev.EventSeries(r.Context(), id)
	if err != nil {
		return library.Series{}, err
	}
	return sr, library.Permit(st, library.ActContent, sr.Template.Scope())
}

// seriesURL is the editor of a whole series.
func seriesURL(id int64) string { return "/admin/series/" + strconv.FormatInt(id, 10) }

func (s *server) serveSeriesEdit(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	sr, err := s.staffSeries(r, st)
	if err != nil {
		return err
	}
	if !sr.CancelledAt.IsZero() {
		return &library.Error{Code: library.ECONFLICT, Key: "error.event_cancelled", Message: "series is cancelled"}
	}
	ed := s.newEditor(r, seriesURL(sr.ID))
	s.fill(r, ed, st, sr.Template)
	ed.Version, ed.State, ed.Attendees, ed.ImageURL = sr.Version, "", "", ""
	ed.CancelURL = seriesURL(sr.ID) + "/cancel"
	s.fillSeries(r, ed, sr.Rule.Weekdays)
	ed.Form["start_date"] = sr.Rule.From.String()
	ed.Form["start_time"], ed.Form["end_time"] = sr.Rule.Start.String(), sr.Rule.End.String()
	ed.Form["interval"] = strconv.Itoa(max(sr.Rule.Interval, 1))
	if sr.Rule.Until != (library.Date{}) {
		ed.Form["until"] = sr.Rule.Until.String()
	}
	if sr.Rule.Count > 0 {
		ed.Form["count"] = strconv.Itoa(sr.Rule.Count)
	}
	var except []string
	for _, d := range sr.Rule.Except {
		except = append(except, d.String())
	}
	ed.Form["except"] = strings.Join(except, ", ")
	ed.Form["signup_days"] = strconv.Itoa(sr.SignupDays)
	ed.Done = doneText(s, r)
	return s.renderEditor(w, r, http.StatusOK, ed)
}

func (s *server) postSeriesEdit(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	old, err := s.staffSeries(r, st)
	if err != nil {
		return err
	}
	ed := s.newEditor(r, seriesURL(old.ID))
	e, publish, err := s.readForm(r, old.Template)
	s.fill(r, ed, st, e)
	ed.State, ed.Attendees, ed.ImageURL, ed.CancelURL = "", "", "", seriesURL(old.ID)+"/cancel"
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
	var change library.SeriesChange
	if err == nil {
		sr.ID, sr.Version = old.ID, e.Version
		var ev library.Events
		if ev, err = s.events(); err == nil {
			change, err = ev.UpdateSeries(r.Context(), st, sr, s.Now())
		}
	}
	if err != nil {
		if c := library.ErrorCode(err); c == library.EFORBIDDEN || c == library.EINTERNAL {
			return err
		}
		s.fail(ed, s.Lang(r), err)
		return s.renderEditor(w, r, http.StatusBadRequest, ed)
	}
	q := "?done=series_saved&created=" + strconv.Itoa(change.Created) + "&updated=" + strconv.Itoa(change.Updated) +
		"&removed=" + strconv.Itoa(change.Removed) + "&kept=" + strconv.Itoa(len(change.Kept))
	http.Redirect(w, r, seriesURL(old.ID)+q, http.StatusSeeOther)
	return nil
}

// formWeekdays reads the rule's weekday checkboxes.
func formWeekdays(r *http.Request) []time.Weekday {
	var wds []time.Weekday
	for _, v := range r.PostForm["weekdays"] {
		if n, err := strconv.Atoi(v); err == nil {
			wds = append(wds, time.Weekday(n))
		}
	}
	return wds
}

func (s *server) serveSeriesCancel(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	sr, err := s.staffSeries(r, st)
	if err != nil {
		return err
	}
	return s.renderSeriesCancel(w, r, http.StatusOK, sr, nil, "")
}

// renderSeriesCancel is the confirmation of cancelling a whole series:
// the cancel page of one event, counting everyone signed up to any
// future occurrence.
func (s *server) renderSeriesCancel(w http.ResponseWriter, r *http.Request, status int, sr library.Series, reason library.Text, msg string) error {
	lang := s.Lang(r)
	p := &cancelPage{Title: web.TextIn(sr.Template.Title, lang), Action: seriesURL(sr.ID) + "/cancel",
		Back: seriesURL(sr.ID), Errors: map[string]string{}, Series: true}
	now := s.Now()
	for _, o := range sr.Occurrences {
		if o.End.After(now) && !o.Cancelled() {
			p.Occurrences++
			p.Told += o.Taken + o.WaitingPlaces
		}
	}
	p.When = s.I18n().T(lang, "events_staff.series.occurrences", map[string]any{"Count": p.Occurrences})
	p.Langs = s.reasonFields(reason, msg)
	if msg != "" {
		p.Errors["reason"] = msg
	}
	web.NoStore(w)
	s.Render(w, r, status, "events_admin_cancel", s.Tr(r, "events_staff.series.cancel_title"), p)
	return nil
}

func (s *server) postSeriesCancel(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	sr, err := s.staffSeries(r, st)
	if err != nil {
		return err
	}
	ev, err := s.events()
	if err != nil {
		return err
	}
	reason := formTexts(r, "reason")
	if reason["fi"] == "" {
		return s.renderSeriesCancel(w, r, http.StatusBadRequest, sr, reason, s.Tr(r, "error.event_cancel_reason"))
	}
	if _, err := ev.CancelSeries(r.Context(), st, sr.ID, reason, s.Now()); err != nil {
		code := library.ErrorCode(err)
		if code == library.EINVALID || code == library.ECONFLICT {
			return s.renderSeriesCancel(w, r, web.HTTPStatus(code), sr, reason, s.ErrorText(s.Lang(r), err))
		}
		return err
	}
	http.Redirect(w, r, "/admin/events?done=series_cancelled", http.StatusSeeOther)
	return nil
}

// postEventDelete deletes a draft that was never published; the store
// refuses anything else (a published event is cancelled instead).
func (s *server) postEventDelete(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	e, err := s.staffEvent(r, st, library.ActContent)
	if err != nil {
		return err
	}
	ev, err := s.events()
	if err != nil {
		return err
	}
	if err := ev.DeleteEvent(r.Context(), st, e.ID, s.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/events?view="+library.ViewDrafts+"&done=deleted", http.StatusSeeOther)
	return nil
}
