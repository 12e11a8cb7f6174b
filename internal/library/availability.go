package library

import (
	"slices"
	"time"
)

// Availability: when a resource is free, computed from the branch's hours
// and the resource's bookings alone, so that the store reads them in one
// go and these pure functions do the rest (and are table-tested on
// summer-time days, holidays and buffers).
//
// A resource may be booked in windows: the branch's staffed periods of a
// day, and its self-service periods when the resource allows them,
// touching periods joined into one. Each window is cut into the
// resource's slots from its opening; bookings start and end on slot
// boundaries. Clock times are Helsinki's; the slots are stepped in real
// time from the window's opening instant, so the day summer time begins
// has one hour fewer to book and the day it ends one more, and no slot
// is ever longer or shorter than its length.

// Slot states.
const (
	SlotFree  = "free"  // a booking of the resource's minimum length may start here
	SlotShort = "short" // not taken, but the free time from here is shorter than the minimum booking
	SlotTaken = "taken" // booked or blocked, or within a booking's buffer
	SlotPast  = "past"  // it has started
	SlotLater = "later" // beyond how far ahead the resource may be booked
)

// Slot is one step of a resource's booking grid.
type Slot struct {
	Interval
	State string
	// SelfService marks a slot outside the branch's staffed hours: no
	// staff are in, and the booker lets themselves in.
	SelfService bool
	// MaxMinutes is the longest booking that may start here: up to the
	// resource's maximum, as far as the free time and the window reach.
	// 0 unless State is SlotFree.
	MaxMinutes int
}

// DayAvailability is one day of a resource's grid.
type DayAvailability struct {
	Date    Date
	Windows []Interval // when the resource may be booked; none when closed
	Note    Text       // the day's exception note ("Christmas Eve"), if any
	Slots   []Slot     // in time order
}

// Closed reports whether the resource cannot be booked at all that day.
func (d DayAvailability) Closed() bool { return len(d.Windows) == 0 }

// Free returns the day's slots where a booking may start: the plain list
// of free times.
func (d DayAvailability) Free() []Slot {
	var out []Slot
	for _, s := range d.Slots {
		if s.State == SlotFree {
			out = append(out, s)
		}
	}
	return out
}

// Availability is a resource's grid over a range of days.
type Availability struct {
	Resource Resource
	Days     []DayAvailability
}

// Windows returns the windows of date d in which r may be booked, as
// instants, in time order.
func Windows(r Resource, h Hours, d Date) []Interval {
	day, _ := h.On(d)
	ps := slices.Clone(day.Staffed)
	if r.SelfService {
		ps = append(ps, day.SelfService...)
	}
	slices.SortFunc(ps, func(a, b Period) int { return int(a.Open - b.Open) })
	var merged []Period
	for _, p := range ps {
		if p.Open >= p.Close {
			continue
		}
		if n := len(merged); n > 0 && p.Open <= merged[n-1].Close {
			merged[n-1].Close = max(merged[n-1].Close, p.Close)
			continue
		}
		merged = append(merged, p)
	}
	out := make([]Interval, 0, len(merged))
	for _, p := range merged {
		out = append(out, Interval{d.In(Helsinki, p.Open), d.In(Helsinki, p.Close)})
	}
	return out
}

// OnGrid reports whether w is whole slots of r inside one of the windows
// of its start's day: a time a booking may have.
func OnGrid(r Resource, h Hours, w Interval) bool {
	if r.SlotMinutes <= 0 || !w.End.After(w.Start) {
		return false
	}
	for _, win := range Windows(r, h, DateOf(w.Start.In(Helsinki))) {
		if !w.Start.Before(win.Start) && !w.End.After(win.End) {
			return w.Start.Sub(win.Start)%r.Slot() == 0 && w.Duration()%r.Slot() == 0
		}
	}
	return false
}

// AvailableTimes returns r's grid for the days from to to (inclusive), seen at
// now, with taken the resource's holding bookings and blocks (in any
// order; those outside the days do no harm).
func AvailableTimes(r Resource, h Hours, taken []Interval, from, to Date, now time.Time) Availability {
	busy := widen(taken, r.Buffer())
	out := Availability{Resource: r}
	horizon := Horizon(r, now)
	for d := from; !to.Before(d); d = d.AddDays(1) {
		out.Days = append(out.Days, availableOn(r, h, busy, d, now, horizon))
	}
	return out
}

