package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// The demo's bookings: the resources of resources.go, a weekly guitar
// class and a printer's maintenance as staff blocks, residents' bookings
// in the weeks ahead (some waiting for approval), guests' digital help in
// Somali, Arabic, Ukrainian and Finnish, a booking made at the desk, and
// last week's bookings checked in or missed. Everything goes through the
// real store methods with the clock moved where the past needs it, so the
// bookings follow the rules and the hours and have their notices.

// BookingSummary counts what BuildBookings made.
type BookingSummary struct {
	Resources int
	Bookings  int // residents' and guests'
	Blocks    int
}

// bookingSpec is a booking of the demo: a resident's (patron, by name)
// or a guest's, on the demo day + day (negative: in the past) from the
// first free time at or after hour.
type bookingSpec struct {
	resource string
	patron   string
	guest    *library.Guest
	topic    string
	helpLang string
	day      int
	hour     int
	slots    int    // 0: the resource's shortest booking
	after    string // what became of a past booking: BookingCheckedIn or BookingNoShow
	desk     bool   // made by staff at the desk
}

var demoBookings = []bookingSpec{
	{resource: "oodi-band-1", patron: "Virtanen, Aino", day: 2, hour: 17, slots: 2},
	{resource: "oodi-3d", patron: "Virtanen, Aino", day: 5, hour: 12, slots: 2},
	{resource: "oodi-piano", patron: "Virtanen, Aino", day: -3, hour: 15, slots: 2, after: library.BookingCheckedIn},
	{resource: "oodi-meeting", patron: "Virtanen, Aino", day: 8, hour: 10, slots: 4}, // a request
	{resource: "oodi-recording", patron: "Smith, James", day: 9, hour: 12, slots: 3}, // a request
	{resource: "oodi-group", patron: "Holmström, Erik", day: 4, hour: 9, slots: 2},
	{resource: "pasila-piano", patron: "Smith, James", day: 1, hour: 16, slots: 2},
	{resource: "pasila-band", patron: "Nguyen, Linh", day: 2, hour: 18, slots: 2},
	{resource: "pasila-band", patron: "Nguyen, Linh", day: -2, hour: 17, slots: 2, after: library.BookingCheckedIn},
	{resource: "sello-band", patron: "Korhonen, Mikko", day: 1, hour: 18, slots: 2},
	{resource: "sello-band", patron: "Korhonen, Mikko", day: -6, hour: 18, slots: 2, after: library.BookingNoShow},
	{resource: "sello-vhs", patron: "Korhonen, Mikko", day: 4, hour: 10, slots: 2},
	{resource: "sello-sewing", patron: "Grönroos, Anna", day: 2, hour: 12, slots: 2},
	{resource: "sello-3d", patron: "Mäkinen, Liisa", day: 6, hour: 13, slots: 3},
	{resource: "isoomena-3d", patron: "Mäkinen, Liisa", day: 3, hour: 13, slots: 3},
	{resource: "isoomena-help", patron: "Mäkinen, Liisa", topic: library.TopicSuomiFi, helpLang: "fi", day: 1, hour: 10},
	{resource: "kauniainen-room", patron: "Lindqvist, Saga", day: 3, hour: 14, slots: 2},
	{resource: "tikkurila-help", patron: "Ivanova, Olga", topic: library.TopicELibrary, helpLang: "ru", day: 2, hour: 13},
	{resource: "tikkurila-sewing", patron: "Ivanova, Olga", day: 6, hour: 11, slots: 2},
	{resource: "myyrmaki-band", patron: "Smirnov, Dmitri", day: 5, hour: 18, slots: 2},
	{resource: "myyrmaki-room", patron: "Smirnov, Dmitri", day: 2, hour: 10, slots: 2, desk: true},
	{resource: "sello-help", guest: &library.Guest{Name: "Faadumo Cali", Phone: "+358 44 100 2001", Lang: "so"},
		topic: library.TopicNewPhone, helpLang: "so", day: 1, hour: 10},
	{resource: "oodi-help", guest: &library.Guest{Name: "Ahmad Karimi", Email: "ahmad.karimi@example.org", Lang: "ar"},
		topic: library.TopicSuomiFi, helpLang: "ar", day: 2, hour: 11},
	{resource: "itakeskus-help", guest: &library.Guest{Name: "Tamara Koval", Phone: "+358 50 100 2003", Lang: "en"},
		topic: library.TopicOnlineBanking, helpLang: "uk", day: 3, hour: 12},
	{resource: "tikkurila-help", guest: &library.Guest{Name: "Maija Laine", Phone: "040 100 2004", Lang: "fi"},
		topic: library.TopicVideoCalls, helpLang: "fi", day: 1, hour: 14, desk: true},
}

