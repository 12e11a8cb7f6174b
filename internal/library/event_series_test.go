package library

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func d(y int, m time.Month, day int) Date { return Date{y, m, day} }

func TestRecurrenceDates(t *testing.T) {
	mon, wed, sat := time.Monday, time.Wednesday, time.Saturday
	tests := []struct {
		name string
		r    Recurrence
		want []Date
	}{
		{"every Monday, four times", Recurrence{Weekdays: []time.Weekday{mon}, From: d(2026, 10, 12), Count: 4},
			[]Date{d(2026, 10, 12), d(2026, 10, 19), d(2026, 10, 26), d(2026, 11, 2)}},
		{"until is included", Recurrence{Weekdays: []time.Weekday{mon}, From: d(2026, 10, 12), Until: d(2026, 10, 26)},
			[]Date{d(2026, 10, 12), d(2026, 10, 19), d(2026, 10, 26)}},
		{"from mid-week skips the days before it", Recurrence{Weekdays: []time.Weekday{mon, sat}, From: d(2026, 10, 14), Count: 3},
			[]Date{d(2026, 10, 17), d(2026, 10, 19), d(2026, 10, 24)}},
		{"two weekdays, every other week", Recurrence{Weekdays: []time.Weekday{wed, mon}, Interval: 2, From: d(2026, 10, 12), Until: d(2026, 11, 10)},
			[]Date{d(2026, 10, 12), d(2026, 10, 14), d(2026, 10, 26), d(2026, 10, 28), d(2026, 11, 9)}},
		{"every other week counts from the week of From", Recurrence{Weekdays: []time.Weekday{mon}, Interval: 2, From: d(2026, 10, 14), Count: 2},
			[]Date{d(2026, 10, 26), d(2026, 11, 9)}},
		{"Sunday ends the Finnish week", Recurrence{Weekdays: []time.Weekday{time.Sunday}, Interval: 2, From: d(2026, 10, 12), Count: 2},
			[]Date{d(2026, 10, 18), d(2026, 11, 1)}},
		{"exceptions are skipped", Recurrence{Weekdays: []time.Weekday{mon}, From: d(2026, 10, 12), Until: d(2026, 11, 2),
			Except: []Date{d(2026, 10, 19), d(2026, 10, 20)}},
			[]Date{d(2026, 10, 12), d(2026, 10, 26), d(2026, 11, 2)}},
		{"count includes exceptions, as iCalendar's COUNT and EXDATE", Recurrence{Weekdays: []time.Weekday{mon}, From: d(2026, 10, 12), Count: 3,
			Except: []Date{d(2026, 10, 19)}},
			[]Date{d(2026, 10, 12), d(2026, 10, 26)}},
		{"across a year", Recurrence{Weekdays: []time.Weekday{wed}, From: d(2026, 12, 23), Count: 3},
			[]Date{d(2026, 12, 23), d(2026, 12, 30), d(2027, 1, 6)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r
			r.Start, r.End = NewClock(10, 0), NewClock(11, 0)
			if err := r.Validate(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, r.Dates()); diff != "" {
				t.Errorf("Dates (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRecurrenceDST checks that occurrences keep their Helsinki wall-clock
// time when the clocks change: 10:00 is 07:00 UTC in summer time and 08:00
// UTC in winter time.
func TestRecurrenceDST(t *testing.T) {
	utc := func(y int, m time.Month, day, h int) time.Time { return time.Date(y, m, day, h, 0, 0, 0, time.UTC) }
	tests := []struct {
		name   string
		r      Recurrence
		starts []time.Time
	}{
		// Summer time ends at 04:00 on Sunday 25 October 2026.
		{"autumn", Recurrence{Weekdays: []time.Weekday{time.Saturday, time.Sunday, time.Monday}, From: d(2026, 10, 24), Count: 3},
			[]time.Time{utc(2026, 10, 24, 7), utc(2026, 10, 25, 8), utc(2026, 10, 26, 8)}},
		// Summer time begins at 03:00 on Sunday 28 March 2027.
		{"spring", Recurrence{Weekdays: []time.Weekday{time.Saturday, time.Sunday}, From: d(2027, 3, 20), Until: d(2027, 4, 3)},
			[]time.Time{utc(2027, 3, 20, 8), utc(2027, 3, 21, 8), utc(2027, 3, 27, 8), utc(2027, 3, 28, 7), utc(2027, 4, 3, 7)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r
			r.Start, r.End = NewClock(10, 0), NewClock(10, 45)
			if err := r.Validate(); err != nil {
				t.Fatal(err)
			}
			var starts []time.Time
			for _, day := range r.Dates() {
				start, end := r.Times(day)
				if end.Sub(start) != 45*time.Minute {
					t.Errorf("%s lasts %s; want 45m", day, end.Sub(start))
				}
				if got := LocalClock(start); got != NewClock(10, 0) {
					t.Errorf("%s starts at %s Helsinki time; want 10:00", day, got)
				}
				if LocalDate(start) != day {
					t.Errorf("%s starts on %s", day, LocalDate(start))
				}
				starts = append(starts, start)
			}
			if diff := cmp.Diff(tt.starts, starts); diff != "" {
				t.Errorf("starts in UTC (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRecurrenceValidate(t *testing.T) {
	mon := []time.Weekday{time.Monday}
	from := d(2026, 10, 12)
	tests := []struct {
		name string
		r    Recurrence
		key  string
	}{
		{"never ends", Recurrence{Weekdays: mon, From: from}, "error.event_series_endless"},
		{"until and count", Recurrence{Weekdays: mon, From: from, Until: d(2026, 12, 1), Count: 3}, "error.event_series_until_and_count"},
		{"no weekday", Recurrence{From: from, Count: 3}, "error.event_series_weekdays"},
		{"bad weekday", Recurrence{Weekdays: []time.Weekday{7}, From: from, Count: 3}, "error.event_series_weekdays"},
		{"no first date", Recurrence{Weekdays: mon, Count: 3}, "error.event_series_from"},
		{"interval over a year", Recurrence{Weekdays: mon, From: from, Interval: 53, Count: 3}, "error.event_series_interval"},
		{"negative interval", Recurrence{Weekdays: mon, From: from, Interval: -1, Count: 3}, "error.event_series_interval"},
		{"until before from", Recurrence{Weekdays: mon, From: from, Until: d(2026, 10, 1)}, "error.event_series_until_before_from"},
		{"until three years on", Recurrence{Weekdays: mon, From: from, Until: d(2029, 10, 12)}, "error.event_series_too_long"},
		{"count over the limit", Recurrence{Weekdays: mon, From: from, Count: MaxOccurrences + 1}, "error.event_series_too_long"},
		{"count reaching past two years", Recurrence{Weekdays: mon, From: from, Count: 150}, "error.event_series_too_long"},
		{"sparse count reaching past two years", Recurrence{Weekdays: mon, Interval: 10, From: from, Count: 12}, "error.event_series_too_long"},
		{"more dates than the limit", Recurrence{Weekdays: []time.Weekday{1, 2, 3, 4, 5}, From: from, Until: d(2027, 10, 1)}, "error.event_series_too_long"},
		{"every date an exception", Recurrence{Weekdays: mon, From: from, Count: 1, Except: []Date{from}}, "error.event_series_empty"},
		{"ends before it starts", Recurrence{Weekdays: mon, From: from, Count: 1, Start: NewClock(11, 0), End: NewClock(10, 0)}, "error.event_end_before_start"},
		{"ends past midnight", Recurrence{Weekdays: mon, From: from, Count: 1, Start: NewClock(23, 0), End: NewClock(24, 30)}, "error.event_end_before_start"},
		{"two years of Mondays", Recurrence{Weekdays: mon, From: from, Until: d(2028, 10, 9)}, ""},
		{"two hundred dates", Recurrence{Weekdays: []time.Weekday{1, 2, 3, 4}, From: from, Count: 200}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r
			if r.End == 0 {
				r.Start, r.End = NewClock(10, 0), NewClock(11, 0)
			}
			if got := errKey(r.Validate()); got != tt.key {
				t.Errorf("Validate key %q; want %q", got, tt.key)
			}
		})
	}
}

func TestSeriesOccurrence(t *testing.T) {
	s := Series{ID: 7, Template: storyTime(), SignupDays: 7,
		Rule: Recurrence{Weekdays: []time.Weekday{time.Monday}, From: d(2026, 10, 19), Count: 3,
			Start: NewClock(10, 0), End: NewClock(10, 45)}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 10, 19, 7, 0, 0, 0, time.UTC); !s.Template.Start.Equal(want) {
		t.Errorf("template starts %s; want the first occurrence's %s", s.Template.Start, want)
	}
	e := s.Occurrence(d(2026, 10, 26))
	if e.SeriesID != 7 || e.OccurrenceDate != d(2026, 10, 26) || e.Changed {
		t.Errorf("occurrence: series %d, date %s, changed %v", e.SeriesID, e.OccurrenceDate, e.Changed)
	}
	// Sign-up opens at midnight Helsinki time a week before: in summer time.
	if want := time.Date(2026, 10, 18, 21, 0, 0, 0, time.UTC); !e.SignupOpens.Equal(want) {
		t.Errorf("sign-up opens %s; want %s", e.SignupOpens, want)
	}
	if want := time.Date(2026, 10, 26, 8, 0, 0, 0, time.UTC); !e.Start.Equal(want) {
		t.Errorf("starts %s; want %s", e.Start, want)
	}
	if err := e.Validate(); err != nil {
		t.Errorf("an occurrence is a valid event: %v", err)
	}
	s.SignupDays = -1
	if got := errKey(s.Validate()); got != "error.event_signup_days" {
		t.Errorf("negative sign-up days: key %q", got)
	}
}
