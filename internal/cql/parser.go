package cql

import (
	"fmt"
	"strings"
)

// MaxDepth is how deeply parentheses may nest. Real queries nest a few
// levels; the limit keeps a hostile query from costing stack and time.
const MaxDepth = 100

// Parse parses a CQL 1.2 query. A query it cannot parse yields a
// *SyntaxError that wraps the SRU diagnostic for the client.
func Parse(query string) (*Query, error) {
	toks, err := lex(query)
	if err != nil {
		return nil, err
	}
	p := &parser{query: query, toks: toks}
	return p.sortedQuery()
}

type parser struct {
	query string
	toks  []token
	i     int
}

func (p *parser) peek() token { return p.toks[p.i] }

// peekAt returns the token n places ahead; the EOF token repeats forever.
func (p *parser) peekAt(n int) token {
	if p.i+n >= len(p.toks) {
		return p.toks[len(p.toks)-1]
	}
	return p.toks[p.i+n]
}

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

func (p *parser) errorf(t token, number int, format string, args ...any) error {
	return syntaxError(p.query, t.pos, number, fmt.Sprintf(format, args...))
}

// describe names a token for error messages.
func describe(t token) string {
	if t.kind == tokEOF {
		return "end of query"
	}
	return fmt.Sprintf("%q", t.text)
}

func isTerm(t token) bool { return t.kind == tokWord || t.kind == tokString }

func (p *parser) sortedQuery() (*Query, error) {
	root, err := p.cqlQuery(0)
	if err != nil {
		return nil, err
	}
	q := &Query{Root: root}
	if t := p.peek(); t.kind == tokWord && strings.EqualFold(t.text, "sortby") {
		p.next()
		if q.SortKeys, err = p.sortKeys(); err != nil {
			return nil, err
		}
	}
	switch t := p.peek(); t.kind {
	case tokEOF:
		return q, nil
	case tokRParen:
		return nil, p.errorf(t, DiagParentheses, "unbalanced )")
	default:
		return nil, p.errorf(t, DiagQuerySyntax, "unexpected %s; expected a boolean operator or the end of the query", describe(t))
	}
}

func (p *parser) sortKeys() ([]SortKey, error) {
	var keys []SortKey
	for isTerm(p.peek()) {
		t := p.next()
		k := SortKey{Index: unescape(t.text)}
		if k.Index == "" {
			return nil, p.errorf(t, DiagQuerySyntax, "empty sort key")
		}
		var err error
		if k.Modifiers, err = p.modifiers(); err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		return nil, p.errorf(p.peek(), DiagQuerySyntax, "missing sort key after sortBy")
	}
	return keys, nil
}

// cqlQuery parses prefix assignments and the clause they scope. The
// assignments go on the node they apply to, as in XCQL.
func (p *parser) cqlQuery(depth int) (Node, error) {
	prefixes, err := p.prefixes()
	if err != nil {
		return nil, err
	}
	n, err := p.scopedClause(depth)
	if err != nil {
		return nil, err
	}
	if len(prefixes) > 0 {
		switch n := n.(type) {
		case *SearchClause:
			n.Prefixes = append(prefixes, n.Prefixes...)
		case *Boolean:
			n.Prefixes = append(prefixes, n.Prefixes...)
		}
	}
	return n, nil
}

func (p *parser) prefixes() ([]Prefix, error) {
	var ps []Prefix
	for t := p.peek(); t.kind == tokSymbol && t.text == ">"; t = p.peek() {
		p.next()
		first := p.next()
		if !isTerm(first) {
			return nil, p.errorf(first, DiagQuerySyntax, "expected a prefix or URI after >, found %s", describe(first))
		}
		if eq := p.peek(); eq.kind != tokSymbol || eq.text != "=" {
			ps = append(ps, Prefix{URI: unescape(first.text)})
			continue
		}
		p.next()
		uri := p.next()
		if !isTerm(uri) {
			return nil, p.errorf(uri, DiagQuerySyntax, "expected a URI after > %s =, found %s", first.text, describe(uri))
		}
		name := unescape(first.text)
		if name == "" {
			return nil, p.errorf(first, DiagQuerySyntax, "empty prefix name")
		}
		ps = append(ps, Prefix{Name: name, URI: unescape(uri.text)})
	}
	return ps, nil
}

