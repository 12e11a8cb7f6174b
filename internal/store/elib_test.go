package store_test

import (
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

func TestELibLicenceOrderAndUpsert(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		late, soon, few, many := odl(1, 10), odl(1, 10), odl(1, 3), odl(1, 8)
		late.Expires, soon.Expires = day(300), day(30)
		rec := f.etitle(library.Licence{Model: library.ModelSimultaneous}, many, late, few, soon)
		ls, err := db.Licences(f.ctx, rec)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range ls {
			got = append(got, l.Identifier)
		}
		// Soonest to expire first, then the fewest checkouts left, then
		// the unmetered.
		want := []string{ls[0].Identifier, ls[1].Identifier, ls[2].Identifier, ls[3].Identifier, ls[4].Identifier}
		if ls[0].Expires != day(30) || ls[1].Expires != day(300) || ls[2].Checkouts != 3 || ls[3].Checkouts != 8 || ls[4].Model != library.ModelSimultaneous {
			t.Fatalf("order %v: %+v", got, ls)
		}
		_ = want

		// A loan takes the first; importing again updates the terms and
		// keeps the loan.
		p := f.patrons(1)[0]
		loan := f.borrow(p, rec, circNow)
		if loan.LicenceID != ls[0].ID {
			t.Fatalf("loan took licence %d, want %d", loan.LicenceID, ls[0].ID)
		}
		renewed := ls[0]
		renewed.Checkouts, renewed.CheckoutsTotal, renewed.Expires = 40, 50, day(400)
		f.upsert(renewed)
		ls2, err := db.Licences(f.ctx, rec)
		if err != nil {
			t.Fatal(err)
		}
		if len(ls2) != 5 {
			t.Fatalf("%d licences after the update, want 5", len(ls2))
		}
		var up library.Licence
		for _, l := range ls2 {
			if l.ID == renewed.ID {
				up = l
			}
		}
		if up.Checkouts != 40 || up.CheckoutsTotal != 50 || !up.Expires.Equal(day(400)) || up.Loans != 1 {
			t.Fatalf("updated licence %+v", up)
		}
		if ls, _ := db.ELoans(f.ctx, p.ID, circNow); len(ls) != 1 || ls[0].LicenceID != renewed.ID {
			t.Fatalf("loans after the update: %+v", ls)
		}

		// A bad entry is refused with its reason.
		bad := odl(1, 1)
		bad.RecordID, bad.Distributor, bad.Identifier, bad.Model = rec, "testdist", "urn:bad", "lease"
		_, err = db.UpsertLicences(f.ctx, f.admin, []library.Licence{bad}, circNow)
		wantKey(t, err, "error.elib_licence_model")
		bad.Model, bad.RecordID = library.ModelODL, 999999
		_, err = db.UpsertLicences(f.ctx, f.admin, []library.Licence{bad}, circNow)
		wantKey(t, err, "error.elib_licence_invalid")

		// Only those with the e-library right buy licences, each for
		// their own library.
		own := odl(1, 1)
		own.RecordID, own.Distributor, own.Identifier, own.Library = rec, "testdist", "urn:espoo", "espoo"
		if _, err := db.UpsertLicences(f.ctx, f.espooAdmin, []library.Licence{own}, circNow); err != nil {
			t.Fatal(err)
		}
		own.Library, own.Identifier = "helsinki", "urn:hki"
		_, err = db.UpsertLicences(f.ctx, f.espooAdmin, []library.Licence{own}, circNow)
		wantKey(t, err, "error.staff_other_library")
		own.Library = ""
		_, err = db.UpsertLicences(f.ctx, f.catalog, []library.Licence{own}, circNow)
		wantKey(t, err, "error.staff_role")
	})
}

