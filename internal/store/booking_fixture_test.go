package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
)

// bookFixture is the circulation fixture's consortium (every branch open
// Monday to Saturday 9–20; circNow is Monday 23 November 2026, 10:00) with
// staff and three resources: a studio and a room that needs approval at
// Oodi, and digital help at Sello.
type bookFixture struct {
	*circFixture
	admin    library.Staff // the consortium's administrator
	helsinki library.Staff // branch staff of Helsinki
	espoo    library.Staff // branch staff of Espoo
	studio   library.Resource
	room     library.Resource
	help     library.Resource
	resident library.Patron
	ctx      context.Context
}

func newBookFixture(t *testing.T, db *store.DB) *bookFixture {
	t.Helper()
	f := &bookFixture{circFixture: newCircFixture(t, db), ctx: context.Background()}
	f.admin = f.staff("admin", library.RoleAdmin, "hki-oodi")
	f.helsinki = f.staff("hki-desk", library.RoleBranchStaff, "hki-oodi")
	f.espoo = f.staff("esp-desk", library.RoleBranchStaff, "esp-sello")
	f.studio = f.resource(library.Resource{BranchID: "hki-oodi", Kind: library.KindRehearsalStudio,
		Name: library.Text{"fi": "Bändikämppä", "en": "Band room"}, Capacity: 6, SlotMinutes: 60, MinMinutes: 60, MaxMinutes: 180,
		HorizonDays: 14, WeeklyBookings: 2, CancelBeforeMinutes: 24 * 60, MinAge: 15})
	f.room = f.resource(library.Resource{BranchID: "hki-oodi", Kind: library.KindRoom,
		Name: library.Text{"fi": "Neuvotteluhuone"}, Capacity: 10, SlotMinutes: 30, MinMinutes: 30, MaxMinutes: 240,
		HorizonDays: 30, NeedsApproval: true, BufferMinutes: 15})
	f.help = f.resource(library.Resource{BranchID: "esp-sello", Kind: library.KindDigitalHelp,
		Name: library.Text{"fi": "Digituki", "ar": "المساعدة الرقمية"}, Capacity: 1, SlotMinutes: 60, MinMinutes: 60, MaxMinutes: 60,
		HorizonDays: 14, WeeklyBookings: 1})
	f.resident = f.patron("Virtanen, Aino", library.CategoryAdult, false)
	return f
}

// staff creates a staff account working at a branch.
func (f *bookFixture) staff(name, role, branch string) library.Staff {
	f.t.Helper()
	s, err := f.db.CreateStaff(f.ctx, library.Staff{Username: name, Name: name, Role: role, Branch: branch}, "long enough password")
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

// resource creates a resource as the administrator.
func (f *bookFixture) resource(r library.Resource) library.Resource {
	f.t.Helper()
	r, err := f.db.CreateResource(f.ctx, r, f.admin, circNow)
	if err != nil {
		f.t.Fatal(err)
	}
	return r
}

// hkiAt returns Helsinki clock time h:m on the day n days after circNow.
func hkiAt(n, h, m int) time.Time {
	d := library.DateOf(circNow.In(library.Helsinki)).AddDays(n)
	return d.In(library.Helsinki, library.NewClock(h, m)).UTC()
}

// book books r for a patron from start for length, at circNow.
func (f *bookFixture) book(r library.Resource, patronID int64, start time.Time, length time.Duration) (library.Booked, error) {
	return f.db.Book(f.ctx, library.BookingRequest{ResourceID: r.ID, PatronID: patronID, Start: start, End: start.Add(length)}, circNow)
}

// mustBook is book that fails the test on an error.
func (f *bookFixture) mustBook(r library.Resource, patronID int64, start time.Time, length time.Duration) library.Booking {
	f.t.Helper()
	b, err := f.book(r, patronID, start, length)
	if err != nil {
		f.t.Fatalf("book %s at %s: %v", r.Name.Get("fi"), start.In(library.Helsinki), err)
	}
	return b.Booking
}

// notices returns the kinds of a patron's notices, oldest first.
func (f *bookFixture) notices(patronID int64) []string {
	f.t.Helper()
	ns, err := f.db.Notices(f.ctx, patronID)
	if err != nil {
		f.t.Fatal(err)
	}
	var kinds []string
	for i := len(ns) - 1; i >= 0; i-- {
		kinds = append(kinds, ns[i].Kind)
	}
	return kinds
}

// holding counts the bookings of a resource that hold their time.
func (f *bookFixture) holding(r library.Resource) int {
	f.t.Helper()
	n, err := store.CountForTest(f.db, `SELECT count(*) FROM bookings WHERE resource_id = $1 AND status IN ('requested', 'confirmed', 'checked_in')`, r.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

// patrons creates n adult patrons.
func (f *bookFixture) patrons(n int) []library.Patron {
	var ps []library.Patron
	for i := range n {
		ps = append(ps, f.patron(fmt.Sprintf("Asiakas, %d", i), library.CategoryAdult, false))
	}
	return ps
}
