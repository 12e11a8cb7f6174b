package library

import (
	"testing"
	"time"
)

func TestBookingCheck(t *testing.T) {
	now := hel(2026, time.November, 20, 12, 0) // a Friday
	mon := func(h, m int) time.Time { return hel(2026, time.November, 23, h, m) }
	base := func() BookingCheck {
		r := studio()
		r.MinAge = 15
		r.WeeklyBookings = 2
		r.WeeklyMinutes = 180
		return BookingCheck{Resource: r, Hours: weekdays9to17(), Want: Interval{mon(10, 0), mon(11, 0)}, Now: now,
			Booker: Booker{Category: CategoryAdult}, Rule: DefaultNoShowRule}
	}
	tests := []struct {
		name   string
		change func(c *BookingCheck)
		key    string
	}{
		{"a good hour", nil, ""},
		{"withdrawn", func(c *BookingCheck) { c.Resource.WithdrawnAt = now }, "error.booking_withdrawn"},
		{"not whole slots", func(c *BookingCheck) { c.Want.End = mon(11, 30) }, "error.booking_slot"},
		{"shorter than the minimum", func(c *BookingCheck) { c.Resource.MinMinutes = 120 }, "error.booking_too_short"},
		{"longer than allowed", func(c *BookingCheck) { c.Want.End = mon(13, 0) }, "error.booking_too_long"},
		{"in the past", func(c *BookingCheck) { c.Now = mon(10, 30) }, "error.booking_past"},
		{"beyond the horizon", func(c *BookingCheck) { c.Resource.HorizonDays = 2 }, "error.booking_beyond_horizon"},
		{"outside hours", func(c *BookingCheck) { c.Want = Interval{mon(17, 0), mon(18, 0)} }, "error.booking_outside_hours"},
		{"off the grid", func(c *BookingCheck) { c.Want = Interval{mon(10, 30), mon(11, 30)} }, "error.booking_outside_hours"},
		{"on a closed day", func(c *BookingCheck) {
			c.Want = Interval{hel(2026, time.November, 22, 10, 0), hel(2026, time.November, 22, 11, 0)}
		}, "error.booking_outside_hours"},
		{"under age by birth date", func(c *BookingCheck) { c.Booker.BirthDate = Date{2011, time.November, 24} }, "error.booking_under_age"},
		{"of age on the day", func(c *BookingCheck) { c.Booker.BirthDate = Date{2011, time.November, 23} }, ""},
		{"a child's card without a birth date", func(c *BookingCheck) { c.Booker.Category = CategoryChild }, "error.booking_under_age"},
		{"a guest is not asked their age", func(c *BookingCheck) { c.Booker = Booker{Guest: true} }, ""},
		{"three no-shows", func(c *BookingCheck) {
			c.Booker.NoShows = []time.Time{now.AddDate(0, 0, -80), now.AddDate(0, 0, -20), now.AddDate(0, 0, -2)}
		}, "error.booking_no_show_block"},
		{"three no-shows, the block over", func(c *BookingCheck) {
			c.Booker.NoShows = []time.Time{now.AddDate(0, 0, -80), now.AddDate(0, 0, -60), now.AddDate(0, 0, -40)}
		}, ""},
		{"two bookings this week already", func(c *BookingCheck) {
			c.Week = []Interval{{mon(9, 0), mon(10, 0)}, {hel(2026, time.November, 25, 9, 0), hel(2026, time.November, 25, 10, 0)}}
		}, "error.booking_weekly_limit"},
		{"over the weekly minutes", func(c *BookingCheck) {
			c.Want.End = mon(12, 0)
			c.Week = []Interval{{mon(13, 0), mon(15, 0)}}
		}, "error.booking_weekly_minutes"},
		{"overlapping", func(c *BookingCheck) { c.Taken = []Interval{{mon(10, 0), mon(12, 0)}} }, "error.booking_overlap"},
		{"touching", func(c *BookingCheck) { c.Taken = []Interval{{mon(11, 0), mon(12, 0)}, {mon(9, 0), mon(10, 0)}} }, ""},
		{"within the buffer", func(c *BookingCheck) {
			c.Resource.BufferMinutes = 15
			c.Taken = []Interval{{mon(11, 0), mon(12, 0)}}
		}, "error.booking_overlap"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base()
			if tt.change != nil {
				tt.change(&c)
			}
			err := c.Check()
			got := ""
			if err != nil {
				got = ErrorKey(err)
			}
			if got != tt.key {
				t.Errorf("Check() = %v; want key %q", err, tt.key)
			}
		})
	}
}