// scopedClause parses search clauses joined by booleans, associating to
// the left. The loop, not recursion, keeps long "a or b or c ..." lists
// cheap.
func (p *parser) scopedClause(depth int) (Node, error) {
	left, err := p.searchClause(depth)
	if err != nil {
		return nil, err
	}
	for isBoolean(p.peek()) {
		op := p.next()
		b := &Boolean{Op: strings.ToLower(op.text), Left: left}
		if b.Modifiers, err = p.modifiers(); err != nil {
			return nil, err
		}
		if b.Right, err = p.searchClause(depth); err != nil {
			return nil, err
		}
		left = b
	}
	return left, nil
}

func (p *parser) searchClause(depth int) (Node, error) {
	t := p.peek()
	switch {
	case t.kind == tokLParen:
		if depth >= MaxDepth {
			return nil, &SyntaxError{
				Pos:        t.pos,
				Reason:     "parentheses nested too deeply",
				Diagnostic: CannotProcess(fmt.Sprintf("parentheses nested deeper than %d", MaxDepth)),
			}
		}
		p.next()
		n, err := p.cqlQuery(depth + 1)
		if err != nil {
			return nil, err
		}
		switch end := p.next(); end.kind {
		case tokRParen:
			return n, nil
		case tokEOF:
			return nil, p.errorf(t, DiagParentheses, "unbalanced (")
		default:
			return nil, p.errorf(end, DiagQuerySyntax, "unexpected %s; expected a boolean operator or )", describe(end))
		}
	case t.kind == tokRParen:
		return nil, p.errorf(t, DiagParentheses, "unexpected ); expected a search term")
	case t.kind == tokEOF && depth > 0:
		return nil, p.errorf(t, DiagParentheses, "query ends inside parentheses")
	case !isTerm(t):
		return nil, p.errorf(t, DiagQuerySyntax, "unexpected %s; expected a search term", describe(t))
	}
	p.next()
	if !p.atRelation() {
		return &SearchClause{Term: Term(t.text)}, nil
	}
	index := unescape(t.text)
	if index == "" {
		return nil, p.errorf(t, DiagQuerySyntax, "empty index name")
	}
	rel := p.next()
	c := &SearchClause{Index: index, Relation: Relation{Name: rel.text}}
	var err error
	if c.Relation.Modifiers, err = p.modifiers(); err != nil {
		return nil, err
	}
	term := p.next()
	if !isTerm(term) {
		return nil, p.errorf(term, DiagQuerySyntax, "missing search term after relation %q, found %s", rel.text, describe(term))
	}
	c.Term = Term(term.text)
	return c, nil
}

// atRelation reports whether the next token is a relation. Named
// comparitors may be any word (the grammar says identifier), so any
// unquoted word other than a keyword is one here; a backend refuses the
// ones it does not know with diagnostic 19. A word is taken as a relation
// only if a term or a modifier follows, so "dinosaur bird" reports the
// missing boolean rather than a missing term. Words with backslashes are
// not relation names, which keeps relations plain words.
func (p *parser) atRelation() bool {
	switch t := p.peek(); t.kind {
	case tokSymbol:
		return true
	case tokWord:
		after := p.peekAt(1)
		return !isKeyword(t.text) && !strings.Contains(t.text, `\`) &&
			(isTerm(after) || after.kind == tokSlash)
	}
	return false
}

func (p *parser) modifiers() ([]Modifier, error) {
	var ms []Modifier
	for p.peek().kind == tokSlash {
		p.next()
		name := p.next()
		if !isTerm(name) {
			return nil, p.errorf(name, DiagQuerySyntax, "expected a modifier name after /, found %s", describe(name))
		}
		m := Modifier{Name: unescape(name.text)}
		if m.Name == "" {
			return nil, p.errorf(name, DiagQuerySyntax, "empty modifier name")
		}
		if cmp := p.peek(); cmp.kind == tokSymbol {
			p.next()
			value := p.next()
			if !isTerm(value) {
				return nil, p.errorf(value, DiagQuerySyntax, "expected a value after /%s%s, found %s", name.text, cmp.text, describe(value))
			}
			m.Comparison, m.Value = cmp.text, unescape(value.text)
		}
		ms = append(ms, m)
	}
	return ms, nil
}
