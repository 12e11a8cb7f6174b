package cql

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Helpers that keep the expected trees in the tables readable.

func term(t string) *SearchClause { return &SearchClause{Term: Term(t)} }

func clause(index, rel, t string, mods ...Modifier) *SearchClause {
	return &SearchClause{Index: index, Relation: Relation{Name: rel, Modifiers: mods}, Term: Term(t)}
}

func boolean(op string, left, right Node, mods ...Modifier) *Boolean {
	return &Boolean{Op: op, Modifiers: mods, Left: left, Right: right}
}

func mod(name string) Modifier { return Modifier{Name: name} }

func modv(name, cmp, value string) Modifier {
	return Modifier{Name: name, Comparison: cmp, Value: value}
}

const dcURI = "info:srw/cql-context-set/1/dc-v1.1"

var validTests = []struct {
	name  string
	query string
	want  *Query
	canon string // canonical String(); "" means the query itself
}{
	// The examples of the LoC CQL specification and the Index Data tutorial.
	{"term", `dinosaur`, &Query{Root: term("dinosaur")}, ""},
	{"quoted phrase", `"complete dinosaur"`, &Query{Root: term("complete dinosaur")}, ""},
	{"index relation term", `title = "complete dinosaur"`, &Query{Root: clause("title", "=", "complete dinosaur")}, ""},
	{"named relation exact", `title exact "the complete dinosaur"`, &Query{Root: clause("title", "exact", "the complete dinosaur")}, ""},
	{"or", `dinosaur or bird`, &Query{Root: boolean("or", term("dinosaur"), term("bird"))}, ""},
	{"quoted term in boolean", `"palomar assignment" and "ice age"`,
		&Query{Root: boolean("and", term("palomar assignment"), term("ice age"))}, ""},
	{"not", `dinosaur not reptile`, &Query{Root: boolean("not", term("dinosaur"), term("reptile"))}, ""},
	{"left association", `dinosaur and bird or dinobird`,
		&Query{Root: boolean("or", boolean("and", term("dinosaur"), term("bird")), term("dinobird"))}, ""},
	{"parentheses", `(bird or dinosaur) and (feathers or scales)`,
		&Query{Root: boolean("and", boolean("or", term("bird"), term("dinosaur")), boolean("or", term("feathers"), term("scales")))},
		`bird or dinosaur and (feathers or scales)`},
	{"phrase and group", `"feathered dinosaur" and (yixian or jehol)`,
		&Query{Root: boolean("and", term("feathered dinosaur"), boolean("or", term("yixian"), term("jehol")))}, ""},
	{"deep nesting", `(((a and b) or (c not d) not (e or f and g)) and h not i) or j`,
		&Query{Root: boolean("or",
			boolean("not",
				boolean("and",
					boolean("not",
						boolean("or", boolean("and", term("a"), term("b")), boolean("not", term("c"), term("d"))),
						boolean("and", boolean("or", term("e"), term("f")), term("g"))),
					term("h")),
				term("i")),
			term("j"))},
		`a and b or (c not d) not (e or f and g) and h not i or j`},
	{"greater than", `lengthOfFemur > 2.4`, &Query{Root: clause("lengthOfFemur", ">", "2.4")}, ""},
	{"greater or equal", `bioMass >= 100`, &Query{Root: clause("bioMass", ">=", "100")}, ""},
	{"less than", `publicationYear < 1980`, &Query{Root: clause("publicationYear", "<", "1980")}, ""},
	{"any", `title any "dinosaur bird reptile"`, &Query{Root: clause("title", "any", "dinosaur bird reptile")}, ""},
	{"all", `title all "dinosaur bird reptile"`, &Query{Root: clause("title", "all", "dinosaur bird reptile")}, ""},
	{"adj", `dc.title adj "the complete"`, &Query{Root: clause("dc.title", "adj", "the complete")}, ""},
	{"prefix assignment", `> dc = "` + dcURI + `" dc.title any fish`,
		&Query{Root: &SearchClause{Prefixes: []Prefix{{"dc", dcURI}}, Index: "dc.title", Relation: Relation{Name: "any"}, Term: "fish"}}, ""},
	{"prox modifiers", `dinosaur prox/distance<=5/unit=word bird`,
		&Query{Root: boolean("prox", term("dinosaur"), term("bird"), modv("distance", "<=", "5"), modv("unit", "=", "word"))}, ""},
	{"relation modifiers", `title =/relevant/stem dinosaur`,
		&Query{Root: clause("title", "=", "dinosaur", mod("relevant"), mod("stem"))}, ""},
	{"sortBy", `dinosaur sortBy dc.title`, &Query{Root: term("dinosaur"), SortKeys: []SortKey{{Index: "dc.title"}}}, ""},
	{"allRecords not", `cql.allRecords = 1 not dc.title = fish`,
		&Query{Root: boolean("not", clause("cql.allRecords", "=", "1"), clause("dc.title", "=", "fish"))}, ""},
	{"masking", `dino*`, &Query{Root: term("dino*")}, ""},
	{"escaped quotes", `"\"quoted\""`, &Query{Root: term(`\"quoted\"`)}, ""},

	// Spacing, case and redundant parentheses are not kept.
	{"no spaces", `title=dinosaur`, &Query{Root: clause("title", "=", "dinosaur")}, `title = dinosaur`},
	{"upper-case boolean", `dinosaur AND Bird`, &Query{Root: boolean("and", term("dinosaur"), term("Bird"))}, `dinosaur and Bird`},
	{"redundant parentheses", `((dinosaur))`, &Query{Root: term("dinosaur")}, `dinosaur`},
	{"parenthesised right term", `a and (b)`, &Query{Root: boolean("and", term("a"), term("b"))}, `a and b`},
	{"right grouping kept", `a or (b and c)`, &Query{Root: boolean("or", term("a"), boolean("and", term("b"), term("c")))}, ""},
	{"whitespace", " \t title\n=  x ", &Query{Root: clause("title", "=", "x")}, `title = x`},
	{"quoted index", `"dc.title" any x`, &Query{Root: clause("dc.title", "any", "x")}, `dc.title any x`},
	{"needless quotes", `"dinosaur"`, &Query{Root: term("dinosaur")}, `dinosaur`},

	// Every relation symbol and the named relations.
	{"exact equality", `title == "the complete dinosaur"`, &Query{Root: clause("title", "==", "the complete dinosaur")}, ""},
	{"not equal", `dc.date <> 2000`, &Query{Root: clause("dc.date", "<>", "2000")}, ""},
	{"less or equal", `dc.date <= 2000`, &Query{Root: clause("dc.date", "<=", "2000")}, ""},
	{"within", `dc.date within "1990 2000"`, &Query{Root: clause("dc.date", "within", "1990 2000")}, ""},
	{"encloses", `geo.area encloses "60.17 24.94"`, &Query{Root: clause("geo.area", "encloses", "60.17 24.94")}, ""},
	{"prefixed relation", `title cql.adj "complete dinosaur"`, &Query{Root: clause("title", "cql.adj", "complete dinosaur")}, ""},
	{"other context set relation", `title rel.xyz dinosaur`, &Query{Root: clause("title", "rel.xyz", "dinosaur")}, ""},
	{"relation case kept", `title ANY x`, &Query{Root: clause("title", "ANY", "x")}, ""},

	// Modifiers.
	{"boolean modifier", `a and/rel.combine=sum b`, &Query{Root: boolean("and", term("a"), term("b"), modv("rel.combine", "=", "sum"))}, ""},
	{"prox unit distance", `a prox/unit=word/distance<3 b`,
		&Query{Root: boolean("prox", term("a"), term("b"), modv("unit", "=", "word"), modv("distance", "<", "3"))}, ""},
	{"locale modifier", `title =/locale=fi kissa`, &Query{Root: clause("title", "=", "kissa", modv("locale", "=", "fi"))}, ""},
	{"quoted modifier value", `title =/locale="fi FI" kissa`, &Query{Root: clause("title", "=", "kissa", modv("locale", "=", "fi FI"))}, ""},
	{"prefixed modifiers", `title any/relevant/cql.string x`, &Query{Root: clause("title", "any", "x", mod("relevant"), mod("cql.string"))}, ""},
	{"spaced modifiers", `a prox / unit = word b`, &Query{Root: boolean("prox", term("a"), term("b"), modv("unit", "=", "word"))}, `a prox/unit=word b`},

	// Prefix assignments and their scope.
	{"default context set", `> "` + dcURI + `" title = x`,
		&Query{Root: &SearchClause{Prefixes: []Prefix{{URI: dcURI}}, Index: "title", Relation: Relation{Name: "="}, Term: "x"}}, ""},
	{"prefix on boolean", `> dc = "` + dcURI + `" dc.title = x or y`,
		&Query{Root: &Boolean{Prefixes: []Prefix{{"dc", dcURI}}, Op: "or", Left: clause("dc.title", "=", "x"), Right: term("y")}}, ""},
	{"prefix in parentheses", `(> dc = "u" dc.title = x) and y`,
		&Query{Root: boolean("and", &SearchClause{Prefixes: []Prefix{{"dc", "u"}}, Index: "dc.title", Relation: Relation{Name: "="}, Term: "x"}, term("y"))}, ""},
	{"prefix on right operand", `y and (> dc = "u" dc.title = x)`,
		&Query{Root: boolean("and", term("y"), &SearchClause{Prefixes: []Prefix{{"dc", "u"}}, Index: "dc.title", Relation: Relation{Name: "="}, Term: "x"})}, ""},
	{"nested prefixes merge", `> a = "x" (> b = "y" c)`,
		&Query{Root: &SearchClause{Prefixes: []Prefix{{"a", "x"}, {"b", "y"}}, Term: "c"}}, `> a = "x" > b = "y" c`},
	{"prefix before group", `> a = "x" (b) and c`,
		&Query{Root: &Boolean{Prefixes: []Prefix{{"a", "x"}}, Op: "and", Left: term("b"), Right: term("c")}}, `> a = "x" b and c`},
	{"prefixed boolean on the left", `(> a = "x" b or c) and d`,
		&Query{Root: boolean("and", &Boolean{Prefixes: []Prefix{{"a", "x"}}, Op: "or", Left: term("b"), Right: term("c")}, term("d"))}, ""},

	// Sorting.
	{"sort modifiers", `dinosaur sortBy dc.title/sort.descending dc.date`,
		&Query{Root: term("dinosaur"), SortKeys: []SortKey{{Index: "dc.title", Modifiers: []Modifier{mod("sort.descending")}}, {Index: "dc.date"}}}, ""},
	{"sort modifier value", `a sortBy dc.date/sort.missingValue=omit`,
		&Query{Root: term("a"), SortKeys: []SortKey{{Index: "dc.date", Modifiers: []Modifier{modv("sort.missingValue", "=", "omit")}}}}, ""},
	{"sortby any case", `a or b SORTBY dc.title`,
		&Query{Root: boolean("or", term("a"), term("b")), SortKeys: []SortKey{{Index: "dc.title"}}}, `a or b sortBy dc.title`},
	{"prefix with sort", `> dc = "u" dc.title = x sortBy dc.date`,
		&Query{Root: &SearchClause{Prefixes: []Prefix{{"dc", "u"}}, Index: "dc.title", Relation: Relation{Name: "="}, Term: "x"}, SortKeys: []SortKey{{Index: "dc.date"}}}, ""},

	// Special terms.
	{"empty term", `""`, &Query{Root: term("")}, ""},
	{"empty term with index", `dc.title = ""`, &Query{Root: clause("dc.title", "=", "")}, ""},
	{"all records", `cql.allRecords = 1`, &Query{Root: clause("cql.allRecords", "=", "1")}, ""},
	{"server choice", `cql.serverChoice = dinosaur`, &Query{Root: clause("cql.serverChoice", "=", "dinosaur")}, ""},
	{"escaped mask quoted", `"dino\*"`, &Query{Root: term(`dino\*`)}, ""},
	{"escaped mask bare", `dino\*`, &Query{Root: term(`dino\*`)}, `"dino\*"`},
	{"single mask", `wom?n`, &Query{Root: term("wom?n")}, ""},
	{"anchor", `title = "^dinosaur"`, &Query{Root: clause("title", "=", "^dinosaur")}, `title = ^dinosaur`},
	{"escaped backslash", `"a\\b"`, &Query{Root: term(`a\\b`)}, ""},
	{"keyword as term", `title = and`, &Query{Root: clause("title", "=", "and")}, `title = "and"`},
	{"lone keyword term", `and`, &Query{Root: term("and")}, `"and"`},
	{"quoted keywords", `"or" or "not"`, &Query{Root: boolean("or", term("or"), term("not"))}, ""},
	{"keyword index", `"sortBy" = x`, &Query{Root: clause("sortBy", "=", "x")}, ""},
	{"finnish", `dc.creator = "Väinö Linna" and dc.title = Tuntematon`,
		&Query{Root: boolean("and", clause("dc.creator", "=", "Väinö Linna"), clause("dc.title", "=", "Tuntematon"))}, ""},
	{"slash in quotes", `dc.identifier = "http://example.org/a"`, &Query{Root: clause("dc.identifier", "=", "http://example.org/a")}, ""},
	{"isbn", `bath.isbn = 978-951-0-12345-6`, &Query{Root: clause("bath.isbn", "=", "978-951-0-12345-6")}, ""},
}

