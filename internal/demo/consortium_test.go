package demo

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/library"
)

func TestEaster(t *testing.T) {
	tests := []struct {
		year int
		want library.Date
	}{
		{2024, library.Date{Year: 2024, Month: time.March, Day: 31}},
		{2025, library.Date{Year: 2025, Month: time.April, Day: 20}},
		{2026, library.Date{Year: 2026, Month: time.April, Day: 5}},
		{2027, library.Date{Year: 2027, Month: time.March, Day: 28}},
		{2038, library.Date{Year: 2038, Month: time.April, Day: 25}},
	}
	for _, tt := range tests {
		if got := Easter(tt.year); got != tt.want {
			t.Errorf("Easter(%d) = %v, want %v", tt.year, got, tt.want)
		}
	}
}

func TestConsortium(t *testing.T) {
	c := Consortium(2026)
	var libs []string
	for _, l := range c.Libraries {
		libs = append(libs, l.ID)
		if l.Name["fi"] == "" || l.Name["sv"] == "" || l.Name["en"] == "" {
			t.Errorf("library %s: name %v lacks a language", l.ID, l.Name)
		}
	}
	if diff := cmp.Diff([]string{"espoo", "helsinki", "kauniainen", "vantaa"}, libs); diff != "" {
		t.Errorf("libraries (-want +got):\n%s", diff)
	}
	if n := len(c.Branches); n < 55 || n > 70 {
		t.Errorf("%d branches, want 55–70", n)
	}
	ids := map[string]bool{}
	perLib := map[string]int{}
	for _, b := range c.Branches {
		if ids[b.ID] {
			t.Errorf("duplicate branch ID %s", b.ID)
		}
		ids[b.ID] = true
		perLib[b.LibraryID]++
		for _, lang := range []string{"fi", "sv", "en"} {
			if b.Name[lang] == "" || b.Address.City[lang] == "" || b.Accessibility[lang] == "" {
				t.Errorf("%s: no name, city or accessibility note in %s", b.ID, lang)
			}
		}
		if b.Address.Street == "" || len(b.Address.PostalCode) != 5 {
			t.Errorf("%s: address %+v", b.ID, b.Address)
		}
		// The Helsinki region, from Kauklahti to Hakunila and Korso.
		if b.Lat < 60.10 || b.Lat > 60.40 || b.Lon < 24.50 || b.Lon > 25.30 {
			t.Errorf("%s: %v,%v is outside the Helsinki region", b.ID, b.Lat, b.Lon)
		}
		if b.Phone == "" || b.Email == "" {
			t.Errorf("%s: no phone or email", b.ID)
		}
		open := false
		for _, d := range b.Hours.Weekly {
			open = open || !d.Closed()
		}
		if !open {
			t.Errorf("%s: never open", b.ID)
		}
	}
	if perLib["kauniainen"] != 1 || perLib["helsinki"] < 30 || perLib["espoo"] < 12 || perLib["vantaa"] < 8 {
		t.Errorf("branches per library: %v", perLib)
	}
}

func TestHolidayExceptions(t *testing.T) {
	c := Consortium(2026)
	var sello library.Branch
	for _, b := range c.Branches {
		if b.ID == "esp-sello" {
			sello = b
		}
	}
	tests := []struct {
		date   string
		note   string // English note
		closed bool
	}{
		{"2026-01-01", "New Year's Day", true},
		{"2026-01-06", "Epiphany", true},
		{"2026-04-03", "Good Friday", true},
		{"2026-04-04", "Holy Saturday", false},
		{"2026-04-05", "Easter Sunday", true},
		{"2026-04-06", "Easter Monday", true},
		{"2026-04-30", "May Day Eve", false},
		{"2026-05-14", "Ascension Day", true},
		{"2026-06-19", "Midsummer Eve", true},
		{"2026-06-20", "Midsummer Day", true},
		{"2026-10-31", "All Saints' Day", true},
		{"2026-12-06", "Independence Day", true},
		{"2026-12-24", "Christmas Eve", true},
		{"2026-12-31", "New Year's Eve", false},
		{"2027-03-26", "Good Friday", true},
		{"2027-03-28", "Easter Sunday", true},
		{"2027-05-06", "Ascension Day", true},
		{"2027-06-25", "Midsummer Eve", true},
		{"2027-11-06", "All Saints' Day", true},
		{"2027-12-26", "St Stephen's Day", true},
	}
	for _, tt := range tests {
		d, _ := library.ParseDate(tt.date)
		day, exc := sello.Hours.On(d)
		if !exc || day.Note["en"] != tt.note || day.Note["fi"] == "" || day.Note["sv"] == "" {
			t.Errorf("%s: exception %v, note %v; want %q", tt.date, exc, day.Note, tt.note)
		}
		if day.Closed() != tt.closed {
			t.Errorf("%s: closed = %v, want %v", tt.date, day.Closed(), tt.closed)
		}
	}
	// A holiday eve shortens the day rather than closing it.
	d, _ := library.ParseDate("2026-04-30") // a Thursday: usually 9–20
	day, _ := sello.Hours.On(d)
	if diff := cmp.Diff([]library.Period{period(9, 18)}, day.Staffed); diff != "" {
		t.Errorf("May Day Eve staffed hours (-want +got):\n%s", diff)
	}
	// An ordinary day keeps the weekly hours.
	d, _ = library.ParseDate("2026-11-24")
	if _, exc := sello.Hours.On(d); exc {
		t.Errorf("%s is an exception", d)
	}
}

func TestSelfService(t *testing.T) {
	tests := []struct {
		staffed []library.Period
		want    []library.Period
	}{
		{nil, []library.Period{period(6, 22)}},
		{[]library.Period{period(12, 19)}, []library.Period{period(6, 12), period(19, 22)}},
		{[]library.Period{period(6, 22)}, nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, selfService(tt.staffed)); diff != "" {
			t.Errorf("selfService(%v) (-want +got):\n%s", tt.staffed, diff)
		}
	}
}

func TestRenovation(t *testing.T) {
	c := Consortium(2026)
	for _, b := range c.Branches {
		if b.ID != "hki-etela-haaga" {
			continue
		}
		d, _ := library.ParseDate("2026-11-24")
		day, exc := b.Hours.On(d)
		if !exc || !day.Closed() || day.Note["en"] != "Closed for renovation" {
			t.Errorf("%s on %s: %+v", b.ID, d, day)
		}
		return
	}
	t.Fatal("no hki-etela-haaga")
}
