package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

var admin = library.Staff{ID: 1, Username: "admin", Role: library.RoleAdmin}

func kauniainen() library.Library {
	return library.Library{ID: "kauniainen", Name: library.Text{"fi": "Kauniaisten kirjasto", "sv": "Grankulla bibliotek"},
		Description: library.Text{"fi": "Pieni kaupunki"}}
}

func kauBranch() library.Branch {
	return library.Branch{
		ID: "kau-kauniainen", LibraryID: "kauniainen",
		Name:        library.Text{"fi": "Kauniaisten kirjasto", "sv": "Grankulla bibliotek"},
		Description: library.Text{"fi": "Kirjasto Kauniaisten keskustassa."},
		Address:     library.Address{Street: "Thurmaninaukio 6", PostalCode: "02700", City: library.Text{"fi": "Kauniainen", "sv": "Grankulla"}},
		Lat:         60.2115, Lon: 24.7262, Phone: "09 505 6457", Email: "kirjasto@kauniainen.fi",
		Services:      []string{"computers", "kids-corner"},
		Accessibility: library.Text{"fi": "Esteetön sisäänkäynti."},
		Hours: library.Hours{Weekly: [7]library.Day{
			time.Monday:  {Staffed: []library.Period{{Open: library.NewClock(10, 0), Close: library.NewClock(19, 0)}}, SelfService: []library.Period{{Open: library.NewClock(8, 0), Close: library.NewClock(10, 0)}}},
			time.Tuesday: {Staffed: []library.Period{{Open: library.NewClock(10, 0), Close: library.NewClock(19, 0)}}},
		}},
	}
}

func TestCreateAndUpdateBranch(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		v0, err := db.ConsortiumVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.CreateBranch(ctx, kauBranch(), admin, circNow)
		wantKey(t, err, "error.library_not_found")
		l, err := db.CreateLibrary(ctx, kauniainen(), admin, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if l.Version != 1 || l.Closed() {
			t.Errorf("new library = %+v", l)
		}
		_, err = db.CreateLibrary(ctx, kauniainen(), admin, circNow)
		wantKey(t, err, "error.library_exists")

		b, err := db.CreateBranch(ctx, kauBranch(), admin, circNow)
		if err != nil {
			t.Fatal(err)
		}
		want := kauBranch()
		want.Version = 1
		if diff := cmp.Diff(want, b, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("created branch (-want +got):\n%s", diff)
		}
		_, err = db.CreateBranch(ctx, kauBranch(), admin, circNow)
		wantKey(t, err, "error.branch_exists")
		if v, _ := db.ConsortiumVersion(ctx); v <= v0 {
			t.Errorf("consortium version %d after creating, was %d", v, v0)
		}

		// Bad input writes nothing.
		bad := b
		bad.Email = "kirjasto(at)kauniainen.fi"
		_, err = db.UpdateBranch(ctx, bad, admin, circNow)
		wantKey(t, err, "error.branch_email")
		bad = b
		bad.LibraryID = "espoo"
		_, err = db.UpdateBranch(ctx, bad, admin, circNow)
		wantKey(t, err, "error.branch_library_immutable")

		b.Phone = "+358 9 505 6457"
		b.Name["en"] = "Kauniainen Library"
		got, err := db.UpdateBranch(ctx, b, admin, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 || got.Phone != b.Phone || got.Name["en"] != "Kauniainen Library" {
			t.Errorf("updated branch = %+v", got)
		}
		// An edit made from version 1 comes too late.
		b.Phone = "09 1234 567"
		_, err = db.UpdateBranch(ctx, b, admin, circNow)
		wantKey(t, err, "error.branch_changed")
		if again, _ := db.Branch(ctx, b.ID); again.Phone != "+358 9 505 6457" {
			t.Errorf("refused update wrote the phone: %q", again.Phone)
		}

		l.Name["en"] = "Kauniainen City Library"
		if l, err = db.UpdateLibrary(ctx, l, admin, circNow); err != nil || l.Version != 2 {
			t.Fatalf("UpdateLibrary = %+v, %v", l, err)
		}
		_, err = db.UpdateLibrary(ctx, library.Library{ID: "kauniainen", Name: library.Text{"fi": "x"}, Version: 1}, admin, circNow)
		wantKey(t, err, "error.library_changed")
		_, err = db.UpdateLibrary(ctx, library.Library{ID: "kauniainen", Name: library.Text{"sv": "x"}, Version: 2}, admin, circNow)
		wantKey(t, err, "error.branch_finnish_required")
		_, err = db.UpdateBranch(ctx, library.Branch{ID: "no-such-branch", LibraryID: "kauniainen", Name: library.Text{"fi": "x"}}, admin, circNow)
		wantKey(t, err, "error.branch_not_found")

		// Weekly hours: validated, version-checked, read back at once.
		week := got.Hours.Weekly
		week[time.Saturday] = library.Day{Staffed: []library.Period{{Open: library.NewClock(12, 0), Close: library.NewClock(16, 0)}, {Open: library.NewClock(10, 0), Close: library.NewClock(12, 1)}}}
		_, err = db.SetWeeklyHours(ctx, b.ID, week, got.Version, admin, circNow)
		wantKey(t, err, "error.hours_overlap")
		week[time.Saturday].Staffed[1].Close = library.NewClock(12, 0)
		_, err = db.SetWeeklyHours(ctx, b.ID, week, got.Version-1, admin, circNow)
		wantKey(t, err, "error.branch_changed")
		hb, err := db.SetWeeklyHours(ctx, b.ID, week, got.Version, admin, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if sat := hb.Hours.Weekly[time.Saturday].Staffed; len(sat) != 2 || sat[0].Open != library.NewClock(10, 0) || hb.Version != got.Version+1 {
			t.Errorf("Saturday after SetWeeklyHours = %v (version %d)", sat, hb.Version)
		}
	})
}

func TestValidationRefusedOnBothDatabases(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.CreateLibrary(ctx, kauniainen(), admin, circNow); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			edit func(*library.Branch)
			key  string
		}{
			{func(b *library.Branch) { b.ID = "Kau Kauniainen" }, "error.branch_id"},
			{func(b *library.Branch) { b.Name = library.Text{"en": "Library"} }, "error.branch_finnish_required"},
			{func(b *library.Branch) { b.Address.PostalCode = "FI-02700" }, "error.branch_postal_code"},
			{func(b *library.Branch) { b.Lat = 100 }, "error.branch_coordinates"},
			{func(b *library.Branch) { b.Phone = "soita meille" }, "error.branch_phone"},
			{func(b *library.Branch) { b.Email = "@kauniainen.fi" }, "error.branch_email"},
			{func(b *library.Branch) { b.Services = []string{"sauna"} }, "error.branch_service"},
			{func(b *library.Branch) { b.Accessibility = library.Text{"xx": "?"} }, "error.branch_language"},
			{func(b *library.Branch) {
				b.Hours.Weekly[time.Friday].Staffed = []library.Period{{Open: library.NewClock(20, 0), Close: library.NewClock(8, 0)}}
			}, "error.hours_period"},
		} {
			b := kauBranch()
			c.edit(&b)
			_, err := db.CreateBranch(ctx, b, admin, circNow)
			wantKey(t, err, c.key)
		}
		if bs, err := db.Branches(ctx); err != nil || len(bs) != 0 {
			t.Errorf("after refused creations: %d branches, %v", len(bs), err)
		}
	})
}

