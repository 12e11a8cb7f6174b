package search

import (
	"fmt"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
)

// TestDidYouMeanRealWords checks that a word the catalogue has is never
// corrected, however much commoner a neighbour is, and that of several
// neighbours the likeliest typo wins over the merely commonest word.
func TestDidYouMeanRealWords(t *testing.T) {
	build := func(withKisa bool) *Index {
		ix := New(Config{Branches: testBranches})
		id := int64(1)
		put := func(title, author string) {
			ix.Put(Doc{ID: id, Language: "fin", Title: title, Authors: []string{author}, Material: "book"})
			id++
		}
		for i := range 12 { // a common first name
			put(fmt.Sprintf("Runoja %d", i), fmt.Sprintf("Virtanen%c, Kaisa", 'a'+i))
		}
		for i := range 4 {
			put("Kissa", fmt.Sprintf("Laine%c, Matti", 'a'+i))
		}
		if withKisa {
			put("Kisa", "Koskinen, Pekka")
		}
		return ix
	}
	tests := []struct {
		withKisa    bool
		query, want string
	}{
		{true, "kisa", ""},        // a real word with a hit: no correction
		{false, "kisa", "kissa"},  // a doubled letter is likelier than an inserted one
		{false, "ksisa", "kissa"}, // two letters swapped
		{false, "kaiza", "kaisa"},
		{false, "kaazz", ""}, // two edits from anything
	}
	for _, tt := range tests {
		res, err := build(tt.withKisa).Search(t.Context(), library.SearchQuery{Text: tt.query, Lang: "fi"})
		if err != nil {
			t.Fatal(err)
		}
		if res.DidYouMean != tt.want {
			t.Errorf("%q (Kisa in the catalogue: %v): DidYouMean %q, want %q (%d hits)", tt.query, tt.withKisa, res.DidYouMean, tt.want, res.Total)
		}
	}
}
