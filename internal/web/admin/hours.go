package admin

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/web"
)

// Opening hours: the weekly schedule, the exceptions on a year's
// calendar, and the Finnish public holidays offered for adoption.

// periodsText writes periods as the hours inputs take them.
func periodsText(ps []library.Period) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.String()
	}
	return strings.Join(parts, ", ")
}

// parsePeriods reads "09:00-12:00, 13:00-20:00": several periods apart by
// commas or semicolons, each HH:MM–HH:MM.
func parsePeriods(s string) ([]library.Period, error) {
	var out []library.Period
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' }) {
		if strings.TrimSpace(part) == "" {
			continue
		}
		p, err := library.ParsePeriod(strings.ReplaceAll(part, " ", ""))
		if err != nil {
			return nil, &library.Error{Code: library.EINVALID, Key: "error.admin_hours_format", Message: err.Error()}
		}
		out = append(out, p)
	}
	return out, nil
}

// dayInput is one weekday of the weekly hours form.
type dayInput struct {
	Weekday       int
	Name          string
	Staffed, Self string
	Error         string
}

type hoursPage struct {
	Branch library.Branch
	Name   web.LangText
	Days   []dayInput // Monday first
	Alert  string
	Done   string
	// Affected are the bookings the new hours would leave out, listed
	// before saving (hours_bookings.go).
	Affected []affectedRow
}

func (s *server) serveHours(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	_, b, err := s.branchFor(r, st)
	if err != nil {
		return err
	}
	hp := s.hoursPage(r, b)
	hp.Done = s.doneText(r, hoursDone)
	return s.renderHours(w, r, http.StatusOK, hp)
}

func (s *server) hoursPage(r *http.Request, b library.Branch) *hoursPage {
	lang := s.Lang(r)
	hp := &hoursPage{Branch: b, Name: web.TextIn(b.Name, lang)}
	for i := range 7 {
		wd := (i + 1) % 7
		d := b.Hours.Weekly[wd]
		hp.Days = append(hp.Days, dayInput{Weekday: wd, Name: s.I18n().T(lang, "weekday.long."+strconv.Itoa(wd), nil),
			Staffed: periodsText(d.Staffed), Self: periodsText(d.SelfService)})
	}
	return hp
}

func (s *server) renderHours(w http.ResponseWriter, r *http.Request, status int, hp *hoursPage) error {
	web.NoStore(w)
	s.Render(w, r, status, "admin_branch_hours", s.Tr(r, "admin.hours.title"), hp)
	return nil
}

func (s *server) saveHours(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	ba, b, err := s.branchFor(r, st)
	if err != nil {
		return err
	}
	version, _ := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	hp := s.hoursPage(r, b)
	hp.Branch.Version = version
	var week [7]library.Day
	failed := false
	for i := range hp.Days {
		d := &hp.Days[i]
		d.Staffed = r.PostFormValue(fmt.Sprintf("staffed.%d", d.Weekday))
		d.Self = r.PostFormValue(fmt.Sprintf("self.%d", d.Weekday))
		staffed, err1 := parsePeriods(d.Staffed)
		self, err2 := parsePeriods(d.Self)
		day := library.Day{Staffed: staffed, SelfService: self}
		err := err1
		if err == nil {
			err = err2
		}
		if err == nil {
			err = day.Validate("hours." + library.Weekdays[d.Weekday])
		}
		if err != nil {
			d.Error, _, _ = s.errText(r, err)
			failed = true
		}
		week[d.Weekday] = day
	}
	if failed {
		hp.Alert = s.Tr(r, "admin.hours.fix")
		return s.renderHours(w, r, http.StatusBadRequest, hp)
	}
	res, err := s.changeHours(r, st, library.HoursChange{BranchID: b.ID, Weekly: &week, Version: version})
	if err == nil && len(res.affected) > 0 {
		hp.Affected = res.affected // nothing saved: shown to confirm, as a conflict
		return s.renderHours(w, r, http.StatusConflict, hp)
	}
	if !res.handled {
		_, err = ba.SetWeeklyHours(r.Context(), b.ID, week, version, st, s.Now())
	}
	if err == nil {
		http.Redirect(w, r, "/admin/branches/"+b.ID+"/hours?done=saved", http.StatusSeeOther)
		return nil
	}
	msg, status, ok := s.errText(r, err)
	if !ok {
		return err
	}
	if library.ErrorCode(err) == library.ECONFLICT {
		cur, berr := s.Store().Branch(r.Context(), b.ID)
		if berr != nil {
			return berr
		}
		hp = s.hoursPage(r, cur)
	}
	hp.Alert = msg
	return s.renderHours(w, r, status, hp)
}

