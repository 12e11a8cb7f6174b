package search

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
)

func TestSuggest(t *testing.T) {
	ix := relevanceIndex(t)
	tests := []struct {
		prefix string
		n      int
		want   []library.Suggestion
	}{
		{"seitsemän v", 5, []library.Suggestion{{Text: "Seitsemän veljestä", Kind: kindTitle, Count: 3}}},
		{"SEITSEMAN", 1, []library.Suggestion{{Text: "Seitsemän veljestä", Kind: kindTitle, Count: 3}}},
		{"pippi", 2, []library.Suggestion{
			{Text: "Pippi Långstrump", Kind: kindTitle, Count: 1},
			{Text: "Pippi och skolan", Kind: kindTitle, Count: 1},
		}},
		{"tove j", 1, []library.Suggestion{{Text: "Jansson, Tove", Kind: kindAuthor, Count: 8}}},
		{"jansson", 1, []library.Suggestion{{Text: "Jansson, Tove", Kind: kindAuthor, Count: 8}}},
		{"dost", 2, []library.Suggestion{
			{Text: "Dostojevski, Fjodor", Kind: kindAuthor, Count: 2},
			{Text: "Dostoevsky, Fyodor", Kind: kindAuthor, Count: 1},
		}},
		{"дост", 1, []library.Suggestion{{Text: "Достоевский, Фёдор", Kind: kindAuthor, Count: 3}}},
		{"the chamber", 1, []library.Suggestion{{Text: "Harry Potter and the chamber of secrets", Kind: kindTitle, Count: 1}}},
		{"lemmikki", 1, []library.Suggestion{{Text: "lemmikkieläimet", Kind: kindSubject, Count: 2}}},
		{"harry ", 1, []library.Suggestion{{Text: "Harry Potter ja viisasten kivi", Kind: kindTitle, Count: 1}}},
		{"zzzzqx", 3, nil},
		{"", 3, nil},
		{"  ,;", 3, nil},
	}
	for _, tt := range tests {
		got := ix.Suggest(context.Background(), tt.prefix, "fi", tt.n)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Suggest(%q, %d): -want +got:\n%s", tt.prefix, tt.n, diff)
		}
	}
	// Many matches come out heaviest first.
	got := ix.Suggest(context.Background(), "h", "fi", 10)
	if len(got) != 10 {
		t.Fatalf("Suggest(h): %d suggestions, want 10", len(got))
	}
}

// TestScan checks that scan lists the terms that start with the scanned
// term, in order, and not those with a later word starting with it.
func TestScan(t *testing.T) {
	ix := indexOf(t,
		library.Record{Title: "Aurinko ja kissa", Authors: []library.Contributor{{Name: "Kissanen, Kalle"}}},
		library.Record{Title: "Kissan kehto", Subjects: []string{"kissat"}},
		library.Record{Title: "Kissa", Authors: []library.Contributor{{Name: "Virtanen, Kissa"}}},
		library.Record{Title: "kissa"},
		library.Record{Title: "Kissala"},
		library.Record{Title: "Kisälli"},
		library.Record{Title: "Koira"},
	)
	tests := []struct {
		kind, term string
		n          int
		want       []library.Suggestion
	}{
		{kindTitle, "kissa", 10, []library.Suggestion{
			{Text: "Kissa", Kind: kindTitle, Count: 2},
			{Text: "Kissala", Kind: kindTitle, Count: 1},
			{Text: "Kissan kehto", Kind: kindTitle, Count: 1},
		}},
		{kindTitle, "KIS", 2, []library.Suggestion{
			{Text: "Kisälli", Kind: kindTitle, Count: 1},
			{Text: "Kissa", Kind: kindTitle, Count: 2},
		}},
		{kindAuthor, "kissa", 10, []library.Suggestion{{Text: "Kissanen, Kalle", Kind: kindAuthor, Count: 1}}},
		{kindSubject, "kissa", 10, []library.Suggestion{{Text: "kissat", Kind: kindSubject, Count: 1}}},
		{kindTitle, "ja kissa", 10, nil},
		{kindTitle, "", 10, nil},
	}
	for _, tt := range tests {
		got := ix.Scan(context.Background(), tt.kind, tt.term, tt.n)
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("Scan(%s, %q, %d): -want +got:\n%s", tt.kind, tt.term, tt.n, diff)
		}
	}
}

func TestSuggestFollowsChanges(t *testing.T) {
	ix := indexOf(t, library.Record{Title: "Kissa"})
	if got := ix.Suggest(context.Background(), "kis", "", 5); len(got) != 1 {
		t.Fatalf("Suggest(kis) = %v", got)
	}
	// A rebuilt or loaded index replaces the suggester at once (in the
	// background); a changed one within suggestMaxAge.
	ix.mu.Lock()
	ix.x = newCore()
	ix.x.put(analyse(DocFrom(library.Record{ID: 9, Title: "Kissala"}, nil)), nil)
	ix.mu.Unlock()
	ix.Suggest(context.Background(), "kis", "", 5)
	for ix.suggesting.Load() {
		time.Sleep(time.Millisecond)
	}
	got := ix.Suggest(context.Background(), "kis", "", 5)
	if diff := cmp.Diff([]library.Suggestion{{Text: "Kissala", Kind: kindTitle, Count: 1}}, got); diff != "" {
		t.Errorf("after a new core: -want +got:\n%s", diff)
	}
}

func BenchmarkSuggest(b *testing.B) {
	for _, n := range benchSizes() {
		bc := benchIndex(b, n)
		bc.ix.Suggest(context.Background(), "a", "", 1) // build
		fin := bc.c.words["fin"]
		for _, p := range []string{fin[0][:1], fin[0][:3], fin[5], fin[500][:4]} {
			b.Run(fmt.Sprintf("%d/%s", n, p), func(b *testing.B) {
				for b.Loop() {
					bc.ix.Suggest(context.Background(), p, "fi", 10)
				}
			})
		}
	}
}
