package marc

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kirjasto/kirjasto/internal/library"
)

// TestIsCover walks the cover rule's cases: words in $3, $y and $z in the
// consortium's languages, image types and addresses of related
// resources, and what only looks like them.
func TestIsCover(t *testing.T) {
	f := func(ind2 byte, pairs ...string) Field {
		fl := Field{Tag: "856", Ind1: '4', Ind2: ind2}
		for i := 0; i+1 < len(pairs); i += 2 {
			fl.Subfields = append(fl.Subfields, Subfield{Code: pairs[i][0], Value: pairs[i+1]})
		}
		return fl
	}
	const page, jpg = "https://example.org/kuvat/1", "https://example.org/kuvat/1.JPG?size=m"
	for _, c := range []struct {
		name  string
		field Field
		want  bool
	}{
		{"Cover image in $3", f('2', "3", "Cover image", "u", page), true},
		{"View cover art, blank indicators", f(' ', "3", "View cover art", "u", page), true},
		{"Kansikuva in $y", f('2', "u", page, "y", "Kansikuva"), true},
		{"kansi in $z", f(' ', "u", page, "z", "Kirjan kansi"), true},
		{"Omslagsbild", f('2', "3", "Omslagsbild", "u", page), true},
		{"Обложка", f(' ', "3", "Обложка", "u", page), true},
		{"Estonian kaanepilt", f(' ', "3", "Kaanepilt", "u", page), true},
		{"Arabic with the article", f(' ', "3", "صورة الغلاف", "u", page), true},
		{"related image type", f('2', "q", "image/jpeg", "u", page), true},
		{"related image type with a parameter", f('2', "q", "IMAGE/PNG; q=1", "u", page), true},
		{"related format name alone", f('2', "q", "JPEG", "u", page), true},
		{"related image address", f('2', "u", jpg), true},

		{"image type of the resource itself", f('0', "q", "image/jpeg", "u", page), false},
		{"image address of a version", f('1', "u", jpg), false},
		{"image address, relation unknown", f(' ', "u", jpg), false},
		{"LC photograph, $q p", f('1', "3", "digital file from glass neg.", "u", page, "q", "p"), false},
		{"related page", f('2', "3", "Publisher description", "u", page), false},
		{"related TIFF", f('2', "q", "image/tiff", "u", "https://example.org/1.tif"), false},
		{"covered by a licence", f('0', "z", "Access covered by the licence", "u", page), false},
		{"coverage", f('2', "3", "Coverage map", "u", page), false},
		{"Finnish folder", f('2', "3", "Kansio", "u", page), false},
		{"discover", f('2', "y", "Discover more", "u", page), false},
	} {
		if got := IsCover(c.field); got != c.want {
			t.Errorf("%s: IsCover(%v) = %v, want %v", c.name, c.field.Subfields, got, c.want)
		}
	}
}

// TestCoverLinksInSharedRecords imports every real record of ../shared/marc
// that reads and looks at what the rule makes of their 856 fields: one
// vendor's "View cover art" is the only cover among publisher
// descriptions, tables of contents, biographies, online books and the
// Library of Congress's photographs.
func TestCoverLinksInSharedRecords(t *testing.T) {
	dir := shared(t, ".")
	files, err := filepath.Glob(filepath.Join(dir, "*", "*"))
	if err != nil {
		t.Fatal(err)
	}
	var covers, others []library.Link
	for _, p := range files {
		if strings.HasSuffix(p, ".txt") || strings.HasSuffix(p, ".md") {
			continue
		}
		for _, r := range readAll(t, p).recs {
			rec, _, err := ToLibrary(r)
			if err != nil {
				continue // no identity: the importer skips it, and so may this test
			}
			for _, l := range rec.Links {
				if l.Cover {
					covers = append(covers, l)
				} else {
					others = append(others, l)
				}
			}
		}
	}
	want := []library.Link{{URL: "http://midwesttapes.com/images/movies/lbl89411d.gif", Text: "View cover art", Cover: true}}
	if diff := cmp.Diff(want, covers); diff != "" {
		t.Errorf("cover links (-want +got):\n%s", diff)
	}
	// The other kinds are there, so the rule was put to them.
	for _, text := range []string{"Publisher description", "Table of contents", "digital file from glass neg.", "Online resource"} {
		if !slices.ContainsFunc(others, func(l library.Link) bool { return l.Text == text }) {
			t.Errorf("no %q link among the %d others: has the shared data changed?", text, len(others))
		}
	}
}

// TestCoverLinkRoundTrip: a cover link written into a derived record
// (FromLibrary) reads back as a cover, and other links as none.
func TestCoverLinkRoundTrip(t *testing.T) {
	rec := library.Record{
		SourceID: "(TEST)cover", Title: "Kansi", Material: library.Book,
		Links: []library.Link{
			{URL: "https://kannet.example/9789510096336.jpg", Cover: true},
			{URL: "https://ekirjasto.example/lue", Text: "Lue verkossa"},
			{URL: "https://kannet.example/x", Text: "Katso kansi", Cover: true},
		},
	}
	got, _, err := ToLibrary(FromLibrary(rec, nil))
	if err != nil {
		t.Fatal(err)
	}
	want := []library.Link{
		{URL: "https://kannet.example/9789510096336.jpg", Text: "Cover image", Cover: true},
		{URL: "https://ekirjasto.example/lue", Text: "Lue verkossa"},
		{URL: "https://kannet.example/x", Text: "Katso kansi", Cover: true},
	}
	if diff := cmp.Diff(want, got.Links); diff != "" {
		t.Errorf("links after a round trip (-want +got):\n%s", diff)
	}
	if got.CoverImage() != "https://kannet.example/9789510096336.jpg" {
		t.Errorf("CoverImage() = %q", got.CoverImage())
	}
}