// Calendar.

// monthView is one month of a branch's calendar: its marked days.
type monthView struct {
	ID, Name string
	Days     []markedDay
}

// markedDay is a day, or run of days, that is not a usual day: a
// closure, changed hours, or a public holiday.
type markedDay struct {
	Dates   string
	Kind    string // "closed", "changed" or "holiday"
	Text    string
	Reason  web.LangText
	Holiday string // a holiday's name, when one falls on it
}

// exceptionRow is an exception on the calendar's list.
type exceptionRow struct {
	ID     int64
	Dates  string
	Reason web.LangText
	Hours  string
	Closed bool
}

// exceptionForm is the form of one exception.
type exceptionForm struct {
	ID       int64
	Action   string
	From, To string
	Closed   bool
	Staffed  string
	Self     string
	Reason   textField
	Errors   map[string]string
	// Affected are the bookings the exception would leave out, listed
	// before saving (hours_bookings.go).
	Affected []affectedRow
}

type calendarPage struct {
	Branch     library.Branch
	Name       web.LangText
	Year       int
	Prev, Next int
	Months     []monthView
	Exceptions []exceptionRow
	Form       exceptionForm
	Alert      string
	Done       string
}

func (s *server) serveCalendar(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	_, b, err := s.branchFor(r, st)
	if err != nil {
		return err
	}
	year := s.calendarYear(r)
	cp := &calendarPage{Form: s.newExceptionForm(b.ID, library.HoursException{}, true)}
	cp.Done = s.doneText(r, calendarDone)
	return s.renderCalendar(w, r, b, year, http.StatusOK, cp)
}

func (s *server) calendarYear(r *http.Request) int {
	year := library.DateOf(s.Now().In(library.Helsinki)).Year
	if y, err := strconv.Atoi(r.FormValue("year")); err == nil && y > 1900 && y < 3000 {
		year = y
	}
	return year
}

func (s *server) newExceptionForm(branchID string, e library.HoursException, closed bool) exceptionForm {
	f := exceptionForm{ID: e.ID, Closed: closed, Staffed: periodsText(e.Staffed), Self: periodsText(e.SelfService),
		Reason: s.textField("reason", "admin.exception.reason", e.Reason, false, true), Errors: map[string]string{}}
	if e.From != (library.Date{}) {
		f.From, f.To = e.From.String(), e.To.String()
	}
	f.Action = "/admin/branches/" + branchID + "/exceptions"
	if e.ID != 0 {
		f.Action += "/" + strconv.FormatInt(e.ID, 10)
	}
	return f
}

func (s *server) renderCalendar(w http.ResponseWriter, r *http.Request, b library.Branch, year, status int, cp *calendarPage) error {
	ba, err := s.branchAdmin()
	if err != nil {
		return err
	}
	cal, err := ba.BranchCalendar(r.Context(), b.ID, year)
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	cp.Branch, cp.Name, cp.Year, cp.Prev, cp.Next = b, web.TextIn(b.Name, lang), year, year-1, year+1
	holidays := map[library.Date]string{}
	for _, h := range cal.Holidays {
		holidays[h.Date] = h.Name.Get(lang)
	}
	for m := 1; m <= 12; m++ {
		mv := monthView{ID: fmt.Sprintf("month-%d", m), Name: s.I18n().T(lang, "month.long."+strconv.Itoa(m), nil)}
		first := library.Date{Year: year, Month: timeMonth(m), Day: 1}
		for d := first; d.Month == first.Month; d = d.AddDays(1) {
			md := markedDay{Dates: s.FormatDate(lang, d), Holiday: holidays[d]}
			for _, e := range cal.Exceptions {
				if e.Contains(d) {
					md.Reason = web.TextIn(e.Reason, lang)
					if e.Closed() {
						md.Kind, md.Text = "closed", s.Tr(r, "library.closed")
					} else {
						md.Kind, md.Text = "changed", s.exceptionHours(lang, e)
					}
				}
			}
			if md.Kind == "" && md.Holiday != "" {
				md.Kind = "holiday"
			}
			if md.Kind != "" {
				mv.Days = append(mv.Days, md)
			}
		}
		cp.Months = append(cp.Months, mv)
	}
	for _, e := range cal.Exceptions {
		cp.Exceptions = append(cp.Exceptions, exceptionRow{ID: e.ID, Dates: s.rangeText(lang, e.From, e.To),
			Reason: web.TextIn(e.Reason, lang), Hours: s.exceptionHours(lang, e), Closed: e.Closed()})
	}
	web.NoStore(w)
	s.Render(w, r, status, "admin_branch_calendar", s.Tr(r, "admin.calendar.title"), cp)
	return nil
}

