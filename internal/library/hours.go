package library

import (
	"fmt"
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
