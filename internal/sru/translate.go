package sru

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/kirjasto/kirjasto/internal/cql"
	"github.com/kirjasto/kirjasto/internal/library"
)

// Context sets the server knows, by their usual short names.
var contextSets = map[string]string{
	"cql":      "info:srw/cql-context-set/1/cql-v1.2",
	"dc":       "info:srw/cql-context-set/1/dc-v1.1",
	"bath":     "http://zing.z3950.org/cql/bath/2.0/",
	"kirjasto": "info:srw/cql-context-set/kirjasto/1.0",
}

// index says what a CQL index searches: a field prefix of the search
// engine's query language ("" for any field, "year" for the year range),
// or a facet filter.
type index struct {
	field  string
	facet  string
	title  string // for explain
	scanAs string // the suggestion kind scan lists, "" if it cannot scan
}

// indexes maps every supported index to what it searches. The dc and bath
// names are what catalogue clients send; the kirjasto names are the same
// fields under Kirjasto's own names, and the filters of the web search.
var indexes = map[string]index{
	"cql.serverchoice":     {title: "any field"},
	"cql.anywhere":         {title: "any field"},
	"cql.keywords":         {title: "any field"},
	"dc.title":             {field: "title", title: "title", scanAs: "title"},
	"dc.creator":           {field: "author", title: "author", scanAs: "author"},
	"dc.contributor":       {field: "author", title: "contributor", scanAs: "author"},
	"dc.subject":           {field: "subject", title: "subject", scanAs: "subject"},
	"dc.date":              {field: "year", title: "year of publication"},
	"dc.language":          {facet: library.FacetLanguage, title: "language (MARC code)"},
	"dc.type":              {facet: library.FacetMaterial, title: "material"},
	"bath.title":           {field: "title", title: "title", scanAs: "title"},
	"bath.author":          {field: "author", title: "author", scanAs: "author"},
	"bath.name":            {field: "author", title: "name", scanAs: "author"},
	"bath.subject":         {field: "subject", title: "subject", scanAs: "subject"},
	"bath.isbn":            {field: "isbn", title: "ISBN"},
	"bath.issn":            {field: "issn", title: "ISSN"},
	"kirjasto.anywhere":    {title: "any field"},
	"kirjasto.title":       {field: "title", title: "title", scanAs: "title"},
	"kirjasto.author":      {field: "author", title: "author", scanAs: "author"},
	"kirjasto.subject":     {field: "subject", title: "subject", scanAs: "subject"},
	"kirjasto.isbn":        {field: "isbn", title: "ISBN"},
	"kirjasto.issn":        {field: "issn", title: "ISSN"},
	"kirjasto.year":        {field: "year", title: "year of publication"},
	"kirjasto.material":    {facet: library.FacetMaterial, title: "material"},
	"kirjasto.language":    {facet: library.FacetLanguage, title: "language (MARC code)"},
	"kirjasto.genre":       {facet: library.FacetGenre, title: "genre"},
	"kirjasto.audience":    {facet: library.FacetAudience, title: "audience"},
	"kirjasto.availablein": {facet: library.FacetAvailableCity, title: "on the shelf now in a member library"},
}

// supported is what Check lets through; translate refuses the rest of
// what the search engine cannot express.
var supported = cql.Supported{
	ContextSets:       contextSets,
	DefaultContextSet: "dc",
	Indexes:           slices.Sorted(maps.Keys(indexes)),
	Relations:         []string{"=", "==", "adj", "all", "any", "exact", "<", ">", "<=", ">=", "within"},
	RelationModifiers: []string{"relevant", "stem", "ignoreCase", "ignoreAccents"},
	Booleans:          []string{"and", "or", "not"},
	Sort:              true,
	Masking:           true,
}

// Limits on what a query may ask; the search engine would silently cut a
// longer query, SRU says so with a diagnostic instead.
const (
	maxQueryText = 1024
	maxClauses   = 32
)

// query is a CQL query as the search engine takes it: a conjunction of
// disjunctions of clauses in its query language, clauses that exclude,
// and facet filters.
type query struct {
	groups  [][]string
	not     []string
	filters map[string][]string
}

