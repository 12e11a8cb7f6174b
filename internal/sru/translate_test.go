package sru

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/cql"
	"github.com/kirjasto/kirjasto/internal/library"
)

func TestTranslate(t *testing.T) {
	for _, tc := range []struct {
		cql     string
		text    string
		filters map[string][]string
		sort    library.Sort
	}{
		{cql: "kivi", text: `"kivi"`},
		{cql: `"seitsemän veljestä"`, text: `"seitsemän veljestä"`},
		{cql: `dc.title = "seitsemän veljestä"`, text: `title:"seitsemän veljestä"`},
		{cql: `title all "seitsemän veljestä"`, text: `title:"seitsemän" title:"veljestä"`},
		{cql: `dc.creator any "kivi jansson"`, text: `author:"kivi" OR author:"jansson"`},
		{cql: `bath.isbn = 9789516979208`, text: `isbn:"9789516979208"`},
		{cql: `bath.issn = "1234-5679"`, text: `issn:"1234-5679"`},
		{cql: `cql.anywhere = muumi*`, text: `"muumi"*`},
		{cql: `dc.subject = meri and dc.creator = jansson`, text: `subject:"meri" author:"jansson"`},
		{cql: `a or b and c`, text: `"a" OR "b" "c"`},
		{cql: `(a and b) or c`, text: `"a" OR "c" "b" OR "c"`},
		{cql: `a not b`, text: `"a" -"b"`},
		{cql: `a not (b or c)`, text: `"a" -"b" -"c"`},
		{cql: `dc.date = 1870`, text: `year:1870..1870`},
		{cql: `dc.date < 1900`, text: `year:0..1899`},
		{cql: `dc.date >= 2000`, text: `year:2000..9999`},
		{cql: `dc.date within "1990 1999"`, text: `year:1990..1999`},
		{cql: `kivi and dc.type = DVD`, text: `"kivi"`, filters: map[string][]string{"material": {"dvd"}}},
		{cql: `kivi and (kirjasto.material = dvd or kirjasto.material = cd)`, text: `"kivi"`, filters: map[string][]string{"material": {"dvd", "cd"}}},
		{cql: `dc.language = fin`, filters: map[string][]string{"language": {"fin"}}},
		{cql: `> k = "info:srw/cql-context-set/kirjasto/1.0" k.author = kivi`, text: `author:"kivi"`},
		{cql: `kivi sortBy dc.title`, text: `"kivi"`, sort: library.SortTitle},
		{cql: `kivi sortBy dc.date/sort.descending`, text: `"kivi"`, sort: library.SortNewest},
		{cql: `title = "a \"quoted\" word"`, text: `title:"a  quoted  word"`},
	} {
		t.Run(tc.cql, func(t *testing.T) {
			q, err := cql.Parse(tc.cql)
			if err != nil {
				t.Fatal(err)
			}
			sq, d := Translate(q)
			if d != nil {
				t.Fatalf("diagnostic %v", d)
			}
			want := library.SearchQuery{Text: tc.text, Filters: tc.filters, Sort: tc.sort}
			if want.Sort == "" {
				want.Sort = library.SortRelevance
			}
			if diff := cmp.Diff(want, sq); diff != "" {
				t.Errorf("Translate(%s) (-want +got):\n%s", tc.cql, diff)
			}
		})
	}
}

func TestTranslateDiagnostics(t *testing.T) {
	for _, tc := range []struct {
		cql  string
		want int
	}{
		{`a prox b`, cql.DiagProximityUnsupported},
		{`dc.identifier = x`, cql.DiagUnsupportedIndex},
		{`foo.title = x`, cql.DiagUnsupportedContextSet},
		{`dc.title <> x`, cql.DiagUnsupportedRelation},
		{`dc.title =/fuzzy x`, cql.DiagUnsupportedRelationModifier},
		{`dc.title < x`, cql.DiagUnsupportedRelationIndex},
		{`dc.title = ""`, cql.DiagEmptyTerm},
		{`dc.title = ka?i`, cql.DiagMaskingUnsupported},
		{`dc.title = *kivi`, cql.DiagMaskingPosition},
		{`dc.title = k*`, cql.DiagMaskedWordsTooShort},
		{`dc.title = ^kivi`, cql.DiagAnchoringUnsupported},
		{`dc.date = soon`, 36},
		{`dc.date within 1990`, 36},
		{`a or (b not c)`, cql.DiagQueryFeatureUnsupported},
		{`a not (b and c)`, cql.DiagQueryFeatureUnsupported},
		{`a or dc.type = dvd`, cql.DiagQueryFeatureUnsupported},
		{`dc.type = dvd and dc.type = cd`, cql.DiagQueryFeatureUnsupported},
		{`kivi sortBy dc.creator`, cql.DiagSortUnsupported},
		{`kivi sortBy dc.title dc.date`, cql.DiagSortUnsupported},
	} {
		t.Run(tc.cql, func(t *testing.T) {
			q, err := cql.Parse(tc.cql)
			if err != nil {
				t.Fatal(err)
			}
			_, d := Translate(q)
			if d == nil || d.Number != tc.want {
				t.Errorf("Translate(%s) = diagnostic %v, want %d", tc.cql, d, tc.want)
			}
		})
	}
}
