package library

import (
	"math"
	"testing"
	"time"
)

func validBranch() Branch {
	return Branch{
		ID: "esp-sello", LibraryID: "espoo",
		Name:    Text{"fi": " Sellon kirjasto ", "sv": "Sellobiblioteket", "en": ""},
		Address: Address{Street: "Leppävaarankatu 9", PostalCode: "02600", City: Text{"fi": "Espoo"}},
		Lat:     60.2176, Lon: 24.8105, Phone: "+358 9 8165 7603", Email: "sellon.kirjasto@espoo.fi",
		Services: []string{"music-studio", "cafe"},
		Hours: Hours{Weekly: [7]Day{1: {
			Staffed:     []Period{{NewClock(12, 0), NewClock(20, 0)}, {NewClock(9, 0), NewClock(11, 0)}},
			SelfService: []Period{{NewClock(7, 0), NewClock(9, 0)}, {NewClock(20, 0), NewClock(24, 0)}},
		}}},
	}
}

func TestBranchValidate(t *testing.T) {
	b := validBranch()
	if err := b.Validate(); err != nil {
		t.Fatalf("valid branch: %v", err)
	}
	if b.Name["fi"] != "Sellon kirjasto" || len(b.Name) != 2 {
		t.Errorf("name not normalised: %q", b.Name)
	}
	if b.Hours.Weekly[1].Staffed[0].Open != NewClock(9, 0) {
		t.Errorf("periods not sorted: %v", b.Hours.Weekly[1].Staffed)
	}
	if m := b.Name.Missing(); len(m) != 5 || m[0] != "en" {
		t.Errorf("Missing = %v", m)
	}
	cases := []struct {
		name string
		edit func(*Branch)
		key  string
	}{
		{"empty id", func(b *Branch) { b.ID = "" }, "error.branch_id"},
		{"upper-case id", func(b *Branch) { b.ID = "Esp-Sello" }, "error.branch_id"},
		{"double hyphen", func(b *Branch) { b.ID = "esp--sello" }, "error.branch_id"},
		{"trailing hyphen", func(b *Branch) { b.ID = "esp-" }, "error.branch_id"},
		{"long id", func(b *Branch) { b.ID = "a234567890123456789012345678901234567890x" }, "error.branch_id"},
		{"bad library", func(b *Branch) { b.LibraryID = "Espoo!" }, "error.branch_library"},
		{"no finnish name", func(b *Branch) { b.Name = Text{"sv": "Sello"} }, "error.branch_finnish_required"},
		{"blank finnish name", func(b *Branch) { b.Name = Text{"fi": "  "} }, "error.branch_finnish_required"},
		{"unknown language", func(b *Branch) { b.Description = Text{"de": "Bibliothek"} }, "error.branch_language"},
		{"postal code", func(b *Branch) { b.Address.PostalCode = "2600" }, "error.branch_postal_code"},
		{"latitude", func(b *Branch) { b.Lat = 91 }, "error.branch_coordinates"},
		{"longitude", func(b *Branch) { b.Lon = -181 }, "error.branch_coordinates"},
		{"nan", func(b *Branch) { b.Lat = math.NaN() }, "error.branch_coordinates"},
		{"phone", func(b *Branch) { b.Phone = "call us" }, "error.branch_phone"},
		{"email", func(b *Branch) { b.Email = "sello at espoo.fi" }, "error.branch_email"},
		{"email without a domain", func(b *Branch) { b.Email = "sello@espoo" }, "error.branch_email"},
		{"email with name", func(b *Branch) { b.Email = "Sello <sello@espoo.fi>" }, "error.branch_email"},
		{"unknown service", func(b *Branch) { b.Services = []string{"sauna"} }, "error.branch_service"},
		{"service twice", func(b *Branch) { b.Services = []string{"cafe", "cafe"} }, "error.branch_service"},
		{"period backwards", func(b *Branch) { b.Hours.Weekly[2].Staffed = []Period{{NewClock(18, 0), NewClock(9, 0)}} }, "error.hours_period"},
		{"empty period", func(b *Branch) { b.Hours.Weekly[2].Staffed = []Period{{NewClock(9, 0), NewClock(9, 0)}} }, "error.hours_period"},
		{"past midnight", func(b *Branch) { b.Hours.Weekly[2].Staffed = []Period{{NewClock(9, 0), NewClock(24, 1)}} }, "error.hours_period"},
		{"staffed overlap", func(b *Branch) {
			b.Hours.Weekly[3].Staffed = []Period{{NewClock(9, 0), NewClock(12, 0)}, {NewClock(11, 45), NewClock(16, 0)}}
		}, "error.hours_overlap"},
		{"self-service inside staffed", func(b *Branch) {
			b.Hours.Weekly[3].Staffed = []Period{{NewClock(9, 0), NewClock(16, 0)}}
			b.Hours.Weekly[3].SelfService = []Period{{NewClock(15, 0), NewClock(21, 0)}}
		}, "error.hours_overlap"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := validBranch()
			c.edit(&b)
			err := b.Validate()
			if ErrorCode(err) != EINVALID || ErrorKey(err) != c.key {
				t.Fatalf("Validate = %v (key %s), want %s", err, ErrorKey(err), c.key)
			}
		})
	}
}

