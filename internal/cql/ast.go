package cql

import "strings"

// A Query is a parsed CQL query: the search tree and the sort keys of
// CQL 1.2's sortBy clause.
type Query struct {
	Root     Node
	SortKeys []SortKey
}

// A Node is a node of the search tree: a *SearchClause or a *Boolean.
type Node interface {
	// String returns the node as canonical CQL, which Parse reads back
	// to an equal node.
	String() string
	node()
}

// A Prefix is a prefix assignment, "> dc = uri", which binds a short name
// to a context set for the node it precedes and everything below it. Name
// is empty for "> uri", which sets the default context set.
type Prefix struct {
	Name string
	URI  string
}

// A SearchClause is "index relation term", or a bare term.
type SearchClause struct {
	Prefixes []Prefix
	// Index is empty for a bare term, which means cql.serverChoice with
	// relation "=" (see EffectiveIndex); the parser never produces an empty
	// index together with a relation.
	Index    string
	Relation Relation
	Term     Term
}

// A Relation is a comparitor (a symbol such as "=" or "<>", or a name such
// as "any" or "cql.adj", as written) with its modifiers.
type Relation struct {
	Name      string
	Modifiers []Modifier
}

// A Modifier is "/name", or "/name comparison value" such as "/distance<3".
// Comparison and Value are empty for a bare name.
type Modifier struct {
	Name       string
	Comparison string
	Value      string
}

// A Boolean joins two nodes with and, or, not or prox.
type Boolean struct {
	Prefixes  []Prefix
	Op        string // lower case: and, or, not, prox
	Modifiers []Modifier
	Left      Node
	Right     Node
}

// A SortKey is one key of a sortBy clause, such as dc.date/sort.descending.
type SortKey struct {
	Index     string
	Modifiers []Modifier
}

func (*SearchClause) node() {}
func (*Boolean) node()      {}

// DefaultIndex is the index of a search clause that names none.
const DefaultIndex = "cql.serverChoice"

// EffectiveIndex returns the index the clause searches: its own, or
// cql.serverChoice for a bare term.
func (c *SearchClause) EffectiveIndex() string {
	if c.Index == "" {
		return DefaultIndex
	}
	return c.Index
}

// EffectiveRelation returns the clause's relation name, "=" for a bare term.
func (c *SearchClause) EffectiveRelation() string {
	if c.Relation.Name == "" {
		return "="
	}
	return c.Relation.Name
}

// String returns the query as canonical CQL: single spaces, lower-case
// booleans, quotes only where needed and "sortBy" before the sort keys.
func (q *Query) String() string {
	var b strings.Builder
	if q.Root != nil {
		b.WriteString(q.Root.String())
	}
	if len(q.SortKeys) > 0 {
		b.WriteString(" sortBy")
		for _, k := range q.SortKeys {
			b.WriteByte(' ')
			b.WriteString(quote(k.Index))
			writeModifiers(&b, k.Modifiers)
		}
	}
	return b.String()
}

// String returns the clause as canonical CQL.
func (c *SearchClause) String() string {
	var b strings.Builder
	writePrefixes(&b, c.Prefixes)
	if c.Index != "" || c.Relation.Name != "" {
		b.WriteString(quote(c.Index))
		b.WriteByte(' ')
		b.WriteString(c.Relation.Name)
		writeModifiers(&b, c.Relation.Modifiers)
		b.WriteByte(' ')
	}
	b.WriteString(c.Term.quoted())
	return b.String()
}

// String returns the boolean as canonical CQL. Booleans associate to the
// left, so only a boolean on the right needs parentheses; a node with its
// own prefix assignments always does, to keep their scope.
func (n *Boolean) String() string {
	var b strings.Builder
	writePrefixes(&b, n.Prefixes)
	writeOperand(&b, n.Left, false)
	b.WriteByte(' ')
	b.WriteString(n.Op)
	writeModifiers(&b, n.Modifiers)
	b.WriteByte(' ')
	writeOperand(&b, n.Right, true)
	return b.String()
}

func writeOperand(b *strings.Builder, n Node, right bool) {
	paren := false
	switch n := n.(type) {
	case *SearchClause:
		paren = len(n.Prefixes) > 0
	case *Boolean:
		paren = right || len(n.Prefixes) > 0
	}
	if paren {
		b.WriteByte('(')
	}
	b.WriteString(n.String())
	if paren {
		b.WriteByte(')')
	}
}

func writePrefixes(b *strings.Builder, ps []Prefix) {
	for _, p := range ps {
		b.WriteString("> ")
		if p.Name != "" {
			b.WriteString(quote(p.Name))
			b.WriteString(" = ")
		}
		b.WriteString(forceQuote(p.URI))
		b.WriteByte(' ')
	}
}

func writeModifiers(b *strings.Builder, ms []Modifier) {
	for _, m := range ms {
		b.WriteByte('/')
		b.WriteString(quote(m.Name))
		if m.Comparison != "" {
			b.WriteString(m.Comparison)
			b.WriteString(quote(m.Value))
		}
	}
}

// bare reports whether s can be written without quotes and read back as
// the same word. Backslashes are quoted too: other parsers do not all
// accept escapes in unquoted words.
func bare(s string) bool {
	if s == "" || isKeyword(s) {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool { return r == '\\' || isSpecial(r) })
}

// quote returns an unescaped string (an index, a modifier, a prefix) as a
// CQL word, quoted and escaped if need be.
func quote(s string) string {
	if bare(s) {
		return s
	}
	return forceQuote(s)
}

func forceQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}