func TestELibMeteredByCount(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		rec := f.etitle(odl(5, 2))
		ps := f.patrons(3)
		f.borrow(ps[0], rec, circNow)
		f.borrow(ps[1], rec, circNow) // the last checkout works
		f.refused(ps[2], rec, circNow, "error.elib_none_free")
		ls, _ := db.Licences(f.ctx, rec)
		if ls[0].Checkouts != 0 || ls[0].Status != library.LicenceUsedUp {
			t.Fatalf("licence after its last checkout: %+v", ls[0])
		}
		// Returning gives no checkout back.
		loans, _ := db.ELoans(f.ctx, ps[0].ID, circNow)
		if _, err := db.ReturnE(f.ctx, ps[0].ID, loans[0].ID, circNow); err != nil {
			t.Fatal(err)
		}
		f.refused(ps[0], rec, circNow, "error.elib_none_free")
		renew, err := db.LicencesToRenew(f.ctx, nil, 30*24*time.Hour, circNow)
		if err != nil || len(renew) != 1 || renew[0].ID != ls[0].ID {
			t.Fatalf("licences to renew %+v, %v", renew, err)
		}
	})
}

func TestELibMeteredByTime(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		expiry := time.Date(2026, time.November, 26, 0, 0, 0, 0, library.Helsinki).UTC()
		l := odl(3, 0)
		l.Expires = expiry
		rec := f.etitle(l)
		ps := f.patrons(2)
		// The day before: lent, but never beyond the expiry.
		loan := f.borrow(ps[0], rec, expiry.Add(-time.Hour))
		if !loan.Due.Equal(expiry) {
			t.Fatalf("due %v, want the licence's expiry %v", loan.Due, expiry)
		}
		f.refused(ps[1], rec, expiry, "error.elib_none_free")
		if n := f.sweep(expiry); n != 2 { // the loan ended and the licence expired
			t.Fatalf("sweep settled %d, want 2", n)
		}
		if n := f.sweep(expiry); n != 0 {
			t.Fatalf("second sweep settled %d", n)
		}
		ls, _ := db.Licences(f.ctx, rec)
		if ls[0].Status != library.LicenceExpired || ls[0].Loans != 0 {
			t.Fatalf("licence after its expiry: %+v", ls[0])
		}
	})
}

