package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kirjasto/kirjasto/internal/demo"
	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/marc"
	"github.com/kirjasto/kirjasto/internal/store"
	"github.com/kirjasto/kirjasto/internal/store/storetest"
)

// What the MARC mapping does not carry, so a round trip cannot keep it:
// the catalogue's own ID, the popularity counter, when the row was created
// and updated, and the source record bytes (compared separately).
var ignoreUnmapped = cmpopts.IgnoreFields(library.Record{}, "ID", "Popularity", "MARC", "Created", "Updated")

// lossy applies to a record what the MARC mapping cannot keep: roles
// beyond the relator terms ToLibrary knows become the nearest it has (a
// narrator is a performer, a game's designer its author), and a final
// full stop of the publisher reads as ISBD punctuation and goes.
func lossy(r *library.Record) {
	roles := map[string]string{"narrator": "performer", "designer": "author"}
	for i, a := range r.Authors {
		if to, ok := roles[a.Role]; ok {
			r.Authors[i].Role = to
		}
	}
	r.Publisher = strings.TrimSuffix(r.Publisher, ".")
}

// readMARC reads every record of an export in either format and maps it.
func readMARC(t *testing.T, data []byte, format string) []library.RecordWithItems {
	t.Helper()
	type reader interface{ Next() (*marc.Record, error) }
	var r reader = marc.NewReader(bytes.NewReader(data))
	if format == "marcxml" {
		r = marc.NewXMLReader(bytes.NewReader(data))
	}
	var out []library.RecordWithItems
	for {
		m, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("reading the %s export back: %v", format, err)
		}
		rec, items, err := marc.ToLibrary(m)
		if err != nil {
			t.Fatalf("mapping record %d of the %s export: %v", len(out)+1, format, err)
		}
		out = append(out, library.RecordWithItems{Record: rec, Items: items})
	}
}

// stored returns every record of st with its items, in ID order.
func stored(t *testing.T, st library.Store) []library.RecordWithItems {
	t.Helper()
	var all []library.RecordWithItems
	err := st.ScanRecords(context.Background(), 0, func(r library.Record, its []library.Item) error {
		all = append(all, library.RecordWithItems{Record: r, Items: its})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// compareRoundTrip checks that each exported record maps to the stored
// record, field by field.
func compareRoundTrip(t *testing.T, want, got []library.RecordWithItems, items bool) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("export has %d records, the catalogue %d", len(got), len(want))
	}
	// The store orders copies by branch, the source record as catalogued.
	itemOpts := cmp.Options{cmpopts.IgnoreFields(library.Item{}, "ID", "RecordID", "Updated"),
		cmpopts.SortSlices(func(a, b library.Item) bool { return a.Barcode < b.Barcode })}
	for i := range want {
		if diff := cmp.Diff(want[i].Record, got[i].Record, ignoreUnmapped, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("record %d (%s) after the round trip (-stored +exported):\n%s", want[i].Record.ID, want[i].Record.SourceID, diff)
		}
		if items {
			if diff := cmp.Diff(want[i].Items, got[i].Items, itemOpts, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("items of record %d (%s) (-stored +exported):\n%s", want[i].Record.ID, want[i].Record.SourceID, diff)
			}
		}
	}
}

// TestExportRoundTripShared imports real MARC files with the binary,
// exports the catalogue in both formats and maps the export back: every
// record is the one the import stored.
func TestExportRoundTripShared(t *testing.T) {
	files := []string{
		sharedMARC(t, "marc4j/pride-and-prejudice-fixed.mrc"),
		sharedMARC(t, "marc4j/chabon.xml"),
		sharedMARC(t, "marc4j/summerland.mrc"),
		sharedMARC(t, "marc4j/brkrtest.mrc"),
		sharedMARC(t, "marc4j/cyrillic_capital_e.mrc"),
		sharedMARC(t, "pymarc/marc8.dat"),
		sharedMARC(t, "pymarc/utf8.xml"),
	}
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			data := t.TempDir()
			dsn := filepath.Join(data, "kirjasto.db")
			if dialect == "postgres" {
				dsn = storetest.PostgresDSN(t)
			}
			base := []string{"--data", data, "--db", dsn, "--log-level", "warn"}
			run(t, append(append(base, "import"), files...)...)
			db, err := store.Open(context.Background(), dsn, slog.New(slog.DiscardHandler))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			want := stored(t, db)
			if len(want) == 0 {
				t.Fatal("the import stored no records")
			}
			for _, format := range []string{"iso2709", "marcxml"} {
				t.Run(format, func(t *testing.T) {
					out := filepath.Join(t.TempDir(), "catalogue."+format)
					log := run(t, append(base, "export", "--format", format, out)...)
					if !strings.Contains(log, "skipped") {
						t.Errorf("export printed no summary: %s", log)
					}
					b, err := os.ReadFile(out)
					if err != nil {
						t.Fatal(err)
					}
					got := readMARC(t, b, format)
					compareRoundTrip(t, want, got, true)
				})
			}
		})
	}
}

// TestExportDerived exports records that were not imported from MARC (the
// demo catalogue): the MARC built for them maps back to the same record.
func TestExportDerived(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, "sqlite")
	c := demo.Consortium(2026)
	if err := db.PutConsortium(ctx, c); err != nil {
		t.Fatal(err)
	}
	var recs []library.RecordWithItems
	for r := range demo.Records(7, 300, c, time.Now()) {
		recs = append(recs, r)
	}
	if _, err := db.UpsertRecords(ctx, recs); err != nil {
		t.Fatal(err)
	}
	want := stored(t, db)
	for i := range want {
		lossy(&want[i].Record)
	}
	for _, format := range []string{"iso2709", "marcxml"} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := export(ctx, db, format, &buf, io.Discard); err != nil {
				t.Fatal(err)
			}
			got := readMARC(t, buf.Bytes(), format)
			// Items are compared on what a 952 carries: circulation state
			// (status, due date) is the desk's, not the export's.
			compareRoundTrip(t, want, got, false)
			for i := range want {
				var a, b []string
				for _, it := range want[i].Items {
					a = append(a, it.Barcode+" "+it.HomeBranch+" "+it.CallNumber)
				}
				for _, it := range got[i].Items {
					b = append(b, it.Barcode+" "+it.HomeBranch+" "+it.CallNumber)
				}
				if diff := cmp.Diff(a, b); diff != "" {
					t.Errorf("copies of record %d (-stored +exported):\n%s", want[i].Record.ID, diff)
				}
			}
		})
	}
}
