package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what a query may ask of the index. Longer input is cut, not
// refused: a patron pasting a paragraph still gets an answer.
const (
	maxQueryBytes = 1024
	maxTerms      = 32
)

// anyField is the field of a term that may match in any field.
const anyField = -1

// term is one word of a query: every term must match (AND). The parser
// produces a flat list now; OR groups, exclusions (-word), prefixes
// (word*) and year ranges are meant to become further kinds of term, or
// a tree of them, without changing how words are found.
type term struct {
	Field  int    // index field, or anyField
	Word   string // folded, as tokens makes it
	Phrase int    // number of the quoted phrase the word is in, from 1; 0 if none
}

// parse turns what a patron typed into terms. It never fails: anything it
// does not understand (unbalanced quotes, stray operators, control
// characters) is read as words, and an unknown "prefix:" is just a word.
func parse(s string) []term {
	if len(s) > maxQueryBytes {
		s = strings.ToValidUTF8(s[:maxQueryBytes], "")
	}
	var (
		terms  []term
		phrase int
	)
	add := func(field int, text string, inPhrase bool) {
		if inPhrase {
			phrase++
		}
		for _, w := range tokens(nil, text, true) {
			if len(terms) == maxTerms {
				return
			}
			t := term{Field: field, Word: w}
			if inPhrase {
				t.Phrase = phrase
			}
			terms = append(terms, t)
		}
	}
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			s = s[size:]
			continue
		}
		field := anyField
		if name, rest, ok := strings.Cut(s, ":"); ok && !strings.ContainsFunc(name, notFieldRune) {
			if f, ok := fieldNames[strings.ToLower(name)]; ok {
				field, s = f, rest
			}
		}
		if strings.HasPrefix(s, `"`) {
			text, rest, _ := strings.Cut(s[1:], `"`) // an unclosed quote runs to the end
			add(field, text, true)
			s = rest
			continue
		}
		end := strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r == '"' })
		if end < 0 {
			end = len(s)
		}
		add(field, s[:end], false)
		s = s[end:]
	}
	return terms
}

// notFieldRune reports whether r cannot be in a field prefix, so that
// "Re: Zero" or "a:b:c" stay words.
func notFieldRune(r rune) bool { return r < 'A' || r > 'z' || ('Z' < r && r < 'a') }
