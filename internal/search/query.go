package search

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what a query may ask of the index. Longer input is cut, not
// refused: a patron pasting a paragraph still gets an answer.
const (
	maxQueryBytes = 1024
	maxTerms      = 32 // words in all clauses
	minPrefix     = 2  // runes a prefix ("ki*") needs; shorter is a word
)

// Pseudo-fields of a clause: any index field, and the year column.
const (
	anyField  = -1
	yearField = -2
)

// clause is one condition of a query: a word, a phrase, a prefix or a
// year range, in one field or any.
type clause struct {
	Field  int      // index field, anyField or yearField
	Words  []string // folded words; more than one for a phrase
	Phrase bool     // the words must be adjacent (see phrase.go)
	Prefix bool     // the last word is a prefix ("kirja*")
	From   int      // year range of a yearField clause, inclusive
	To     int
}

// query is what a patron typed, parsed: every group must match (AND); a
// group matches when any of its clauses does (OR); a record matching any
// clause of Not is no hit.
type query struct {
	Groups [][]clause
	Not    []clause
}

// words returns the number of words in q.
func (q *query) words() int {
	n := 0
	for _, g := range q.Groups {
		for _, c := range g {
			n += len(c.Words)
		}
	}
	for _, c := range q.Not {
		n += len(c.Words)
	}
	return n
}

// parse reads the query language: words (all must match), "phrases",
// -word and -"phrase" (or NOT word) to exclude, a OR b, prefix*,
// field:word and field:"phrase" for title, author, subject, isbn and issn,
// year:2019 and year:2010-2020. ISBNs and ISSNs match with or without
// dashes. It never fails: anything it does not understand (unbalanced
// quotes, stray operators, control characters, an unknown "prefix:") is
// read as words.
func parse(s string) query {
	if len(s) > maxQueryBytes {
		s = strings.ToValidUTF8(s[:maxQueryBytes], "")
	}
	var (
		q       query
		orNext  bool // the previous token was OR
		notNext bool // the previous token was NOT
	)
	add := func(c clause, neg bool) {
		if len(c.Words) == 0 && c.Field != yearField {
			return
		}
		if q.words()+len(c.Words) > maxTerms {
			return
		}
		switch {
		case neg:
			q.Not = append(q.Not, c)
		case orNext && len(q.Groups) > 0:
			g := &q.Groups[len(q.Groups)-1]
			*g = append(*g, c)
		default:
			q.Groups = append(q.Groups, []clause{c})
		}
		orNext = false
	}
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '(' || r == ')' {
			s = s[size:]
			continue
		}
		neg := notNext
		notNext = false
		if r == '-' && len(s) > 1 {
			if r2, _ := utf8.DecodeRuneInString(s[1:]); !unicode.IsSpace(r2) && r2 != '-' {
				neg, s = true, s[1:]
			}
		}
		field := anyField
		if name, rest, ok := strings.Cut(s, ":"); ok && !strings.ContainsFunc(name, notFieldRune) {
			if f, ok := fieldNames[strings.ToLower(name)]; ok {
				field, s = f, rest
			}
		}
		if strings.HasPrefix(s, `"`) {
			text, rest, _ := strings.Cut(s[1:], `"`) // an unclosed quote runs to the end
			prefix := strings.HasPrefix(rest, "*")   // "harry pot"*
			s = strings.TrimLeft(rest, "*")
			if field == yearField {
				field = anyField
			}
			add(prefixed(clause{Field: field, Words: tokens(nil, text, true), Phrase: true}, prefix), neg)
			continue
		}
		end := strings.IndexFunc(s, func(r rune) bool {
			return unicode.IsSpace(r) || unicode.IsControl(r) || r == '"' || r == '(' || r == ')'
		})
		if end < 0 {
			end = len(s)
		}
		tok := s[:end]
		s = s[end:]
		if field == anyField && !neg {
			switch tok {
			case "OR", "|", "||":
				orNext = len(q.Groups) > 0
				continue
			case "AND", "&&", "+":
				continue
			case "NOT":
				notNext = true
				continue
			}
		}
		if field == yearField {
			if from, to, ok := yearRange(tok); ok {
				add(clause{Field: yearField, From: from, To: to}, neg)
				continue
			}
			field = anyField
		}
		words := tokens(nil, strings.TrimRight(tok, "*"), true)
		add(prefixed(clause{Field: field, Words: words, Phrase: len(words) > 1}, strings.HasSuffix(tok, "*")), neg)
	}
	return q
}

// prefixed marks c's last word as a prefix when the patron typed a * after
// it and it is long enough and not a number.
func prefixed(c clause, star bool) clause {
	if n := len(c.Words); star && n > 0 && utf8.RuneCountInString(c.Words[n-1]) >= minPrefix && !isDigits(c.Words[n-1]) {
		c.Prefix = true
	}
	return c
}

// yearRange reads "2019", "2010-2020" or "2010..2020" (an open end is
// 0 or 9999).
func yearRange(s string) (from, to int, ok bool) {
	a, b, isRange := strings.Cut(s, "..")
	if !isRange {
		a, b, isRange = strings.Cut(s, "-")
	}
	year := func(s string, def int) (int, bool) {
		if s == "" && isRange {
			return def, true
		}
		if len(s) > 4 || !isDigits(s) {
			return 0, false
		}
		n, err := strconv.Atoi(s)
		return n, err == nil
	}
	from, ok1 := year(a, 0)
	to, ok2 := from, true
	if isRange {
		to, ok2 = year(b, 9999)
	}
	if !ok1 || !ok2 || (a == "" && b == "") {
		return 0, 0, false
	}
	if from > to {
		from, to = to, from
	}
	return from, to, true
}

// notFieldRune reports whether r cannot be in a field prefix, so that
// "Re: Zero" or "a:b:c" stay words.
func notFieldRune(r rune) bool { return r < 'A' || r > 'z' || ('Z' < r && r < 'a') }
