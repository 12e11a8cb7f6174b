package library

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // libraries keep Helsinki time even where the host has no zoneinfo
)

// Helsinki is the time zone of the consortium's libraries. Instants are
// stored in UTC; opening hours and due dates are computed in this zone.
var Helsinki = mustLoadLocation("Europe/Helsinki")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // time/tzdata is linked in, so this cannot happen
	}
	return loc
}

// Clock is a time of day in minutes after midnight, 0 to 1440.
type Clock int

// NewClock returns the clock time h:m.
func NewClock(h, m int) Clock { return Clock(h*60 + m) }

func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// Period is a span of one day when a branch is open, from Open up to Close.
type Period struct {
	Open, Close Clock
}

// Contains reports whether c falls within p.
func (p Period) Contains(c Clock) bool { return p.Open <= c && c < p.Close }

// Day is how a branch is open on one day: staffed hours, and self-service
// hours when patrons may enter with their card and PIN but no staff is in.
type Day struct {
	Staffed     []Period
	SelfService []Period
	Note        Text // e.g. "Christmas Eve"; set on exceptions
}

// Closed reports whether the branch is not open at all that day.
func (d Day) Closed() bool { return len(d.Staffed) == 0 && len(d.SelfService) == 0 }

// Exception replaces the weekly schedule on one date: a holiday, a closure
// for renovation, or shorter hours on the eve of a holiday.
type Exception struct {
	Date Date
	Day
}

// Hours is a branch's opening hours: a weekly schedule (indexed by
// time.Weekday, Sunday first) and the exceptions to it.
type Hours struct {
	Weekly     [7]Day
	Exceptions []Exception
}

// On returns the hours of date d, and whether they come from an exception.
func (h Hours) On(d Date) (Day, bool) {
	for _, e := range h.Exceptions {
		if e.Date == d {
			return e.Day, true
		}
	}
	return h.Weekly[d.Weekday()], false
}

// OpenStatus says whether a branch is open at an instant.
type OpenStatus int

// The states a branch can be in at one instant.
const (
	Closed OpenStatus = iota
	OpenStaffed
	OpenSelfService
)

// StatusAt returns whether the branch is open at t, and until when (the
// end of the current period, in Helsinki time) if it is.
func (h Hours) StatusAt(t time.Time) (OpenStatus, Clock) {
	local := t.In(Helsinki)
	day, _ := h.On(DateOf(local))
	now := NewClock(local.Hour(), local.Minute())
	for _, p := range day.Staffed {
		if p.Contains(now) {
			return OpenStaffed, p.Close
		}
	}
	for _, p := range day.SelfService {
		if p.Contains(now) {
			return OpenSelfService, p.Close
		}
	}
	return Closed, 0
}

// Opening is the start of a period when a branch opens: staffed hours or
// self-service hours.
type Opening struct {
	At     time.Time  // in Helsinki
	Status OpenStatus // OpenStaffed or OpenSelfService
}

// openingSearchDays is how far ahead NextOpening looks. A branch closed
// for longer (a renovation) has no next opening to tell.
const openingSearchDays = 60

// NextOpening returns the first opening after t that would make the branch
// more open than it is at t: when it is closed, the next period of either
// kind; in self-service hours, the next staffed period; when staffed,
// nothing. ok is false when there is none in the next 60 days. Dates and
// clock times are Helsinki's, so a period's start keeps its wall-clock
// time across a change to or from summer time.
func (h Hours) NextOpening(t time.Time) (o Opening, ok bool) {
	now, _ := h.StatusAt(t)
	if now == OpenStaffed {
		return Opening{}, false
	}
	today := DateOf(t.In(Helsinki))
	for i := range openingSearchDays + 1 {
		d := today.AddDays(i)
		day, _ := h.On(d)
		for _, c := range []struct {
			ps     []Period
			status OpenStatus
		}{{day.Staffed, OpenStaffed}, {day.SelfService, OpenSelfService}} {
			if now == OpenSelfService && c.status == OpenSelfService {
				continue
			}
			for _, p := range c.ps {
				at := d.In(Helsinki, p.Open)
				if at.After(t) && (!ok || at.Before(o.At)) {
					o, ok = Opening{At: at, Status: c.status}, true
				}
			}
		}
		if ok {
			return o, true
		}
	}
	return Opening{}, false
}