func TestELibHoldsAndOffers(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		rec := f.etitle(odl(1, 0))
		ps := f.patrons(4)
		a := f.avail(rec, circNow)
		if a.Free != 1 || a.Total != 1 || a.Waiting != 0 || a.EstimatedWait != 0 {
			t.Fatalf("availability %+v", a)
		}
		_, err := db.ReserveE(f.ctx, ps[1].ID, rec, circNow)
		wantKey(t, err, "error.elib_free_now")
		first := f.borrow(ps[0], rec, circNow)
		f.refused(ps[1], rec, circNow, "error.elib_none_free")
		h1 := f.reserve(ps[1], rec, circNow)
		h2 := f.reserve(ps[2], rec, circNow)
		_, err = db.ReserveE(f.ctx, ps[2].ID, rec, circNow)
		wantKey(t, err, "error.elib_already_reserved")
		loanLen := 14 * 24 * time.Hour
		if h1.Position != 1 || h1.EstimatedWait != loanLen || h2.Position != 2 || h2.EstimatedWait != 2*loanLen {
			t.Fatalf("queue: %+v, %+v", h1, h2)
		}
		if a := f.avail(rec, circNow); a.Free != 0 || a.Waiting != 2 || a.EstimatedWait != 3*loanLen {
			t.Fatalf("availability %+v", a)
		}

		// A return offers the place to the first in the queue, with a
		// notice; nobody else can take it.
		back := circNow.Add(time.Hour)
		if _, err := db.ReturnE(f.ctx, ps[0].ID, first.ID, back); err != nil {
			t.Fatal(err)
		}
		if h := f.hold(ps[1], rec); h.Status != library.EHoldOffered || !h.WindowEnds.Equal(back.Add(library.EHoldWindow)) {
			t.Fatalf("first in the queue: %+v", h)
		}
		if f.noticeCount(ps[1], library.NoticeELibOffered) != 1 {
			t.Fatal("no offer notice")
		}
		if h := f.hold(ps[2], rec); h.Status != library.EHoldWaiting || h.Position != 1 {
			t.Fatalf("second in the queue: %+v", h)
		}
		f.refused(ps[3], rec, back, "error.elib_none_free")
		f.refused(ps[2], rec, back, "error.elib_none_free")
		_, err = db.ReturnE(f.ctx, ps[2].ID, first.ID, back)
		wantKey(t, err, "error.elib_loan_not_found")
		_, err = db.ReserveE(f.ctx, ps[2].ID, f.title(library.EBook), back)
		wantKey(t, err, "error.elib_no_licence")
		loan := f.borrow(ps[1], rec, back)
		_, _, err = db.BorrowE(f.ctx, ps[1].ID, rec, back)
		wantKey(t, err, "error.elib_already_borrowed")
		if h := f.hold(ps[1], rec); h.ID != 0 {
			t.Fatalf("the hold borrowed is still open: %+v", h)
		}

		// The loan ends by itself; the next is offered, lets the window
		// pass, and the place goes on.
		f.reserve(ps[3], rec, back)
		if n := f.sweep(loan.Due); n != 2 { // the loan ended, the next offered
			t.Fatalf("sweep at the due time settled %d", n)
		}
		if ls, _ := db.ELoans(f.ctx, ps[1].ID, loan.Due); len(ls) != 0 {
			t.Fatalf("loans after their due time: %+v", ls)
		}
		if h := f.hold(ps[2], rec); h.Status != library.EHoldOffered {
			t.Fatalf("second in the queue after the loan ended: %+v", h)
		}
		passed := loan.Due.Add(library.EHoldWindow)
		if n := f.sweep(passed); n != 2 { // the offer passed, the next offered
			t.Fatalf("sweep after the window settled %d", n)
		}
		if f.sweep(passed) != 0 {
			t.Fatal("the sweep did its work twice")
		}
		if f.hold(ps[2], rec).ID != 0 || f.noticeCount(ps[2], library.NoticeELibOfferExpired) != 1 {
			t.Fatal("the passed offer is still open or was not told")
		}
		if h := f.hold(ps[3], rec); h.Status != library.EHoldOffered || f.noticeCount(ps[3], library.NoticeELibOffered) != 1 {
			t.Fatalf("third in the queue: %+v", h)
		}
		// Cancelling an offer gives the place back.
		if err := db.CancelEHold(f.ctx, ps[3].ID, f.hold(ps[3], rec).ID, passed); err != nil {
			t.Fatal(err)
		}
		if a := f.avail(rec, passed); a.Free != 1 || a.Waiting != 0 {
			t.Fatalf("availability after the cancel %+v", a)
		}
	})
}

func TestELibSimultaneousAndOpen(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		rec := f.etitle(library.Licence{Model: library.ModelSimultaneous})
		for _, p := range f.patrons(8) {
			f.borrow(p, rec, circNow)
		}
		if a := f.avail(rec, circNow); !a.Unlimited || a.EstimatedWait != 0 {
			t.Fatalf("availability %+v", a)
		}
		open := f.etitle(library.Licence{Model: library.ModelOpenAccess})
		if a := f.avail(open, circNow); !a.Open {
			t.Fatalf("open access availability %+v", a)
		}
		p := f.patrons(1)[0]
		f.refused(p, open, circNow, "error.elib_open")
		if m, _ := db.EAvailability(f.ctx, []int64{f.title(library.EBook)}, circNow); len(m) != 0 {
			t.Fatalf("availability of a record without licences: %+v", m)
		}
	})
}