func TestParse(t *testing.T) {
	for _, tt := range validTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.query)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.query, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.query, diff)
			}
			canon := tt.canon
			if canon == "" {
				canon = tt.query
			}
			if s := got.String(); s != canon {
				t.Errorf("String() = %q, want %q", s, canon)
			}
			again, err := Parse(got.String())
			if err != nil {
				t.Fatalf("Parse(String()) = %v", err)
			}
			if diff := cmp.Diff(got, again); diff != "" {
				t.Errorf("String() does not re-parse to the same tree (-first +again):\n%s", diff)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name    string
		query   string
		number  int
		pos     int
		details string // checked when not empty
	}{
		{"empty string", ``, DiagQuerySyntax, 0, ""},
		{"only spaces", `   `, DiagQuerySyntax, 3, ""},
		{"unclosed parenthesis", `(dinosaur`, DiagParentheses, 0, "0"},
		{"lone open parenthesis", `(`, DiagParentheses, 1, ""},
		{"unclosed after boolean", `(a and`, DiagParentheses, 6, ""},
		{"extra close parenthesis", `dinosaur)`, DiagParentheses, 8, "8"},
		{"extra close after group", `(a or b))`, DiagParentheses, 8, ""},
		{"empty parentheses", `()`, DiagParentheses, 1, ""},
		{"close after term", `title = x)`, DiagParentheses, 9, ""},
		{"garbage in parentheses", `(a b c d)`, DiagQuerySyntax, 7, ""},
		{"dangling boolean", `dinosaur and`, DiagQuerySyntax, 12, ""},
		{"dangling or", `a or`, DiagQuerySyntax, 4, ""},
		{"dangling prox modifier", `a prox/unit=word`, DiagQuerySyntax, 16, ""},
		{"leading boolean then term", `and b`, DiagQuerySyntax, 4, ""},
		{"missing term", `title =`, DiagQuerySyntax, 7, ""},
		{"missing term after named relation", `title any`, DiagQuerySyntax, 6, ""},
		{"missing index", `= dinosaur`, DiagQuerySyntax, 0, ""},
		{"bad relation", `title => x`, DiagQuerySyntax, 7, ""},
		{"relation after relation", `title = = x`, DiagQuerySyntax, 8, ""},
		{"missing modifier name", `title =/ = x`, DiagQuerySyntax, 9, ""},
		{"missing modifier value", `title =/locale= x`, DiagQuerySyntax, 17, ""},
		{"modifier on term", `dinosaur/stem`, DiagQuerySyntax, 8, ""},
		{"unterminated quote", `"dinosaur`, DiagQuotes, 0, "0"},
		{"unterminated after index", `title = "complete dinosaur`, DiagQuotes, 8, "8"},
		{"escaped closing quote", `title = "abc\"`, DiagQuotes, 8, ""},
		{"character offset after multi-byte text", `Väinö = "Linna`, DiagQuotes, 10, "8"},
		{"trailing garbage", `dinosaur bird`, DiagQuerySyntax, 9, ""},
		{"trailing term", `title = dinosaur bird`, DiagQuerySyntax, 17, ""},
		{"spec example without boolean", `Palomar assignment and "ice age"`, DiagQuerySyntax, 23, ""},
		{"sortBy without keys", `dinosaur sortBy`, DiagQuerySyntax, 15, ""},
		{"sortBy without query", `sortBy dc.title`, DiagQuerySyntax, 7, ""},
		{"sortBy in parentheses", `(a sortBy b)`, DiagQuerySyntax, 3, ""},
		{"prefix without uri", `> dc =`, DiagQuerySyntax, 6, ""},
		{"prefix without query", `> dc = "u"`, DiagQuerySyntax, 10, ""},
		{"prefix after boolean", `a and > dc = "u" b`, DiagQuerySyntax, 6, ""},
		{"backslash at end", `dinosaur\`, DiagQuerySyntax, 8, ""},
		{"empty index", `"" = x`, DiagQuerySyntax, 0, ""},
		{"empty modifier name", `a and/"" b`, DiagQuerySyntax, 6, ""},
		{"too deep", strings.Repeat("(", MaxDepth+1) + "a" + strings.Repeat(")", MaxDepth+1), DiagCannotProcessQuery, MaxDepth, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Parse(tt.query)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want diagnostic %d", tt.query, q, tt.number)
			}
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error %T %v, want *SyntaxError", tt.query, err, err)
			}
			d := AsDiagnostic(err)
			if d.Number != tt.number || se.Pos != tt.pos {
				t.Errorf("Parse(%q) = diagnostic %d at %d (%v), want %d at %d", tt.query, d.Number, se.Pos, err, tt.number, tt.pos)
			}
			if tt.details != "" && d.Details != tt.details {
				t.Errorf("details = %q, want %q", d.Details, tt.details)
			}
		})
	}
}

// The depth limit must not reject what real queries do: a long flat list
// of ORed identifiers, and nesting right at the limit.
func TestParseLimits(t *testing.T) {
	isbns := make([]string, 2000)
	for i := range isbns {
		isbns[i] = "bath.isbn = 97895100" + strings.Repeat("1", 5)
	}
	for name, q := range map[string]string{
		"long or list":  strings.Join(isbns, " or "),
		"nesting limit": strings.Repeat("(", MaxDepth) + "a" + strings.Repeat(")", MaxDepth),
	} {
		t.Run(name, func(t *testing.T) {
			got, err := Parse(q)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if _, err := Parse(got.String()); err != nil {
				t.Fatalf("Parse(String()): %v", err)
			}
		})
	}
}
