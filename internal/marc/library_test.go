package marc

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kirjasto/kirjasto/internal/library"
)

func TestFromLibraryRoundTrip(t *testing.T) {
	due := time.Date(2026, 12, 1, 21, 59, 0, 0, time.UTC) // 23:59 in Helsinki
	tests := []struct {
		name  string
		rec   library.Record
		items []library.Item
	}{
		{
			name: "finnish novel with items",
			rec: library.Record{
				SourceID: "FI-MELINDA 012345678",
				Title:    "Tuntematon sotilas",
				Subtitle: "romaani",
				Authors:  []library.Contributor{{Name: "Linna, Väinö", Role: "author"}, {Name: "Halonen, Pekka", Role: "illustrator"}},
				Subjects: []string{"sotilaat", "jatkosota -- kaunokirjallisuus"},
				Genres:   []string{"sotaromaanit"},
				Language: "fin", Year: 1954, Publisher: "WSOY", Material: library.Book,
				ISBNs: []string{"9789510396358", "951039635X"}, Series: "WSOY:n taskukirjat",
				Summary: "Romaani jatkosodasta.", Audience: library.AudienceAdult,
				Notes: []string{"Ensimmäinen painos 1954."},
			},
			items: []library.Item{
				{Barcode: "1234567", HomeBranch: "esp-sello", Branch: "esp-sello", CallNumber: "84.2 LIN", Shelf: "Aikuisten kirjat", Collection: "adult", Status: library.Available},
				{Barcode: "7654321", HomeBranch: "hki-oodi", Branch: "hki-oodi", CallNumber: "84.2 LIN", Status: library.OnLoan, DueAt: due},
				{Barcode: "5555555", HomeBranch: "van-tikkurila", Branch: "van-tikkurila", Status: library.Missing},
			},
		},
		{
			name: "magazine for children",
			rec: library.Record{
				SourceID: "Kirjasto 42", ID: 42, Title: "Aku Ankka", Language: "fin", Material: library.Magazine,
				ISSNs: []string{"0355-4007"}, Audience: library.AudienceChildren,
			},
		},
		{name: "ebook", rec: library.Record{SourceID: "e1", Title: "Digitaalinen", Material: library.EBook, Audience: library.AudienceYouth,
			Links: []library.Link{{URL: "https://kirjasto.example/e/1", Text: "Lue verkossa"}, {URL: "http://kirjasto.example/e/1/toc"}}}},
		{name: "audiobook", rec: library.Record{SourceID: "a1", Title: "Kuunneltava", Material: library.AudioBook, Authors: []library.Contributor{{Name: "Lukija", Role: "performer"}}}},
		{name: "eaudiobook", rec: library.Record{SourceID: "ea1", Title: "Kuunneltava verkossa", Material: library.EAudioBook}},
		{name: "emagazine", rec: library.Record{SourceID: "em1", Title: "Verkkolehti", Material: library.EMagazine, ISSNs: []string{"1797-5573"}}},
		{name: "cd", rec: library.Record{SourceID: "c1", Title: "Levy", Material: library.CD, Authors: []library.Contributor{{Name: "Sibelius, Jean", Role: "composer"}}}},
		{name: "vinyl", rec: library.Record{SourceID: "v1", Title: "LP", Material: library.Vinyl}},
		{name: "dvd", rec: library.Record{SourceID: "d1", Title: "Elokuva", Material: library.DVD, Authors: []library.Contributor{{Name: "Kaurismäki, Aki", Role: "director"}}}},
		{name: "bluray", rec: library.Record{SourceID: "b1", Title: "Elokuva HD", Material: library.BluRay}},
		{name: "sheet music", rec: library.Record{SourceID: "s1", Title: "Nuotit", Material: library.SheetMusic}},
		{name: "board game", rec: library.Record{SourceID: "g1", Title: "Afrikan tähti", Material: library.BoardGame, Year: 1951}},
		{name: "instrument", rec: library.Record{SourceID: "i1", Title: "Ukulele", Material: library.Instrument, Genres: []string{"soittimet"}}},
		{name: "other", rec: library.Record{SourceID: "o1", Title: "Kitara", Material: library.OtherMedium}},
		{name: "translator and editor", rec: library.Record{SourceID: "t1", Title: "Sota ja rauha", Material: library.Book,
			Authors: []library.Contributor{{Name: "Tolstoi, Leo", Role: "author"}, {Name: "Kivi, Anna", Role: "translator"}, {Name: "Toimittaja", Role: "editor"}, {Name: "Muu", Role: "other"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := FromLibrary(tt.rec, tt.items)
			got, items, err := ToLibrary(m)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.MARC) == 0 {
				t.Error("MARC not kept")
			}
			opt := cmpopts.IgnoreFields(library.Record{}, "ID", "MARC")
			if diff := cmp.Diff(tt.rec, got, opt, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("record (-want +got):\n%s\nMARC:\n%s", diff, m)
			}
			if diff := cmp.Diff(tt.items, items, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
		})
	}
}

func TestToLibraryNoIdentity(t *testing.T) {
	r := &Record{Leader: defaultLeader}
	r.AddData("500", ' ', ' ', "a", "Ei nimekettä eikä tunnistetta")
	_, _, err := ToLibrary(r)
	if got := library.ErrorCode(err); got != library.EINVALID {
		t.Errorf("error %v, code %q, want %q", err, got, library.EINVALID)
	}
}

// Records without a control number are identified by ISBN, else by a
// fingerprint that is the same every time the same record is read.
func TestToLibraryFallbackIdentity(t *testing.T) {
	withISBN := &Record{Leader: defaultLeader}
	withISBN.AddData("020", ' ', ' ', "a", "951-0-12345-6")
	withISBN.AddData("245", '0', '0', "a", "Nimetön")
	plain := func(title string) *Record {
		r := &Record{Leader: defaultLeader}
		r.AddData("100", '1', ' ', "a", "Kivi, Aleksis")
		r.AddData("245", '1', '0', "a", title)
		return r
	}
	id := func(r *Record) string {
		t.Helper()
		rec, _, err := ToLibrary(r)
		if err != nil {
			t.Fatal(err)
		}
		return rec.SourceID
	}
	if got := id(withISBN); got != "ISBN 9510123456" {
		t.Errorf("SourceID = %q, want the ISBN", got)
	}
	a, b, c := id(plain("Nummisuutarit")), id(plain("Nummisuutarit")), id(plain("Kullervo"))
	if !strings.HasPrefix(a, "fingerprint ") || a != b || a == c {
		t.Errorf("fingerprints %q, %q (same record), %q (another): want stable and distinct", a, b, c)
	}
}

func TestToLibraryFields(t *testing.T) {
	r := &Record{Leader: Leader([]byte("00000cjm a2200000 i 4500"))}
	r.AddData("035", ' ', ' ', "a", "(OCoLC)123")
	r.AddControl("007", "sd fsngnnmmned")
	r.AddControl("008", "200101s2019    fi ||nnj||||||||||||fin d")
	r.AddData("020", ' ', ' ', "a", "978-951-0-12345-6 (nid.)")
	r.AddData("020", ' ', ' ', "z", "bad")
	r.AddData("022", ' ', ' ', "a", "1234567x")
	r.AddData("100", '1', ' ', "a", "Tolkien, J. R. R.", "4", "aut")
	r.AddData("700", '1', ' ', "a", "Kunnas, Mauri,", "e", "kuvittaja.")
	r.AddData("710", '2', ' ', "a", "Radion sinfoniaorkesteri.", "4", "prf")
	r.AddData("245", '1', '0', "a", "Sormusten herra :", "b", "taru sormusten herrasta /", "n", "1,", "p", "Sormuksen ritarit.")
	r.AddData("260", ' ', ' ', "b", "WSOY,", "c", "[2019]")
	r.AddData("490", '1', ' ', "a", "Taru ;")
	r.AddData("650", ' ', '7', "a", "fantasia.", "x", "historia", "y", "1900-luku")
	r.AddData("655", ' ', '7', "a", "äänikirjat")
	r.AddData("852", ' ', ' ', "b", "hki-oodi", "h", "84.2", "i", "TOL", "p", "X1")
	got, items, err := ToLibrary(r)
	if err != nil {
		t.Fatal(err)
	}
	want := library.Record{
		SourceID: "(OCoLC)123",
		Title:    "Sormusten herra. 1. Sormuksen ritarit",
		Subtitle: "taru sormusten herrasta",
		Authors: []library.Contributor{
			{Name: "Tolkien, J. R. R.", Role: "author"},
			{Name: "Kunnas, Mauri", Role: "illustrator"},
			{Name: "Radion sinfoniaorkesteri", Role: "performer"},
		},
		Subjects: []string{"fantasia -- historia -- 1900-luku"},
		Genres:   []string{"äänikirjat"},
		Language: "fin", Year: 2019, Publisher: "WSOY", Material: library.CD,
		ISBNs: []string{"9789510123456"}, ISSNs: []string{"1234-567X"},
		Series: "Taru", Audience: library.AudienceChildren,
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(library.Record{}, "MARC")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	wantItems := []library.Item{{Barcode: "X1", HomeBranch: "hki-oodi", Branch: "hki-oodi", CallNumber: "84.2 TOL", Status: library.Available}}
	if diff := cmp.Diff(wantItems, items); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
}

func TestTrimISBD(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Title /", "Title"},
		{"Title :", "Title"},
		{"Title.", "Title"},
		{"Tolkien, J. R. R.", "Tolkien, J. R. R."},
		{"Odotus...", "Odotus..."},
		{" Kunnas, Mauri, ", "Kunnas, Mauri"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := trimISBD(tt.in); got != tt.want {
				t.Errorf("trimISBD(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestLinks reads 856 electronic locations: web addresses only, with the
// record's own words for them.
func TestLinks(t *testing.T) {
	r := sample("x")
	r.AddData("856", '4', '0', "u", "https://www.gutenberg.org/ebooks/1342", "y", "Project Gutenberg", "z", "Free")
	r.AddData("856", '4', '2', "3", "Table of contents", "u", "http://catdir.loc.gov/toc/1.html")
	r.AddData("856", '4', '0', "u", "https://example.org/a", "u", "javascript:alert(1)", "z", "Access for members")
	r.AddData("856", '4', '0', "u", "ftp://example.org/file", "u", "/relative/path", "u", "data:text/html,x")
	r.AddData("856", '4', '0', "u", "https://www.gutenberg.org/ebooks/1342")
	r.AddData("856", '4', '0', "z", "No address")
	rec, _, err := ToLibrary(r)
	if err != nil {
		t.Fatal(err)
	}
	want := []library.Link{
		{URL: "https://www.gutenberg.org/ebooks/1342", Text: "Project Gutenberg"},
		{URL: "http://catdir.loc.gov/toc/1.html", Text: "Table of contents"},
		{URL: "https://example.org/a", Text: "Access for members"},
	}
	if diff := cmp.Diff(want, rec.Links); diff != "" {
		t.Errorf("links (-want +got):\n%s", diff)
	}
}
