package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// legacyPatrons is a legacy system's export as a Finnish spreadsheet
// writes it: a byte-order mark, semicolons, D.M.YYYY dates, quotes where
// a field holds the separator.
const legacyPatrons = "\ufeffCard number;Last name;First name;Birth date;Category;Home library;Email;Phone;Street;Postal code;City;Language\n" +
	"27000001;Virtanen;Aino;1980-05-01;;helsinki;aino@example.fi;0401234567;Mannerheimintie 1;00100;Helsinki;fi\n" + // 2
	"27000002;Virtanen;Eino;3.4.2018;;espoo;;;;;;SV\n" + // 3: a child by birth date
	"27000003;Korhonen;Ella;31.2.2010;;espoo;;;;;;fi\n" + // 4: no such date
	"27000004;Nieminen;Pekka;;;tampere;;;;;;fi\n" + // 5: not a member library
	"27000001;Toinen;Taavi;;;helsinki;;;;;;fi\n" + // 6: card of line 2
	"27000005;;;1990-01-01;;espoo;;;;;;fi\n" + // 7: no name
	"27000006;Mäkinen;Matti;;adult;espoo;;;\"Kauppakatu 2; A 5\";02100;Espoo;fi\n" + // 8
	"27000007;Lahti;Liisa;;;espoo\n" + // 9: too few fields
	"\n" +
	";;;;;;;;;;;\n" + // 11: blank, ignored
	"27000099;Olemassa;Olli;;;espoo;;;;;;fi\n" + // 12: already in the database
	"27000008;Salo;Sanna;;staff;helsinki;;;;;;en\n" + // 13
	"27000009;Sa\"lo;Sami;;;helsinki;;;;;;fi\n" // 14: a stray quote

// TestPatronsImport imports a legacy file with good and bad rows through
// the binary: each bad row is reported with its line and reason and
// skipped, every good row is imported whole, an existing patron is left
// as it was, and a second run imports nothing twice.
func TestPatronsImport(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			args := dbArgs(t, dialect)
			initConsortium(t, args)
			db := openTestStore(t, args)
			ctx := context.Background()
			c, err := db.Consortium(ctx)
			if err != nil {
				t.Fatal(err)
			}
			c.Libraries = []library.Library{{ID: "espoo", Name: library.Text{"fi": "Espoo"}}, {ID: "helsinki", Name: library.Text{"fi": "Helsinki"}}}
			if err := db.PutConsortium(ctx, c); err != nil {
				t.Fatal(err)
			}
			olli, err := db.CreatePatron(ctx, library.Patron{CardNumber: "27000099", Name: "Olemassa, Olli", HomeLibrary: "helsinki", Email: "olli@example.fi"}, "")
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(t.TempDir(), "patrons.csv")
			if err := os.WriteFile(file, []byte(legacyPatrons), 0o644); err != nil {
				t.Fatal(err)
			}

			out, ok := runIn(t, "", append([]string{"patrons", "import", file}, args...)...)
			if ok {
				t.Errorf("import with skipped rows exited 0")
			}
			for _, line := range []string{
				`patrons.csv:4: skipped: card 27000003: birth date "31.2.2010" is not a date`,
				`patrons.csv:5: skipped: card 27000004: unknown home library "tampere" (member libraries: espoo, helsinki)`,
				`patrons.csv:6: skipped: card 27000001 already exists: not changed`,
				`patrons.csv:7: skipped: card 27000005: name missing`,
				`patrons.csv:9: skipped: 6 fields, the header has 12`,
				`patrons.csv:12: skipped: card 27000099 already exists: not changed`,
				`patrons.csv:14: skipped: bare " in non-quoted-field`,
				`patrons.csv: imported 4 patrons, skipped 7 rows (2 with a card number already in use)`,
			} {
				if !strings.Contains(out, line) {
					t.Errorf("output lacks %q:\n%s", line, out)
				}
			}
			if n := len(regexp.MustCompile(`:\d+: skipped: `).FindAllString(out, -1)); n != 7 {
				t.Errorf("%d rows reported skipped, want 7:\n%s", n, out)
			}

			want := []library.Patron{
				{CardNumber: "27000001", Name: "Virtanen, Aino", BirthDate: library.Date{Year: 1980, Month: 5, Day: 1}, Category: library.CategoryAdult, HomeLibrary: "helsinki",
					Email: "aino@example.fi", Phone: "0401234567", Street: "Mannerheimintie 1", PostalCode: "00100", City: "Helsinki",
					Lang: "fi", NoticeChannel: library.ChannelEmail},
				{CardNumber: "27000002", Name: "Virtanen, Eino", BirthDate: library.Date{Year: 2018, Month: 4, Day: 3}, Category: library.CategoryChild, HomeLibrary: "espoo",
					Lang: "sv", NoticeChannel: library.ChannelAccount},
				{CardNumber: "27000006", Name: "Mäkinen, Matti", Category: library.CategoryAdult, HomeLibrary: "espoo",
					Street: "Kauppakatu 2; A 5", PostalCode: "02100", City: "Espoo", Lang: "fi", NoticeChannel: library.ChannelAccount},
				{CardNumber: "27000008", Name: "Salo, Sanna", Category: library.CategoryStaff, HomeLibrary: "helsinki",
					Lang: "en", NoticeChannel: library.ChannelAccount},
				olli,
			}
			ignore := cmpopts.IgnoreFields(library.Patron{}, "ID", "Created")
			for _, w := range want {
				got, err := db.PatronByCard(ctx, w.CardNumber)
				if err != nil {
					t.Errorf("card %s: %v", w.CardNumber, err)
					continue
				}
				if diff := cmp.Diff(w, got, ignore); diff != "" {
					t.Errorf("card %s (-want +got):\n%s", w.CardNumber, diff)
				}
			}
			for _, card := range []string{"27000003", "27000004", "27000005", "27000007", "27000009"} {
				if _, err := db.PatronByCard(ctx, card); library.ErrorCode(err) != library.ENOTFOUND {
					t.Errorf("card %s of a bad row: %v, want not found", card, err)
				}
			}

			// Importing the same file again changes nobody.
			out, _ = runIn(t, "", append([]string{"patrons", "import", file}, args...)...)
			if !strings.Contains(out, "imported 0 patrons, skipped 11 rows (6 with a card number already in use)") {
				t.Errorf("second import:\n%s", out)
			}
		})
	}
}

