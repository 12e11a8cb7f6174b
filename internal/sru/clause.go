package sru

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kirjasto/kirjasto/internal/cql"
	"github.com/kirjasto/kirjasto/internal/library"
)

// minPrefix is the shortest truncated word the search engine takes as a
// prefix ("ki*"); it would read a shorter one as a word.
const minPrefix = 2

// resolve returns the lower-case qualified name of an index, its context
// set resolved through the prefix assignments in scope. Check has made
// sure the set is one the server knows.
func resolve(name string, scope []cql.Prefix) string {
	set, local, ok := strings.Cut(name, ".")
	if !ok {
		set, local = supported.DefaultContextSet, name
	}
	for _, p := range slices.Backward(scope) {
		if strings.EqualFold(p.Name, set) {
			for short, uri := range contextSets {
				if uri == p.URI {
					set = short
				}
			}
			break
		}
	}
	return strings.ToLower(set + "." + local)
}

// termInvalid is diagnostic 36, which package cql does not name.
func termInvalid(t cql.Term) *cql.Diagnostic {
	return &cql.Diagnostic{Number: 36, Details: t.Text(), Message: "Term in invalid format for index or relation"}
}

// clause translates one search clause.
func clause(c *cql.SearchClause, scope []cql.Prefix) (query, *cql.Diagnostic) {
	name := c.EffectiveIndex()
	ix := indexes[resolve(name, scope)]
	rel := strings.ToLower(strings.TrimPrefix(strings.ToLower(c.EffectiveRelation()), "cql."))
	switch {
	case ix.facet != "":
		return filter(ix.facet, rel, c.Term)
	case ix.field == "year":
		return years(rel, c.Term)
	}
	prefix := ""
	if ix.field != "" {
		prefix = ix.field + ":"
	}
	switch rel {
	case "=", "==", "adj", "exact":
		u, d := unit(prefix, c.Term)
		return query{groups: [][]string{{u}}}, d
	case "all", "any":
		var units []string
		for _, w := range strings.Fields(string(c.Term)) {
			u, d := unit(prefix, cql.Term(w))
			if d != nil {
				return query{}, d
			}
			units = append(units, u)
		}
		if len(units) == 0 {
			return query{}, cql.EmptyTermUnsupported()
		}
		if rel == "any" {
			return query{groups: [][]string{units}}, nil
		}
		var q query
		for _, u := range units {
			q.groups = append(q.groups, []string{u})
		}
		return q, nil
	}
	return query{}, cql.NewDiagnostic(cql.DiagUnsupportedRelationIndex, rel+" "+name)
}

// unit writes a term as one clause of the search language: a quoted
// phrase, in a field if prefix names one, truncated if it ends in *.
func unit(prefix string, t cql.Term) (string, *cql.Diagnostic) {
	pieces := t.Pieces()
	truncated := len(pieces) > 0 && pieces[len(pieces)-1].Mask == '*'
	if truncated {
		pieces = pieces[:len(pieces)-1]
	}
	var text strings.Builder
	for _, p := range pieces {
		switch p.Mask {
		case 0:
			text.WriteString(p.Text)
		case '?':
			return "", cql.MaskingUnsupported(t)
		default:
			return "", cql.NewDiagnostic(cql.DiagMaskingPosition, string(t))
		}
	}
	// The search language has no escape for a quote inside a phrase; a
	// quote is no word character anyway.
	s := strings.TrimSpace(strings.ReplaceAll(text.String(), `"`, " "))
	switch {
	case s == "":
		return "", cql.EmptyTermUnsupported()
	case truncated && utf8.RuneCountInString(s) < minPrefix:
		return "", cql.NewDiagnostic(cql.DiagMaskedWordsTooShort, string(t))
	}
	u := prefix + `"` + s + `"`
	if truncated {
		u += "*"
	}
	return u, nil
}

// filter translates a clause on a facet: one value, or with "any"
// several, of which a record must have one.
func filter(facet, rel string, t cql.Term) (query, *cql.Diagnostic) {
	if t.HasMasking() {
		return query{}, cql.MaskingUnsupported(t)
	}
	var values []string
	switch rel {
	case "=", "==", "exact", "adj":
		values = []string{strings.TrimSpace(t.Text())}
	case "any":
		values = strings.Fields(t.Text())
	case "all":
		if values = strings.Fields(t.Text()); len(values) > 1 {
			return query{}, unsupported("all of several values of " + facet)
		}
	default:
		return query{}, cql.NewDiagnostic(cql.DiagUnsupportedRelationIndex, rel+" "+facet)
	}
	if len(values) == 0 || values[0] == "" {
		return query{}, cql.EmptyTermUnsupported()
	}
	if facet != library.FacetGenre {
		for i, v := range values {
			values[i] = strings.ToLower(v) // codes: "dvd", "fin", "espoo"
		}
	}
	return query{filters: map[string][]string{facet: values}}, nil
}

// years translates a clause on the year of publication to the search
// language's year ranges ("year:1990..1999").
func years(rel string, t cql.Term) (query, *cql.Diagnostic) {
	words := strings.Fields(t.Text())
	ys := make([]int, len(words))
	for i, w := range words {
		y, err := strconv.Atoi(w)
		if err != nil || y < 0 || y > 9999 {
			return query{}, termInvalid(t)
		}
		ys[i] = y
	}
	one := func() (int, *cql.Diagnostic) {
		if len(ys) != 1 {
			return 0, termInvalid(t)
		}
		return ys[0], nil
	}
	rng := func(from, to int) query {
		return query{groups: [][]string{{"year:" + strconv.Itoa(from) + ".." + strconv.Itoa(to)}}}
	}
	switch rel {
	case "any":
		if len(ys) == 0 {
			return query{}, cql.EmptyTermUnsupported()
		}
		var g []string
		for _, y := range ys {
			g = append(g, "year:"+strconv.Itoa(y))
		}
		return query{groups: [][]string{g}}, nil
	case "within":
		if len(ys) != 2 {
			return query{}, termInvalid(t)
		}
		return rng(min(ys[0], ys[1]), max(ys[0], ys[1])), nil
	}
	y, d := one()
	if d != nil {
		return query{}, d
	}
	switch rel {
	case "=", "==", "exact", "adj", "all":
		return rng(y, y), nil
	case "<":
		return rng(0, y-1), nil
	case "<=":
		return rng(0, y), nil
	case ">":
		return rng(y+1, 9999), nil
	case ">=":
		return rng(y, 9999), nil
	}
	return query{}, cql.NewDiagnostic(cql.DiagUnsupportedRelationIndex, rel+" dc.date")
}

// sortOrder maps a sortBy clause to one of the search engine's orders:
// by title, or newest first by date; none means by relevance.
func sortOrder(keys []cql.SortKey) (library.Sort, *cql.Diagnostic) {
	if len(keys) == 0 {
		return library.SortRelevance, nil
	}
	if len(keys) > 1 {
		return "", cql.NewDiagnostic(cql.DiagSortUnsupported, "more than one sort key")
	}
	k := keys[0]
	descending := slices.ContainsFunc(k.Modifiers, func(m cql.Modifier) bool {
		return strings.EqualFold(strings.TrimPrefix(strings.ToLower(m.Name), "sort."), "descending")
	})
	ix := indexes[resolve(k.Index, nil)]
	switch {
	case ix.field == "title" && !descending:
		return library.SortTitle, nil
	case ix.field == "year" && descending:
		return library.SortNewest, nil
	}
	return "", cql.NewDiagnostic(cql.DiagSortUnsupported, k.Index)
}
