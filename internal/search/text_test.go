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
		{"1939-1945", []string{"19391945", "1939", "1945"}, []string{"19391945"}},
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
	tests := []struct {
		in   string
		want []term
	}{
		{"", nil},
		{"Kissa koira", []term{{anyField, "kissa", 0}, {anyField, "koira", 0}}},
		{`"seitsemän veljestä" kivi`, []term{{anyField, "seitsemän", 1}, {anyField, "veljestä", 1}, {anyField, "kivi", 0}}},
		{`title:kissa AUTHOR:"Kivi, Aleksis"`, []term{{fTitle, "kissa", 0}, {fAuthor, "kivi", 1}, {fAuthor, "aleksis", 1}}},
		{`isbn:978-951-0-12345-6`, []term{{fIdent, "9789510123456", 0}}},
		{`"unclosed phrase`, []term{{anyField, "unclosed", 1}, {anyField, "phrase", 1}}},
		{`a"b`, []term{{anyField, "a", 0}, {anyField, "b", 1}}},
		{`Re: Zero`, []term{{anyField, "re", 0}, {anyField, "zero", 0}}},
		{`colour:red`, []term{{anyField, "colour", 0}, {anyField, "red", 0}}},
		{`title:`, nil},
		{"kissa\x00\x1fkoira", []term{{anyField, "kissa", 0}, {anyField, "koira", 0}}},
		{`-kissa koira* (a OR b)`, []term{{anyField, "kissa", 0}, {anyField, "koira", 0}, {anyField, "a", 0}, {anyField, "or", 0}, {anyField, "b", 0}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, parse(tt.in)); diff != "" {
			t.Errorf("parse(%q): -want +got:\n%s", tt.in, diff)
		}
	}
	if n := len(parse(strings.Repeat("sana ", 1000))); n != maxTerms {
		t.Errorf("parse of 1000 words: %d terms, want the limit %d", n, maxTerms)
	}
}

// FuzzParse checks that no input makes the parser (or a search) panic,
// fail or produce terms a search cannot use.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "kissa", `"a b" c`, "title:x", `isbn:978-951-0-12345-6`, "\x00\"\xff:", "Ёлка ü ß"} {
		f.Add(s)
	}
	ix := New(Config{Branches: testBranches})
	for _, d := range newCorpus(9, 100).docs(50) {
		ix.Put(d)
	}
	f.Fuzz(func(t *testing.T, s string) {
		terms := parse(s)
		if len(terms) > maxTerms {
			t.Errorf("%d terms, limit %d", len(terms), maxTerms)
		}
		for _, tm := range terms {
			if tm.Word == "" || !utf8.ValidString(tm.Word) || strings.ContainsFunc(tm.Word, func(r rune) bool { return !isWordRune(r) }) {
				t.Errorf("bad word %q", tm.Word)
			}
			if tm.Field != anyField && (tm.Field < 0 || tm.Field >= numFields) {
				t.Errorf("bad field %d", tm.Field)
			}
		}
		if _, err := ix.Search(context.Background(), library.SearchQuery{Text: s}); err != nil {
			t.Errorf("Search: %v", err)
		}
	})
}
