package demo

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kirjasto/kirjasto/internal/library"
)

func TestExpand(t *testing.T) {
	find := func(l *lang, word string) int {
		for i, forms := range l.nouns {
			if forms[0] == word {
				return i
			}
		}
		t.Fatalf("%s: no noun %q", l.code, word)
		return 0
	}
	adj := func(l *lang, word string) int {
		for i, forms := range l.adjs {
			if forms[0] == word {
				return i
			}
		}
		t.Fatalf("%s: no adjective %q", l.code, word)
		return 0
	}
	fin, swe, eng, rus := allLangs[0], allLangs[1], allLangs[2], allLangs[3]
	tests := []struct {
		l         *lang
		tmpl      string
		n, m, a   string
		upper, tc bool
		want      string
	}{
		{fin, "{N1} {M0}", "kissa", "kesä", "", true, true, "Kissan kesä"},
		{fin, "{N2} ja {M2}", "kissa", "koira", "", true, true, "Kissat ja koirat"},
		{fin, "Kertomuksia {N4}", "kissa", "koira", "", true, true, "Kertomuksia kissasta"},
		{fin, "kertomus {N4}", "meri", "koira", "", false, true, "kertomus merestä"},
		{swe, "{N3} i {M1}", "bok", "vind", "", true, true, "Böckerna i vinden"},
		{swe, "{D} {A2} {N1}", "hus", "vind", "röd", true, true, "Det röda huset"},
		{swe, "{a} {N0}", "hus", "vind", "röd", true, true, "Rött hus"},
		{swe, "{a} {N0}", "bok", "vind", "röd", true, true, "Röd bok"},
		{eng, "The {N0} at Night", "library", "book", "", true, true, "The Library at Night"},
		{eng, "A {N0} in {P0}", "island", "book", "", true, true, "An Island in Helsinki"},
		{eng, "Of {N1} and {M1}", "library", "cat", "", true, true, "Of Libraries and Cats"},
		{eng, "A story about {N1}.", "library", "cat", "", true, false, "A story about libraries."},
		{rus, "{N0} {o} {M3}", "книга", "море", "", true, true, "Книга о море"},
		{rus, "{N0} {o} {M3}", "книга", "озеро", "", true, true, "Книга об озере"},
		{rus, "Про {N2}", "книга", "море", "", true, true, "Про книгу"},
		{rus, "{a} {N0}", "книга", "море", "тихий", true, true, "Тихая книга"},
	}
	for _, tt := range tests {
		k := pick{n: find(tt.l, tt.n), m: find(tt.l, tt.m)}
		if tt.a != "" {
			k.a = adj(tt.l, tt.a)
		}
		got := string(tt.l.expand(nil, parseTemplate(tt.tmpl), k, tt.upper, tt.tc))
		if got != tt.want {
			t.Errorf("%s %q with %s/%s = %q, want %q", tt.l.code, tt.tmpl, tt.n, tt.m, got, tt.want)
		}
	}
}

// TestTitlesVaried checks that generated titles look like a catalogue's:
// few titles recur, and no word but the little ones (and, the, ja, och)
// is in a large share of them. Before, one title in twenty of a language
// had the same fixed word ("Viimeinen", "aika", "at Night").
func TestTitlesVaried(t *testing.T) {
	const n = 20000
	titles := map[string]int{}
	words := map[string]int{}
	generated := 0
	for r := range Records(7, n, Consortium(2026), testNow) {
		rec := r.Record
		if rec.Material == library.Magazine || rec.SourceID <= padded("KIRJASTO-DEMO ", len(classicRecords)) {
			continue
		}
		generated++
		titles[rec.Title]++
		seen := map[string]bool{}
		for _, w := range strings.Fields(strings.ToLower(rec.Title)) {
			if utf8.RuneCountInString(w) >= 4 && !seen[w] {
				seen[w] = true
				words[w]++
			}
		}
	}
	distinct := float64(len(titles)) / float64(generated)
	most, word := 0, ""
	for w, k := range words {
		if k > most {
			most, word = k, w
		}
	}
	t.Logf("%d generated titles, %.1f%% distinct; commonest word of four letters or more %q in %d", generated, 100*distinct, word, most)
	if distinct < 0.9 {
		t.Errorf("%.1f%% of generated titles distinct, want 90%% or more", 100*distinct)
	}
	if share := float64(most) / float64(generated); share > 0.015 {
		t.Errorf("%q is in %.1f%% of titles, want at most 1.5%%", word, 100*share)
	}
	if len(words) < 1500 {
		t.Errorf("%d distinct title words, want a larger vocabulary", len(words))
	}
}
