package library

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// hel returns a Helsinki clock time on a date.
func hel(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, Helsinki).UTC()
}

// studio is a resource with hour slots, one to two hours a booking.
func studio() Resource {
	return Resource{ID: 1, BranchID: "hki-oodi", Kind: KindRehearsalStudio, Name: Text{"fi": "Studio"}, Capacity: 4,
		SlotMinutes: 60, MinMinutes: 60, MaxMinutes: 120, HorizonDays: 14}
}

// weekdays9to17 is open 9–17 staffed Monday to Friday, with self-service
// 7–9 and 17–20, and closed at the weekend; Christmas Eve 9–12 only.
func weekdays9to17() Hours {
	var h Hours
	for d := time.Monday; d <= time.Friday; d++ {
		h.Weekly[d] = Day{
			Staffed:     []Period{{NewClock(9, 0), NewClock(17, 0)}},
			SelfService: []Period{{NewClock(7, 0), NewClock(9, 0)}, {NewClock(17, 0), NewClock(20, 0)}},
		}
	}
	h.Exceptions = []Exception{{Date: Date{2026, time.December, 24}, Day: Day{
		Staffed: []Period{{NewClock(9, 0), NewClock(12, 0)}}, Note: Text{"fi": "Jouluaatto"}}}}
	return h
}

// allDay is open around the clock every day (self-service at night), to
// see summer time begin and end.
func allDay() Hours {
	var h Hours
	for d := range h.Weekly {
		h.Weekly[d] = Day{Staffed: []Period{{0, NewClock(24, 0)}}}
	}
	return h
}