// TestConcurrentBranchEdits: staff who opened the same version of a
// branch save at once; exactly one edit wins, whole, and the others are
// told to reload.
func TestConcurrentBranchEdits(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.CreateLibrary(ctx, kauniainen(), admin, circNow); err != nil {
			t.Fatal(err)
		}
		base, err := db.CreateBranch(ctx, kauBranch(), admin, circNow)
		if err != nil {
			t.Fatal(err)
		}
		const n = 8
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				b := kauBranch()
				b.Version = base.Version
				b.Phone = fmt.Sprintf("09 505 000%d", i)
				b.Email = fmt.Sprintf("edit%d@kauniainen.fi", i)
				b.Hours.Weekly[time.Sunday].Staffed = []library.Period{{Open: library.NewClock(12, 0), Close: library.NewClock(12+i+1, 0)}}
				_, errs[i] = db.UpdateBranch(ctx, b, library.Staff{ID: int64(i + 1)}, circNow)
			})
		}
		wg.Wait()
		winner := -1
		for i, err := range errs {
			switch {
			case err == nil:
				if winner >= 0 {
					t.Fatalf("edits %d and %d both won", winner, i)
				}
				winner = i
			case library.ErrorKey(err) != "error.branch_changed":
				t.Fatalf("edit %d: %v", i, err)
			}
		}
		if winner < 0 {
			t.Fatal("no edit won")
		}
		got, err := db.Branch(ctx, base.ID)
		if err != nil {
			t.Fatal(err)
		}
		sun := got.Hours.Weekly[time.Sunday].Staffed
		if got.Phone != fmt.Sprintf("09 505 000%d", winner) || got.Email != fmt.Sprintf("edit%d@kauniainen.fi", winner) ||
			len(sun) != 1 || sun[0].Close != library.NewClock(12+winner+1, 0) || got.Version != base.Version+1 {
			t.Errorf("after the race: phone %q, email %q, Sunday %v, version %d; want all of edit %d", got.Phone, got.Email, sun, got.Version, winner)
		}
	})
}