// Date is a calendar date without a time or zone, as opening hours and
// due dates are thought of.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses a date written as 2006-01-02.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, Errorf(EINVALID, "bad date %q", s)
	}
	return DateOf(t), nil
}

func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// In returns the instant at clock time c on d in loc.
func (d Date) In(loc *time.Location, c Clock) time.Time {
	return time.Date(d.Year, d.Month, d.Day, int(c)/60, int(c)%60, 0, 0, loc)
}

// AddDays returns the date n days after d (before, if n is negative).
func (d Date) AddDays(n int) Date {
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

// Before reports whether d comes before e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// Weekdays names the days of Hours.Weekly in the import format and in
// error messages, Sunday first like time.Weekday.
var Weekdays = [7]string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// ParseClock parses a clock time written as 9:00, 09:00 or 24:00 (the
// end of a day), exactly to the minute.
func ParseClock(s string) (Clock, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(m) != 2 || len(h) == 0 || len(h) > 2 ||
		hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, Errorf(EINVALID, "bad time %q: want HH:MM", s)
	}
	return NewClock(hh, mm), nil
}

// ParsePeriod parses a period written as 09:00-20:00 (an en dash may
// stand for the hyphen).
func ParsePeriod(s string) (Period, error) {
	a, b, ok := strings.Cut(strings.ReplaceAll(s, "–", "-"), "-")
	if !ok {
		return Period{}, Errorf(EINVALID, "bad period %q: want HH:MM-HH:MM", s)
	}
	open, err := ParseClock(a)
	if err != nil {
		return Period{}, err
	}
	close, err := ParseClock(b)
	if err != nil {
		return Period{}, err
	}
	return Period{Open: open, Close: close}, nil
}

func (p Period) String() string { return p.Open.String() + "-" + p.Close.String() }

// Validate checks a day's hours: every period starts before it ends,
// within the day (24:00 may end one), and no two periods overlap, staffed
// and self-service alike, since a branch is open one way at a time.
// Touching periods (9-12 staffed, 12-20 self-service) are fine. field
// names the day in the error's message.
func (d Day) Validate(field string) error {
	var all []Period
	for _, c := range []struct {
		name string
		ps   []Period
	}{{"staffed", d.Staffed}, {"self_service", d.SelfService}} {
		for i, p := range c.ps {
			f := fmt.Sprintf("%s.%s[%d]", field, c.name, i)
			if p.Open < 0 || p.Close > 24*60 || p.Open >= p.Close {
				return fieldErr(f, "error.hours_period", "%s: %s does not start before it ends within the day", f, p)
			}
			for _, q := range all {
				if p.Open < q.Close && q.Open < p.Close {
					return fieldErr(f, "error.hours_overlap", "%s: %s overlaps %s", f, p, q)
				}
			}
			all = append(all, p)
		}
	}
	return nil
}

// ValidateWeekly checks the weekly schedule (see Day.Validate) and sorts
// each day's periods.
func (h *Hours) ValidateWeekly() error {
	for wd := range h.Weekly {
		d := &h.Weekly[wd]
		if err := d.Validate("hours." + Weekdays[wd]); err != nil {
			return err
		}
		sortPeriods(d.Staffed)
		sortPeriods(d.SelfService)
		d.Note = nil
	}
	return nil
}

func sortPeriods(ps []Period) {
	slices.SortFunc(ps, func(a, b Period) int { return int(a.Open - b.Open) })
}

// HoursException is a dated exception to a branch's weekly hours, as
// staff edit it: a closure (a holiday, a renovation) or changed hours
// over a range of days, with a reason in every language. A branch's
// exceptions never overlap.
type HoursException struct {
	ID       int64
	BranchID string
	From, To Date // inclusive
	Reason   Text // Finnish required
	// Staffed and SelfService are the hours of every day in the range;
	// both empty means closed.
	Staffed     []Period
	SelfService []Period
	// Holiday is the code of the public holiday the exception was adopted
	// for (see Holidays), "" for one staff made.
	Holiday string
	Updated time.Time
}

