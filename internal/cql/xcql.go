package cql

import (
	"encoding/xml"
	"strings"
)

// XCQLNamespace is the XML namespace of XCQL.
const XCQLNamespace = "http://www.loc.gov/zing/cql/xcql/"

// XCQL returns the query as XCQL, the XML form of CQL that an SRU 1.2
// server may echo in <xQuery>: a <searchClause> or <triple> element in
// the XCQL namespace. Sort keys go in a <sortKeys> element at the end of
// that root element. A bare term is written with index cql.serverChoice
// and relation "=", which is what it means; terms keep their escapes, so
// the masking information survives.
func (q *Query) XCQL() string {
	if q.Root == nil {
		return ""
	}
	w := &xcqlWriter{}
	w.node(q.Root, true, q.SortKeys)
	return w.b.String()
}

type xcqlWriter struct {
	b     strings.Builder
	depth int
}

func (w *xcqlWriter) open(name string) {
	w.indent()
	w.b.WriteString("<" + name + ">\n")
	w.depth++
}

func (w *xcqlWriter) close(name string) {
	w.depth--
	w.indent()
	w.b.WriteString("</" + name + ">\n")
}

func (w *xcqlWriter) leaf(name, text string) {
	w.indent()
	w.b.WriteString("<" + name + ">")
	xml.EscapeText(&w.b, []byte(text)) // a strings.Builder never fails
	w.b.WriteString("</" + name + ">\n")
}

func (w *xcqlWriter) indent() { w.b.WriteString(strings.Repeat("  ", w.depth)) }

func (w *xcqlWriter) node(n Node, root bool, sort []SortKey) {
	name := "searchClause"
	if _, ok := n.(*Boolean); ok {
		name = "triple"
	}
	if root {
		w.indent()
		w.b.WriteString("<" + name + ` xmlns="` + XCQLNamespace + `">` + "\n")
		w.depth++
	} else {
		w.open(name)
	}
	switch n := n.(type) {
	case *SearchClause:
		w.prefixes(n.Prefixes)
		w.leaf("index", n.EffectiveIndex())
		w.open("relation")
		w.leaf("value", n.EffectiveRelation())
		w.modifiers(n.Relation.Modifiers)
		w.close("relation")
		w.leaf("term", string(n.Term))
	case *Boolean:
		w.prefixes(n.Prefixes)
		w.open("boolean")
		w.leaf("value", n.Op)
		w.modifiers(n.Modifiers)
		w.close("boolean")
		w.open("leftOperand")
		w.node(n.Left, false, nil)
		w.close("leftOperand")
		w.open("rightOperand")
		w.node(n.Right, false, nil)
		w.close("rightOperand")
	}
	if len(sort) > 0 {
		w.open("sortKeys")
		for _, k := range sort {
			w.open("key")
			w.leaf("index", k.Index)
			w.modifiers(k.Modifiers)
			w.close("key")
		}
		w.close("sortKeys")
	}
	w.close(name)
}

func (w *xcqlWriter) prefixes(ps []Prefix) {
	if len(ps) == 0 {
		return
	}
	w.open("prefixes")
	for _, p := range ps {
		w.open("prefix")
		w.leaf("name", p.Name)
		w.leaf("identifier", p.URI)
		w.close("prefix")
	}
	w.close("prefixes")
}

func (w *xcqlWriter) modifiers(ms []Modifier) {
	if len(ms) == 0 {
		return
	}
	w.open("modifiers")
	for _, m := range ms {
		w.open("modifier")
		w.leaf("type", m.Name)
		if m.Comparison != "" {
			w.leaf("comparison", m.Comparison)
			w.leaf("value", m.Value)
		}
		w.close("modifier")
	}
	w.close("modifiers")
}
