package library

import (
	"slices"
	"time"
)

// Recurring events. A Series is a template Event and a Recurrence; the
// store materialises the rule's dates as occurrences (see event.go).

// Bounds of a series, so that none is endless and one edit never writes
// thousands of rows.
const (
	MaxOccurrences = 200
	MaxSeriesSpan  = 2 * 366 // days from the first date to the last
	maxInterval    = 52      // weeks between occurrences
)

// Recurrence is a weekly rule: on Weekdays, every Interval weeks, from
// From until Until or for Count dates (exactly one of the two), at the
// wall-clock times Start to End in Helsinki. Except lists dates that are
// skipped (a holiday, the autumn break).
//
// Count counts the rule's dates before Except removes any, as
// iCalendar's COUNT and EXDATE do, so that the rule can be published as
// an RRULE unchanged.
type Recurrence struct {
	Weekdays []time.Weekday
	Interval int // weeks between the weeks that have occurrences; 1 is every week
	From     Date
	Until    Date // the last date that may have an occurrence; zero with Count
	Count    int  // the number of dates; 0 with Until
	Start    Clock
	End      Clock // after Start, on the same day
	Except   []Date
}

// Validate checks a rule and normalises it: weekdays (Monday first, as
// Finnish weeks go) and exception dates sorted and deduplicated, Interval 1 when 0. A rule that never ends, or
// that would make more than MaxOccurrences dates or reach further than
// MaxSeriesSpan days, is refused; so is one that makes no date at all.
func (r *Recurrence) Validate() error {
	if len(r.Weekdays) == 0 {
		return fieldErr("weekdays", "error.event_series_weekdays", "no weekday")
	}
	for _, d := range r.Weekdays {
		if d < time.Sunday || d > time.Saturday {
			return fieldErr("weekdays", "error.event_series_weekdays", "bad weekday %d", d)
		}
	}
	slices.SortFunc(r.Weekdays, func(a, b time.Weekday) int { return mondayOffset(a) - mondayOffset(b) })
	r.Weekdays = slices.Compact(r.Weekdays)
	if r.Interval == 0 {
		r.Interval = 1
	}
	if r.Interval < 1 || r.Interval > maxInterval {
		return fieldErr("interval", "error.event_series_interval", "interval %d weeks out of range", r.Interval)
	}
	if r.From == (Date{}) {
		return fieldErr("from", "error.event_series_from", "no first date")
	}
	switch {
	case r.Until == (Date{}) && r.Count == 0:
		return fieldErr("until", "error.event_series_endless", "neither an end date nor a count: the series would never end")
	case r.Until != (Date{}) && r.Count != 0:
		return fieldErr("until", "error.event_series_until_and_count", "both an end date and a count")
	case r.Count < 0 || r.Count > MaxOccurrences:
		return fieldErr("count", "error.event_series_too_long", "count %d out of range 1–%d", r.Count, MaxOccurrences)
	case r.Until != (Date{}) && r.Until.Before(r.From):
		return fieldErr("until", "error.event_series_until_before_from", "ends %s before it starts %s", r.Until, r.From)
	case r.Until != (Date{}) && daysBetween(r.From, r.Until) > MaxSeriesSpan:
		return fieldErr("until", "error.event_series_too_long", "from %s to %s is longer than %d days", r.From, r.Until, MaxSeriesSpan)
	}
	if r.Start < 0 || r.End > NewClock(24, 0) || r.End <= r.Start {
		return fieldErr("end", "error.event_end_before_start", "ends %s, not after its start %s", r.End, r.Start)
	}
	slices.SortFunc(r.Except, cmpDates)
	r.Except = slices.Compact(r.Except)
	all := r.ruleDates(MaxOccurrences + 1)
	if len(all) > MaxOccurrences {
		return fieldErr("until", "error.event_series_too_long", "more than %d dates", MaxOccurrences)
	}
	if len(all) > 0 && daysBetween(r.From, all[len(all)-1]) > MaxSeriesSpan {
		return fieldErr("count", "error.event_series_too_long", "the dates reach further than %d days", MaxSeriesSpan)
	}
	if len(r.Dates()) == 0 {
		return fieldErr("from", "error.event_series_empty", "the rule makes no date")
	}
	return nil
}

// Dates returns the rule's dates in order, the exceptions left out. Call
// it on a validated rule.
func (r Recurrence) Dates() []Date {
	return slices.DeleteFunc(r.ruleDates(MaxOccurrences), func(d Date) bool {
		return slices.Contains(r.Except, d)
	})
}

