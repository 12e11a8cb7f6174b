package demo_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/auth"
	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// buildBookings builds the demo consortium, patrons and bookings into a
// fresh database and returns every booking of the resources from ten days
// before to twenty after the demo day, read back.
func buildBookings(t *testing.T, db *store.DB, seed uint64) (demo.BookingSummary, []library.BookingDetail, []library.Resource) {
	t.Helper()
	ctx := context.Background()
	db.SetAccountConfig(store.AccountConfig{Hasher: auth.NewHasher(nil, auth.TestParams)})
	if err := db.PutConsortium(ctx, demo.Consortium(2026)); err != nil {
		t.Fatal(err)
	}
	dps, _, err := demo.BuildPatrons(ctx, db, seed)
	if err != nil {
		t.Fatal(err)
	}
	var ps []library.Patron
	for _, p := range dps {
		ps = append(ps, p.Patron)
	}
	sum, err := demo.BuildBookings(ctx, db, seed, ps, demoNow)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := db.Resources(ctx, library.ResourceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var all []library.BookingDetail
	seen := map[int64]bool{}
	branches := map[string]bool{}
	for _, r := range rs {
		branches[r.BranchID] = true
	}
	for br := range branches {
		for d := -10; d <= 20; d++ {
			day := library.LocalDate(demoNow).AddDays(d)
			s, err := db.DaySchedule(ctx, br, day)
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range s.Bookings {
				if !seen[b.ID] {
					seen[b.ID] = true
					all = append(all, b)
				}
			}
		}
	}
	return sum, all, rs
}

// TestBuildBookings: the demo's resources stand at branches that offer
// them, and its bookings cover what the pages show: confirmed, requested,
// checked in and missed bookings, guests in several languages, a desk
// booking and staff blocks; the same seed builds the same bookings.
func TestBuildBookings(t *testing.T) {
	var built [][]string // each database's bookings, as times lists them
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		sum, all, rs := buildBookings(t, db, 1)
		blocks := 0
		for _, b := range all {
			if b.Block {
				blocks++
			}
		}
		if sum.Resources != len(rs) || sum.Resources < 30 || sum.Bookings != len(all)-blocks || blocks == 0 {
			t.Errorf("summary %+v; %d resources, %d bookings and %d blocks stored", sum, len(rs), len(all)-blocks, blocks)
		}
		services := map[string][]string{}
		for _, b := range demo.Consortium(2026).Branches {
			services[b.ID] = b.Services
		}
		needs := map[string]string{
			library.KindRehearsalStudio: "music-studio", library.KindDigitalHelp: "digital-support", library.KindRoom: "meeting-rooms",
		}
		for _, r := range rs {
			if s, ok := needs[r.Kind]; ok && !slices.Contains(services[r.BranchID], s) {
				t.Errorf("%s (%s) at %s, which offers no %s", r.Name["fi"], r.Kind, r.BranchID, s)
			}
		}
		count := map[string]int{}
		guests := map[string]bool{}
		for _, b := range all {
			count[b.Status]++
			switch {
			case b.Block:
				count["block"]++
			case b.Guest != nil:
				guests[b.Guest.Lang] = true
			case b.StaffID != 0:
				count["desk"]++
			}
		}
		for _, k := range []string{library.BookingConfirmed, library.BookingRequested, library.BookingCheckedIn, library.BookingNoShow, "block"} {
			if count[k] == 0 {
				t.Errorf("no %s booking in the demo: %v", k, count)
			}
		}
		for _, l := range []string{"ar", "so"} {
			if !guests[l] {
				t.Errorf("no guest booking in %s: %v", l, guests)
			}
		}
		built = append(built, times(all))
	})
	// The same seed builds the same bookings: on the two databases, or
	// (where PostgreSQL is not at hand) twice on SQLite.
	if len(built) < 2 {
		_, other, _ := buildBookings(t, storetest.Open(t, "sqlite"), 1)
		built = append(built, times(other))
	}
	if diff := cmp.Diff(built[0], built[1]); diff != "" {
		t.Errorf("the same seed built other bookings (-first +second):\n%s", diff)
	}
}

// times lists bookings by resource, start and status, in order.
func times(ds []library.BookingDetail) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Resource.Name["fi"]+" "+d.Start.String()+" "+d.Status)
	}
	slices.Sort(out)
	return out
}
