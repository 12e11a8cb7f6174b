package library

import (
	"fmt"
	"slices"
	"time"
)

// The rules a new booking must pass, as a pure function over what the
// store reads under the resource's lock (BookingCheck), and the rules of
// cancelling and of no-shows.

// Age returns the age in whole years on day of someone born on birth.
func Age(birth, day Date) int {
	age := day.Year - birth.Year
	if day.Month < birth.Month || day.Month == birth.Month && day.Day < birth.Day {
		age--
	}
	return age
}

// Booker is what the rules need to know of the person booking.
type Booker struct {
	BirthDate Date   // zero when not known
	Category  string // decides the age when BirthDate is unknown
	Guest     bool   // a guest: age is not asked (digital help has no age limit)
	// NoShows are the starts of the person's bookings marked no-show,
	// for NoShowRule.BlockedUntil.
	NoShows []time.Time
}

// assumedAdult is the age taken for a card holder of the adult or staff
// category whose birth date is not known: accounts made before
// registration asked for one are adults' cards, issued at 15 or later,
// and most are far older; one of a child's card is taken for ChildAge-1.
const assumedAdult = 18

// AgeOn returns the booker's age on day, known or assumed from the card's
// category.
func (b Booker) AgeOn(day Date) int {
	switch {
	case b.BirthDate != (Date{}):
		return Age(b.BirthDate, day)
	case b.Category == CategoryChild:
		return ChildAge - 1
	}
	return assumedAdult
}

// BookingCheck is everything deciding on a new booking needs, read by the
// store in one go while it holds the resource's lock, so that Check is a
// pure function and two requests for the same time cannot both pass.
type BookingCheck struct {
	Resource Resource
	Hours    Hours
	Want     Interval
	Now      time.Time
	Booker   Booker
	Rule     NoShowRule
	// Taken are the holding bookings and blocks of the resource that
	// may touch Want (within a day and the buffer of it).
	Taken []Interval
	// Week are the booker's holding bookings of the resource in the week
	// (Monday to Sunday in Helsinki) of Want's start.
	Week []Interval
}

// Check applies the resource's rules to a wanted time, in the order a
// resident can act on: the resource, the length, the time, the person,
// the others' bookings. It returns nil or the first rule broken, as an
// *Error whose Key names it. A booking staff make at the desk passes the
// same rules: only the approval is theirs to skip.
func (c BookingCheck) Check() error {
	r, w := c.Resource, c.Want
	length := int(w.Duration() / time.Minute)
	switch {
	case !r.Active():
		return &Error{Code: ECONFLICT, Key: "error.booking_withdrawn", Message: "the resource is withdrawn"}
	case w.Duration()%r.Slot() != 0:
		return fieldErr("end", "error.booking_slot", "%d minutes is not a whole number of %d-minute slots", length, r.SlotMinutes)
	case length < r.MinMinutes:
		return &Error{Code: EINVALID, Key: "error.booking_too_short", Count: r.MinMinutes,
			Message: fmt.Sprintf("%d minutes; at least %d", length, r.MinMinutes)}
	case length > r.MaxMinutes:
		return &Error{Code: EINVALID, Key: "error.booking_too_long", Count: r.MaxMinutes,
			Message: fmt.Sprintf("%d minutes; at most %d", length, r.MaxMinutes)}
	case w.Start.Before(c.Now):
		return &Error{Code: EINVALID, Key: "error.booking_past", Message: fmt.Sprintf("starts %s, before now %s", w.Start, c.Now)}
	case Horizon(r, c.Now).Before(DateOf(w.Start.In(Helsinki))):
		return &Error{Code: EINVALID, Key: "error.booking_beyond_horizon",
			Message: fmt.Sprintf("starts %s, more than %d days ahead", w.Start, r.HorizonDays)}
	case !OnGrid(r, c.Hours, w):
		return &Error{Code: EINVALID, Key: "error.booking_outside_hours",
			Message: fmt.Sprintf("%s–%s is not whole slots within the opening hours", w.Start, w.End)}
	case !c.Booker.Guest && r.MinAge > 0 && c.Booker.AgeOn(DateOf(w.Start.In(Helsinki))) < r.MinAge:
		return &Error{Code: EFORBIDDEN, Key: "error.booking_under_age", Count: r.MinAge,
			Message: fmt.Sprintf("under the age limit %d", r.MinAge)}
	}
	if until := c.Rule.BlockedUntil(c.Booker.NoShows); c.Now.Before(until) {
		return &Error{Code: EFORBIDDEN, Key: "error.booking_no_show_block",
			Message: fmt.Sprintf("blocked from booking until %s after %d no-shows", until, c.Rule.Count)}
	}
	if err := weekly(r, c.Week, w); err != nil {
		return err
	}
	for _, t := range c.Taken {
		if w.Overlaps(t, r.Buffer()) {
			return &Error{Code: ECONFLICT, Key: "error.booking_overlap",
				Message: fmt.Sprintf("%s–%s overlaps a booking %s–%s (buffer %d min)", w.Start, w.End, t.Start, t.End, r.BufferMinutes)}
		}
	}
	return nil
}