func TestELibBudget(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		cpc := library.Licence{Model: library.ModelCostPerCirculation, Price: 300}
		rec := f.etitle(cpc)
		if err := db.SetEBudget(f.ctx, f.admin, library.EBudget{Library: "vantaa", Monthly: 1000, WhenOut: library.BudgetRefuse}); err != nil {
			t.Fatal(err)
		}
		err := db.SetEBudget(f.ctx, f.espooAdmin, library.EBudget{Library: "vantaa", Monthly: 1000, WhenOut: library.BudgetRefuse})
		wantKey(t, err, "error.staff_other_library")
		err = db.SetEBudget(f.ctx, f.admin, library.EBudget{Library: "vantaa", Monthly: 1000, WhenOut: "sometimes"})
		wantKey(t, err, "error.elib_budget_invalid")

		// Mid-month: three loans spend 900 cents, the fourth would
		// overspend.
		ps := f.patrons(5)
		mid := time.Date(2026, time.November, 30, 23, 0, 0, 0, library.Helsinki).UTC()
		for _, p := range ps[:3] {
			if l := f.borrow(p, rec, mid); l.Cost != 300 || l.Library != "vantaa" {
				t.Fatalf("cost-per-circulation loan %+v", l)
			}
		}
		f.refused(ps[3], rec, mid, "error.elib_budget_spent")
		bs, err := db.EBudgets(f.ctx, []string{"vantaa"}, mid)
		if err != nil || len(bs) != 1 || bs[0].Spent != 900 || bs[0].Month != "2026-11" {
			t.Fatalf("budgets %+v, %v", bs, err)
		}
		// The month turns in Helsinki.
		next := time.Date(2026, time.December, 1, 0, 0, 1, 0, library.Helsinki).UTC()
		f.borrow(ps[3], rec, next)

		// Waiting instead: the borrow becomes an e-hold, offered when
		// the month turns again.
		if err := db.SetEBudget(f.ctx, f.admin, library.EBudget{Library: "vantaa", Monthly: 300, WhenOut: library.BudgetWait}); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.BorrowE(f.ctx, ps[4].ID, rec, next)
		wantKey(t, err, "error.elib_budget_wait")
		if h := f.hold(ps[4], rec); h.Status != library.EHoldWaiting {
			t.Fatalf("e-hold of the waiting borrow: %+v", h)
		}
		f.sweep(next.Add(time.Hour))
		if h := f.hold(ps[4], rec); h.Status != library.EHoldWaiting {
			t.Fatalf("offered within the spent month: %+v", h)
		}
		if n := f.sweep(time.Date(2026, time.December, 31, 23, 0, 0, 0, library.Helsinki).UTC()); n != 4 {
			t.Fatalf("sweep at the month's end settled %d, want the 4 loans", n)
		}
		january := time.Date(2027, time.January, 1, 0, 5, 0, 0, library.Helsinki).UTC()
		if n := f.sweep(january); n != 1 {
			t.Fatalf("sweep at the new month settled %d", n)
		}
		if h := f.hold(ps[4], rec); h.Status != library.EHoldOffered {
			t.Fatalf("e-hold at the new month: %+v", h)
		}
		// An offer holds back no budget: someone else spends it first,
		// and the offer goes back to waiting, in its place, for February.
		f.borrow(ps[0], rec, january)
		_, _, err = db.BorrowE(f.ctx, ps[4].ID, rec, january)
		wantKey(t, err, "error.elib_budget_wait")
		if h := f.hold(ps[4], rec); h.Status != library.EHoldWaiting || h.Position != 1 {
			t.Fatalf("e-hold after the budget ran out again: %+v", h)
		}
		february := time.Date(2027, time.February, 1, 0, 5, 0, 0, library.Helsinki).UTC()
		f.sweep(february)
		if h := f.hold(ps[4], rec); h.Status != library.EHoldOffered {
			t.Fatalf("e-hold in February: %+v", h)
		}
		f.borrow(ps[4], rec, february)
	})
}