// Closed reports whether the branch is closed throughout the exception.
func (e HoursException) Closed() bool { return len(e.Staffed) == 0 && len(e.SelfService) == 0 }

// Day returns the hours of each day of the exception.
func (e HoursException) Day() Day {
	return Day{Staffed: e.Staffed, SelfService: e.SelfService, Note: e.Reason}
}

// Contains reports whether d falls in the exception.
func (e HoursException) Contains(d Date) bool { return !d.Before(e.From) && !e.To.Before(d) }

// Overlaps reports whether e and f share a day.
func (e HoursException) Overlaps(f HoursException) bool {
	return !e.To.Before(f.From) && !f.To.Before(e.From)
}

// MaxExceptionAhead is how far ahead an exception may end: hours are
// planned a year or two ahead, and a date further off is more likely a
// typing error (2207 for 2027) than a plan.
const MaxExceptionAhead = 2 * 366

// Validate checks an exception made on today: the range runs forwards,
// ends within MaxExceptionAhead days, has a Finnish reason, and its hours
// pass Day.Validate. It normalises the reason and sorts the periods.
func (e *HoursException) Validate(today Date) error {
	if e.From.Month < 1 || e.From.Month > 12 || e.To.Month < 1 || e.To.Month > 12 ||
		e.From != DateOf(e.From.In(time.UTC, 0)) || e.To != DateOf(e.To.In(time.UTC, 0)) {
		return fieldErr("from", "error.exception_dates", "bad dates %s – %s", e.From, e.To)
	}
	if e.To.Before(e.From) {
		return fieldErr("to", "error.exception_dates", "ends %s before it starts %s", e.To, e.From)
	}
	if limit := today.AddDays(MaxExceptionAhead); limit.Before(e.To) {
		return fieldErr("to", "error.exception_far", "ends %s, later than %s", e.To, limit)
	}
	var err error
	if e.Reason, err = validText("reason", e.Reason, maxNameLen, true); err != nil {
		return err
	}
	if err := (Day{Staffed: e.Staffed, SelfService: e.SelfService}).Validate("hours"); err != nil {
		return err
	}
	sortPeriods(e.Staffed)
	sortPeriods(e.SelfService)
	return nil
}

// ExpandExceptions returns the exceptions as Hours.Exceptions holds them,
// one per date in date order, the form the pages, the iCal feeds and due
// dates read.
func ExpandExceptions(es []HoursException) []Exception {
	var out []Exception
	for _, e := range es {
		for d := e.From; !e.To.Before(d); d = d.AddDays(1) {
			out = append(out, Exception{Date: d, Day: e.Day()})
		}
	}
	slices.SortFunc(out, func(a, b Exception) int {
		switch {
		case a.Date.Before(b.Date):
			return -1
		case b.Date.Before(a.Date):
			return 1
		}
		return 0
	})
	return out
}

// Calendar is a branch's year for an hours calendar: the exceptions that
// touch the year, and the year's public holidays with the exception that
// covers each (if any), so that a page can offer the rest for adoption.
type Calendar struct {
	BranchID   string
	Year       int
	Weekly     [7]Day
	Exceptions []HoursException
	Holidays   []CalendarHoliday
}

// CalendarHoliday is a public holiday and the exception covering it.
type CalendarHoliday struct {
	Holiday
	ExceptionID int64 // 0 when no exception covers the date
}

// ValidateExceptions checks exceptions of one branch against each other:
// no two may share a day. It names the later of a clashing pair by its
// index in es.
func ValidateExceptions(es []HoursException) error {
	idx := make([]int, len(es))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case es[a].From.Before(es[b].From):
			return -1
		case es[b].From.Before(es[a].From):
			return 1
		}
		return 0
	})
	for k := 1; k < len(idx); k++ {
		a, b := es[idx[k-1]], es[idx[k]]
		if a.Overlaps(b) {
			i, j := min(idx[k-1], idx[k]), max(idx[k-1], idx[k])
			return fieldErr(fmt.Sprintf("[%d]", j), "error.exception_overlap",
				"[%d]: %s–%s overlaps [%d] %s–%s", j, es[j].From, es[j].To, i, es[i].From, es[i].To)
		}
	}
	return nil
}
