package library

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestPolicyRule(t *testing.T) {
	p := DefaultPolicy()
	p.Rules = append(p.Rules,
		LoanRule{Library: "vantaa", Material: DVD, LoanDays: 14, MaxRenewals: 1, HoldsAllowed: true, FeePerDay: 50},
		LoanRule{Library: "kauniainen", LoanDays: 21, MaxRenewals: 3},
	)
	tests := []struct {
		name     string
		category string
		material Material
		lib      string
		wantDays int
		wantFee  int64
	}{
		{"adult book: the catch-all", CategoryAdult, Book, "espoo", 28, 20},
		{"adult dvd", CategoryAdult, DVD, "espoo", 7, 100},
		{"magazine", CategoryAdult, Magazine, "helsinki", 14, 20},
		{"child book: no fee", CategoryChild, Book, "espoo", 28, 0},
		{"child dvd: a week, no fee", CategoryChild, DVD, "espoo", 7, 0},
		{"library and material beat material", CategoryAdult, DVD, "vantaa", 14, 50},
		{"category beats library", CategoryChild, Book, "kauniainen", 28, 0},
		{"library beats the catch-all", CategoryAdult, Book, "kauniainen", 21, 0},
		{"ebook not lent", CategoryAdult, EBook, "espoo", 0, 0},
		{"unknown category falls back", "visitor", CD, "espoo", 28, 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := p.Rule(tt.category, tt.material, tt.lib)
			if !ok {
				t.Fatal("no rule matched")
			}
			if r.LoanDays != tt.wantDays || r.FeePerDay != tt.wantFee {
				t.Errorf("Rule(%q, %q, %q) = %+v; want %d days, %d c/day", tt.category, tt.material, tt.lib, r, tt.wantDays, tt.wantFee)
			}
		})
	}
	if _, ok := (Policy{Rules: []LoanRule{{Category: CategoryChild, LoanDays: 28}}}).Rule(CategoryAdult, Book, ""); ok {
		t.Error("a rule for children matched an adult")
	}
}

func TestDueDate(t *testing.T) {
	var h Hours
	for d := time.Monday; d <= time.Friday; d++ {
		h.Weekly[d] = Day{Staffed: []Period{{NewClock(9, 0), NewClock(20, 0)}}}
	}
	h.Weekly[time.Saturday] = Day{SelfService: []Period{{NewClock(8, 0), NewClock(16, 0)}}}
	closed := func(y int, m time.Month, d int) Exception {
		return Exception{Date: Date{y, m, d}, Day: Day{Note: Text{"fi": "suljettu"}}}
	}
	h.Exceptions = []Exception{
		closed(2026, time.December, 24), closed(2026, time.December, 25), closed(2026, time.December, 26),
		{Date: Date{2026, time.December, 23}, Day: Day{Staffed: []Period{{NewClock(9, 0), NewClock(12, 0)}}}},
		closed(2027, time.January, 1),
	}
	at := func(y int, m time.Month, d, hh, mm int) time.Time {
		return time.Date(y, m, d, hh, mm, 0, 0, Helsinki).UTC()
	}
	due := func(y int, m time.Month, d int) time.Time {
		return time.Date(y, m, d, 23, 59, 59, 0, Helsinki)
	}
	tests := []struct {
		name     string
		loanedAt time.Time
		days     int
		hours    Hours
		want     time.Time
	}{
		{"open weekday", at(2026, time.November, 2, 12, 0), 28, h, due(2026, time.November, 30)},
		{"lands on sunday: monday", at(2026, time.November, 1, 12, 0), 28, h, due(2026, time.November, 30)},
		{"self-service saturday counts as open", at(2026, time.November, 7, 12, 0), 28, h, due(2026, time.December, 5)},
		{"christmas eve to the 28th", at(2026, time.November, 26, 12, 0), 28, h, due(2026, time.December, 28)},
		{"short eve hours are open", at(2026, time.December, 16, 12, 0), 7, h, due(2026, time.December, 23)},
		{"new year's day to the 2nd (saturday)", at(2026, time.December, 4, 12, 0), 28, h, due(2027, time.January, 2)},
		{"late evening UTC is the next day in Helsinki", at(2026, time.November, 2, 23, 30), 7, h, due(2026, time.November, 9)},
		{"into summer time", at(2026, time.March, 10, 12, 0), 28, h, due(2026, time.April, 7)},
		{"out of summer time", at(2026, time.October, 20, 12, 0), 7, h, due(2026, time.October, 27)},
		{"no hours at all: plain date", at(2026, time.November, 1, 12, 0), 28, Hours{}, due(2026, time.November, 29)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DueDate(tt.loanedAt, tt.days, tt.hours)
			if !got.Equal(tt.want) {
				t.Errorf("DueDate(%v, %d) = %v, want %v", tt.loanedAt.In(Helsinki), tt.days, got, tt.want)
			}
			if c := got.In(Helsinki); c.Hour() != 23 || c.Minute() != 59 || c.Second() != 59 {
				t.Errorf("DueDate = %v, not at 23:59:59 Helsinki time", c)
			}
		})
	}
}

func TestOverdueFee(t *testing.T) {
	r := LoanRule{FeePerDay: 20, MaxFee: 600}
	due := time.Date(2026, time.November, 30, 23, 59, 59, 0, Helsinki)
	tests := []struct {
		name     string
		returned time.Time
		rule     LoanRule
		want     int64
	}{
		{"on time", due.Add(-time.Hour), r, 0},
		{"same day at the last second", due, r, 0},
		{"one day late, just after midnight", due.Add(2 * time.Second), r, 20},
		{"three days late", due.AddDate(0, 0, 3), r, 60},
		{"capped", due.AddDate(0, 2, 0), r, 600},
		{"no cap", due.AddDate(0, 0, 40), LoanRule{FeePerDay: 20}, 800},
		{"children: no fee", due.AddDate(0, 0, 3), LoanRule{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.rule.OverdueFee(due.UTC(), tt.returned.UTC()); got != tt.want {
				t.Errorf("OverdueFee = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestNextOpenDay(t *testing.T) {
	var h Hours
	h.Weekly[time.Wednesday] = Day{Staffed: []Period{{NewClock(9, 0), NewClock(12, 0)}}}
	got := []Date{NextOpenDay(Date{2026, time.November, 23}, h), NextOpenDay(Date{2026, time.November, 25}, h)}
	want := []Date{{2026, time.November, 25}, {2026, time.November, 25}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("NextOpenDay (-want +got):\n%s", diff)
	}
}
