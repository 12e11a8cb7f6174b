package library

import (
	"testing"
	"time"
)

func TestEaster(t *testing.T) {
	for _, want := range []string{"2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2038-04-25", "2285-03-22", "1818-03-22", "1943-04-25"} {
		d, err := ParseDate(want)
		if err != nil {
			t.Fatal(err)
		}
		if got := Easter(d.Year); got != d {
			t.Errorf("Easter(%d) = %s, want %s", d.Year, got, want)
		}
	}
}

func TestHolidays(t *testing.T) {
	// Finnish holidays as the almanac gives them.
	want := map[int]map[string]string{
		2025: {"good-friday": "2025-04-18", "easter-monday": "2025-04-21", "ascension-day": "2025-05-29",
			"whit-sunday": "2025-06-08", "midsummer-eve": "2025-06-20", "midsummer-day": "2025-06-21",
			"all-saints-day": "2025-11-01", "independence-day": "2025-12-06", "maundy-thursday": "2025-04-17"},
		2026: {"good-friday": "2026-04-03", "easter-sunday": "2026-04-05", "ascension-day": "2026-05-14",
			"whit-sunday": "2026-05-24", "midsummer-eve": "2026-06-19", "midsummer-day": "2026-06-20",
			"all-saints-day": "2026-10-31", "new-years-day": "2026-01-01", "epiphany": "2026-01-06"},
		2027: {"midsummer-eve": "2027-06-25", "midsummer-day": "2027-06-26", "all-saints-day": "2027-11-06",
			"easter-monday": "2027-03-29", "may-day": "2027-05-01", "boxing-day": "2027-12-26"},
	}
	for year, days := range want {
		hs := Holidays(year)
		if len(hs) != 18 {
			t.Fatalf("Holidays(%d): %d days, want 18", year, len(hs))
		}
		got := map[string]string{}
		for i, h := range hs {
			got[h.Code] = h.Date.String()
			if i > 0 && h.Date.Before(hs[i-1].Date) {
				t.Errorf("Holidays(%d): %s before %s, not in date order", year, h.Date, hs[i-1].Date)
			}
			for _, l := range Languages {
				if h.Name[l] == "" {
					t.Errorf("%s: no name in %s", h.Code, l)
				}
			}
		}
		for code, date := range days {
			if got[code] != date {
				t.Errorf("%d %s = %s, want %s", year, code, got[code], date)
			}
		}
	}
	for _, h := range Holidays(2030) {
		switch h.Code {
		case "midsummer-eve":
			if h.Date.Weekday() != time.Friday || h.Date.Month != time.June || h.Date.Day < 19 || h.Date.Day > 25 {
				t.Errorf("midsummer eve %s", h.Date)
			}
		case "all-saints-day":
			if h.Date.Weekday() != time.Saturday {
				t.Errorf("all saints %s", h.Date)
			}
		}
	}
}

func TestEveDay(t *testing.T) {
	usual := Day{Staffed: []Period{{NewClock(9, 0), NewClock(20, 0)}}, SelfService: []Period{{NewClock(7, 0), NewClock(9, 0)}, {NewClock(20, 0), NewClock(22, 0)}}}
	d := EveDay(usual, NewClock(14, 0))
	if len(d.Staffed) != 1 || d.Staffed[0].Close != NewClock(14, 0) || len(d.SelfService) != 1 || d.SelfService[0].Close != NewClock(9, 0) {
		t.Errorf("EveDay = %+v", d)
	}
}
