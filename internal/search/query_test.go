package search

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
)

func TestQueryLanguage(t *testing.T) {
	ix := indexOf(t,
		library.Record{Language: "fin", Title: "Kissa ja koira", Year: 2019},
		library.Record{Language: "fin", Title: "Musta kissa", Year: 2012},
		library.Record{Language: "fin", Title: "Koira kissan perässä", Year: 1999},
		library.Record{Language: "fin", Title: "Hevoskirja", Year: 2021, Authors: []library.Contributor{{Name: "Kirjava, Anna"}}},
		library.Record{Language: "fin", Title: "Kirjasto", Year: 2005, Subjects: []string{"kissat mustat"}},
		library.Record{Language: "swe", Title: "Katten", Year: 1950, ISSNs: []string{"2434-561X"}, ISBNs: []string{"951-0-12345-X"}},
	)
	tests := []struct {
		query string
		want  []int64
	}{
		{"kissa OR hevoskirja", []int64{1, 2, 3, 4, 5}}, // kissat in 5 has the stem of kissa
		{"kissa -koira", []int64{2, 5}},
		{"kissa NOT koira", []int64{2, 5}},
		{`kissa -"musta kissa"`, []int64{1, 3, 5}},
		{`"musta kissa"`, []int64{2}},
		{`"kissa musta"`, nil},
		{`"kissat mustat"`, []int64{5}},
		{`subject:"kissat mustat"`, []int64{5}},
		{`title:"kissat mustat"`, nil},
		{"kirja*", []int64{4, 5}},
		{"title:kirja*", []int64{5}},
		{"author:kirja*", []int64{4}},
		{"year:2019", []int64{1}},
		{"year:2010-2020", []int64{1, 2}},
		{"kissa year:2000..", []int64{1, 2, 5}},
		{"-kissa", []int64{4, 6}},
		{"2434-561X", []int64{6}},
		{"2434561x", []int64{6}},
		{"issn:2434561X", []int64{6}},
		{"9510123455", nil},
		{"951012345X", []int64{6}},
		{"978-951-0-12345-4", []int64{6}}, // the ISBN-13 of 951-0-12345-X
		{"(kissa OR koira) musta", []int64{2}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := sorted(ids(t, ix, library.SearchQuery{Text: tt.query}))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("-want +got:\n%s", diff)
			}
		})
	}
}

func TestTransliteration(t *testing.T) {
	ix := indexOf(t,
		library.Record{Language: "rus", Title: "Преступление и наказание", Authors: []library.Contributor{{Name: "Достоевский, Фёдор"}}},
		library.Record{Language: "rus", Title: "Война и мир", Authors: []library.Contributor{{Name: "Толстой, Лев"}}},
		library.Record{Language: "fin", Title: "Rikos ja rangaistus", Authors: []library.Contributor{{Name: "Dostojevski, Fjodor"}}},
		library.Record{Language: "eng", Title: "The cherry orchard", Authors: []library.Contributor{{Name: "Chekhov, Anton"}}},
		library.Record{Language: "rus", Title: "Вишнёвый сад", Authors: []library.Contributor{{Name: "Чехов, Антон"}}},
		library.Record{Language: "fin", Title: "Dosentti"},
	)
	tests := []struct {
		query string
		want  []int64
	}{
		{"Dostojevski", []int64{1, 3}},
		{"Dostoevsky", []int64{1, 3}},
		{"Dostoïevski", []int64{1, 3}},
		{"Dostoyevsky", []int64{1, 3}},
		{"Достоевский", []int64{1, 3}},
		{"Tolstoi", []int64{2}},
		{"Tolstoy", []int64{2}},
		{"Tolstoj", []int64{2}},
		{"Tšehov", []int64{4, 5}},
		{"Chekhov", []int64{4, 5}},
		{"voina mir", []int64{2}},
		{"Lev Tolstoi", []int64{2}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			got := sorted(ids(t, ix, library.SearchQuery{Text: tt.query}))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("-want +got:\n%s", diff)
			}
		})
	}
}

func TestKeyMatcher(t *testing.T) {
	key := sortKey("Pöytä ja tuoli: kissan päivä")
	tests := []struct {
		words []string
		want  bool
	}{
		{[]string{"pöytä", "ja"}, true},
		{[]string{"poyta", "ja"}, true}, // typed without ö
		{[]string{"pöyta"}, false},      // with ö, the other letters must match too
		{[]string{"tuoli", "kissan"}, true},
		{[]string{"uoli"}, false}, // whole words only
		{[]string{"kissan", "päiv"}, false},
		{[]string{"kissan", "paiva"}, true},
		{[]string{"ja", "pöytä"}, false},
	}
	for _, tt := range tests {
		if got := keyMatcher(tt.words, false)(key); got != tt.want {
			t.Errorf("keyMatcher(%q)(%q) = %v, want %v", tt.words, key, got, tt.want)
		}
	}
}
