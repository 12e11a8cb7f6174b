package demo

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/kirjasto/kirjasto/internal/epub/epubchecktest"
	"github.com/kirjasto/kirjasto/internal/library"
)

// TestOpenBooks: the same seed writes the same books, in several
// languages, each a whole e-book record; the Arabic one passes
// epubcheck.
func TestOpenBooks(t *testing.T) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	books := OpenBooks(1, now)
	if len(books) != OpenBookCount {
		t.Fatalf("%d books, want %d", len(books), OpenBookCount)
	}
	again := OpenBooks(1, now)
	checked := map[string]bool{}
	ids := map[string]bool{}
	for i, b := range books {
		data, err := b.Book.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		if same, _ := again[i].Book.Bytes(); !bytes.Equal(data, same) {
			t.Errorf("%s: the same seed wrote another book", b.File)
		}
		r := b.Record
		if r.Material != library.EBook || r.Title != b.Book.Title || len(r.Language) != 3 || len(r.Authors) != 1 ||
			ids[r.SourceID] || ids[b.Book.Identifier] || !strings.HasSuffix(b.File, ".epub") {
			t.Errorf("book %d: record %+v, file %s", i, r, b.File)
		}
		ids[r.SourceID], ids[b.Book.Identifier] = true, true
		for _, c := range b.Book.Chapters {
			for _, p := range c.Paragraphs {
				if strings.ContainsAny(p, "{}") {
					t.Errorf("%s: a slot left in %q", b.File, p)
				}
			}
		}
		// internal/epub's tests have epubcheck check its books in five
		// languages; one of the demo's (right to left) is enough here,
		// each check being a Java virtual machine's start.
		if b.Book.Language == "ar" && !checked["ar"] {
			epubchecktest.Check(t, b.File, data)
		}
		checked[b.Book.Language] = true
	}
	if len(checked) < 5 || !checked["ar"] {
		t.Errorf("books in %v, want five languages or more, Arabic among them", checked)
	}
}
