package cql

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTermPieces(t *testing.T) {
	tests := []struct {
		name    string
		term    Term
		pieces  []Piece
		text    string
		masking bool
		anchor  bool
	}{
		{"plain", "dinosaur", []Piece{{Text: "dinosaur"}}, "dinosaur", false, false},
		{"empty", "", nil, "", false, false},
		{"truncation", "dino*", []Piece{{Text: "dino"}, {Mask: '*'}}, "dino*", true, false},
		{"escaped asterisk", `dino\*`, []Piece{{Text: "dino*"}}, "dino*", false, false},
		{"single character", "wom?n", []Piece{{Text: "wom"}, {Mask: '?'}, {Text: "n"}}, "wom?n", true, false},
		{"anchors", "^the end^", []Piece{{Mask: '^'}, {Text: "the end"}, {Mask: '^'}}, "^the end^", false, true},
		{"escaped anchor", `\^x`, []Piece{{Text: "^x"}}, "^x", false, false},
		{"escaped quote and backslash", `say \"hi\" \\o/`, []Piece{{Text: `say "hi" \o/`}}, `say "hi" \o/`, false, false},
		{"escaped ordinary character", `\a`, []Piece{{Text: "a"}}, "a", false, false},
		{"multi-byte after escape", `\äx*`, []Piece{{Text: "äx"}, {Mask: '*'}}, "äx*", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.pieces, tt.term.Pieces()); diff != "" {
				t.Errorf("Pieces() mismatch (-want +got):\n%s", diff)
			}
			if got := tt.term.Text(); got != tt.text {
				t.Errorf("Text() = %q, want %q", got, tt.text)
			}
			if got := tt.term.HasMasking(); got != tt.masking {
				t.Errorf("HasMasking() = %v, want %v", got, tt.masking)
			}
			if got := tt.term.HasAnchor(); got != tt.anchor {
				t.Errorf("HasAnchor() = %v, want %v", got, tt.anchor)
			}
		})
	}
}

// A Literal must survive a trip through a query and still match only
// itself: no masks, and the same text.
func TestLiteral(t *testing.T) {
	for _, s := range []string{"dinosaur", `C:\temp`, `"quoted"`, "what?", "100%*", "^^", "", "and"} {
		t.Run(s, func(t *testing.T) {
			c := &SearchClause{Index: "dc.title", Relation: Relation{Name: "="}, Term: Literal(s)}
			q, err := Parse(c.String())
			if err != nil {
				t.Fatalf("Parse(%q): %v", c.String(), err)
			}
			got := q.Root.(*SearchClause).Term
			if got.HasMasking() || got.HasAnchor() {
				t.Errorf("Literal(%q) = %q has masking", s, got)
			}
			if got.Text() != s {
				t.Errorf("Literal(%q).Text() = %q", s, got.Text())
			}
		})
	}
}
