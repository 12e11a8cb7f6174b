package dc

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kirjasto/kirjasto/internal/library"
)

func TestElements(t *testing.T) {
	rec := library.Record{
		Title: "Muumipeikko ja pyrstötähti", Subtitle: "satu",
		Authors:  []library.Contributor{{Name: "Jansson, Tove", Role: "author"}, {Name: "Järvinen, Laila", Role: "translator"}},
		Subjects: []string{"muumit"}, Genres: []string{"satukirjat"}, Language: "fin", Year: 1955,
		Publisher: "WSOY", Material: library.Book, ISBNs: []string{"9789510000000"}, ISSNs: []string{"1234-5679"},
		Series: "Muumit", Summary: "Komeetta & <muumit>",
	}
	want := []Element{
		{"title", "Muumipeikko ja pyrstötähti : satu"}, {"creator", "Jansson, Tove"}, {"contributor", "Järvinen, Laila"},
		{"subject", "muumit"}, {"description", "Komeetta & <muumit>"}, {"publisher", "WSOY"}, {"date", "1955"},
		{"type", "book"}, {"type", "satukirjat"}, {"identifier", "urn:isbn:9789510000000"},
		{"identifier", "urn:issn:1234-5679"}, {"language", "fin"}, {"relation", "Muumit"},
	}
	if diff := cmp.Diff(want, Elements(rec)); diff != "" {
		t.Errorf("Elements (-want +got):\n%s", diff)
	}
	if got := Elements(library.Record{Title: "Vain nimeke"}); len(got) != 1 {
		t.Errorf("empty fields gave elements: %v", got)
	}

	var b strings.Builder
	if err := Write(&b, rec, `<dc xmlns:dc="`+Namespace+`">`, "</dc>"); err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		Description string `xml:"http://purl.org/dc/elements/1.1/ description"`
	}
	if err := xml.Unmarshal([]byte(b.String()), &parsed); err != nil || parsed.Description != rec.Summary {
		t.Errorf("Write gave %q (%v), want well-formed XML with the summary", b.String(), err)
	}
}
