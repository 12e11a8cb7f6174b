package demo

import (
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Consortium returns the Helmet consortium: Espoo, Helsinki, Kauniainen and
// Vantaa with their branches, weekly hours and the holiday exceptions of
// year and the year after.
func Consortium(year int) library.Consortium {
	c := library.Consortium{Name: text("Helmet-kirjastot", "Helmet-biblioteken", "Helmet Libraries")}
	for _, m := range members {
		c.Libraries = append(c.Libraries, library.Library{ID: m.id, Name: text(m.fi, m.sv, m.en)})
	}
	for _, s := range branchSpecs {
		c.Branches = append(c.Branches, branch(s, year))
	}
	return c
}

func member(id string) int {
	for i, m := range members {
		if m.id == id {
			return i
		}
	}
	panic("demo: unknown member library " + id)
}

func branch(s branchSpec, year int) library.Branch {
	m := members[member(s.lib)]
	// Phone extensions are made up but stable: hashing the ID keeps them
	// from changing when branches are added to the table.
	h := fnv.New32a()
	h.Write([]byte(s.id))
	ext := h.Sum32() % 10000
	return library.Branch{
		ID:        s.id,
		LibraryID: s.lib,
		Name:      text(s.fi, s.sv, s.place+" Library"),
		Address: library.Address{
			Street:     s.street,
			PostalCode: s.postal,
			City:       text(m.cityFi, m.citySv, m.cityEn),
		},
		Lat:           s.lat,
		Lon:           s.lon,
		Phone:         fmt.Sprintf("%s %04d", m.tel, ext),
		Email:         emailName(s.place) + ".kirjasto@" + m.domain,
		Services:      services(s),
		Accessibility: accessibility(s),
		Hours:         hours(s, year),
	}
}

// emailName folds a place name into the local part of an address.
func emailName(place string) string {
	place = strings.TrimSuffix(place, " Mobile")
	place = strings.TrimPrefix(place, "Central Library ")
	r := strings.NewReplacer("ä", "a", "ö", "o", "å", "a", " ", "", "-", "")
	return r.Replace(strings.ToLower(place))
}

func services(s branchSpec) []string {
	have := map[string]bool{"computers": true, "digital-support": true}
	switch s.size {
	case medium, large:
		have["scanner"] = true
		have["meeting-rooms"] = true
		have["kids-corner"] = true
	case mobile:
		have = map[string]bool{}
	}
	if s.size == large {
		have["instrument-lending"] = true
	}
	for _, x := range s.extra {
		have[x] = true
	}
	// library.Services fixes the order, so that output is stable.
	var out []string
	for _, x := range library.Services {
		if have[x] {
			out = append(out, x)
		}
	}
	return out
}

func accessibility(s branchSpec) library.Text {
	switch {
	case s.size == mobile:
		return text("Kirjastoautossa on nostolaite pyörätuolille.",
			"Bokbussen har en lyft för rullstolar.",
			"The mobile library has a wheelchair lift.")
	case s.size == large:
		return text("Esteetön sisäänkäynti ja hissi kaikkiin kerroksiin. Esteetön wc. Induktiosilmukka palvelutiskillä.",
			"Tillgänglig ingång och hiss till alla våningar. Tillgänglig toalett. Hörslinga vid servicedisken.",
			"Step-free entrance and a lift to every floor. Accessible toilet. Induction loop at the service desk.")
	case s.self:
		return text("Esteetön sisäänkäynti. Omatoimiaikana ovi avautuu kirjastokortilla ja PIN-koodilla.",
			"Tillgänglig ingång. Under meröppet öppnas dörren med bibliotekskort och PIN-kod.",
			"Step-free entrance. During self-service hours the door opens with a library card and PIN.")
	default:
		return text("Esteetön sisäänkäynti ja esteetön wc.",
			"Tillgänglig ingång och tillgänglig toalett.",
			"Step-free entrance and accessible toilet.")
	}
}

func period(open, close int) library.Period {
	return library.Period{Open: library.NewClock(open, 0), Close: library.NewClock(close, 0)}
}

// weekly returns the usual hours of a branch, modelled on Helmet's: big
// branches open on Sundays, the rest rely on self-service outside the
// staffed hours.
func weekly(s branchSpec) [7]library.Day {
	var staffed [7][]library.Period // Sunday first
	set := func(p library.Period, days ...time.Weekday) {
		for _, d := range days {
			staffed[d] = []library.Period{p}
		}
	}
	weekdays := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday}
	switch {
	case s.id == "hki-oodi":
		set(period(8, 22), append(weekdays, time.Friday)...)
		set(period(10, 20), time.Saturday, time.Sunday)
	case s.size == large:
		set(period(9, 20), weekdays...)
		set(period(9, 18), time.Friday)
		set(period(10, 16), time.Saturday)
		set(period(12, 16), time.Sunday)
	case s.size == medium:
		set(period(10, 20), weekdays...)
		set(period(10, 16), time.Friday)
		set(period(10, 16), time.Saturday)
	case s.size == small:
		set(period(12, 19), weekdays...)
		set(period(10, 16), time.Friday)
	case s.size == mobile:
		set(period(10, 19), weekdays...)
		set(period(10, 15), time.Friday)
	}
	var week [7]library.Day
	for d := range week {
		week[d].Staffed = staffed[d]
		if s.self {
			week[d].SelfService = selfService(staffed[d])
		}
	}
	return week
}

