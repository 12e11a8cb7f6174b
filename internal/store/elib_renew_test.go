package store_test

import (
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// complete gives a loan the distributor's link, as the pages do after
// the checkout.
func (f *elibFixture) complete(l library.ELoan) library.ELoan {
	f.t.Helper()
	l, err := f.db.CompleteELoan(f.ctx, l.ID, "https://dist.example/lcpl", "application/vnd.readium.lcp.license.v1.0+json", "https://dist.example/status")
	if err != nil {
		f.t.Fatal(err)
	}
	return l
}

func TestELibRenew(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		lic := odl(2, 10)
		lic.Expires = circNow.Add(30 * 24 * time.Hour)
		rec := f.etitle(lic)
		ps := f.patrons(2)
		loan := f.complete(f.borrow(ps[0], rec, circNow))
		if want := circNow.Add(14 * 24 * time.Hour); !loan.Due.Equal(want) {
			t.Fatalf("due %v, want %v", loan.Due, want)
		}

		// Renewed from now for a loan length; the metered count stays.
		at := circNow.Add(10 * 24 * time.Hour)
		renewed, prev, err := db.RenewE(f.ctx, ps[0].ID, loan.ID, at)
		if err != nil {
			t.Fatal(err)
		}
		if !prev.Equal(loan.Due) || !renewed.Due.Equal(at.Add(14*24*time.Hour)) || renewed.Renewals != 1 {
			t.Fatalf("renewed %+v (before %v)", renewed, prev)
		}
		if ls, _ := db.Licences(f.ctx, rec); ls[0].Checkouts != 9 {
			t.Fatalf("checkouts left %d after a renewal, want 9", ls[0].Checkouts)
		}
		// Someone else's loan cannot be renewed.
		if _, _, err := db.RenewE(f.ctx, ps[1].ID, loan.ID, at); err == nil {
			t.Fatal("renewed another patron's loan")
		}

		// The second renewal meets the licence's expiry: due then.
		at2 := at.Add(10 * 24 * time.Hour)
		renewed, _, err = db.RenewE(f.ctx, ps[0].ID, loan.ID, at2)
		if err != nil {
			t.Fatal(err)
		}
		if !renewed.Due.Equal(lic.Expires) {
			t.Fatalf("due %v, want the licence's expiry %v", renewed.Due, lic.Expires)
		}
		_, _, err = db.RenewE(f.ctx, ps[0].ID, loan.ID, at2.Add(time.Hour))
		wantKey(t, err, "error.elib_renew_limit")

		// A refused renewal at the distributor is undone.
		if err := db.RevertRenewE(f.ctx, loan.ID, at.Add(14*24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		got, _ := db.ELoans(f.ctx, ps[0].ID, at2)
		if len(got) != 1 || got[0].Renewals != 1 || !got[0].Due.Equal(at.Add(14*24*time.Hour)) {
			t.Fatalf("after the revert %+v", got)
		}
		// The licence ends before any later date: no renewal.
		lic2 := odl(1, 0)
		lic2.Expires = circNow.Add(5 * 24 * time.Hour)
		short := f.etitle(lic2)
		l2 := f.complete(f.borrow(ps[1], short, circNow))
		_, _, err = db.RenewE(f.ctx, ps[1].ID, l2.ID, circNow.Add(time.Hour))
		wantKey(t, err, "error.elib_renew_licence")
	})
}

func TestELibRenewWhileOthersWait(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		rec := f.etitle(odl(1, 0))
		ps := f.patrons(2)
		loan := f.complete(f.borrow(ps[0], rec, circNow))
		f.reserve(ps[1], rec, circNow)
		_, _, err := db.RenewE(f.ctx, ps[0].ID, loan.ID, circNow.Add(time.Hour))
		wantKey(t, err, "error.elib_renew_waiting")
		// Once the queue is gone, it renews.
		if err := db.CancelEHold(f.ctx, ps[1].ID, f.hold(ps[1], rec).ID, circNow.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.RenewE(f.ctx, ps[0].ID, loan.ID, circNow.Add(3*time.Hour)); err != nil {
			t.Fatal(err)
		}
		// An ended loan does not.
		_, _, err = db.RenewE(f.ctx, ps[0].ID, loan.ID, circNow.Add(60*24*time.Hour))
		wantKey(t, err, "error.elib_loan_ended")
	})
}

