package marc

import (
	"bytes"
	"strings"
	"testing"

	"github.com/kirjasto/kirjasto/internal/library"
)

func TestOfAndWriteXMLRecord(t *testing.T) {
	derived := library.Record{ID: 7, SourceID: "X 1", Title: "Seitsemän <veljestä> & co", Material: library.Book}
	src := &Record{Leader: defaultLeader}
	src.AddControl("001", "1")
	src.AddData("245", '1', '0', "a", "Lähdetietue")
	data, err := Marshal(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		rec   library.Record
		title string
	}{
		{"derived", derived, "Seitsemän <veljestä> & co"},
		{"source", library.Record{Title: "Catalogue title", MARC: data}, "Lähdetietue"},
		{"broken source", library.Record{Title: "Catalogue title", MARC: []byte("junk")}, "Catalogue title"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := WriteXMLRecord(&b, Of(tc.rec, nil)); err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(b.String(), `<record xmlns="`+XMLNamespace+`">`) {
				t.Errorf("record element without the namespace: %.60s", b.String())
			}
			got, err := NewXMLReader(&b).Next()
			if err != nil {
				t.Fatal(err)
			}
			if a := got.Subfield("245", 'a'); a != tc.title {
				t.Errorf("245 $a %q, want %q", a, tc.title)
			}
		})
	}
}