func TestNoShowRule(t *testing.T) {
	day := func(n int) time.Time { return time.Date(2026, time.January, 1, 12, 0, 0, 0, time.UTC).AddDate(0, 0, n) }
	tests := []struct {
		name    string
		rule    NoShowRule
		noShows []time.Time
		want    time.Time
	}{
		{"none", DefaultNoShowRule, nil, time.Time{}},
		{"two are not three", DefaultNoShowRule, []time.Time{day(0), day(10)}, time.Time{}},
		{"three in 90 days", DefaultNoShowRule, []time.Time{day(0), day(45), day(90)}, day(120)},
		{"three, but over 91 days", DefaultNoShowRule, []time.Time{day(0), day(45), day(91)}, time.Time{}},
		{"in any order", DefaultNoShowRule, []time.Time{day(90), day(0), day(45)}, day(120)},
		{"four: the block runs from the last", DefaultNoShowRule, []time.Time{day(0), day(1), day(2), day(50)}, day(80)},
		{"off", NoShowRule{}, []time.Time{day(0), day(1), day(2)}, time.Time{}},
		{"one strike", NoShowRule{Count: 1, WindowDays: 1, BlockDays: 7}, []time.Time{day(3)}, day(10)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.rule.BlockedUntil(tt.noShows); !got.Equal(tt.want) {
				t.Errorf("BlockedUntil = %v, want %v", got, tt.want)
			}
		})
	}
	for _, bad := range []NoShowRule{{Count: -1}, {Count: 3}, {Count: 3, WindowDays: 90}, {Count: 3, WindowDays: 400, BlockDays: 1}} {
		if bad.Validate() == nil {
			t.Errorf("%+v validates", bad)
		}
	}
}

func TestWeekOf(t *testing.T) {
	// The week summer time ends in is an hour longer.
	w := WeekOf(hel(2026, time.October, 25, 23, 30))
	if got, want := w.Start, hel(2026, time.October, 19, 0, 0); !got.Equal(want) {
		t.Errorf("start %s, want %s", got, want)
	}
	if got := w.Duration(); got != 7*24*time.Hour+time.Hour {
		t.Errorf("week of %v", got)
	}
	if got := WeekOf(hel(2026, time.October, 26, 0, 0)).Start; !got.Equal(hel(2026, time.October, 26, 0, 0)) {
		t.Errorf("Monday midnight starts a week at %s", got)
	}
}

func TestCanCancel(t *testing.T) {
	r := studio()
	r.CancelBeforeMinutes = 24 * 60
	start := hel(2026, time.November, 23, 10, 0)
	b := Booking{Status: BookingConfirmed, Start: start, End: start.Add(time.Hour)}
	if err := CanCancel(r, b, start.Add(-25*time.Hour)); err != nil {
		t.Errorf("a day and an hour before: %v", err)
	}
	if err := CanCancel(r, b, start.Add(-23*time.Hour)); ErrorKey(err) != "error.booking_cancel_late" {
		t.Errorf("23 hours before: %v", err)
	}
	b.Status = BookingRequested
	if err := CanCancel(r, b, start.Add(-time.Hour)); err != nil {
		t.Errorf("a request, an hour before: %v", err)
	}
	b.Status = BookingCancelled
	if err := CanCancel(r, b, start.Add(-48*time.Hour)); ErrorKey(err) != "error.booking_not_open" {
		t.Errorf("cancelled already: %v", err)
	}
}