// availableOn returns one day's grid; busy is sorted and disjoint.
func availableOn(r Resource, h Hours, busy []Interval, d Date, now time.Time, horizon Date) DayAvailability {
	if !r.Active() {
		return DayAvailability{Date: d} // withdrawn: nothing to book
	}
	day, exception := h.On(d)
	out := DayAvailability{Date: d, Windows: Windows(r, h, d)}
	if exception {
		out.Note = day.Note
	}
	staffed := Windows(Resource{}, h, d) // SelfService false: the staffed hours alone
	slot := r.Slot()
	if slot <= 0 {
		return out
	}
	n := 0
	for _, win := range out.Windows {
		n += int(win.Duration() / slot)
	}
	out.Slots = make([]Slot, 0, n)
	for _, win := range out.Windows {
		first := len(out.Slots)
		for s := win.Start; !s.Add(slot).After(win.End); s = s.Add(slot) {
			iv := Interval{s, s.Add(slot)}
			st := Slot{Interval: iv, SelfService: !within(iv, staffed)}
			switch {
			case s.Before(now):
				st.State = SlotPast
			case horizon.Before(d):
				st.State = SlotLater
			case isTaken(busy, iv):
				st.State = SlotTaken
			default:
				st.State = SlotFree
			}
			out.Slots = append(out.Slots, st)
		}
		lengths(r, out.Slots[first:])
	}
	return out
}

// lengths sets MaxMinutes on the free slots of one window, and marks
// SlotShort those from which the free run is shorter than the minimum
// booking. A run of free slots is walked backwards, so each slot knows
// how much free time follows it.
func lengths(r Resource, slots []Slot) {
	run := 0 // minutes free from the slot after this one on
	for i := len(slots) - 1; i >= 0; i-- {
		s := &slots[i]
		if s.State != SlotFree {
			run = 0
			continue
		}
		run += r.SlotMinutes
		if run < r.MinMinutes {
			s.State = SlotShort
			continue
		}
		s.MaxMinutes = min(run, r.MaxMinutes)
	}
}

// widen returns the intervals each widened by gap on both sides, sorted
// and merged where they touch, for isTaken.
func widen(ivs []Interval, gap time.Duration) []Interval {
	out := make([]Interval, 0, len(ivs))
	for _, iv := range ivs {
		out = append(out, Interval{iv.Start.Add(-gap), iv.End.Add(gap)})
	}
	slices.SortFunc(out, func(a, b Interval) int { return a.Start.Compare(b.Start) })
	merged := out[:0]
	for _, iv := range out {
		if n := len(merged); n > 0 && !iv.Start.After(merged[n-1].End) {
			if iv.End.After(merged[n-1].End) {
				merged[n-1].End = iv.End
			}
			continue
		}
		merged = append(merged, iv)
	}
	return merged
}

// isTaken reports whether iv shares a moment with any of busy, which is
// sorted and disjoint: only the last interval starting before iv ends can.
func isTaken(busy []Interval, iv Interval) bool {
	i, _ := slices.BinarySearchFunc(busy, iv.End, func(b Interval, t time.Time) int {
		if b.Start.Before(t) {
			return -1
		}
		return 1
	})
	return i > 0 && busy[i-1].End.After(iv.Start)
}

// within reports whether iv lies inside one of ivs.
func within(iv Interval, ivs []Interval) bool {
	for _, w := range ivs {
		if !iv.Start.Before(w.Start) && !iv.End.After(w.End) {
			return true
		}
	}
	return false
}

// NextFree returns the first slot of r from now on where a booking may
// start, within the resource's horizon, and false when there is none.
func NextFree(r Resource, h Hours, taken []Interval, now time.Time) (Slot, bool) {
	busy := widen(taken, r.Buffer())
	horizon := Horizon(r, now)
	for d := DateOf(now.In(Helsinki)); !horizon.Before(d); d = d.AddDays(1) {
		for _, s := range availableOn(r, h, busy, d, now, horizon).Slots {
			if s.State == SlotFree {
				return s, true
			}
		}
	}
	return Slot{}, false
}

// OutsideHours returns the bookings that the hours h no longer give room
// for: each is checked against the windows of its resource (a booking of
// a resource missing from resources is left out).
func OutsideHours(bookings []Booking, resources map[int64]Resource, h Hours) []Booking {
	var out []Booking
	for _, b := range bookings {
		r, ok := resources[b.ResourceID]
		if !ok || b.Block {
			continue
		}
		fits := false
		for _, win := range Windows(r, h, DateOf(b.Start.In(Helsinki))) {
			if !b.Start.Before(win.Start) && !b.End.After(win.End) {
				fits = true
				break
			}
		}
		if !fits {
			out = append(out, b)
		}
	}
	return out
}
