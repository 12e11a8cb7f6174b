package cql

import (
	"slices"
	"strings"
)

// Supported describes what a backend can evaluate, for Check. Names are
// compared without regard to case, as CQL asks.
type Supported struct {
	// ContextSets maps the short names the server knows to their URIs,
	// such as "dc" to "info:srw/cql-context-set/1/dc-v1.1". A query may
	// bind other names to these URIs with prefix assignments.
	ContextSets map[string]string
	// DefaultContextSet is the short name for unprefixed indexes, so that
	// "title" means dc.title when it is "dc".
	DefaultContextSet string
	// Indexes are qualified names such as "dc.title" and "cql.serverChoice".
	Indexes []string
	// Relations such as "=", "==", "any", "adj". Relations and modifiers
	// of the cql context set may also be written with its prefix, as
	// cql.adj, and are listed here without it.
	Relations []string
	// RelationModifiers such as "stem", "relevant", "locale".
	RelationModifiers []string
	// Booleans among "and", "or", "not" and "prox".
	Booleans []string
	// BooleanModifiers such as "unit", "distance" or "rel.combine".
	BooleanModifiers []string
	// ProximityUnits are the values of prox/unit=..., such as "word".
	ProximityUnits []string
	// Sort, EmptyTerm, Masking and Anchoring switch on sortBy, the empty
	// term "", the masking characters * and ? and the anchor ^.
	Sort      bool
	EmptyTerm bool
	Masking   bool
	Anchoring bool
}

// Check walks the query left to right and returns the diagnostic for the
// first thing s does not support, or nil if s supports all of it.
func Check(q *Query, s Supported) *Diagnostic {
	if d := s.node(q.Root, nil); d != nil {
		return d
	}
	if len(q.SortKeys) > 0 && !s.Sort {
		return SortUnsupported()
	}
	for _, k := range q.SortKeys {
		if d := s.index(k.Index, rootPrefixes(q.Root)); d != nil {
			return d
		}
	}
	return nil
}

// rootPrefixes returns the prefix assignments made on the root node, which
// apply to the sort keys as well.
func rootPrefixes(n Node) []Prefix {
	switch n := n.(type) {
	case *SearchClause:
		return n.Prefixes
	case *Boolean:
		return n.Prefixes
	}
	return nil
}

// node checks n with the prefix assignments of its ancestors in scope;
// later assignments shadow earlier ones.
func (s Supported) node(n Node, scope []Prefix) *Diagnostic {
	switch n := n.(type) {
	case *SearchClause:
		scope = append(scope[:len(scope):len(scope)], n.Prefixes...)
		return s.clause(n, scope)
	case *Boolean:
		scope = append(scope[:len(scope):len(scope)], n.Prefixes...)
		if !contains(s.Booleans, n.Op) {
			return UnsupportedBoolean(n.Op)
		}
		for _, m := range n.Modifiers {
			name := withoutCQL(m.Name)
			if !contains(s.BooleanModifiers, name) {
				return UnsupportedBooleanModifier(m.Name)
			}
			if n.Op == "prox" && strings.EqualFold(name, "unit") && !contains(s.ProximityUnits, m.Value) {
				return UnsupportedProximityUnit(m.Value)
			}
		}
		if d := s.node(n.Left, scope); d != nil {
			return d
		}
		return s.node(n.Right, scope)
	}
	return CannotProcess("unknown query node")
}

func (s Supported) clause(c *SearchClause, scope []Prefix) *Diagnostic {
	if d := s.index(c.EffectiveIndex(), scope); d != nil {
		return d
	}
	if rel := c.EffectiveRelation(); !contains(s.Relations, withoutCQL(rel)) {
		return UnsupportedRelation(rel)
	}
	for _, m := range c.Relation.Modifiers {
		if !contains(s.RelationModifiers, withoutCQL(m.Name)) {
			return UnsupportedRelationModifier(m.Name)
		}
	}
	switch {
	case c.Term == "" && !s.EmptyTerm:
		return EmptyTermUnsupported()
	case c.Term.HasMasking() && !s.Masking:
		return MaskingUnsupported(c.Term)
	case c.Term.HasAnchor() && !s.Anchoring:
		return NewDiagnostic(DiagAnchoringUnsupported, "")
	}
	return nil
}

// index resolves an index's context set through the prefix assignments in
// scope and the server's own short names, then looks the qualified name up.
func (s Supported) index(index string, scope []Prefix) *Diagnostic {
	set, name, ok := strings.Cut(index, ".")
	if !ok {
		set, name = "", index
	}
	uri, assigned := "", false
	for _, p := range slices.Backward(scope) {
		if strings.EqualFold(p.Name, set) {
			uri, assigned = p.URI, true
			break
		}
	}
	switch {
	case assigned:
		short, known := s.shortName(uri)
		if !known {
			return UnsupportedContextSet(uri)
		}
		set = short
	case set == "":
		set = s.DefaultContextSet
	case !s.knows(set):
		return UnsupportedContextSet(set)
	}
	if !contains(s.Indexes, set+"."+name) {
		return UnsupportedIndex(index)
	}
	return nil
}

func (s Supported) shortName(uri string) (string, bool) {
	for short, u := range s.ContextSets {
		if u == uri {
			return short, true
		}
	}
	return "", false
}

func (s Supported) knows(set string) bool {
	for short := range s.ContextSets {
		if strings.EqualFold(short, set) {
			return true
		}
	}
	return false
}

// withoutCQL drops the cql. prefix: relations and modifiers without a
// prefix belong to the cql context set, so cql.adj is adj.
func withoutCQL(name string) string {
	if len(name) > 4 && strings.EqualFold(name[:4], "cql.") {
		return name[4:]
	}
	return name
}

func contains(list []string, s string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
}