// grid writes a day's slots as "HH:MM state" lines in Helsinki time, with
// "+" on self-service slots and the longest booking on free ones.
func grid(d DayAvailability) string {
	var b strings.Builder
	for _, s := range d.Slots {
		fmt.Fprintf(&b, "%s %s", s.Start.In(Helsinki).Format("15:04"), s.State)
		if s.SelfService {
			b.WriteString("+")
		}
		if s.MaxMinutes > 0 {
			fmt.Fprintf(&b, " %d", s.MaxMinutes)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func TestAvailableTimes(t *testing.T) {
	monday := Date{2026, time.November, 23}
	early := hel(2026, time.November, 20, 12, 0) // the Friday before
	tests := []struct {
		name  string
		r     func(r *Resource)
		h     Hours
		taken []Interval
		day   Date
		now   time.Time
		want  string
	}{
		{
			name: "an empty staffed day",
			day:  monday, now: early,
			want: "09:00 free 120\n10:00 free 120\n11:00 free 120\n12:00 free 120\n13:00 free 120\n14:00 free 120\n15:00 free 120\n16:00 free 60\n",
		},
		{
			name:  "a booking takes its slots, and the free time before it is shorter",
			taken: []Interval{{hel(2026, time.November, 23, 11, 0), hel(2026, time.November, 23, 13, 0)}},
			day:   monday, now: early,
			want: "09:00 free 120\n10:00 free 60\n11:00 taken\n12:00 taken\n13:00 free 120\n14:00 free 120\n15:00 free 120\n16:00 free 60\n",
		},
		{
			name:  "a buffer takes the slots next to a booking",
			r:     func(r *Resource) { r.SlotMinutes, r.MinMinutes, r.BufferMinutes = 30, 60, 15 },
			taken: []Interval{{hel(2026, time.November, 23, 10, 0), hel(2026, time.November, 23, 11, 0)}},
			h: func() Hours {
				h := weekdays9to17()
				h.Weekly[time.Monday].Staffed = []Period{{NewClock(9, 0), NewClock(12, 0)}}
				return h
			}(),
			day: monday, now: early,
			want: "09:00 short\n09:30 taken\n10:00 taken\n10:30 taken\n11:00 taken\n11:30 short\n",
		},
		{
			name: "a minimum of two slots leaves a lone free slot short",
			r:    func(r *Resource) { r.SlotMinutes, r.MinMinutes, r.MaxMinutes = 30, 60, 90 },
			taken: []Interval{
				{hel(2026, time.November, 23, 9, 30), hel(2026, time.November, 23, 10, 0)},
				{hel(2026, time.November, 23, 11, 0), hel(2026, time.November, 23, 16, 0)},
			},
			day: monday, now: early,
			want: "09:00 short\n09:30 taken\n10:00 free 60\n10:30 short\n" +
				"11:00 taken\n11:30 taken\n12:00 taken\n12:30 taken\n13:00 taken\n13:30 taken\n14:00 taken\n14:30 taken\n15:00 taken\n15:30 taken\n" +
				"16:00 free 60\n16:30 short\n",
		},
		{
			name: "a withdrawn resource has no slots",
			r:    func(r *Resource) { r.WithdrawnAt = early },
			day:  monday, now: early,
			want: "",
		},
		{
			name: "a closed day has no slots",
			day:  Date{2026, time.November, 22}, now: early, // a Sunday
			want: "",
		},
		{
			name: "an exception's hours replace the week's",
			day:  Date{2026, time.December, 24}, now: hel(2026, time.December, 20, 12, 0),
			want: "09:00 free 120\n10:00 free 120\n11:00 free 60\n",
		},
		{
			name: "self-service hours join the staffed ones where the resource allows",
			r:    func(r *Resource) { r.SelfService = true },
			day:  monday, now: early,
			want: "07:00 free+ 120\n08:00 free+ 120\n09:00 free 120\n10:00 free 120\n11:00 free 120\n12:00 free 120\n13:00 free 120\n" +
				"14:00 free 120\n15:00 free 120\n16:00 free 120\n17:00 free+ 120\n18:00 free+ 120\n19:00 free+ 60\n",
		},
		{
			name: "started slots are past",
			day:  monday, now: hel(2026, time.November, 23, 10, 30),
			want: "09:00 past\n10:00 past\n11:00 free 120\n12:00 free 120\n13:00 free 120\n14:00 free 120\n15:00 free 120\n16:00 free 60\n",
		},
		{
			name: "beyond the horizon is later",
			r:    func(r *Resource) { r.HorizonDays = 2 },
			day:  monday, now: early, // Friday + 2 days is Sunday
			want: "09:00 later\n10:00 later\n11:00 later\n12:00 later\n13:00 later\n14:00 later\n15:00 later\n16:00 later\n",
		},
		{
			name: "the day summer time begins has 23 hours",
			h:    allDay(),
			r:    func(r *Resource) { r.MaxMinutes = 60 },
			day:  Date{2026, time.March, 29}, now: hel(2026, time.March, 20, 12, 0),
			want: "00:00 free 60\n01:00 free 60\n02:00 free 60\n04:00 free 60\n05:00 free 60\n06:00 free 60\n07:00 free 60\n08:00 free 60\n" +
				"09:00 free 60\n10:00 free 60\n11:00 free 60\n12:00 free 60\n13:00 free 60\n14:00 free 60\n15:00 free 60\n16:00 free 60\n" +
				"17:00 free 60\n18:00 free 60\n19:00 free 60\n20:00 free 60\n21:00 free 60\n22:00 free 60\n23:00 free 60\n",
		},
		{
			name: "the day summer time ends has 25 hours",
			h:    allDay(),
			r:    func(r *Resource) { r.MaxMinutes = 60 },
			day:  Date{2026, time.October, 25}, now: hel(2026, time.October, 20, 12, 0),
			want: "00:00 free 60\n01:00 free 60\n02:00 free 60\n03:00 free 60\n03:00 free 60\n04:00 free 60\n05:00 free 60\n06:00 free 60\n" +
				"07:00 free 60\n08:00 free 60\n09:00 free 60\n10:00 free 60\n11:00 free 60\n12:00 free 60\n13:00 free 60\n14:00 free 60\n" +
				"15:00 free 60\n16:00 free 60\n17:00 free 60\n18:00 free 60\n19:00 free 60\n20:00 free 60\n21:00 free 60\n22:00 free 60\n23:00 free 60\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := studio()
			if tt.r != nil {
				tt.r(&r)
			}
			h := tt.h
			if h.Weekly[time.Monday].Closed() { // not given
				h = weekdays9to17()
			}
			a := AvailableTimes(r, h, tt.taken, tt.day, tt.day, tt.now)
			if len(a.Days) != 1 {
				t.Fatalf("%d days, want 1", len(a.Days))
			}
			if diff := cmp.Diff(tt.want, grid(a.Days[0])); diff != "" {
				t.Errorf("slots (-want +got):\n%s", diff)
			}
			for _, s := range a.Days[0].Slots {
				if s.Duration() != r.Slot() {
					t.Errorf("slot at %s is %v long, want %v", s.Start, s.Duration(), r.Slot())
				}
			}
		})
	}
}

func TestAvailableTimesWeek(t *testing.T) {
	h := weekdays9to17()
	a := AvailableTimes(studio(), h, nil, Date{2026, time.December, 21}, Date{2026, time.December, 27}, hel(2026, time.December, 20, 12, 0))
	var got []string
	for _, d := range a.Days {
		got = append(got, fmt.Sprintf("%s %d %v %s", d.Date, len(d.Free()), d.Closed(), d.Note.Get("fi")))
	}
	want := []string{
		"2026-12-21 8 false ", "2026-12-22 8 false ", "2026-12-23 8 false ", "2026-12-24 3 false Jouluaatto",
		"2026-12-25 8 false ", "2026-12-26 0 true ", "2026-12-27 0 true ",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("week (-want +got):\n%s", diff)
	}
}

func TestNextFree(t *testing.T) {
	h := weekdays9to17()
	r := studio()
	friday := hel(2026, time.November, 20, 16, 30)
	tests := []struct {
		name  string
		taken []Interval
		now   time.Time
		want  time.Time
		ok    bool
	}{
		{"over the weekend to Monday morning", nil, friday, hel(2026, time.November, 23, 9, 0), true},
		{"past a booking", []Interval{{hel(2026, time.November, 23, 9, 0), hel(2026, time.November, 23, 11, 0)}}, friday,
			hel(2026, time.November, 23, 11, 0), true},
		{"later today", nil, hel(2026, time.November, 23, 12, 10), hel(2026, time.November, 23, 13, 0), true},
		{"nothing within the horizon", []Interval{{hel(2026, time.November, 20, 0, 0), hel(2026, time.December, 10, 0, 0)}}, friday,
			time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := NextFree(r, h, tt.taken, tt.now)
			if ok != tt.ok || !s.Start.Equal(tt.want) {
				t.Errorf("NextFree = %s, %v; want %s, %v", s.Start.In(Helsinki), ok, tt.want.In(Helsinki), tt.ok)
			}
		})
	}
}

func TestOnGrid(t *testing.T) {
	h := weekdays9to17()
	r := studio()
	r.SlotMinutes = 30
	tests := []struct {
		name       string
		start, end time.Time
		want       bool
	}{
		{"whole slots in staffed hours", hel(2026, time.November, 23, 9, 30), hel(2026, time.November, 23, 11, 0), true},
		{"off the grid", hel(2026, time.November, 23, 9, 15), hel(2026, time.November, 23, 10, 15), false},
		{"past closing", hel(2026, time.November, 23, 16, 30), hel(2026, time.November, 23, 17, 30), false},
		{"in self-service hours the resource does not allow", hel(2026, time.November, 23, 7, 0), hel(2026, time.November, 23, 8, 0), false},
		{"on a closed day", hel(2026, time.November, 22, 10, 0), hel(2026, time.November, 22, 11, 0), false},
		{"after an exception's closing", hel(2026, time.December, 24, 11, 30), hel(2026, time.December, 24, 12, 30), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := OnGrid(r, h, Interval{tt.start, tt.end}); got != tt.want {
				t.Errorf("OnGrid = %v, want %v", got, tt.want)
			}
		})
	}
	r.SelfService = true
	if !OnGrid(r, h, Interval{hel(2026, time.November, 23, 8, 0), hel(2026, time.November, 23, 10, 0)}) {
		t.Error("a self-service resource: 8–10 across the start of staffed hours is not on the grid")
	}
}

