package cql

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// kirjasto is a backend like the catalogue's: the common Dublin Core and
// Bath indexes, its own set, no proximity in paragraphs, no anchoring.
var kirjasto = Supported{
	ContextSets: map[string]string{
		"cql":      "info:srw/cql-context-set/1/cql-v1.2",
		"dc":       dcURI,
		"bath":     "http://zing.z3950.org/cql/bath/2.0/",
		"kirjasto": "info:srw/cql-context-set/kirjasto-v1",
	},
	DefaultContextSet: "dc",
	Indexes: []string{
		"cql.anywhere", "cql.serverChoice", "cql.allRecords",
		"dc.title", "dc.creator", "dc.subject", "dc.date", "dc.identifier",
		"bath.isbn", "bath.issn",
		"kirjasto.title", "kirjasto.author", "kirjasto.subject", "kirjasto.year", "kirjasto.isbn",
	},
	Relations:         []string{"=", "==", "<>", "<", ">", "<=", ">=", "adj", "all", "any"},
	RelationModifiers: []string{"stem", "relevant", "locale"},
	Booleans:          []string{"and", "or", "not", "prox"},
	BooleanModifiers:  []string{"unit", "distance"},
	ProximityUnits:    []string{"word"},
	Sort:              true,
	Masking:           true,
}

func TestCheck(t *testing.T) {
	noProx := kirjasto
	noProx.Booleans = []string{"and", "or", "not"}
	noSort := kirjasto
	noSort.Sort = false
	noMasking := kirjasto
	noMasking.Masking = false
	emptyTerm := kirjasto
	emptyTerm.EmptyTerm = true

	tests := []struct {
		name  string
		query string
		s     Supported
		want  *Diagnostic // nil: supported
	}{
		{"bare term", `dinosaur`, kirjasto, nil},
		{"dc title", `dc.title = dinosaur`, kirjasto, nil},
		{"default context set", `title any "complete dinosaur"`, kirjasto, nil},
		{"index case", `DC.Title = x`, kirjasto, nil},
		{"own set", `kirjasto.author = Waltari and bath.isbn = 9510123456`, kirjasto, nil},
		{"all records", `cql.allRecords = 1 not dc.title = fish`, kirjasto, nil},
		{"prefixed relation", `dc.title cql.adj "complete dinosaur"`, kirjasto, nil},
		{"prox by word", `a prox/unit=word/distance<3 b`, kirjasto, nil},
		{"prefixed prox modifier", `a prox/cql.unit=word b`, kirjasto, nil},
		{"prefixed relation modifier", `dc.title =/cql.stem x`, kirjasto, nil},
		{"masking", `dc.title = dino*`, kirjasto, nil},
		{"escaped mask without masking", `dc.title = "dino\*"`, noMasking, nil},
		{"sort", `a sortBy dc.date/sort.descending`, kirjasto, nil},
		{"assigned prefix", `> d = "` + dcURI + `" d.title = x`, kirjasto, nil},
		{"assigned default set", `> "http://zing.z3950.org/cql/bath/2.0/" isbn = 1`, kirjasto, nil},
		{"assignment in scope for sort", `> d = "` + dcURI + `" x sortBy d.date`, kirjasto, nil},
		{"empty term allowed", `dc.title = ""`, emptyTerm, nil},

		{"unsupported index", `dc.foo = x`, kirjasto, UnsupportedIndex("dc.foo")},
		{"unsupported unprefixed index", `author = x`, kirjasto, UnsupportedIndex("author")},
		{"unknown context set", `marc.245 = x`, kirjasto, UnsupportedContextSet("marc")},
		{"unknown assigned uri", `> dc = "info:other" dc.title = x`, kirjasto, UnsupportedContextSet("info:other")},
		{"assignment out of scope", `(> d = "` + dcURI + `" d.title = x) and d.title = y`, kirjasto, UnsupportedContextSet("d")},
		{"inner assignment shadows", `> d = "` + dcURI + `" (> d = "info:other" d.title = x)`, kirjasto, UnsupportedContextSet("info:other")},
		{"unsupported relation", `dc.date within "1990 2000"`, kirjasto, UnsupportedRelation("within")},
		{"unknown named relation", `dc.title near x`, kirjasto, UnsupportedRelation("near")},
		{"other set relation", `dc.title rel.xyz x`, kirjasto, UnsupportedRelation("rel.xyz")},
		{"unsupported relation modifier", `dc.title any/fuzzy x`, kirjasto, UnsupportedRelationModifier("fuzzy")},
		{"prox refused", `a prox b`, noProx, UnsupportedBoolean("prox")},
		{"boolean modifier", `a and/rel.combine=sum b`, kirjasto, UnsupportedBooleanModifier("rel.combine")},
		{"prox unit", `a prox/unit=paragraph b`, kirjasto, UnsupportedProximityUnit("paragraph")},
		{"empty term", `dc.title = ""`, kirjasto, EmptyTermUnsupported()},
		{"masking refused", `dc.title = dino*`, noMasking, MaskingUnsupported("dino*")},
		{"anchoring refused", `dc.title = ^dino`, kirjasto, NewDiagnostic(DiagAnchoringUnsupported, "")},
		{"sort refused", `a sortBy dc.title`, noSort, SortUnsupported()},
		{"sort index", `a sortBy dc.foo`, kirjasto, UnsupportedIndex("dc.foo")},
		{"first problem wins", `dc.foo = x and dc.bar = y`, kirjasto, UnsupportedIndex("dc.foo")},
		{"right operand checked", `dc.title = x and dc.bar = y`, kirjasto, UnsupportedIndex("dc.bar")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Parse(tt.query)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.query, err)
			}
			if diff := cmp.Diff(tt.want, Check(q, tt.s)); diff != "" {
				t.Errorf("Check(%q) mismatch (-want +got):\n%s", tt.query, diff)
			}
		})
	}
}