func (s *server) rangeText(lang string, from, to library.Date) string {
	if from == to {
		return s.FormatDate(lang, from)
	}
	return s.I18n().T(lang, "format.range", map[string]any{"From": s.FormatDate(lang, from), "To": s.FormatDate(lang, to)})
}

func (s *server) exceptionHours(lang string, e library.HoursException) string {
	if e.Closed() {
		return s.I18n().T(lang, "library.closed", nil)
	}
	var parts []string
	if len(e.Staffed) > 0 {
		parts = append(parts, s.I18n().T(lang, "library.staffed", nil)+" "+s.FormatPeriods(lang, e.Staffed))
	}
	if len(e.SelfService) > 0 {
		parts = append(parts, s.I18n().T(lang, "library.self", nil)+" "+s.FormatPeriods(lang, e.SelfService))
	}
	return strings.Join(parts, "; ")
}

// formException reads an exception from a posted form.
func formException(r *http.Request, branchID string) (library.HoursException, string, error) {
	e := library.HoursException{BranchID: branchID, Reason: formText(r, "reason")}
	var err error
	if e.From, err = library.ParseDate(r.PostFormValue("from")); err != nil {
		return e, "from", &library.Error{Code: library.EINVALID, Key: "error.exception_dates", Message: "from: " + err.Error()}
	}
	to := r.PostFormValue("to")
	if to == "" {
		e.To = e.From
	} else if e.To, err = library.ParseDate(to); err != nil {
		return e, "to", &library.Error{Code: library.EINVALID, Key: "error.exception_dates", Message: "to: " + err.Error()}
	}
	if r.PostFormValue("closed") != "1" {
		if e.Staffed, err = parsePeriods(r.PostFormValue("staffed")); err != nil {
			return e, "hours", err
		}
		if e.SelfService, err = parsePeriods(r.PostFormValue("self")); err != nil {
			return e, "hours", err
		}
		if e.Closed() {
			return e, "hours", &library.Error{Code: library.EINVALID, Key: "error.admin_exception_no_hours", Message: "hours: none given"}
		}
	}
	return e, "", nil
}

func (s *server) addException(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	return s.saveException(w, r, st, 0)
}

func (s *server) updateException(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	id, err := strconv.ParseInt(r.PathValue("eid"), 10, 64)
	if err != nil || id <= 0 {
		return &library.Error{Code: library.ENOTFOUND, Key: "error.exception_not_found", Message: "bad exception id"}
	}
	return s.saveException(w, r, st, id)
}