func TestOutsideHours(t *testing.T) {
	r := studio()
	rs := map[int64]Resource{r.ID: r}
	in := Booking{ID: 1, ResourceID: 1, Start: hel(2026, time.November, 23, 10, 0), End: hel(2026, time.November, 23, 12, 0)}
	late := Booking{ID: 2, ResourceID: 1, Start: hel(2026, time.November, 23, 15, 0), End: hel(2026, time.November, 23, 17, 0)}
	block := Booking{ID: 3, ResourceID: 1, Start: hel(2026, time.November, 23, 18, 0), End: hel(2026, time.November, 23, 19, 0), Block: true}
	h := weekdays9to17()
	h.Weekly[time.Monday].Staffed = []Period{{NewClock(9, 0), NewClock(16, 0)}}
	var got []int64
	for _, b := range OutsideHours([]Booking{in, late, block}, rs, h) {
		got = append(got, b.ID)
	}
	if diff := cmp.Diff([]int64{2}, got); diff != "" {
		t.Errorf("outside the new hours (-want +got):\n%s", diff)
	}
}

func TestHoursChangeApply(t *testing.T) {
	h := weekdays9to17()
	old := HoursException{ID: 7, BranchID: "b", From: Date{2026, time.December, 24}, To: Date{2026, time.December, 26}, Reason: Text{"fi": "Joulu"}}
	closure := HoursException{BranchID: "b", From: Date{2026, time.December, 1}, To: Date{2026, time.December, 2}, Reason: Text{"fi": "Remontti"}}
	got := HoursChange{BranchID: "b", Exception: &closure}.Apply(h.Weekly, []HoursException{old})
	for _, d := range []Date{{2026, time.December, 1}, {2026, time.December, 2}, {2026, time.December, 24}} {
		if day, ok := got.On(d); !ok || !day.Closed() {
			t.Errorf("%s: %+v, exception %v; want closed by an exception", d, day, ok)
		}
	}
	if day, _ := got.On(Date{2026, time.December, 3}); day.Closed() {
		t.Error("3 December closed")
	}
	updated := old
	updated.To = old.From
	updated.Staffed = []Period{{NewClock(9, 0), NewClock(12, 0)}}
	got = HoursChange{BranchID: "b", Exception: &updated}.Apply(h.Weekly, []HoursException{old})
	if day, _ := got.On(Date{2026, time.December, 25}); day.Closed() {
		t.Error("25 December still closed by the exception that was updated")
	}
	var week [7]Day
	got = HoursChange{BranchID: "b", Weekly: &week}.Apply(h.Weekly, nil)
	if day, _ := got.On(Date{2026, time.November, 23}); !day.Closed() {
		t.Error("new weekly hours closed on Mondays: Monday open")
	}
}
