package search

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
)

func TestFold(t *testing.T) {
	tests := map[string]string{
		"Kissa":       "kissa",
		"PÖYTÄ":       "pöytä",
		"Åland":       "åland",
		"Émile":       "emile",
		"Müller":      "muller",
		"e\u0301mile": "emile", // decomposed input
		"Straße":      "strasse",
		"Ёлка":        "елка",
		"Йогурт":      "йогурт", // й is a letter of its own
		"Øresund":     "øresund",
		"ĆEVAPČIĆI":   "cevapcici",
	}
	for in, want := range tests {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in           string
		index, query []string
	}{
		{"Kissa, koira & hevonen!", []string{"kissa", "koira", "hevonen"}, nil},
		{"ISBN 978-951-0-12345-6", []string{"isbn", "9789510123456", "978", "951", "0", "12345", "6"}, []string{"isbn", "9789510123456"}},
		{"0355-1989", []string{"03551989", "0355", "1989"}, []string{"03551989"}},
		{"951-0-12345-X", []string{"951012345x", "951", "0", "12345", "x"}, []string{"951012345x"}},
		{"1939-1945", []string{"19391945", "1939", "1945"}, []string{"1939", "1945"}}, // no ISSN check digit: years
		{"2434-561X", []string{"2434561x", "2434", "561x"}, []string{"2434561x"}},
		{"1990-luvulla", []string{"1990", "luvulla"}, nil},
		{"12-3", []string{"12", "3"}, nil}, // too short for an identifier
		{"O'Brien: Kirja/Book", []string{"o", "brien", "kirja", "book"}, nil},
		{"Война и мир", []string{"война", "и", "мир"}, nil},
		{"東京 2020", []string{"東京", "2020"}, nil},
	}
	for _, tt := range tests {
		if tt.query == nil {
			tt.query = tt.index
		}
		if diff := cmp.Diff(tt.index, tokens(nil, tt.in, false)); diff != "" {
			t.Errorf("tokens(%q) for the index: -want +got:\n%s", tt.in, diff)
		}
		if diff := cmp.Diff(tt.query, tokens(nil, tt.in, true)); diff != "" {
			t.Errorf("tokens(%q) for a query: -want +got:\n%s", tt.in, diff)
		}
	}
}

