package search

import (
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
	"github.com/kirjasto/kirjasto/internal/testenv"
	"github.com/kirjasto/kirjasto/internal/voikko"
)

var (
	voikkoOnce sync.Once
	voikkoFi   *voikko.Analyzer
	voikkoErr  error
)

// finnishMorphology returns Voikko's Finnish morphology from Debian's
// dictionary, loaded once for all tests, or skips the test (fails it
// under KIRJASTO_TEST_STRICT=1) when the dictionary is not installed.
func finnishMorphology(t testing.TB) *voikko.Analyzer {
	t.Helper()
	if _, err := os.Stat(voikko.DefaultPath); err != nil {
		testenv.Missing(t, "Voikko's Finnish morphology "+voikko.DefaultPath+" is missing: install the Debian package voikko-fi (apt-get install voikko-fi)")
	}
	voikkoOnce.Do(func() { voikkoFi, voikkoErr = voikko.Open(voikko.DefaultPath) })
	if voikkoErr != nil {
		t.Fatal(voikkoErr)
	}
	return voikkoFi
}

// TestDidYouMeanInflected checks that with Voikko's morphology a
// misspelt inflected word is corrected to a real word, even one no record
// has in that form, and that an inflected word the catalogue has in
// another form is not corrected.
func TestDidYouMeanInflected(t *testing.T) {
	ix := relevanceIndexWith(t, finnishMorphology(t))
	tests := []struct{ lang, query, want string }{
		{"fi", "sodasa", "sodassa"},                // no title has "sodassa": a doubled letter
		{"en", "kisssoja", "kissoja"},              // an undoubled letter, in any interface language
		{"fi", "kirjastokotrin", "kirjastokortin"}, // two letters swapped
		{"fi", "tuntemattoman sotilsaan", "tuntemattoman sotilaan"},
		{"fi", "tuntemattoman", ""}, // a form of a word the catalogue has: no correction
		{"fi", "kadessa", ""},       // "kädessä" without dots finds its record as typed
	}
	for _, tt := range tests {
		res, err := ix.Search(t.Context(), library.SearchQuery{Text: tt.query, Lang: tt.lang})
		if err != nil {
			t.Fatal(err)
		}
		if res.DidYouMean != tt.want {
			t.Errorf("%q: DidYouMean %q, want %q (%d hits)", tt.query, res.DidYouMean, tt.want, res.Total)
		}
	}
}

// TestSuggestLemmas checks that an inflected word suggests the
// completions of its base form beside its own.
func TestSuggestLemmas(t *testing.T) {
	ix := relevanceIndexWith(t, finnishMorphology(t))
	plain := relevanceIndex(t)
	tests := []struct {
		prefix string
		want   []string // among the suggestions
		plain  []string // what Snowball alone suggests of them
	}{
		{"sodan", []string{"Sodan jälkeen", "Sota ja rauha"}, []string{"Sodan jälkeen"}},
		{"helsingissä", []string{"Helsinki", "Helsinki city guide"}, nil},
		{"tyttöjen", []string{"Tyttö ja lohikäärme"}, nil},
		{"muumipeikon", []string{"Muumipeikko ja pyrstötähti"}, nil},
	}
	texts := func(ix *Index, prefix string) []string {
		var out []string
		for _, s := range ix.Suggest(t.Context(), prefix, "fi", 10) {
			out = append(out, s.Text)
		}
		return out
	}
	for _, tt := range tests {
		got := texts(ix, tt.prefix)
		for _, w := range tt.want {
			if !slices.Contains(got, w) {
				t.Errorf("Suggest(%q) = %q, want %q among them", tt.prefix, got, w)
			}
		}
		var plainGot []string
		for _, s := range texts(plain, tt.prefix) {
			if slices.Contains(tt.want, s) {
				plainGot = append(plainGot, s)
			}
		}
		if !slices.Equal(plainGot, tt.plain) {
			t.Errorf("without morphology, Suggest(%q) has %q of %q, want %q", tt.prefix, plainGot, tt.want, tt.plain)
		}
	}
}

// BenchmarkDidYouMean measures a search that ends in a correction, with
// Snowball alone and with Voikko's morphology, which looks up a word's
// likely edits: a misspelt word, and a query of ten long nonsense words,
// the most a query makes it look up.
func BenchmarkDidYouMean(b *testing.B) {
	nonsense := strings.Repeat("qwertyuiopasdfghjkl ", 10)
	for _, name := range []string{"snowball", "voikko"} {
		var m Morphology
		if name == "voikko" {
			m = finnishMorphology(b)
		}
		ix := relevanceIndexWith(b, m)
		ix.cfg.NoResultCache = true
		for _, q := range []string{"kirjastokotrin", nonsense} {
			b.Run(name+"/"+strings.Fields(q)[0], func(b *testing.B) {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				cpu := threadCPU()
				for b.Loop() {
					if _, err := ix.Search(b.Context(), library.SearchQuery{Text: q, Lang: "fi"}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(threadCPU()-cpu)/1e6/float64(b.N), "cpu-ms/op")
			})
		}
	}
}