func TestELibLimitsAndBlocks(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		if err := db.SetELimits(f.ctx, f.admin, "vantaa", library.ELimits{Loans: 1, Holds: 1, LoanDays: 7}); err != nil {
			t.Fatal(err)
		}
		err := db.SetELimits(f.ctx, f.admin, "vantaa", library.ELimits{Loans: 1, Holds: 1, LoanDays: 0})
		wantKey(t, err, "error.elib_limits_invalid")
		if l, err := db.ELimits(f.ctx, "vantaa"); err != nil || l.LoanDays != 7 {
			t.Fatalf("limits %+v, %v", l, err)
		}
		if l, _ := db.ELimits(f.ctx, "espoo"); l != library.DefaultELimits {
			t.Fatalf("espoo's limits %+v", l)
		}
		a, b, c := f.etitle(odl(1, 0)), f.etitle(odl(1, 0)), f.etitle(odl(1, 0))
		ps := f.patrons(3)
		if l := f.borrow(ps[0], a, circNow); !l.Due.Equal(circNow.Add(7 * 24 * time.Hour)) {
			t.Fatalf("due %v", l.Due)
		}
		f.refused(ps[0], b, circNow, "error.elib_loan_limit")
		f.borrow(ps[1], b, circNow)
		f.borrow(ps[2], c, circNow)
		f.reserve(ps[0], b, circNow)
		_, err = db.ReserveE(f.ctx, ps[0].ID, c, circNow)
		wantKey(t, err, "error.elib_hold_limit")

		if err := db.BlockPatron(f.ctx, f.admin, ps[1].ID, "lost cards", circNow); err != nil {
			t.Fatal(err)
		}
		d := f.etitle(odl(1, 0))
		f.refused(ps[1], d, circNow, "error.patron_blocked")
	})
}

func TestELibAbort(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		rec := f.etitle(odl(1, 1))
		ps := f.patrons(2)
		first := f.borrow(ps[0], rec, circNow)
		f.reserve(ps[1], rec, circNow)
		if err := db.AbortELoan(f.ctx, first.ID, circNow); err != nil {
			t.Fatal(err)
		}
		ls, _ := db.Licences(f.ctx, rec)
		if ls[0].Checkouts != 1 || ls[0].Status != library.LicenceActive || ls[0].Loans != 0 {
			t.Fatalf("licence after the abort %+v", ls[0])
		}
		// The place went to the queue; the offered patron's aborted loan
		// gives them their offer back.
		if h := f.hold(ps[1], rec); h.Status != library.EHoldOffered {
			t.Fatalf("hold after the abort %+v", h)
		}
		loan := f.borrow(ps[1], rec, circNow)
		if err := db.AbortELoan(f.ctx, loan.ID, circNow); err != nil {
			t.Fatal(err)
		}
		if h := f.hold(ps[1], rec); h.Status != library.EHoldOffered {
			t.Fatalf("hold after its loan's abort %+v", h)
		}
		loan = f.borrow(ps[1], rec, circNow)
		done, err := db.CompleteELoan(f.ctx, loan.ID, "https://dist.example/lcpl/1", "application/vnd.readium.lcp.license.v1.0+json", "https://dist.example/status/1")
		if err != nil || done.Link == "" || done.Title == "" {
			t.Fatalf("completed %+v, %v", done, err)
		}
		err = db.AbortELoan(f.ctx, loan.ID, circNow)
		wantKey(t, err, "error.elib_loan_not_found")
	})
}

func TestELibLicencesOfALibrary(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		own := odl(1, 0)
		own.Library = "espoo"
		rec := f.etitle(own)
		vantaa := f.patrons(1)[0]
		f.refused(vantaa, rec, circNow, "error.elib_none_free")
		espoo, err := db.CreatePatron(f.ctx, library.Patron{CardNumber: "29990001", Name: "Espoo, Eeva", Category: library.CategoryAdult,
			HomeLibrary: "espoo", Lang: "fi", NoticeChannel: library.ChannelEmail, Email: "eeva@example.fi"}, "")
		if err != nil {
			t.Fatal(err)
		}
		if l := f.borrow(espoo, rec, circNow); l.Library != "espoo" {
			t.Fatalf("loan %+v", l)
		}
	})
}

