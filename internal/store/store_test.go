package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// makeRecords returns n records with source IDs prefix-0, prefix-1, ...,
// each with items copies.
func makeRecords(prefix string, n, items int) []library.RecordWithItems {
	recs := make([]library.RecordWithItems, n)
	for i := range recs {
		src := fmt.Sprintf("%s-%d", prefix, i)
		recs[i].Record = library.Record{
			SourceID:   src,
			Title:      "Title " + src,
			Subtitle:   "a novel",
			Authors:    []library.Contributor{{Name: "Jansson, Tove", Role: "author"}},
			Subjects:   []string{"muumit", "meri"},
			Genres:     []string{"fantasy"},
			Language:   "fin",
			Year:       1945 + i%80,
			Publisher:  "WSOY",
			Material:   library.Book,
			ISBNs:      []string{fmt.Sprintf("978951%07d", i)},
			Series:     "Muumit",
			Summary:    "Muumipeikko ja pyrstötähti.",
			Audience:   library.AudienceChildren,
			Notes:      []string{"Suomennettu."},
			Links:      []library.Link{{URL: "https://kirjasto.example/e/" + src, Text: "Lue verkossa"}},
			Popularity: i % 100,
			MARC:       []byte("00042nam a2200025 a 4500\x1e" + src),
		}
		for j := range items {
			recs[i].Items = append(recs[i].Items, library.Item{
				Barcode:    fmt.Sprintf("%s-%d-%d", prefix, i, j),
				HomeBranch: fmt.Sprintf("branch-%d", j%3),
				CallNumber: "84.2 JAN",
				Shelf:      "Lasten kirjat",
				Collection: "children",
			})
		}
	}
	return recs
}

func upsert(t *testing.T, db *store.DB, recs []library.RecordWithItems) []library.UpsertResult {
	t.Helper()
	res, err := db.UpsertRecords(context.Background(), recs)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := library.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		upsert(t, db, makeRecords("m", 3, 1))
		for range 2 {
			if err := db.Migrate(ctx); err != nil {
				t.Fatalf("second Migrate: %v", err)
			}
		}
		if n, err := db.CountRecords(ctx); err != nil || n != 3 {
			t.Fatalf("CountRecords after migrating again = %d, %v; want 3", n, err)
		}
	})
}

func TestDialect(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		if got, want := db.Dialect(), t.Name()[len("TestDialect/"):]; got != want {
			t.Errorf("Dialect() = %q, want %q", got, want)
		}
	})
}

func testConsortium() library.Consortium {
	var hours library.Hours
	for d := time.Monday; d <= time.Friday; d++ {
		hours.Weekly[d] = library.Day{
			Staffed:     []library.Period{{Open: library.NewClock(9, 0), Close: library.NewClock(20, 0)}},
			SelfService: []library.Period{{Open: library.NewClock(7, 0), Close: library.NewClock(9, 0)}},
		}
	}
	hours.Exceptions = []library.Exception{{
		Date: library.Date{Year: 2026, Month: time.December, Day: 24},
		Day: library.Day{
			Staffed: []library.Period{{Open: library.NewClock(9, 0), Close: library.NewClock(12, 0)}},
			Note:    library.Text{"fi": "Jouluaatto", "sv": "Julafton"},
		},
	}}
	return library.Consortium{
		Name: library.Text{"fi": "Helmet-kirjastot", "sv": "Helmet-biblioteken"},
		Libraries: []library.Library{
			{ID: "espoo", Name: library.Text{"fi": "Espoon kaupunginkirjasto", "sv": "Esbo stadsbibliotek"}},
			{ID: "helsinki", Name: library.Text{"fi": "Helsingin kaupunginkirjasto"}},
		},
		Branches: []library.Branch{
			{
				ID: "esp-sello", LibraryID: "espoo",
				Name: library.Text{"fi": "Sellon kirjasto", "sv": "Sellobiblioteket", "en": "Sello Library"},
				Address: library.Address{Street: "Leppävaarankatu 9", PostalCode: "02600",
					City: library.Text{"fi": "Espoo", "sv": "Esbo"}},
				Lat: 60.2176, Lon: 24.8107, Phone: "+358 9 8165 7603", Email: "sello@example.fi",
				Services:      []string{"music-studio", "3d-printer"},
				Accessibility: library.Text{"fi": "Esteetön sisäänkäynti"},
				Hours:         hours,
			},
			{ID: "hki-oodi", LibraryID: "helsinki", Name: library.Text{"fi": "Oodi"}},
		},
	}
}

func TestConsortiumRoundTrip(t *testing.T) {
	// Versions count changes (see UpdateBranch); they are not put.
	ignoreVersions := cmp.Options{cmpopts.IgnoreFields(library.Library{}, "Version"), cmpopts.IgnoreFields(library.Branch{}, "Version")}
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		want := testConsortium()
		if err := db.PutConsortium(ctx, want); err != nil {
			t.Fatal(err)
		}
		got, err := db.Consortium(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got, ignoreVersions); diff != "" {
			t.Errorf("Consortium() mismatch (-want +got):\n%s", diff)
		}

		// A second put updates in place.
		want.Branches[1].Name["sv"] = "Ode"
		want.Branches[1].Services = []string{"cafe"}
		if err := db.PutConsortium(ctx, want); err != nil {
			t.Fatal(err)
		}
		libs, err := db.Libraries(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want.Libraries, libs, ignoreVersions); diff != "" {
			t.Errorf("Libraries() mismatch (-want +got):\n%s", diff)
		}
		branches, err := db.Branches(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want.Branches, branches, ignoreVersions); diff != "" {
			t.Errorf("Branches() mismatch (-want +got):\n%s", diff)
		}
		b, err := db.Branch(ctx, "hki-oodi")
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want.Branches[1], b, ignoreVersions); diff != "" {
			t.Errorf("Branch() mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestNotFound(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		res := upsert(t, db, makeRecords("nf", 2, 1))
		_, err := db.Record(ctx, res[1].ID+1)
		wantCode(t, err, library.ENOTFOUND)
		_, err = db.Record(ctx, 0)
		wantCode(t, err, library.ENOTFOUND)
		_, err = db.Item(ctx, "no-such-barcode")
		wantCode(t, err, library.ENOTFOUND)
		_, err = db.Branch(ctx, "no-such-branch")
		wantCode(t, err, library.ENOTFOUND)
		_, err = db.SetItemStatus(ctx, "no-such-barcode", library.Available, library.OnLoan, "", time.Time{})
		wantCode(t, err, library.ENOTFOUND)
		if _, err := db.Record(ctx, res[1].ID); err != nil {
			t.Errorf("Record(%d) of a stored record: %v", res[1].ID, err)
		}
	})
}