func TestELibDueSoonAndEndedNotices(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		rec := f.etitle(odl(1, 0))
		ps := f.patrons(1)
		loan := f.complete(f.borrow(ps[0], rec, circNow))

		f.sweep(loan.Due.Add(-3 * 24 * time.Hour))
		if n := f.noticeCount(ps[0], library.NoticeELibDueSoon); n != 0 {
			t.Fatalf("%d due-soon notices three days before, want 0", n)
		}
		f.sweep(loan.Due.Add(-24 * time.Hour))
		f.sweep(loan.Due.Add(-23 * time.Hour))
		if n := f.noticeCount(ps[0], library.NoticeELibDueSoon); n != 1 {
			t.Fatalf("%d due-soon notices after two sweeps, want 1", n)
		}
		// A renewal lets the next due date be told again.
		renewed, _, err := db.RenewE(f.ctx, ps[0].ID, loan.ID, loan.Due.Add(-20*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		f.sweep(renewed.Due.Add(-time.Hour))
		if n := f.noticeCount(ps[0], library.NoticeELibDueSoon); n != 2 {
			t.Fatalf("%d due-soon notices after a renewal, want 2", n)
		}
		if n := f.noticeCount(ps[0], library.NoticeELibLoanEnded); n != 0 {
			t.Fatalf("%d loan-ended notices before the end", n)
		}
		f.sweep(renewed.Due.Add(time.Minute))
		f.sweep(renewed.Due.Add(time.Hour))
		if n := f.noticeCount(ps[0], library.NoticeELibLoanEnded); n != 1 {
			t.Fatalf("%d loan-ended notices, want 1", n)
		}
		// A loan returned early is told nothing.
		early := f.complete(f.borrow(ps[0], rec, renewed.Due.Add(2*time.Hour)))
		if _, err := db.ReturnE(f.ctx, ps[0].ID, early.ID, renewed.Due.Add(3*time.Hour)); err != nil {
			t.Fatal(err)
		}
		f.sweep(early.Due.Add(time.Hour))
		if n := f.noticeCount(ps[0], library.NoticeELibLoanEnded); n != 1 {
			t.Fatalf("%d loan-ended notices after an early return, want still 1", n)
		}
	})
}

func TestELibWithdrawLicences(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		rec := f.etitle(odl(2, 0))
		kept := f.etitle(odl(1, 0))
		ps := f.patrons(2)
		loan := f.complete(f.borrow(ps[0], rec, circNow))
		ls, _ := db.Licences(f.ctx, rec)
		keptLs, _ := db.Licences(f.ctx, kept)

		if _, err := db.WithdrawLicences(f.ctx, f.catalog, "testdist", "", nil, circNow); err == nil {
			t.Fatal("a cataloguer withdrew licences")
		}
		n, err := db.WithdrawLicences(f.ctx, f.admin, "testdist", "", []string{keptLs[0].Identifier}, circNow)
		if err != nil || n != 1 {
			t.Fatalf("withdrew %d: %v", n, err)
		}
		// The open loan runs on; nothing new lends on the licence.
		if got, _ := db.ELoans(f.ctx, ps[0].ID, circNow); len(got) != 1 || got[0].ID != loan.ID {
			t.Fatalf("loans after the withdrawal %+v", got)
		}
		f.refused(ps[1], rec, circNow, "error.elib_none_free")
		f.borrow(ps[1], kept, circNow)
		// A second run finds nothing more; a feed listing it again revives it.
		if n, err := db.WithdrawLicences(f.ctx, f.admin, "testdist", "", []string{keptLs[0].Identifier}, circNow); err != nil || n != 0 {
			t.Fatalf("second run withdrew %d: %v", n, err)
		}
		back := ls[0]
		back.Status = ""
		f.upsert(back)
		f.borrow(ps[1], rec, circNow)
	})
}

func TestELibStaleFeedKeepsCheckouts(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		rec := f.etitle(odl(3, 2))
		ps := f.patrons(2)
		f.complete(f.borrow(ps[0], rec, circNow))
		f.complete(f.borrow(ps[1], rec, circNow))
		ls, _ := db.Licences(f.ctx, rec)
		if ls[0].Checkouts != 0 || ls[0].Status != library.LicenceUsedUp {
			t.Fatalf("licence %+v", ls[0])
		}
		// The feed was published before both checkouts: it still says 2.
		stale := ls[0]
		stale.Checkouts, stale.Status = 2, ""
		f.upsert(stale)
		ls, _ = db.Licences(f.ctx, rec)
		if ls[0].Checkouts != 0 || ls[0].Status != library.LicenceUsedUp {
			t.Fatalf("a stale feed gave checkouts back: %+v", ls[0])
		}
		// New terms (a larger total) are taken as they are.
		more := ls[0]
		more.Checkouts, more.CheckoutsTotal, more.Status = 10, 12, ""
		f.upsert(more)
		if ls, _ = db.Licences(f.ctx, rec); ls[0].Checkouts != 10 || ls[0].Status != library.LicenceActive {
			t.Fatalf("renewed terms %+v", ls[0])
		}
	})
}

func TestELibAvailabilityForAPatron(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		own := odl(2, 0)
		own.Library = "espoo"
		rec := f.etitle(own, odl(1, 0))
		get := func(home string) library.EAvailability {
			m, err := db.EAvailabilityFor(f.ctx, home, []int64{rec}, circNow)
			if err != nil {
				t.Fatal(err)
			}
			return m[rec]
		}
		if a := get("espoo"); a.Free != 3 || a.Total != 3 {
			t.Fatalf("for Espoo %+v, want 3 of 3", a)
		}
		if a := get("vantaa"); a.Free != 1 || a.Total != 1 {
			t.Fatalf("for Vantaa %+v, want 1 of 1 (Espoo's own licence lends to Espoo only)", a)
		}
		if a := f.avail(rec, circNow); a.Free != 3 {
			t.Fatalf("for anyone %+v, want 3", a)
		}
	})
}
