package demo

import "testing"

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