func TestCloseBranch(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		rec := f.title(library.Book, copyAt{barcode: "c1", home: "esp-iso-omena"})
		rec2 := f.title(library.Book, copyAt{barcode: "c2", home: "van-tikkurila"})
		p := f.patron("Aino", "adult", false)
		q := f.patron("Olga", "adult", false)

		// A hold waiting for a copy: closing needs a place to move it to.
		h, err := db.PlaceHold(ctx, library.Hold{PatronID: p.ID, RecordID: rec, PickupBranch: "esp-sello"}, at(""), circNow)
		if err != nil {
			t.Fatal(err)
		}
		f.title(library.Book, copyAt{barcode: "home1", home: "esp-sello"})
		if pend, err := db.BranchPending(ctx, "esp-sello"); err != nil || pend != (library.BranchPending{Waiting: 1, Items: 1}) {
			t.Fatalf("BranchPending = %+v, %v", pend, err)
		}
		_, err = db.CloseBranch(ctx, "esp-sello", "", admin, circNow)
		wantKey(t, err, "error.branch_close_waiting")
		if library.ErrorCount(err) != 1 {
			t.Errorf("count %d, want 1", library.ErrorCount(err))
		}
		// The copy arrives on the hold shelf: closing is refused until it is collected.
		if _, err := db.Checkin(ctx, "c1", at("esp-iso-omena"), circNow); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Checkin(ctx, "c1", at("esp-sello"), circNow.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		// And a second hold whose copy is on its way.
		if _, err := db.PlaceHold(ctx, library.Hold{PatronID: q.ID, RecordID: rec2, PickupBranch: "esp-sello"}, at(""), circNow); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Checkin(ctx, "c2", at("van-tikkurila"), circNow.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if pend, _ := db.BranchPending(ctx, "esp-sello"); pend != (library.BranchPending{HoldShelf: 1, Transit: 1, Items: 1}) {
			t.Fatalf("BranchPending = %+v, want one on the shelf and one in transit", pend)
		}
		_, err = db.CloseBranch(ctx, "esp-sello", "esp-iso-omena", admin, circNow)
		wantKey(t, err, "error.branch_close_pending")
		if library.ErrorCount(err) != 2 {
			t.Errorf("count %d, want 2", library.ErrorCount(err))
		}
		if b, _ := db.Branch(ctx, "esp-sello"); b.Closed() {
			t.Fatal("refused closing closed the branch")
		}
		// Collected, and the second copy arrives and is collected too.
		if _, err := db.Checkout(ctx, p.ID, "c1", at("esp-sello"), circNow.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Checkin(ctx, "c2", at("esp-sello"), circNow.Add(3*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Checkout(ctx, q.ID, "c2", at("esp-sello"), circNow.Add(4*time.Hour)); err != nil {
			t.Fatal(err)
		}
		// A new waiting hold moves to the named branch.
		h, err = db.PlaceHold(ctx, library.Hold{PatronID: q.ID, RecordID: rec, PickupBranch: "esp-sello"}, at(""), circNow.Add(5*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.CloseBranch(ctx, "esp-sello", "esp-sello", admin, circNow)
		wantKey(t, err, "error.pickup_branch")
		closing, err := db.CloseBranch(ctx, "esp-sello", "esp-iso-omena", admin, circNow.Add(6*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if closing.MovedHolds != 1 || !closing.Branch.Closed() {
			t.Errorf("closing = %+v", closing)
		}
		holds, err := db.Holds(ctx, q.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, hh := range holds {
			if hh.ID == h.ID && hh.PickupBranch != "esp-iso-omena" {
				t.Errorf("waiting hold's pickup = %s, want esp-iso-omena", hh.PickupBranch)
			}
		}
		// Closed: kept for history, but no pickups and no loans there.
		if b, err := db.Branch(ctx, "esp-sello"); err != nil || !b.Closed() {
			t.Fatalf("closed branch = %+v, %v", b, err)
		}
		_, err = db.PlaceHold(ctx, library.Hold{PatronID: p.ID, RecordID: rec2, PickupBranch: "esp-sello"}, at(""), circNow.Add(7*time.Hour))
		wantKey(t, err, "error.pickup_branch")
		if _, err := db.Checkin(ctx, "c1", at("esp-iso-omena"), circNow.Add(7*time.Hour)); err != nil {
			t.Fatal(err)
		}
		f.title(library.Book, copyAt{barcode: "c3", home: "esp-iso-omena"})
		_, err = db.Checkout(ctx, p.ID, "c3", at("esp-sello"), circNow.Add(8*time.Hour))
		wantKey(t, err, "error.branch_closed")
		_, err = db.CloseBranch(ctx, "esp-sello", "", admin, circNow)
		wantKey(t, err, "error.branch_closed")

		// A library closes only when all its branches have.
		_, err = db.CloseLibrary(ctx, "espoo", admin, circNow)
		wantKey(t, err, "error.library_open_branches")
		if library.ErrorCount(err) != 1 {
			t.Errorf("open branches %d, want 1", library.ErrorCount(err))
		}
		if _, err := db.ReopenBranch(ctx, "esp-sello", admin, circNow); err != nil {
			t.Fatal(err)
		}
		if _, err := db.PlaceHold(ctx, library.Hold{PatronID: p.ID, RecordID: rec2, PickupBranch: "esp-sello"}, at(""), circNow.Add(9*time.Hour)); err != nil {
			t.Errorf("hold at a reopened branch: %v", err)
		}
	})
}