func (s *server) saveException(w http.ResponseWriter, r *http.Request, st library.Staff, id int64) error {
	ba, b, err := s.branchFor(r, st)
	if err != nil {
		return err
	}
	e, field, err := formException(r, b.ID)
	e.ID = id
	var affected []affectedRow
	if err == nil {
		var res hoursResult
		res, err = s.changeHours(r, st, library.HoursChange{BranchID: b.ID, Exception: &e})
		switch {
		case err == nil && len(res.affected) > 0:
			affected = res.affected
		case err == nil && res.handled:
			e = res.saved.Exception
		case !res.handled && id == 0:
			e, err = ba.AddException(r.Context(), e, st, s.Now())
		case !res.handled:
			e, err = ba.UpdateException(r.Context(), e, st, s.Now())
		}
		if err == nil && affected == nil {
			http.Redirect(w, r, fmt.Sprintf("/admin/branches/%s/calendar?year=%d&done=saved", b.ID, e.From.Year), http.StatusSeeOther)
			return nil
		}
		field = fieldOf(err, []string{"from", "to", "reason", "hours"}, "")
		if library.ErrorKey(err) == "error.exception_overlap" {
			field = "from"
		}
	}
	msg, status := "", http.StatusConflict // the bookings it would leave out, to confirm
	if err != nil {
		var ok bool
		msg, status, ok = s.errText(r, err)
		if !ok || status == http.StatusNotFound {
			return err
		}
	}
	if library.ErrorKey(err) == "error.exception_overlap" {
		msg = s.overlapText(r, ba, e, msg)
	}
	f := s.newExceptionForm(b.ID, library.HoursException{ID: id, Staffed: e.Staffed, SelfService: e.SelfService, Reason: e.Reason}, r.PostFormValue("closed") == "1")
	f.From, f.To = r.PostFormValue("from"), r.PostFormValue("to")
	f.Staffed, f.Self = r.PostFormValue("staffed"), r.PostFormValue("self")
	f.Affected = affected
	if err == nil {
		// Nothing to put at a field: the form waits for the settlement.
	} else if field == "reason" {
		f.Reason.Error = msg
	} else {
		if field == "" {
			field = "from"
		}
		f.Errors[field] = msg
	}
	if id != 0 {
		return s.renderException(w, r, b, status, f)
	}
	year := s.calendarYear(r)
	if e.From.Year > 1900 && e.From.Year < 3000 {
		year = e.From.Year
	}
	return s.renderCalendar(w, r, b, year, status, &calendarPage{Form: f})
}

// overlapText names the exception an overlapping one clashes with.
func (s *server) overlapText(r *http.Request, ba library.BranchAdmin, e library.HoursException, msg string) string {
	es, err := ba.Exceptions(r.Context(), e.BranchID, e.From, e.To)
	if err != nil {
		return msg
	}
	lang := s.Lang(r)
	for _, o := range es {
		if o.ID != e.ID && o.Overlaps(e) {
			return msg + " " + s.I18n().T(lang, "admin.exception.clash", map[string]any{
				"Dates": s.rangeText(lang, o.From, o.To), "Reason": o.Reason.Get(lang)})
		}
	}
	return msg
}

type exceptionPage struct {
	Branch library.Branch
	Name   web.LangText
	Form   exceptionForm
}

func (s *server) serveException(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	ba, b, err := s.branchFor(r, st)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("eid"), 10, 64)
	es, err := ba.Exceptions(r.Context(), b.ID, library.Date{Year: 1900, Month: 1, Day: 1}, library.Date{Year: 2999, Month: 12, Day: 31})
	if err != nil {
		return err
	}
	for _, e := range es {
		if e.ID == id {
			return s.renderException(w, r, b, http.StatusOK, s.newExceptionForm(b.ID, e, e.Closed()))
		}
	}
	return &library.Error{Code: library.ENOTFOUND, Key: "error.exception_not_found", Message: "no such exception"}
}

func (s *server) renderException(w http.ResponseWriter, r *http.Request, b library.Branch, status int, f exceptionForm) error {
	web.NoStore(w)
	s.Render(w, r, status, "admin_branch_exception", s.Tr(r, "admin.exception.edit"), &exceptionPage{Branch: b, Name: web.TextIn(b.Name, s.Lang(r)), Form: f})
	return nil
}

func (s *server) deleteException(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	ba, b, err := s.branchFor(r, st)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("eid"), 10, 64)
	if err := ba.DeleteException(r.Context(), b.ID, id, st, s.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/branches/%s/calendar?year=%d&done=deleted", b.ID, s.calendarYear(r)), http.StatusSeeOther)
	return nil
}

// Holidays.

type holidayRow struct {
	Code, Date, Name string
	Eve              bool
}

type holidaysPage struct {
	Library  library.Library
	Name     web.LangText
	Year     int
	Holidays []holidayRow
	EveClose string
	Error    string
	Added    int
	Skipped  []string
	Done     bool
}

