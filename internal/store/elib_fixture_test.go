package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
)

// elibFixture is the circulation fixture with e-titles, licences and
// the staff who buy them.
type elibFixture struct {
	*circFixture
	ctx                        context.Context
	admin, espooAdmin, catalog library.Staff
	lic                        int
}

func newELibFixture(t *testing.T, db *store.DB) *elibFixture {
	t.Helper()
	f := &elibFixture{circFixture: newCircFixture(t, db), ctx: context.Background()}
	f.admin = f.staff("admin", library.RoleAdmin, "hki-oodi")
	f.espooAdmin = f.staff("espooadmin", library.RoleLibraryAdmin, "esp-sello")
	f.catalog = f.staff("cataloguer", library.RoleCataloguer, "hki-oodi")
	return f
}

func (f *elibFixture) staff(name, role, branch string) library.Staff {
	f.t.Helper()
	s, err := f.db.CreateStaff(f.ctx, library.Staff{Username: name, Name: name, Role: role, Branch: branch}, "long enough password")
	if err != nil {
		f.t.Fatal(err)
	}
	return s
}

// etitle stores an e-book with the licences (their RecordID, Distributor
// and Identifier filled in) and returns its ID.
func (f *elibFixture) etitle(ls ...library.Licence) int64 {
	f.t.Helper()
	id := f.title(library.EBook)
	for i := range ls {
		f.lic++
		ls[i].RecordID = id
		ls[i].Distributor = "testdist"
		ls[i].Identifier = fmt.Sprintf("urn:lic:%d", f.lic)
	}
	if len(ls) > 0 {
		f.upsert(ls...)
	}
	return id
}

func (f *elibFixture) upsert(ls ...library.Licence) {
	f.t.Helper()
	if _, err := f.db.UpsertLicences(f.ctx, f.admin, ls, circNow); err != nil {
		f.t.Fatal(err)
	}
}

// patrons creates n adult patrons of Vantaa.
func (f *elibFixture) patrons(n int) []library.Patron {
	var ps []library.Patron
	for i := range n {
		ps = append(ps, f.patron(fmt.Sprintf("Reader, %d", i), library.CategoryAdult, false))
	}
	return ps
}

func (f *elibFixture) borrow(p library.Patron, rec int64, now time.Time) library.ELoan {
	f.t.Helper()
	l, _, err := f.db.BorrowE(f.ctx, p.ID, rec, now)
	if err != nil {
		f.t.Fatalf("borrow %d for %s: %v", rec, p.Name, err)
	}
	return l
}

func (f *elibFixture) refused(p library.Patron, rec int64, now time.Time, key string) {
	f.t.Helper()
	_, _, err := f.db.BorrowE(f.ctx, p.ID, rec, now)
	wantKey(f.t, err, key)
}

func (f *elibFixture) reserve(p library.Patron, rec int64, now time.Time) library.EHold {
	f.t.Helper()
	h, err := f.db.ReserveE(f.ctx, p.ID, rec, now)
	if err != nil {
		f.t.Fatalf("reserve %d for %s: %v", rec, p.Name, err)
	}
	return h
}

func (f *elibFixture) hold(p library.Patron, rec int64) library.EHold {
	f.t.Helper()
	hs, err := f.db.EHolds(f.ctx, p.ID, circNow)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, h := range hs {
		if h.RecordID == rec {
			return h
		}
	}
	return library.EHold{}
}

func (f *elibFixture) avail(rec int64, now time.Time) library.EAvailability {
	f.t.Helper()
	m, err := f.db.EAvailability(f.ctx, []int64{rec}, now)
	if err != nil {
		f.t.Fatal(err)
	}
	return m[rec]
}

// noticeCount counts the patron's notices of a kind.
func (f *elibFixture) noticeCount(p library.Patron, kind string) int {
	f.t.Helper()
	ns, err := f.db.Notices(f.ctx, p.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	n := 0
	for _, x := range ns {
		if x.Kind == kind {
			n++
		}
	}
	return n
}

func (f *elibFixture) sweep(now time.Time) int {
	f.t.Helper()
	n, err := f.db.ExpireELoans(f.ctx, now)
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

// odl is a one-copy ODL licence with checkouts and no expiry.
func odl(concurrency, checkouts int) library.Licence {
	return library.Licence{Model: library.ModelODL, Concurrency: concurrency, Checkouts: checkouts, CheckoutsTotal: checkouts,
		CheckoutURL: "https://dist.example/checkout{?id}", StatusURL: "https://dist.example/licence"}
}