func TestELibCloseAccount(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		rec, other := f.etitle(odl(1, 0)), f.etitle(odl(1, 0))
		ps := f.patrons(3)
		f.borrow(ps[0], rec, circNow)
		f.borrow(ps[2], other, circNow)
		f.reserve(ps[0], other, circNow)
		f.reserve(ps[1], rec, circNow)

		data, err := db.PersonalData(f.ctx, ps[0].ID)
		if err != nil || len(data.ELoans) != 1 || len(data.EHolds) != 1 || data.ELoans[0].Title == "" {
			t.Fatalf("personal data: %+v, %+v, %v", data.ELoans, data.EHolds, err)
		}
		if err := db.CloseAccount(f.ctx, ps[0].ID, circNow); err != nil {
			t.Fatal(err)
		}
		if h := f.hold(ps[1], rec); h.Status != library.EHoldOffered {
			t.Fatalf("the next in the queue after the close: %+v", h)
		}
		if a := f.avail(other, circNow); a.Waiting != 0 {
			t.Fatalf("the closed account still waits: %+v", a)
		}
		data, err = db.PersonalData(f.ctx, ps[0].ID)
		if err != nil || len(data.ELoans) != 0 || len(data.EHolds) != 0 {
			t.Fatalf("personal data after the close: %+v, %+v, %v", data.ELoans, data.EHolds, err)
		}
	})
}

func TestELibHistoryOptIn(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		rec := f.etitle(library.Licence{Model: library.ModelSimultaneous})
		in := f.patron("Reader, In", library.CategoryAdult, true)
		out := f.patron("Reader, Out", library.CategoryAdult, false)
		f.borrow(in, rec, circNow)
		f.borrow(out, rec, circNow)
		// An aborted loan leaves no line.
		other := f.etitle(library.Licence{Model: library.ModelSimultaneous})
		aborted := f.borrow(in, other, circNow)
		if err := db.AbortELoan(f.ctx, aborted.ID, circNow); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			p    library.Patron
			want int
		}{{in, 1}, {out, 0}} {
			d, err := db.PersonalData(f.ctx, c.p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.ReadingHistory) != c.want {
				t.Errorf("%s: reading history %+v, want %d lines", c.p.Name, d.ReadingHistory, c.want)
			}
		}
	})
}

func TestELibAudited(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		own := odl(1, 1)
		own.Library = "espoo"
		f.title(library.EBook)
		rec := f.title(library.EBook)
		own.RecordID, own.Distributor, own.Identifier = rec, "testdist", "urn:audit"
		if _, err := db.UpsertLicences(f.ctx, f.espooAdmin, []library.Licence{own}, circNow); err != nil {
			t.Fatal(err)
		}
		if err := db.SetELimits(f.ctx, f.espooAdmin, "espoo", library.ELimits{Loans: 3, Holds: 3, LoanDays: 21}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetEBudget(f.ctx, f.espooAdmin, library.EBudget{Library: "espoo", Monthly: 50000, WhenOut: library.BudgetWait}); err != nil {
			t.Fatal(err)
		}
		// Refusals leave no entry.
		wantKey(t, db.SetELimits(f.ctx, f.espooAdmin, "vantaa", library.ELimits{Loans: 3, Holds: 3, LoanDays: 21}), "error.staff_other_library")
		wantKey(t, db.SetELimits(f.ctx, f.catalog, "", library.ELimits{Loans: 3, Holds: 3, LoanDays: 21}), "error.staff_role")
		got := auditRows(t, db, library.AuditFilter{Library: "espoo", Limit: 10})
		var actions []string
		for _, e := range got {
			if e.Action == library.AuditStaffCreated {
				continue
			}
			if e.StaffID != f.espooAdmin.ID {
				t.Errorf("entry %+v not by the Espoo administrator", e)
			}
			actions = append(actions, e.Action)
		}
		want := []string{library.AuditEBudget, library.AuditELimits, library.AuditELicences}
		if len(actions) != 3 || actions[0] != want[0] || actions[1] != want[1] || actions[2] != want[2] {
			t.Fatalf("audit entries %v, want %v", actions, want)
		}
	})
}
