package sru

import (
	"testing"

	"github.com/kirjasto/kirjasto/internal/cql"
)

// FuzzTranslate checks that any query the parser accepts translates
// without a panic, either to a search within the engine's limits or to a
// diagnostic with a standard URI.
func FuzzTranslate(f *testing.F) {
	for _, s := range []string{
		`kivi`, `dc.title all "a b c" or dc.creator any "d e" not x`, `(a and b) or (c and d) or (e and f)`,
		`dc.date within "1990 2000" and dc.type = dvd sortBy dc.title`, `> k = "info:srw/cql-context-set/kirjasto/1.0" k.year > 2000`,
		`a prox/unit=word b`, `title = ki*`, `dc.language any "fin swe" and kirjasto.genre = romaanit`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := cql.Parse(s)
		if err != nil {
			return
		}
		sq, d := Translate(q)
		if d != nil {
			if d.Number <= 0 || d.URI() == "" {
				t.Fatalf("Translate(%q): diagnostic %+v", s, d)
			}
			return
		}
		if len(sq.Text) > maxQueryText {
			t.Fatalf("Translate(%q): %d bytes of search text", s, len(sq.Text))
		}
		if sq.Text == "" && len(sq.Filters) == 0 {
			t.Fatalf("Translate(%q): an empty search", s)
		}
	})
}
