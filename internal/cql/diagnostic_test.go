package cql

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDiagnostic(t *testing.T) {
	tests := []struct {
		name  string
		d     *Diagnostic
		want  Diagnostic
		uri   string
		error string
	}{
		{"unsupported index", UnsupportedIndex("dc.foo"),
			Diagnostic{16, "dc.foo", "Unsupported index"}, "info:srw/diagnostic/1/16",
			"Unsupported index: dc.foo (info:srw/diagnostic/1/16)"},
		{"without details", SortUnsupported(),
			Diagnostic{80, "", "Sort not supported"}, "info:srw/diagnostic/1/80",
			"Sort not supported (info:srw/diagnostic/1/80)"},
		{"prox unit", UnsupportedProximityUnit("paragraph"),
			Diagnostic{42, "paragraph", "Unsupported proximity unit"}, "info:srw/diagnostic/1/42",
			"Unsupported proximity unit: paragraph (info:srw/diagnostic/1/42)"},
		{"unknown number", NewDiagnostic(999, "x"),
			Diagnostic{999, "x", "Diagnostic 999"}, "info:srw/diagnostic/1/999",
			"Diagnostic 999: x (info:srw/diagnostic/1/999)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, *tt.d); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			if got := tt.d.URI(); got != tt.uri {
				t.Errorf("URI() = %q, want %q", got, tt.uri)
			}
			if got := tt.d.Error(); got != tt.error {
				t.Errorf("Error() = %q, want %q", got, tt.error)
			}
		})
	}
}

func TestAsDiagnostic(t *testing.T) {
	_, parseErr := Parse("(a")
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"syntax error", parseErr, DiagParentheses},
		{"wrapped by a backend", fmt.Errorf("search: %w", UnsupportedRelation("within")), DiagUnsupportedRelation},
		{"internal error", errors.New("disk on fire"), DiagGeneralSystemError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := AsDiagnostic(tt.err)
			if d.Number != tt.want {
				t.Errorf("AsDiagnostic(%v).Number = %d, want %d", tt.err, d.Number, tt.want)
			}
			if tt.want == DiagGeneralSystemError && d.Details != "" {
				t.Errorf("internal error leaks details %q", d.Details)
			}
		})
	}
}
