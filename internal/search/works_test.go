package search

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kirjasto/kirjasto/internal/library"
)

func TestGroupWorks(t *testing.T) {
	ix := relevanceIndex(t)
	ctx := context.Background()
	tests := []struct {
		query string
		want  []library.SearchHit // without scores
	}{
		{"seitsemän veljestä", []library.SearchHit{
			{ID: 2, Editions: []int64{2, 1, 3}, Formats: []string{"audiobook", "book"}},
		}},
		{"tuntematon sotilas", []library.SearchHit{
			{ID: 4, Editions: []int64{4, 29}, Formats: []string{"book", "ebook"}},
		}},
		{"muumipeikko", []library.SearchHit{{ID: 7, Editions: []int64{7}, Formats: []string{"book"}}}},
	}
	for _, tt := range tests {
		res, err := ix.Search(ctx, library.SearchQuery{Text: tt.query, GroupWorks: true, Limit: 5})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, res.Hits, cmpopts.IgnoreFields(library.SearchHit{}, "Score", "WorkID")); diff != "" {
			t.Errorf("%q: -want +got:\n%s", tt.query, diff)
			continue
		}
		eds := ix.Editions(ctx, res.Hits[0].WorkID)
		if diff := cmp.Diff(sorted(tt.want[0].Editions), eds); diff != "" {
			t.Errorf("%q: Editions(%s): -want +got:\n%s", tt.query, res.Hits[0].WorkID, diff)
		}
	}

	// Paging counts works: the pages of a grouped search have no work twice.
	seen := map[string]bool{}
	for off := 0; off < 40; off += 4 {
		res, err := ix.Search(ctx, library.SearchQuery{Text: "jansson OR linna OR kivi", GroupWorks: true, Offset: off, Limit: 4})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			if seen[h.WorkID] {
				t.Errorf("work %s (record %d) twice", h.WorkID, h.ID)
			}
			seen[h.WorkID] = true
		}
	}
	if len(seen) < 10 {
		t.Errorf("%d works over the pages, want more", len(seen))
	}
	if got := ix.Editions(ctx, "not a work"); got != nil {
		t.Errorf("Editions of a bad ID = %v", got)
	}
}

// TestWorkKeys checks what makes two records one work: the same title and
// author are not enough when the content differs (an author's children's
// comic, historical novel and film of one name), and a translation is one
// work with its original and other translations through its original
// title, whatever the script and spelling of the author's name; a query
// that finds one language's edition finds the others too.
func TestWorkKeys(t *testing.T) {
	ix := New(Config{Branches: testBranches})
	docs := []Doc{
		{ID: 1, Language: "fin", Title: "Kissa", Authors: []string{"Virtanen, Aino"}, Material: "book", Audience: "children", Genres: []string{"sarjakuvat"}},
		{ID: 2, Language: "fin", Title: "Kissa", Authors: []string{"Virtanen, Aino"}, Material: "book", Audience: "adult", Genres: []string{"historialliset romaanit"}},
		{ID: 3, Language: "fin", Title: "Kissa", Authors: []string{"Virtanen, Aino"}, Material: "ebook", Audience: "adult", Genres: []string{"historialliset romaanit"}},
		{ID: 4, Language: "fin", Title: "Kissa", Authors: []string{"Virtanen, Aino"}, Material: "dvd", Audience: "adult"},
		{ID: 5, Language: "fin", Title: "Kissa", Authors: []string{"Virtanen, Aino"}, Material: "audiobook", Audience: "adult", Genres: []string{"historialliset romaanit"}},
		{ID: 6, Language: "fin", Title: "Kissa", Authors: []string{"Virtanen, Aino"}, Material: "book", Audience: "adult", Genres: []string{"Sarjakuvat"}},
		{ID: 10, Language: "rus", Title: "Война и мир", Authors: []string{"Толстой, Лев"}, Material: "book", Audience: "adult"},
		{ID: 11, Language: "fin", Title: "Sota ja rauha", Original: "Война и мир", Authors: []string{"Tolstoi, Leo"}, Material: "book", Audience: "adult"},
		{ID: 12, Language: "eng", Title: "War and Peace", Original: "Vojna i mir", Authors: []string{"Tolstoy, Leo"}, Material: "audiobook", Audience: "adult"},
		{ID: 13, Language: "fin", Title: "Sota ja rauha", Authors: []string{"Heikkinen, Olli"}, Material: "book", Audience: "adult"},
	}
	for _, d := range docs {
		ix.Put(d)
	}
	ctx := t.Context()
	editions := func(id int64) []int64 { return ix.Editions(ctx, ix.WorkOf(ctx, id)) }
	for id, want := range map[int64][]int64{
		1: {1}, 2: {2, 3, 5}, 4: {4}, 6: {6},
		10: {10, 11, 12}, 11: {10, 11, 12}, 13: {13},
	} {
		if diff := cmp.Diff(want, editions(id)); diff != "" {
			t.Errorf("editions of the work of %d: -want +got:\n%s", id, diff)
		}
	}
	res, err := ix.Search(ctx, library.SearchQuery{Text: "sota ja rauha tolstoi", Lang: "fi", GroupWorks: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []library.SearchHit{{ID: 11, Editions: []int64{11, 10, 12}, Formats: []string{"audiobook", "book"}}}
	if diff := cmp.Diff(want, res.Hits, cmpopts.IgnoreFields(library.SearchHit{}, "Score", "WorkID")); diff != "" {
		t.Errorf("grouped search: -want +got:\n%s", diff)
	}
	// Excluding a word keeps to what the query says.
	res, err = ix.Search(ctx, library.SearchQuery{Text: "sota ja rauha -heikkinen", Lang: "fi"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 {
		t.Errorf("sota ja rauha -heikkinen: %d hits, want 1", res.Total)
	}
}
