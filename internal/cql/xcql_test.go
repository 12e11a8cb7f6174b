package cql

import (
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

func TestXCQL(t *testing.T) {
	tests := []struct{ name, query string }{
		{"term", `dinosaur`},
		{"clause with modifiers", `dc.title any/relevant/locale=fi "dinosaur & <bird>"`},
		{"triple with prefixes and sort", `> dc = "` + dcURI + `" dc.title = x prox/unit=word (y or z*) sortBy dc.date/sort.descending`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Parse(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got := q.XCQL()
			// Whatever the golden file says, the output must be XML.
			if err := xml.Unmarshal([]byte(got), new(struct{})); err != nil {
				t.Fatalf("XCQL() is not well-formed: %v\n%s", err, got)
			}
			golden := filepath.Join("testdata", "xcql", strings.ReplaceAll(tt.name, " ", "_")+".xml")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("XCQL() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
