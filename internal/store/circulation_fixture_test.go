package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
)

// circNow is a Monday morning in Helsinki.
var circNow = time.Date(2026, time.November, 23, 10, 0, 0, 0, library.Helsinki).UTC()

// circHours is open every day but Sunday.
func circHours() library.Hours {
	var h library.Hours
	for d := time.Monday; d <= time.Saturday; d++ {
		h.Weekly[d] = library.Day{Staffed: []library.Period{{Open: library.NewClock(9, 0), Close: library.NewClock(20, 0)}}}
	}
	return h
}

// circConsortium has two branches in Espoo, two in Vantaa and one in Helsinki.
func circConsortium() library.Consortium {
	c := library.Consortium{Libraries: []library.Library{
		{ID: "espoo", Name: library.Text{"fi": "Espoo"}},
		{ID: "helsinki", Name: library.Text{"fi": "Helsinki"}},
		{ID: "vantaa", Name: library.Text{"fi": "Vantaa"}},
	}}
	for _, b := range []struct{ id, lib string }{
		{"esp-sello", "espoo"}, {"esp-iso-omena", "espoo"}, {"hki-oodi", "helsinki"},
		{"van-tikkurila", "vantaa"}, {"van-myyrmaki", "vantaa"},
	} {
		c.Branches = append(c.Branches, library.Branch{ID: b.id, LibraryID: b.lib, Name: library.Text{"fi": b.id}, Hours: circHours()})
	}
	return c
}

// copyAt describes one copy of a test title.
type copyAt struct {
	barcode, home string
	floating      bool
}

// circFixture stores the consortium and returns helpers to add titles and
// patrons.
type circFixture struct {
	t  *testing.T
	db *store.DB
	n  int
}

func newCircFixture(t *testing.T, db *store.DB) *circFixture {
	t.Helper()
	if err := db.PutConsortium(context.Background(), circConsortium()); err != nil {
		t.Fatal(err)
	}
	return &circFixture{t: t, db: db}
}

// title stores a record of material m with copies and returns its ID.
func (f *circFixture) title(m library.Material, copies ...copyAt) int64 {
	f.t.Helper()
	f.n++
	rec := library.RecordWithItems{Record: library.Record{
		SourceID: fmt.Sprintf("circ-%d", f.n), Title: fmt.Sprintf("Title %d", f.n), Material: m,
		Language: "fin", Audience: library.AudienceAdult,
	}}
	for _, c := range copies {
		coll := "adult"
		if c.floating {
			coll = "floating"
		}
		rec.Items = append(rec.Items, library.Item{Barcode: c.barcode, HomeBranch: c.home, Branch: c.home,
			CallNumber: "84.2", Shelf: "Aikuiset", Collection: coll, Status: library.Available})
	}
	res := upsert(f.t, f.db, []library.RecordWithItems{rec})
	return res[0].ID
}

// patron creates a patron with a card number and category.
func (f *circFixture) patron(name, category string, optIn bool) library.Patron {
	f.t.Helper()
	f.n++
	p, err := f.db.CreatePatron(context.Background(), library.Patron{
		CardNumber: fmt.Sprintf("2000%08d", f.n), Name: name, Category: category, HomeLibrary: "vantaa",
		Lang: "fi", NoticeChannel: library.ChannelEmail, HistoryOptIn: optIn, Email: fmt.Sprintf("p%d@example.fi", f.n),
	}, "")
	if err != nil {
		f.t.Fatal(err)
	}
	return p
}

// at returns an actor at a branch.
func at(branch string) library.Actor { return library.Actor{StaffID: 0, Branch: branch} }

// day returns circNow plus n days.
func day(n int) time.Time { return circNow.AddDate(0, 0, n) }

// wantKey fails unless err carries the message key.
func wantKey(t *testing.T, err error, key string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s", key)
	}
	if got := library.ErrorKey(err); got != key {
		t.Fatalf("error %v: key %q, want %q", err, got, key)
	}
}

func itemStatus(t *testing.T, db *store.DB, barcode string) (library.ItemStatus, string) {
	t.Helper()
	it, err := db.Item(context.Background(), barcode)
	if err != nil {
		t.Fatal(err)
	}
	return it.Status, it.Branch
}
