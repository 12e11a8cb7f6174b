package cql

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzParse checks that Parse never panics, that every error carries a
// diagnostic, and that whatever parses prints as CQL that parses back to
// the same tree and prints the same again.
func FuzzParse(f *testing.F) {
	for _, tt := range validTests {
		f.Add(tt.query)
	}
	for _, s := range []string{``, `(`, `"`, `a\`, `> = "u" x`, `a prox/ b`, `"\\\"" = "\*"`, "\xff = \xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Diagnostic == nil {
				t.Fatalf("Parse(%q) error without diagnostic: %v", s, err)
			}
			if se.Pos < 0 || se.Pos > len(s) {
				t.Fatalf("Parse(%q) error position %d out of range", s, se.Pos)
			}
			return
		}
		out := q.String()
		again, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(%q) printed %q, which does not parse: %v", s, out, err)
		}
		if diff := cmp.Diff(q, again); diff != "" {
			t.Fatalf("Parse(%q) printed %q, which parses differently (-first +again):\n%s", s, out, diff)
		}
		if out2 := again.String(); out2 != out {
			t.Fatalf("String() not stable: %q then %q", out, out2)
		}
		_ = q.XCQL()
		_ = Check(q, kirjasto)
	})
}