// ruleDates returns up to limit dates of the rule, exceptions included,
// on a rule whose weekdays are sorted Monday first.
// Weeks start on Monday, as in Finland, and are counted from the week of
// From: with Interval 2 the week of From has occurrences, the next not.
func (r Recurrence) ruleDates(limit int) []Date {
	interval := max(r.Interval, 1)
	monday := r.From.AddDays(-mondayOffset(r.From.Weekday()))
	last := r.Until
	if last == (Date{}) {
		last = r.From.AddDays(MaxSeriesSpan + 7*interval) // bounded even while counting
	}
	var out []Date
	for week := monday; !last.Before(week); week = week.AddDays(7 * interval) {
		for _, wd := range r.Weekdays {
			d := week.AddDays(mondayOffset(wd))
			if d.Before(r.From) || last.Before(d) {
				continue
			}
			if len(out) == limit || (r.Count > 0 && len(out) == r.Count) {
				return out
			}
			out = append(out, d)
		}
	}
	return out
}

// Times returns the start and end instants of the occurrence on d: the
// rule's wall-clock times in Helsinki on that date, whatever its offset
// from UTC that day.
func (r Recurrence) Times(d Date) (start, end time.Time) {
	return d.In(Helsinki, r.Start).UTC(), d.In(Helsinki, r.End).UTC()
}

// Series is a recurring event: the template every occurrence is made
// from, and its rule.
type Series struct {
	ID int64
	// Template holds the fields every occurrence gets. Its Start and End
	// are the rule's first occurrence, its SignupOpens is ignored (see
	// SignupDays), and its Status and PublishAt apply to every
	// occurrence made or regenerated.
	Template Event
	Rule     Recurrence
	// SignupDays is how many days before each occurrence sign-up opens
	// (0: as soon as the occurrence is public), for a series with
	// registration.
	SignupDays  int
	CancelledAt time.Time // zero unless the whole series was cancelled
	Version     int64
	Created     time.Time
	Updated     time.Time
	// Occurrences are the series' events in order of start, past ones
	// included; filled by the store's EventSeries.
	Occurrences []Event
}

// maxSignupDays bounds SignupDays.
const maxSignupDays = 366

// Validate checks the series' rule and template, and makes the template's
// Start and End the first occurrence's (so that the template validates
// as an event). It normalises both.
func (s *Series) Validate() error {
	if err := s.Rule.Validate(); err != nil {
		return err
	}
	if s.SignupDays < 0 || s.SignupDays > maxSignupDays {
		return fieldErr("signup_days", "error.event_signup_days", "sign-up %d days before out of range", s.SignupDays)
	}
	first := s.Rule.Dates()[0]
	s.Template.Start, s.Template.End = s.Rule.Times(first)
	s.Template.SignupOpens = time.Time{}
	s.Template.SeriesID, s.Template.OccurrenceDate, s.Template.Changed = s.ID, Date{}, false
	return s.Template.Validate()
}

// Occurrence returns the event of the series on date d: the template with
// the rule's times on d and sign-up opening SignupDays before.
func (s Series) Occurrence(d Date) Event {
	e := s.Template
	e.ID, e.SeriesID, e.OccurrenceDate, e.Changed = 0, s.ID, d, false
	e.Start, e.End = s.Rule.Times(d)
	e.SignupOpens = time.Time{}
	if e.Registration && s.SignupDays > 0 {
		e.SignupOpens = d.AddDays(-s.SignupDays).In(Helsinki, 0).UTC()
	}
	e.Audiences = slices.Clone(e.Audiences)
	e.Languages = slices.Clone(e.Languages)
	return e
}

// Why a series edit left an occurrence as it was (SeriesChange.Kept).
const (
	KeptChanged = "changed" // changed on its own (or cancelled on its own)
	KeptSignups = "signups" // people have signed up for it
)

// KeptOccurrence is a future occurrence a series edit did not touch.
type KeptOccurrence struct {
	Event  Event
	Reason string // KeptChanged or KeptSignups
	// InRule reports whether its date is still one of the rule's; when
	// not, it stays in the series but off the rule.
	InRule bool
}

// SeriesChange is what creating, editing or cancelling a series did to
// its future occurrences.
type SeriesChange struct {
	Series                    Series
	Created, Updated, Removed int
	Cancelled                 int // by CancelSeries
	Kept                      []KeptOccurrence
}

// mondayOffset is how many days wd comes after Monday.
func mondayOffset(wd time.Weekday) int { return (int(wd) + 6) % 7 }

func cmpDates(a, b Date) int {
	switch {
	case a.Before(b):
		return -1
	case b.Before(a):
		return 1
	}
	return 0
}

// daysBetween is the number of days from a to b.
func daysBetween(a, b Date) int {
	ta := time.Date(a.Year, a.Month, a.Day, 12, 0, 0, 0, time.UTC)
	tb := time.Date(b.Year, b.Month, b.Day, 12, 0, 0, 0, time.UTC)
	return int(tb.Sub(ta).Hours() / 24)
}
