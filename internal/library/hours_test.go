package library

import (
	"testing"
	"time"
)

func TestHoursStatusAt(t *testing.T) {
	weekday := Day{
		Staffed:     []Period{{NewClock(9, 0), NewClock(20, 0)}},
		SelfService: []Period{{NewClock(7, 0), NewClock(9, 0)}, {NewClock(20, 0), NewClock(22, 0)}},
	}
	var h Hours
	for d := time.Monday; d <= time.Friday; d++ {
		h.Weekly[d] = weekday
	}
	h.Exceptions = []Exception{{Date: Date{2026, time.December, 24}, Day: Day{
		Staffed: []Period{{NewClock(9, 0), NewClock(12, 0)}},
		Note:    Text{"fi": "Jouluaatto"},
	}}}
	at := func(y int, m time.Month, d, hh, mm int) time.Time {
		return time.Date(y, m, d, hh, mm, 0, 0, Helsinki).UTC() // stored instants are UTC
	}
	tests := []struct {
		name   string
		t      time.Time
		status OpenStatus
		until  Clock
	}{
		{"staffed", at(2026, time.November, 23, 10, 0), OpenStaffed, NewClock(20, 0)},
		{"opening minute", at(2026, time.November, 23, 9, 0), OpenStaffed, NewClock(20, 0)},
		{"closing minute is closed to staff", at(2026, time.November, 23, 20, 0), OpenSelfService, NewClock(22, 0)},
		{"early self-service", at(2026, time.November, 23, 7, 30), OpenSelfService, NewClock(9, 0)},
		{"night", at(2026, time.November, 23, 23, 0), Closed, 0},
		{"sunday", at(2026, time.November, 22, 12, 0), Closed, 0},
		{"christmas eve morning", at(2026, time.December, 24, 10, 0), OpenStaffed, NewClock(12, 0)},
		{"christmas eve afternoon: no self-service that day", at(2026, time.December, 24, 21, 0), Closed, 0},
		{"summer time, Helsinki clock", at(2026, time.July, 1, 9, 30), OpenStaffed, NewClock(20, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, until := h.StatusAt(tt.t)
			if status != tt.status || until != tt.until {
				t.Errorf("StatusAt(%s) = %v until %v, want %v until %v", tt.t, status, until, tt.status, tt.until)
			}
		})
	}
}

func TestHoursNextOpening(t *testing.T) {
	// Weekdays 9-20 staffed with self-service 7-9 and 20-22; Saturday
	// 10-16 staffed only; Sunday closed. Christmas Eve 9-12 only,
	// Christmas Day closed.
	weekday := Day{
		Staffed:     []Period{{NewClock(9, 0), NewClock(20, 0)}},
		SelfService: []Period{{NewClock(7, 0), NewClock(9, 0)}, {NewClock(20, 0), NewClock(22, 0)}},
	}
	var h Hours
	for d := time.Monday; d <= time.Friday; d++ {
		h.Weekly[d] = weekday
	}
	h.Weekly[time.Saturday] = Day{Staffed: []Period{{NewClock(10, 0), NewClock(16, 0)}}}
	h.Exceptions = []Exception{
		{Date: Date{2026, time.December, 24}, Day: Day{Staffed: []Period{{NewClock(9, 0), NewClock(12, 0)}}}},
		{Date: Date{2026, time.December, 25}, Day: Day{Note: Text{"fi": "Joulupäivä"}}},
	}
	at := func(y int, m time.Month, d, hh, mm int) time.Time {
		return time.Date(y, m, d, hh, mm, 0, 0, Helsinki).UTC()
	}
	tests := []struct {
		name   string
		t      time.Time
		want   time.Time // zero: none
		status OpenStatus
	}{
		{"sunday: monday's self-service", at(2026, time.December, 6, 12, 0), at(2026, time.December, 7, 7, 0), OpenSelfService},
		{"before midnight: tomorrow", at(2026, time.November, 23, 23, 59), at(2026, time.November, 24, 7, 0), OpenSelfService},
		{"after midnight: today", at(2026, time.November, 24, 0, 1), at(2026, time.November, 24, 7, 0), OpenSelfService},
		{"self-service: staff come at nine", at(2026, time.November, 24, 7, 30), at(2026, time.November, 24, 9, 0), OpenStaffed},
		{"evening self-service: staff tomorrow", at(2026, time.November, 24, 21, 0), at(2026, time.November, 25, 9, 0), OpenStaffed},
		{"staffed: nothing to wait for", at(2026, time.November, 24, 12, 0), time.Time{}, 0},
		{"friday night: saturday at ten", at(2026, time.November, 27, 22, 0), at(2026, time.November, 28, 10, 0), OpenStaffed},
		{"christmas eve afternoon: over the holidays", at(2026, time.December, 24, 13, 0), at(2026, time.December, 26, 10, 0), OpenStaffed},
		// Summer time begins at 3.00 on Sunday 29 March 2026 and ends at
		// 4.00 on Sunday 25 October: opening keeps its Helsinki clock time.
		{"spring forward", at(2026, time.March, 28, 20, 0), time.Date(2026, time.March, 30, 4, 0, 0, 0, time.UTC), OpenSelfService},
		{"fall back", at(2026, time.October, 24, 20, 0), time.Date(2026, time.October, 26, 5, 0, 0, 0, time.UTC), OpenSelfService},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, ok := h.NextOpening(tt.t)
			if ok != !tt.want.IsZero() || !o.At.Equal(tt.want) || o.Status != tt.status {
				t.Errorf("NextOpening(%s) = %v %v, %v; want %v %v", tt.t.In(Helsinki), o.At, o.Status, ok, tt.want, tt.status)
			}
		})
	}
	if _, ok := (Hours{}).NextOpening(at(2026, time.November, 24, 12, 0)); ok {
		t.Error("a branch that never opens has a next opening")
	}
}

func TestDate(t *testing.T) {
	d, err := ParseDate("2026-12-31")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.AddDays(1).String(); got != "2027-01-01" {
		t.Errorf("AddDays(1) = %s", got)
	}
	if got := d.AddDays(-365).String(); got != "2025-12-31" {
		t.Errorf("AddDays(-365) = %s", got)
	}
	if d.Weekday() != time.Thursday {
		t.Errorf("Weekday = %v", d.Weekday())
	}
	if !d.Before(d.AddDays(1)) || d.Before(d) || d.AddDays(1).Before(d) {
		t.Error("Before is wrong")
	}
	if _, err := ParseDate("2026-02-30"); ErrorCode(err) != EINVALID {
		t.Errorf("ParseDate(2026-02-30) error %v, want EINVALID", err)
	}
}

func TestTextGet(t *testing.T) {
	tx := Text{"fi": "Kirjasto", "sv": "Bibliotek"}
	for lang, want := range map[string]string{"sv": "Bibliotek", "ru": "Kirjasto", "fi": "Kirjasto"} {
		if got := tx.Get(lang); got != want {
			t.Errorf("Get(%q) = %q, want %q", lang, got, want)
		}
	}
	if got := (Text{"de": "Bibliothek"}).Get("fi"); got != "Bibliothek" {
		t.Errorf("Get falls back to any text: got %q", got)
	}
}
