package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

func closure(branch string, from, to library.Date, fi string) library.HoursException {
	return library.HoursException{BranchID: branch, From: from, To: to, Reason: library.Text{"fi": fi}}
}

func date(y int, m time.Month, d int) library.Date { return library.Date{Year: y, Month: m, Day: d} }

func TestExceptions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		newCircFixture(t, db)
		v0, _ := db.ConsortiumVersion(ctx)
		e, err := db.AddException(ctx, closure("esp-sello", date(2026, 12, 21), date(2026, 12, 23), "Remontti"), admin, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := db.ConsortiumVersion(ctx); v <= v0 {
			t.Errorf("consortium version %d after an exception, was %d", v, v0)
		}
		// The branch's hours show it at once, day by day.
		b, err := db.Branch(ctx, "esp-sello")
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range []library.Date{date(2026, 12, 21), date(2026, 12, 22), date(2026, 12, 23)} {
			if day, exc := b.Hours.On(d); !exc || !day.Closed() || day.Note["fi"] != "Remontti" {
				t.Errorf("%s: %+v (exception %v)", d, day, exc)
			}
		}
		if day, exc := b.Hours.On(date(2026, 12, 24)); exc || day.Closed() {
			t.Errorf("24.12 follows the week: %+v", day)
		}

		for _, c := range []struct {
			name string
			e    library.HoursException
			key  string
		}{
			{"overlap at the end", closure("esp-sello", date(2026, 12, 23), date(2026, 12, 27), "Joulu"), "error.exception_overlap"},
			{"overlap inside", closure("esp-sello", date(2026, 12, 22), date(2026, 12, 22), "x"), "error.exception_overlap"},
			{"overlap around", closure("esp-sello", date(2026, 12, 1), date(2026, 12, 31), "x"), "error.exception_overlap"},
			{"backwards", closure("esp-sello", date(2026, 12, 28), date(2026, 12, 27), "x"), "error.exception_dates"},
			{"too far ahead", closure("esp-sello", date(2028, 12, 1), date(2028, 12, 1), "x"), "error.exception_far"},
			{"no finnish reason", library.HoursException{BranchID: "esp-sello", From: date(2027, 1, 2), To: date(2027, 1, 2), Reason: library.Text{"sv": "x"}}, "error.branch_finnish_required"},
			{"no such branch", closure("esp-nowhere", date(2027, 1, 2), date(2027, 1, 2), "x"), "error.branch_not_found"},
			{"overlapping hours", library.HoursException{BranchID: "esp-sello", From: date(2027, 1, 2), To: date(2027, 1, 2), Reason: library.Text{"fi": "x"},
				Staffed:     []library.Period{{Open: library.NewClock(10, 0), Close: library.NewClock(14, 0)}},
				SelfService: []library.Period{{Open: library.NewClock(13, 0), Close: library.NewClock(15, 0)}}}, "error.hours_overlap"},
		} {
			_, err := db.AddException(ctx, c.e, admin, circNow)
			if library.ErrorKey(err) != c.key {
				t.Errorf("%s: %v, want %s", c.name, err, c.key)
			}
		}
		// Touching ranges are fine; an exception may have its own hours.
		eve := library.HoursException{BranchID: "esp-sello", From: date(2026, 12, 24), To: date(2026, 12, 24), Reason: library.Text{"fi": "Jouluaatto"},
			Staffed: []library.Period{{Open: library.NewClock(9, 0), Close: library.NewClock(12, 0)}}}
		eve, err = db.AddException(ctx, eve, admin, circNow)
		if err != nil {
			t.Fatal(err)
		}
		// Updating an exception does not clash with itself, but does with others.
		eve.Staffed[0].Close = library.NewClock(13, 0)
		if _, err := db.UpdateException(ctx, eve, admin, circNow); err != nil {
			t.Fatal(err)
		}
		moved := eve
		moved.From = date(2026, 12, 23)
		_, err = db.UpdateException(ctx, moved, admin, circNow)
		wantKey(t, err, "error.exception_overlap")
		other := eve
		other.BranchID = "esp-iso-omena"
		_, err = db.UpdateException(ctx, other, admin, circNow)
		wantKey(t, err, "error.exception_not_found")

		es, err := db.Exceptions(ctx, "esp-sello", date(2026, 12, 1), date(2026, 12, 31))
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 2 || es[0].ID != e.ID || es[1].Staffed[0].Close != library.NewClock(13, 0) {
			t.Fatalf("Exceptions = %+v", es)
		}
		if err := db.DeleteException(ctx, "esp-sello", e.ID, admin, circNow); err != nil {
			t.Fatal(err)
		}
		wantKey(t, db.DeleteException(ctx, "esp-sello", e.ID, admin, circNow), "error.exception_not_found")
		if b, _ := db.Branch(ctx, "esp-sello"); len(b.Hours.Exceptions) != 1 {
			t.Errorf("after delete: %+v", b.Hours.Exceptions)
		}
	})
}

