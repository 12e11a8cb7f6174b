package cql

import "strings"

// A Term is a search term as written in the query, without its quotes but
// with its backslash escapes, because an escaped masking character (\*)
// means something else than a bare one (*). Parse guarantees that a Term
// has no unescaped double quote and does not end in a lone backslash.
//
// The masking characters are * (any number of characters), ? (one
// character) and ^ (anchor at the start or end of the field).
type Term string

// A Piece is part of a term: literal text, or one masking character.
type Piece struct {
	Text string // literal text, escapes resolved; empty for a mask
	Mask rune   // 0 for text, else '*', '?' or '^'
}

// Literal returns the term that matches s literally, with the backslash,
// the double quote and the masking characters escaped.
func Literal(s string) Term {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, `*`, `\*`, `?`, `\?`, `^`, `\^`)
	return Term(r.Replace(s))
}

// Pieces splits the term into literal text and masking characters, so a
// backend can treat * as truncation and \* as an asterisk.
func (t Term) Pieces() []Piece {
	var pieces []Piece
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			pieces = append(pieces, Piece{Text: text.String()})
			text.Reset()
		}
	}
	s := string(t)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) {
				i++
				text.WriteByte(s[i])
			}
		case '*', '?', '^':
			flush()
			pieces = append(pieces, Piece{Mask: rune(c)})
		default:
			text.WriteByte(c)
		}
	}
	flush()
	return pieces
}

// Text returns the term with its escapes resolved and its masking
// characters kept as plain characters.
func (t Term) Text() string {
	var b strings.Builder
	s := string(t)
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// HasMasking reports whether the term has an unescaped * or ?.
func (t Term) HasMasking() bool { return t.has('*') || t.has('?') }

// HasAnchor reports whether the term has an unescaped ^.
func (t Term) HasAnchor() bool { return t.has('^') }

func (t Term) has(mask rune) bool {
	for _, p := range t.Pieces() {
		if p.Mask == mask {
			return true
		}
	}
	return false
}

// quoted returns the term as written in canonical CQL. The raw text is
// valid between quotes as it is, because Parse keeps every quote escaped.
func (t Term) quoted() string {
	if bare(string(t)) {
		return string(t)
	}
	return `"` + string(t) + `"`
}

// unescape resolves the backslash escapes of a raw word or string, for the
// parts of a query (indexes, modifiers, prefixes) that have no masking.
func unescape(raw string) string {
	if !strings.Contains(raw, `\`) {
		return raw
	}
	return Term(raw).Text()
}
