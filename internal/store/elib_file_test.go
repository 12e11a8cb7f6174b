package store_test

import (
	"bytes"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

func TestELibFiles(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		rec := f.etitle(library.Licence{Model: library.ModelOpenAccess})
		if _, err := db.EFile(f.ctx, rec); library.ErrorCode(err) != library.ENOTFOUND {
			t.Fatalf("a record without a file: %v", err)
		}
		book := library.EFile{RecordID: rec, Name: "a.epub", MediaType: "application/epub+zip", Bytes: []byte("PK\x03\x04 one")}
		if err := db.PutEFile(f.ctx, f.catalog, book, circNow); library.ErrorCode(err) != library.EFORBIDDEN {
			t.Errorf("a cataloguer stores an e-file: %v", err)
		}
		if err := db.PutEFile(f.ctx, f.admin, library.EFile{RecordID: rec, Name: "a.epub"}, circNow); library.ErrorCode(err) != library.EINVALID {
			t.Errorf("an empty e-file: %v", err)
		}
		for _, b := range []string{"PK\x03\x04 one", "PK\x03\x04 two, replacing it"} {
			book.Bytes = []byte(b)
			if err := db.PutEFile(f.ctx, f.admin, book, circNow); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.EFile(f.ctx, rec)
		if err != nil || !bytes.Equal(got.Bytes, book.Bytes) || got.Name != "a.epub" || got.MediaType != book.MediaType || !got.Updated.Equal(circNow) {
			t.Errorf("EFile = %+v, %v", got, err)
		}
	})
}

// TestELibMoveDistributor moves a distributor to another port: its
// licences, their loans and its records' links follow; another
// distributor's stay.
func TestELibMoveDistributor(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		f := newELibFixture(t, db)
		l := odl(1, 0)
		l.CheckoutURL, l.StatusURL = "http://127.0.0.1:4000/licenses/1/checkout{?id}", "http://127.0.0.1:4000/licenses/1"
		rec := f.etitle(l)
		r, err := db.Record(f.ctx, rec)
		if err != nil {
			t.Fatal(err)
		}
		r.Links = []library.Link{{URL: "http://127.0.0.1:4000/covers/1.png", Cover: true}}
		if _, err := db.UpsertRecords(f.ctx, []library.RecordWithItems{{Record: r}}); err != nil {
			t.Fatal(err)
		}
		other := f.etitle(odl(1, 0)) // https://dist.example
		p := f.patrons(1)[0]
		loan := f.borrow(p, rec, circNow)
		if _, err := db.CompleteELoan(f.ctx, loan.ID, "http://127.0.0.1:4000/loans/1/license", "t", "http://127.0.0.1:4000/loans/1"); err != nil {
			t.Fatal(err)
		}
		n, err := db.MoveDistributor(f.ctx, "testdist", "http://127.0.0.1:4000", "http://127.0.0.1:5000")
		if err != nil || n != 2 {
			t.Fatalf("MoveDistributor = %d, %v; want 2 licences", n, err)
		}
		ls, _ := db.Licences(f.ctx, rec)
		if ls[0].CheckoutURL != "http://127.0.0.1:5000/licenses/1/checkout{?id}" || ls[0].StatusURL != "http://127.0.0.1:5000/licenses/1" {
			t.Errorf("licence after the move: %+v", ls[0])
		}
		if ls, _ := db.Licences(f.ctx, other); ls[0].CheckoutURL != "https://dist.example/checkout{?id}" {
			t.Errorf("another address changed: %+v", ls[0])
		}
		if r, _ := db.Record(f.ctx, rec); len(r.Links) != 1 || r.Links[0].URL != "http://127.0.0.1:5000/covers/1.png" || !r.Links[0].Cover {
			t.Errorf("record links after the move: %+v", r.Links)
		}
		loans, _ := db.ELoans(f.ctx, p.ID, circNow)
		if len(loans) != 1 || loans[0].Link != "http://127.0.0.1:5000/loans/1/license" || loans[0].StatusURL != "http://127.0.0.1:5000/loans/1" {
			t.Errorf("loans after the move: %+v", loans)
		}
	})
}