// selfService returns the self-service periods of a day, 6–22 outside the
// staffed hours.
func selfService(staffed []library.Period) []library.Period {
	start, end := library.NewClock(6, 0), library.NewClock(22, 0)
	var out []library.Period
	for _, p := range staffed {
		if p.Open > start {
			out = append(out, library.Period{Open: start, Close: p.Open})
		}
		start = max(start, p.Close)
	}
	if start < end {
		out = append(out, library.Period{Open: start, Close: end})
	}
	return out
}

// renovations are the longer closures in the demo. Their years count from
// the year Consortium is asked for, so that a demo built this autumn shows
// one branch closed now and one closing next summer.
var renovations = []struct {
	branch   string
	from, to library.Date // years are offsets from the given year
}{
	{"hki-etela-haaga", library.Date{Year: 0, Month: time.October, Day: 1}, library.Date{Year: 1, Month: time.March, Day: 31}},
	{"van-koivukyla", library.Date{Year: 1, Month: time.May, Day: 4}, library.Date{Year: 1, Month: time.August, Day: 16}},
}

// renovated reports whether a branch has a renovation in the demo.
func renovated(branch string) bool {
	for _, r := range renovations {
		if r.branch == branch {
			return true
		}
	}
	return false
}

func hours(s branchSpec, year int) library.Hours {
	h := library.Hours{Weekly: weekly(s)}
	closures := map[library.Date]bool{}
	for _, r := range renovations {
		if r.branch != s.id {
			continue
		}
		from, to := r.from, r.to
		from.Year += year
		to.Year += year
		for d := from; !to.Before(d); d = d.AddDays(1) {
			closures[d] = true
		}
	}
	renovation := text("Suljettu remontin vuoksi", "Stängt för renovering", "Closed for renovation")
	hols := map[library.Date]holiday{}
	for _, y := range []int{year, year + 1} {
		for _, hd := range holidays(y) {
			hols[hd.date] = hd
		}
	}
	// Walk the two years in date order so that exceptions come out sorted.
	end := library.Date{Year: year + 1, Month: time.December, Day: 31}
	for d := (library.Date{Year: year, Month: time.January, Day: 1}); !end.Before(d); d = d.AddDays(1) {
		switch hd, ok := hols[d]; {
		case closures[d]:
			h.Exceptions = append(h.Exceptions, library.Exception{Date: d, Day: library.Day{Note: renovation}})
		case ok:
			h.Exceptions = append(h.Exceptions, library.Exception{Date: d, Day: holidayDay(hd, h.Weekly[d.Weekday()])})
		}
	}
	return h
}