// Translate turns a CQL query into a search, or returns the diagnostic
// for what the search engine cannot do.
func Translate(q *cql.Query) (library.SearchQuery, *cql.Diagnostic) {
	for n := range booleans(q.Root) {
		if n.Op == "prox" {
			return library.SearchQuery{}, cql.NewDiagnostic(cql.DiagProximityUnsupported, "")
		}
	}
	if d := cql.Check(q, supported); d != nil {
		return library.SearchQuery{}, d
	}
	tq, d := translate(q.Root, nil)
	if d != nil {
		return library.SearchQuery{}, d
	}
	var parts []string
	for _, g := range tq.groups {
		parts = append(parts, strings.Join(g, " OR "))
	}
	for _, c := range tq.not {
		parts = append(parts, "-"+c)
	}
	sq := library.SearchQuery{Text: strings.Join(parts, " "), Filters: tq.filters, Sort: library.SortRelevance}
	if len(tq.groups)+len(tq.not) > maxClauses {
		return sq, cql.NewDiagnostic(cql.DiagTooManyBooleans, strconv.Itoa(maxClauses))
	}
	if len(sq.Text) > maxQueryText {
		return sq, cql.NewDiagnostic(cql.DiagTooManyCharacters, strconv.Itoa(maxQueryText))
	}
	sort, d := sortOrder(q.SortKeys)
	sq.Sort = sort
	return sq, d
}

// booleans yields every boolean node of a tree.
func booleans(n cql.Node) func(yield func(*cql.Boolean) bool) {
	return func(yield func(*cql.Boolean) bool) {
		var walk func(n cql.Node) bool
		walk = func(n cql.Node) bool {
			b, ok := n.(*cql.Boolean)
			if !ok {
				return true
			}
			return yield(b) && walk(b.Left) && walk(b.Right)
		}
		walk(n)
	}
}

// unsupported is diagnostic 48, "Query feature unsupported", for a
// combination the search engine's query language cannot express.
func unsupported(what string) *cql.Diagnostic {
	return cql.NewDiagnostic(cql.DiagQueryFeatureUnsupported, what)
}

// translate turns a node into a query, with the prefix assignments of its
// ancestors in scope.
func translate(n cql.Node, scope []cql.Prefix) (query, *cql.Diagnostic) {
	switch n := n.(type) {
	case *cql.SearchClause:
		return clause(n, append(slices.Clip(scope), n.Prefixes...))
	case *cql.Boolean:
		scope = append(slices.Clip(scope), n.Prefixes...)
		left, d := translate(n.Left, scope)
		if d != nil {
			return query{}, d
		}
		right, d := translate(n.Right, scope)
		if d != nil {
			return query{}, d
		}
		switch n.Op {
		case "and":
			return and(left, right)
		case "or":
			return or(left, right)
		default:
			return not(left, right)
		}
	}
	return query{}, cql.CannotProcess("unknown query node")
}

func and(a, b query) (query, *cql.Diagnostic) {
	q := query{groups: append(a.groups, b.groups...), not: append(a.not, b.not...), filters: a.filters}
	for facet, vs := range b.filters {
		if old, ok := q.filters[facet]; ok && !slices.Equal(old, vs) {
			// Values of one filter are alternatives: the engine has no AND of them.
			return query{}, unsupported("AND of two values of " + facet)
		}
		if q.filters == nil {
			q.filters = map[string][]string{}
		}
		q.filters[facet] = vs
	}
	return q, nil
}

func or(a, b query) (query, *cql.Diagnostic) {
	if len(a.not) > 0 || len(b.not) > 0 {
		return query{}, unsupported("NOT inside OR")
	}
	if len(a.filters) > 0 || len(b.filters) > 0 {
		// Two values of one filter are an OR the engine has.
		if len(a.groups)+len(b.groups) == 0 && len(a.filters) == 1 && len(b.filters) == 1 {
			for facet, vs := range a.filters {
				if bv, ok := b.filters[facet]; ok {
					return query{filters: map[string][]string{facet: append(slices.Clone(vs), bv...)}}, nil
				}
			}
		}
		return query{}, unsupported("OR with a filter index")
	}
	// (a1 AND a2) OR b = (a1 OR b) AND (a2 OR b), for conjunctions of
	// disjunctions on both sides.
	if len(a.groups)*len(b.groups) > maxClauses {
		return query{}, cql.NewDiagnostic(cql.DiagTooManyBooleans, strconv.Itoa(maxClauses))
	}
	var q query
	for _, ga := range a.groups {
		for _, gb := range b.groups {
			q.groups = append(q.groups, append(slices.Clone(ga), gb...))
		}
	}
	return q, nil
}

func not(a, b query) (query, *cql.Diagnostic) {
	if len(b.filters) > 0 || len(b.not) > 0 || len(b.groups) != 1 {
		return query{}, unsupported("NOT of anything but search terms joined by OR")
	}
	if len(a.groups) == 0 && len(a.filters) == 0 {
		return query{}, unsupported("NOT with nothing to exclude from")
	}
	// NOT (x OR y) excludes x and excludes y.
	a.not = append(slices.Clone(a.not), b.groups[0]...)
	return a, nil
}