func TestOtherISBN(t *testing.T) {
	tests := map[string]string{
		"9789510123454": "9510123455",
		"9510123455":    "9789510123454",
		"080442957X":    "9780804429573",
		"9780804429573": "080442957x",
		"9780306406157": "0306406152",
		"0306406152":    "9780306406157",
		"9790000000001": "", // 979 has no ISBN-10
		"12345":         "",
	}
	for in, want := range tests {
		if got := otherISBN(in); got != want {
			t.Errorf("otherISBN(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParse(t *testing.T) {
	w := func(words ...string) clause { return clause{Field: anyField, Words: words, Phrase: len(words) > 1} }
	in := func(f int, c clause) clause { c.Field = f; return c }
	tests := []struct {
		in   string
		want query
	}{
		{"", query{}},
		{"Kissa koira", query{Groups: [][]clause{{w("kissa")}, {w("koira")}}}},
		{`"seitsemän veljestä" kivi`, query{Groups: [][]clause{{w("seitsemän", "veljestä")}, {w("kivi")}}}},
		{`title:kissa AUTHOR:"Kivi, Aleksis"`, query{Groups: [][]clause{{in(fTitle, w("kissa"))}, {in(fAuthor, w("kivi", "aleksis"))}}}},
		{`isbn:978-951-0-12345-6`, query{Groups: [][]clause{{in(fIdent, w("9789510123456"))}}}},
		{`issn:0355-1989 1234-567X`, query{Groups: [][]clause{{in(fIdent, w("03551989"))}, {w("1234", "567x")}}}},
		{`"unclosed phrase`, query{Groups: [][]clause{{w("unclosed", "phrase")}}}},
		{`a"b`, query{Groups: [][]clause{{w("a")}, {{Field: anyField, Words: []string{"b"}, Phrase: true}}}}},
		{`Re: Zero`, query{Groups: [][]clause{{w("re")}, {w("zero")}}}},
		{`colour:red`, query{Groups: [][]clause{{w("colour", "red")}}}},
		{`title:`, query{}},
		{"kissa\x00\x1fkoira", query{Groups: [][]clause{{w("kissa")}, {w("koira")}}}},
		{`-kissa koira* (a OR b)`, query{
			Groups: [][]clause{{{Field: anyField, Words: []string{"koira"}, Prefix: true}}, {w("a"), w("b")}},
			Not:    []clause{w("kissa")},
		}},
		{`kissa OR koira OR hevonen -"musta kissa" NOT lammas`, query{
			Groups: [][]clause{{w("kissa"), w("koira"), w("hevonen")}},
			Not:    []clause{w("musta", "kissa"), w("lammas")},
		}},
		{`OR kissa OR`, query{Groups: [][]clause{{w("kissa")}}}},
		{`k* - -- x-`, query{Groups: [][]clause{{w("k")}, {w("x")}}}},
		{`year:2019 year:2010-2020 year:..1950 year:abc`, query{Groups: [][]clause{
			{{Field: yearField, From: 2019, To: 2019}},
			{{Field: yearField, From: 2010, To: 2020}},
			{{Field: yearField, From: 0, To: 1950}},
			{w("abc")},
		}}},
		{`2010-2020`, query{Groups: [][]clause{{w("2010", "2020")}}}},
		{`"harry pot"* "x"*`, query{Groups: [][]clause{
			{{Field: anyField, Words: []string{"harry", "pot"}, Phrase: true, Prefix: true}},
			{{Field: anyField, Words: []string{"x"}, Phrase: true}},
		}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, parse(tt.in)); diff != "" {
			t.Errorf("parse(%q): -want +got:\n%s", tt.in, diff)
		}
	}
	if q := parse(strings.Repeat("sana ", 1000)); q.words() != maxTerms {
		t.Errorf("parse of 1000 words: %d words, want the limit %d", q.words(), maxTerms)
	}
}

// FuzzParse checks that no input makes the parser (or a search) panic,
// fail or produce terms a search cannot use.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "kissa", `"a b" c`, "title:x", `isbn:978-951-0-12345-6`, "\x00\"\xff:", "Ёлка ü ß",
		"kissa OR koira -hevonen", `-"a b" NOT c`, "kirja* year:2010-2020", "year:..1950 (a OR b)", "2434-561X"} {
		f.Add(s)
	}
	ix := New(Config{Branches: testBranches})
	for _, d := range newCorpus(9, 100).docs(50) {
		ix.Put(d)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := parse(s)
		if q.words() > maxTerms {
			t.Errorf("%d words, limit %d", q.words(), maxTerms)
		}
		var all []clause
		for _, g := range q.Groups {
			if len(g) == 0 {
				t.Errorf("empty OR group")
			}
			all = append(all, g...)
		}
		for _, cl := range append(all, q.Not...) {
			if cl.Field == yearField {
				if cl.From > cl.To || len(cl.Words) > 0 {
					t.Errorf("bad year clause %+v", cl)
				}
				continue
			}
			if len(cl.Words) == 0 {
				t.Errorf("clause without words: %+v", cl)
			}
			for _, w := range cl.Words {
				if w == "" || !utf8.ValidString(w) || strings.ContainsFunc(w, func(r rune) bool { return !isWordRune(r) }) {
					t.Errorf("bad word %q", w)
				}
			}
			if cl.Field != anyField && (cl.Field < 0 || cl.Field >= numFields) {
				t.Errorf("bad field %d", cl.Field)
			}
		}
		// Writing a query back and parsing it again gives the same query.
		if q2 := parse(q.String()); q.words() < maxTerms && len(q.String()) < maxQueryBytes && !cmp.Equal(q, q2) {
			t.Errorf("parse(%q) = %+v, but parse of its String %q = %+v", s, q, q.String(), q2)
		}
		if _, err := ix.Search(context.Background(), library.SearchQuery{Text: s}); err != nil {
			t.Errorf("Search: %v", err)
		}
	})
}