// BuildBookings stores the demo's resources and bookings around now.
// The seed moves the bookings' days and hours a little, the same way for
// the same seed. Patrons are the demo patrons, found by name.
func BuildBookings(ctx context.Context, st library.Bookings, seed uint64, patrons []library.Patron, now time.Time) (BookingSummary, error) {
	var sum BookingSummary
	by := library.SystemStaff
	ids := make(map[string]library.Resource)
	for _, s := range demoResources {
		r, err := st.CreateResource(ctx, s.Resource, by, now)
		if err != nil {
			return sum, fmt.Errorf("demo resource %s: %w", s.key, err)
		}
		ids[s.key] = r
		sum.Resources++
	}
	blocks, err := demoBlocks(ctx, st, ids, now)
	sum.Blocks = blocks
	if err != nil {
		return sum, err
	}
	byName := make(map[string]library.Patron)
	for _, p := range patrons {
		byName[p.Name] = p
	}
	r := rand.New(rand.NewPCG(seed, 0xb00c1e))
	for _, s := range demoBookings {
		day := s.day + r.IntN(2) // the seed moves a booking a day, or not
		if s.day < 0 {
			day = s.day - r.IntN(2)
		}
		if err := demoBook(ctx, st, ids[s.resource], s, byName[s.patron].ID, day, now); err != nil {
			return sum, fmt.Errorf("demo booking of %s: %w", s.resource, err)
		}
		sum.Bookings++
	}
	return sum, nil
}

// demoBlocks adds a weekly guitar class in Sello's studio and a morning's
// maintenance of Oodi's 3D printer, on their first open days ahead.
func demoBlocks(ctx context.Context, st library.Bookings, ids map[string]library.Resource, now time.Time) (int, error) {
	n := 0
	for _, b := range []struct {
		resource    string
		weekday     time.Weekday
		from, hours int
		weeks       int
		reason      string
	}{
		{"sello-band", time.Wednesday, 17, 2, 8, "Kitaratunti (Espoon työväenopisto)"},
		{"oodi-3d", time.Thursday, 9, 3, 1, "Huolto: suuttimen vaihto"},
	} {
		r := ids[b.resource]
		day := library.LocalDate(now).AddDays(1)
		for day.Weekday() != b.weekday {
			day = day.AddDays(1)
		}
		start := day.In(library.Helsinki, library.NewClock(b.from, 0))
		bs, err := st.AddBlock(ctx, library.BlockRequest{ResourceID: r.ID, Start: start, End: start.Add(time.Duration(b.hours) * time.Hour),
			Reason: b.reason, Weeks: b.weeks}, library.SystemStaff, now)
		if err != nil {
			return n, fmt.Errorf("demo block of %s: %w", b.resource, err)
		}
		n += len(bs)
	}
	return n, nil
}

// demoBook books s on the day at the first free time from s.hour on
// (else the first of the day, else of the days after). A past booking is
// made a fortnight earlier and then checked in or marked missed.
func demoBook(ctx context.Context, st library.Bookings, r library.Resource, s bookingSpec, patronID int64, day int, now time.Time) error {
	at := now
	if day < 0 {
		at = now.AddDate(0, 0, -14)
	}
	slots := max(s.slots, r.MinMinutes/r.SlotMinutes)
	length := time.Duration(slots*r.SlotMinutes) * time.Minute
	start, ok, err := freeStart(ctx, st, r, library.LocalDate(now).AddDays(day), s.hour, int(length/time.Minute), at)
	if err != nil || !ok {
		return fmt.Errorf("no free time near day %d: %w", day, err)
	}
	q := library.BookingRequest{ResourceID: r.ID, PatronID: patronID, Guest: s.guest, Topic: s.topic, HelpLang: s.helpLang,
		Start: start, End: start.Add(length)}
	if s.desk {
		staff := library.SystemStaff
		q.By = &staff
	}
	if s.guest != nil {
		g := *s.guest
		q.Guest = &g
	}
	b, err := st.Book(ctx, q, at)
	if err != nil {
		return err
	}
	switch s.after {
	case library.BookingCheckedIn:
		_, err = st.CheckInBooking(ctx, b.Booking.ID, library.SystemStaff, start.Add(5*time.Minute))
	case library.BookingNoShow:
		_, err = st.MarkNoShow(ctx, b.Booking.ID, library.SystemStaff, start.Add(20*time.Minute))
	}
	return err
}

// freeStart finds where a booking of minutes may start on day, from hour
// on if it can, seen at now; it looks up to a week further.
func freeStart(ctx context.Context, st library.Bookings, r library.Resource, day library.Date, hour, minutes int, now time.Time) (time.Time, bool, error) {
	a, err := st.ResourceAvailability(ctx, r.ID, day, day.AddDays(6), now)
	if err != nil {
		return time.Time{}, false, err
	}
	for i, d := range a.Days {
		var first time.Time
		for _, s := range d.Free() {
			if s.MaxMinutes < minutes {
				continue
			}
			if first.IsZero() {
				first = s.Start
			}
			if i > 0 || s.Start.In(library.Helsinki).Hour() >= hour {
				return s.Start, true, nil
			}
		}
		if !first.IsZero() {
			return first, true, nil
		}
	}
	return time.Time{}, false, nil
}