func TestParsePeriod(t *testing.T) {
	for s, want := range map[string]Period{
		"09:00-20:00": {NewClock(9, 0), NewClock(20, 0)},
		"9:15–24:00":  {NewClock(9, 15), NewClock(24, 0)},
		"07:07-08:59": {NewClock(7, 7), NewClock(8, 59)},
	} {
		if p, err := ParsePeriod(s); err != nil || p != want {
			t.Errorf("ParsePeriod(%q) = %v, %v; want %v", s, p, err, want)
		}
	}
	for _, s := range []string{"9-20", "09:00", "09:60-10:00", "25:00-26:00", "24:30-24:45", "09:0-10:00", "a:bc-10:00"} {
		if _, err := ParsePeriod(s); ErrorCode(err) != EINVALID {
			t.Errorf("ParsePeriod(%q) = %v, want EINVALID", s, err)
		}
	}
}

func TestExceptionValidate(t *testing.T) {
	today := Date{2026, time.December, 6}
	ok := HoursException{From: Date{2026, time.December, 24}, To: Date{2026, time.December, 26}, Reason: Text{"fi": "Joulu"}}
	if err := ok.Validate(today); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		edit func(*HoursException)
		key  string
	}{
		{"backwards", func(e *HoursException) { e.To = Date{2026, time.December, 23} }, "error.exception_dates"},
		{"no such date", func(e *HoursException) { e.From = Date{2026, time.February, 30} }, "error.exception_dates"},
		{"too far", func(e *HoursException) { e.To = Date{2029, time.January, 1} }, "error.exception_far"},
		{"no reason", func(e *HoursException) { e.Reason = Text{"en": "Christmas"} }, "error.branch_finnish_required"},
		{"bad hours", func(e *HoursException) { e.Staffed = []Period{{NewClock(14, 0), NewClock(10, 0)}} }, "error.hours_period"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := ok
			c.edit(&e)
			if err := e.Validate(today); ErrorKey(err) != c.key {
				t.Fatalf("Validate = %v, want key %s", err, c.key)
			}
		})
	}
	far := ok
	far.From, far.To = today.AddDays(MaxExceptionAhead), today.AddDays(MaxExceptionAhead)
	if err := far.Validate(today); err != nil {
		t.Errorf("exception on the last allowed day: %v", err)
	}
	got := ExpandExceptions([]HoursException{{From: Date{2027, 1, 1}, To: Date{2027, 1, 1}, Reason: Text{"fi": "b"}}, ok})
	if len(got) != 4 || got[0].Date != (Date{2026, 12, 24}) || got[3].Date != (Date{2027, 1, 1}) || got[3].Note["fi"] != "b" || !got[0].Closed() {
		t.Errorf("ExpandExceptions = %+v", got)
	}
}