// weekly checks the resource's weekly limit for one person.
func weekly(r Resource, week []Interval, w Interval) error {
	if r.WeeklyBookings > 0 && len(week)+1 > r.WeeklyBookings {
		return &Error{Code: ECONFLICT, Key: "error.booking_weekly_limit", Count: r.WeeklyBookings,
			Message: fmt.Sprintf("%d bookings this week already; at most %d", len(week), r.WeeklyBookings)}
	}
	if r.WeeklyMinutes == 0 {
		return nil
	}
	used := w.Duration()
	for _, b := range week {
		used += b.Duration()
	}
	if used > time.Duration(r.WeeklyMinutes)*time.Minute {
		return &Error{Code: ECONFLICT, Key: "error.booking_weekly_minutes", Count: r.WeeklyMinutes,
			Message: fmt.Sprintf("%v in the week; at most %d minutes", used, r.WeeklyMinutes)}
	}
	return nil
}

// WeekOf returns the week (Monday 00:00 to the next Monday 00:00,
// Helsinki) that t falls in.
func WeekOf(t time.Time) Interval {
	d := DateOf(t.In(Helsinki))
	monday := d.AddDays(-((int(d.Weekday()) + 6) % 7))
	return Interval{monday.In(Helsinki, 0), monday.AddDays(7).In(Helsinki, 0)}
}

// Horizon returns the last day on which a booking of r may start, seen
// at now.
func Horizon(r Resource, now time.Time) Date {
	return DateOf(now.In(Helsinki)).AddDays(r.HorizonDays)
}

// CanCancel reports whether the booker may still cancel b at now: it
// still holds its time and starts at least the resource's cancellation
// time from now.
func CanCancel(r Resource, b Booking, now time.Time) error {
	if b.Status != BookingRequested && b.Status != BookingConfirmed {
		return &Error{Code: ECONFLICT, Key: "error.booking_not_open", Message: "booking is " + b.Status}
	}
	if b.Status == BookingConfirmed && now.After(b.Start.Add(-time.Duration(r.CancelBeforeMinutes)*time.Minute)) {
		return &Error{Code: ECONFLICT, Key: "error.booking_cancel_late",
			Message: fmt.Sprintf("starts %s; cancellable until %d minutes before", b.Start, r.CancelBeforeMinutes)}
	}
	return nil
}

// NoShowRule bars residents who do not come: Count no-shows within
// WindowDays block new bookings for BlockDays after the last of them.
// A Count of 0 turns the rule off. A member library may set its own
// rule; otherwise the consortium's, else DefaultNoShowRule, applies (at
// the library of the resource booked), and it counts the resident's
// no-shows at every library, since the card is one.
type NoShowRule struct {
	Count      int
	WindowDays int
	BlockDays  int
}

// DefaultNoShowRule is "three no-shows in 90 days block new bookings for
// 30 days".
var DefaultNoShowRule = NoShowRule{Count: 3, WindowDays: 90, BlockDays: 30}

// Validate checks a rule's numbers.
func (n NoShowRule) Validate() error {
	if n.Count < 0 || n.Count > 100 || n.WindowDays < 0 || n.WindowDays > 366 || n.BlockDays < 0 || n.BlockDays > 366 ||
		(n.Count > 0 && (n.WindowDays < 1 || n.BlockDays < 1)) {
		return fieldErr("count", "error.booking_no_show_rule", "bad no-show rule %+v", n)
	}
	return nil
}

// BlockedUntil returns when the rule's block after these no-shows ends
// (zero if they cause none). Any Count of them within WindowDays block
// for BlockDays from the last of those.
func (n NoShowRule) BlockedUntil(noShows []time.Time) time.Time {
	var until time.Time
	if n.Count < 1 || len(noShows) < n.Count {
		return until
	}
	ts := slices.Clone(noShows)
	slices.SortFunc(ts, func(a, b time.Time) int { return a.Compare(b) })
	window := time.Duration(n.WindowDays) * 24 * time.Hour
	for i := n.Count - 1; i < len(ts); i++ {
		if ts[i].Sub(ts[i-n.Count+1]) <= window {
			if end := ts[i].Add(time.Duration(n.BlockDays) * 24 * time.Hour); end.After(until) {
				until = end
			}
		}
	}
	return until
}

// Lookback is how far back the no-shows that can still block a booking
// lie: the window and the block.
func (n NoShowRule) Lookback() time.Duration {
	return time.Duration(n.WindowDays+n.BlockDays) * 24 * time.Hour
}