func TestBookingRequestValidate(t *testing.T) {
	help := studio()
	help.Kind = KindDigitalHelp
	guest := &Guest{Name: "Leila", Phone: "040 123 4567", Lang: "ar"}
	start := hel(2026, time.November, 23, 10, 0)
	tests := []struct {
		name string
		r    Resource
		q    BookingRequest
		key  string
	}{
		{"a resident's studio", studio(), BookingRequest{PatronID: 1}, ""},
		{"a guest's digital help", help, BookingRequest{Guest: guest, Topic: TopicSuomiFi, HelpLang: "ar"}, ""},
		{"a guest's studio", studio(), BookingRequest{Guest: guest}, "error.booking_card_required"},
		{"nobody", studio(), BookingRequest{}, "error.booking_booker"},
		{"both", help, BookingRequest{PatronID: 1, Guest: guest, Topic: TopicApp, HelpLang: "fi"}, "error.booking_booker"},
		{"no topic", help, BookingRequest{PatronID: 1, HelpLang: "fi"}, "error.booking_topic"},
		{"an unknown language", help, BookingRequest{PatronID: 1, Topic: TopicApp, HelpLang: "xx"}, "error.booking_help_lang"},
		{"Ukrainian", help, BookingRequest{PatronID: 1, Topic: TopicNewPhone, HelpLang: "uk"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.q
			q.Start, q.End = start, start.Add(time.Hour)
			err := q.Validate(tt.r)
			if got := keyOf(err); got != tt.key {
				t.Errorf("Validate() = %v; want key %q", err, tt.key)
			}
		})
	}
}

func TestGuestKey(t *testing.T) {
	for _, tt := range []struct {
		g    Guest
		want string
	}{
		{Guest{Email: "Leila@Example.org", Phone: "040 1"}, "email:leila@example.org"},
		{Guest{Phone: "040-123 4567"}, "phone:358401234567"},
		{Guest{Phone: "+358 40 123 4567"}, "phone:358401234567"},
		{Guest{Phone: "00358401234567"}, "phone:358401234567"},
	} {
		if got := tt.g.Key(); got != tt.want {
			t.Errorf("%+v: key %q, want %q", tt.g, got, tt.want)
		}
	}
}

func TestResourceValidate(t *testing.T) {
	good := func() Resource {
		r := studio()
		r.Equipment = []Text{{"fi": "Rumpusetti", "en": "Drum kit"}, {}}
		return r
	}
	r := good()
	if err := r.Validate(); err != nil {
		t.Fatalf("a good resource: %v", err)
	}
	if len(r.Equipment) != 1 {
		t.Errorf("empty equipment kept: %v", r.Equipment)
	}
	tests := []struct {
		name   string
		change func(r *Resource)
		key    string
	}{
		{"no Finnish name", func(r *Resource) { r.Name = Text{"en": "Studio"} }, "error.branch_finnish_required"},
		{"unknown kind", func(r *Resource) { r.Kind = "spaceship" }, "error.resource_kind"},
		{"no capacity", func(r *Resource) { r.Capacity = 0 }, "error.resource_capacity"},
		{"odd slot", func(r *Resource) { r.SlotMinutes = 7 }, "error.resource_slot"},
		{"minimum not whole slots", func(r *Resource) { r.MinMinutes = 90 }, "error.resource_lengths"},
		{"maximum below minimum", func(r *Resource) { r.MaxMinutes = 0 }, "error.resource_lengths"},
		{"longer than a day", func(r *Resource) { r.MaxMinutes = 25 * 60 }, "error.resource_lengths"},
		{"no horizon", func(r *Resource) { r.HorizonDays = 0 }, "error.resource_horizon"},
		{"a weekly limit below the minimum", func(r *Resource) { r.WeeklyMinutes = 30 }, "error.resource_weekly"},
		{"negative price", func(r *Resource) { r.Price = -1 }, "error.resource_price"},
		{"paid digital help", func(r *Resource) { r.Kind, r.Price = KindDigitalHelp, 500 }, "error.resource_price"},
		{"equipment without Finnish", func(r *Resource) { r.Equipment = []Text{{"en": "Piano"}} }, "error.branch_finnish_required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := good()
			tt.change(&r)
			if got := keyOf(r.Validate()); got != tt.key {
				t.Errorf("Validate() key %q, want %q", got, tt.key)
			}
		})
	}
}

// keyOf is ErrorKey, "" for no error.
func keyOf(err error) string {
	if err == nil {
		return ""
	}
	return ErrorKey(err)
}