func (s *server) serveHolidays(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	id := r.PathValue("lib")
	if err := library.Permit(st, library.ActBranches, library.LibraryScope(id)); err != nil {
		return err
	}
	hp := &holidaysPage{EveClose: "15:00"}
	q := r.URL.Query()
	if n, err := strconv.Atoi(q.Get("added")); err == nil {
		lang := s.Lang(r)
		hp.Done, hp.Added = true, n
		for _, d := range q["skipped"] {
			if date, err := library.ParseDate(d); err == nil {
				hp.Skipped = append(hp.Skipped, s.FormatDate(lang, date))
			}
		}
	}
	return s.renderHolidays(w, r, id, http.StatusOK, hp)
}

// holidayYear is the year offered: the coming year unless another is asked.
func (s *server) holidayYear(r *http.Request) int {
	year := library.DateOf(s.Now().In(library.Helsinki)).Year + 1
	if y, err := strconv.Atoi(r.FormValue("year")); err == nil && y > 1900 && y < 3000 {
		year = y
	}
	return year
}

func (s *server) renderHolidays(w http.ResponseWriter, r *http.Request, id string, status int, hp *holidaysPage) error {
	ba, err := s.branchAdmin()
	if err != nil {
		return err
	}
	l, err := ba.Library(r.Context(), id)
	if err != nil {
		return err
	}
	lang := s.Lang(r)
	hp.Library, hp.Name, hp.Year = l, web.TextIn(l.Name, lang), s.holidayYear(r)
	for _, h := range library.Holidays(hp.Year) {
		hp.Holidays = append(hp.Holidays, holidayRow{Code: h.Code, Date: s.FormatDate(lang, h.Date), Name: h.Name.Get(lang), Eve: h.Eve})
	}
	web.NoStore(w)
	s.Render(w, r, status, "admin_library_holidays", s.Tr(r, "admin.holidays.title"), hp)
	return nil
}

func (s *server) adoptHolidays(w http.ResponseWriter, r *http.Request, st library.Staff) error {
	id := r.PathValue("lib")
	if err := library.Permit(st, library.ActBranches, library.LibraryScope(id)); err != nil {
		return err
	}
	ba, err := s.branchAdmin()
	if err != nil {
		return err
	}
	year := s.holidayYear(r)
	hp := &holidaysPage{EveClose: r.PostFormValue("eve_close")}
	eve, err := library.ParseClock(hp.EveClose)
	if err != nil {
		hp.Error = s.Tr(r, "error.admin_eve_close")
		return s.renderHolidays(w, r, id, http.StatusBadRequest, hp)
	}
	chosen := r.PostForm["holiday"]
	var hs []library.Holiday
	for _, h := range library.Holidays(year) {
		for _, c := range chosen {
			if c == h.Code {
				hs = append(hs, h)
			}
		}
	}
	res, err := ba.AdoptHolidays(r.Context(), id, hs, eve, st, s.Now())
	if err != nil {
		msg, status, ok := s.errText(r, err)
		if !ok {
			return err
		}
		hp.Error = msg
		return s.renderHolidays(w, r, id, status, hp)
	}
	// The page the redirect leads to says how many were added and which
	// dates were skipped (a branch had an exception on them already).
	q := url.Values{"year": {strconv.Itoa(year)}, "added": {strconv.Itoa(len(res.Added))}}
	seen := map[library.Date]bool{}
	for _, sk := range res.Skipped {
		if !seen[sk.Date] {
			seen[sk.Date] = true
			q.Add("skipped", sk.Date.String())
		}
	}
	http.Redirect(w, r, "/admin/libraries/"+id+"/holidays?"+q.Encode(), http.StatusSeeOther)
	return nil
}

func timeMonth(m int) time.Month { return time.Month(m) }

// hoursDone are the messages of what a form did, by its ?done= value.
var hoursDone = map[string]string{"saved": "admin.hours.done_saved", "created": "admin.hours.done_created"}

// calendarDone are the messages of what a form did, by its ?done= value.
var calendarDone = map[string]string{"saved": "admin.calendar.done_saved", "deleted": "admin.calendar.done_deleted"}