// TestPatronsImportRefusesFile: a file whose header the import does not
// understand imports nothing, and says why.
func TestPatronsImportRefusesFile(t *testing.T) {
	args := dbArgs(t, "sqlite")
	initConsortium(t, args)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.csv")
	if err := os.WriteFile(good, []byte("card_number,name,home_library\n1,\"A, B\",espoo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, ok := runIn(t, "", append([]string{"patrons", "import", good}, args...)...)
	if ok || !strings.Contains(out, "no member libraries yet") {
		t.Errorf("import into a consortium without libraries: exit 0 = %v\n%s", ok, out)
	}
	db := openTestStore(t, args)
	c, err := db.Consortium(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c.Libraries = []library.Library{{ID: "espoo", Name: library.Text{"fi": "Espoo"}}}
	if err := db.PutConsortium(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, data, want string }{
		{"typo.csv", "card_number,last_name,first_name,home_libary\n1,A,B,espoo\n", `unknown column "home_libary"`},
		{"nocard.csv", "last_name,first_name,home_library\nA,B,espoo\n", "no card_number column"},
		{"empty.csv", "", "the file is empty"},
		{"bom.csv", "\ufeff", "the file is empty"},
		{"nolibrary.csv", "card_number,name\n1,\"A, B\"\n", "no home_library column: add one, or give --home-library"},
	} {
		file := filepath.Join(dir, tc.name)
		if err := os.WriteFile(file, []byte(tc.data), 0o644); err != nil {
			t.Fatal(err)
		}
		out, ok := runIn(t, "", append([]string{"patrons", "import", file}, args...)...)
		if ok || !strings.Contains(out, tc.want) || strings.Contains(out, "imported") {
			t.Errorf("%s: exit 0 = %v, want a refusal saying %q:\n%s", tc.name, ok, tc.want, out)
		}
	}
	// --home-library fills the column a file lacks, and must name a library.
	nolib := filepath.Join(dir, "nolibrary.csv")
	out, ok = runIn(t, "", append([]string{"patrons", "import", "--home-library", "vantaa", nolib}, args...)...)
	if ok || !strings.Contains(out, `--home-library "vantaa" is not a member library (member libraries: espoo)`) {
		t.Errorf("--home-library vantaa: exit 0 = %v\n%s", ok, out)
	}
	out, ok = runIn(t, "", append([]string{"patrons", "import", "--home-library", "espoo", nolib}, args...)...)
	if !ok || !strings.Contains(out, "imported 1 patrons, skipped 0 rows") {
		t.Errorf("--home-library espoo: exit 0 = %v\n%s", ok, out)
	}
	if p, err := db.PatronByCard(context.Background(), "1"); err != nil || p.HomeLibrary != "espoo" || p.Name != "A, B" {
		t.Errorf("patron imported with --home-library: %+v, %v", p, err)
	}
}

func TestParseBirthDate(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in   string
		want library.Date
	}{
		{"2010-05-31", library.Date{Year: 2010, Month: 5, Day: 31}},
		{"31.5.2010", library.Date{Year: 2010, Month: 5, Day: 31}},
		{"01.02.2003", library.Date{Year: 2003, Month: 2, Day: 1}},
		{"2026-12-06", library.Date{Year: 2026, Month: 12, Day: 6}}, // born today
		{"2010-02-30", library.Date{}},
		{"5/31/2010", library.Date{}},
		{"2026-12-07", library.Date{}}, // in the future
		{"1.1.1850", library.Date{}},
	} {
		got, err := parseBirthDate(tc.in, now)
		if got != tc.want || (err == nil) != (tc.want != library.Date{}) {
			t.Errorf("parseBirthDate(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	if a := age(library.Date{Year: 2011, Month: 12, Day: 7}, now); a != 14 {
		t.Errorf("age the day before the 15th birthday = %d, want 14", a)
	}
	if a := age(library.Date{Year: 2011, Month: 12, Day: 6}, now); a != 15 {
		t.Errorf("age on the 15th birthday = %d, want 15", a)
	}
	// 23:30 UTC on 5 December is already 6 December in Helsinki.
	if a := age(library.Date{Year: 2011, Month: 12, Day: 6}, time.Date(2026, 12, 5, 23, 30, 0, 0, time.UTC)); a != 15 {
		t.Errorf("age at 01:30 Helsinki time on the 15th birthday = %d, want 15", a)
	}
}
