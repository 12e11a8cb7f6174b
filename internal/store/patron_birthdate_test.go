package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// TestPatronBirthDate: a birth date is kept as a date, shown in the
// patron's own data, and goes with the name when the account is closed.
func TestPatronBirthDate(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		accounts(db)
		ctx := context.Background()
		// An instant late in the evening in Helsinki is still the date given.
		born := time.Date(2012, 3, 4, 23, 30, 0, 0, time.FixedZone("EET", 2*3600))
		p, err := db.CreatePatron(ctx, library.Patron{CardNumber: "27000001", Name: "Virtanen, Eino", HomeLibrary: "espoo",
			BirthDate: born, Category: library.CategoryChild}, "")
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.Patron(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2012, 3, 4, 0, 0, 0, 0, time.UTC); !got.BirthDate.Equal(want) || got.BirthDate.Location() != time.UTC {
			t.Errorf("birth date read back %v, want %v", got.BirthDate, want)
		}
		unknown, err := db.CreatePatron(ctx, library.Patron{CardNumber: "27000002", Name: "Virtanen, Aino", HomeLibrary: "espoo"}, "")
		if err != nil {
			t.Fatal(err)
		}
		if got, err := db.Patron(ctx, unknown.ID); err != nil || !got.BirthDate.IsZero() {
			t.Errorf("patron without a birth date read back %v, %v; want the zero time", got.BirthDate, err)
		}
		data, err := db.PersonalData(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if data.Patron.BirthDate != "2012-03-04" {
			t.Errorf("personal data birth date %q, want 2012-03-04", data.Patron.BirthDate)
		}
		if err := db.CloseAccount(ctx, p.ID, t0); err != nil {
			t.Fatal(err)
		}
		closed, err := db.Patron(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !closed.BirthDate.IsZero() {
			t.Errorf("closed account keeps the birth date %v", closed.BirthDate)
		}
	})
}