// TestExceptionMovesDueDate: a closure added now moves the due date of
// the next loan, with no cache in between.
func TestExceptionMovesDueDate(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newCircFixture(t, db)
		f.title(library.Book, copyAt{barcode: "d1", home: "esp-sello"}, copyAt{barcode: "d2", home: "esp-sello"})
		p := f.patron("Aino", "adult", false)
		before, err := db.Checkout(ctx, p.ID, "d1", at("esp-sello"), circNow)
		if err != nil {
			t.Fatal(err)
		}
		due := library.DateOf(before.DueAt.In(library.Helsinki))
		if _, err := db.AddException(ctx, closure("esp-sello", due, due.AddDays(2), "Remontti"), admin, circNow); err != nil {
			t.Fatal(err)
		}
		after, err := db.Checkout(ctx, p.ID, "d2", at("esp-sello"), circNow)
		if err != nil {
			t.Fatal(err)
		}
		if got := library.DateOf(after.DueAt.In(library.Helsinki)); got != due.AddDays(3) {
			t.Errorf("due %s after closing %s–%s, want %s", got, due, due.AddDays(2), due.AddDays(3))
		}
	})
}

// TestConcurrentOverlappingExceptions: staff adding overlapping closures
// at once; one wins, the others clash.
func TestConcurrentOverlappingExceptions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		newCircFixture(t, db)
		const n = 8
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				from := date(2027, 2, 1+i)
				_, errs[i] = db.AddException(ctx, closure("van-tikkurila", from, from.AddDays(n), "Remontti"), admin, circNow)
			})
		}
		wg.Wait()
		ok := 0
		for i, err := range errs {
			if err == nil {
				ok++
			} else if library.ErrorKey(err) != "error.exception_overlap" {
				t.Errorf("add %d: %v", i, err)
			}
		}
		es, err := db.Exceptions(ctx, "van-tikkurila", date(2027, 1, 1), date(2027, 12, 31))
		if ok != 1 || err != nil || len(es) != 1 {
			t.Errorf("%d adds succeeded, %d exceptions stored (%v); want 1", ok, len(es), err)
		}
	})
}

func TestAdoptHolidays(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		newCircFixture(t, db)
		// Sello already has its own Christmas Eve.
		mine, err := db.AddException(ctx, closure("esp-sello", date(2027, 12, 23), date(2027, 12, 24), "Oma"), admin, circNow)
		if err != nil {
			t.Fatal(err)
		}
		hs := library.Holidays(2027)
		res, err := db.AdoptHolidays(ctx, "espoo", hs, library.NewClock(15, 0), admin, circNow)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Skipped) != 1 || res.Skipped[0].BranchID != "esp-sello" || res.Skipped[0].Code != "christmas-eve" || res.Skipped[0].ExceptionID != mine.ID {
			t.Errorf("skipped = %+v", res.Skipped)
		}
		if len(res.Added) != 2*len(hs)-1 {
			t.Errorf("added %d, want %d", len(res.Added), 2*len(hs)-1)
		}
		b, err := db.Branch(ctx, "esp-iso-omena")
		if err != nil {
			t.Fatal(err)
		}
		// New Year's Eve 2027 is a Friday, open 9-20: cut to 9-15.
		nye, _ := b.Hours.On(date(2027, 12, 31))
		if len(nye.Staffed) != 1 || nye.Staffed[0].Close != library.NewClock(15, 0) || nye.Note["sv"] != "Nyårsafton" {
			t.Errorf("New Year's Eve = %+v", nye)
		}
		if xmas, _ := b.Hours.On(date(2027, 12, 25)); !xmas.Closed() || xmas.Note["ar"] == "" {
			t.Errorf("Christmas Day = %+v", xmas)
		}
		if other, _ := db.Branch(ctx, "van-tikkurila"); len(other.Hours.Exceptions) != 0 {
			t.Errorf("another library's branch got %d exceptions", len(other.Hours.Exceptions))
		}
		cal, err := db.BranchCalendar(ctx, "esp-sello", 2027)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range cal.Holidays {
			if h.ExceptionID == 0 {
				t.Errorf("calendar: %s not covered", h.Code)
			}
		}
		// Adopting again changes nothing and says so.
		again, err := db.AdoptHolidays(ctx, "espoo", hs, library.NewClock(15, 0), admin, circNow)
		if err != nil || len(again.Added) != 0 || len(again.Skipped) != 2*len(hs) {
			t.Errorf("second adoption: %d added, %d skipped, %v", len(again.Added), len(again.Skipped), err)
		}
		// Too far ahead: nothing written.
		_, err = db.AdoptHolidays(ctx, "espoo", library.Holidays(2030), 0, admin, circNow)
		wantKey(t, err, "error.exception_far")
		_, err = db.AdoptHolidays(ctx, "nowhere", hs, 0, admin, circNow)
		wantKey(t, err, "error.library_not_found")
	})
}
