package cql

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokenKind int

const (
	tokEOF    tokenKind = iota
	tokLParen           // (
	tokRParen           // )
	tokSlash            // /
	tokSymbol           // = == <> < > <= >=
	tokWord             // unquoted charString1
	tokString           // quoted charString2
)

// A token is one lexical unit. For words and strings, text is the raw
// text with backslash escapes kept (and without the quotes), because
// whether a masking character was escaped matters to the backend.
type token struct {
	kind tokenKind
	text string
	pos  int // byte offset in the query
}

// isSpecial reports whether r ends an unquoted word.
func isSpecial(r rune) bool {
	switch r {
	case '(', ')', '=', '<', '>', '"', '/':
		return true
	}
	return unicode.IsSpace(r)
}

// lex splits the whole query into tokens first, so that quoting errors are
// reported as such (diagnostic 14) wherever they occur.
func lex(q string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(q) {
		r, n := utf8.DecodeRuneInString(q[i:])
		switch {
		case unicode.IsSpace(r):
			i += n
		case r == '(':
			toks = append(toks, token{tokLParen, "(", i})
			i++
		case r == ')':
			toks = append(toks, token{tokRParen, ")", i})
			i++
		case r == '/':
			toks = append(toks, token{tokSlash, "/", i})
			i++
		case r == '=' || r == '<' || r == '>':
			sym := q[i : i+1]
			if i+1 < len(q) {
				switch two := q[i : i+2]; two {
				case "==", "<>", "<=", ">=":
					sym = two
				}
			}
			toks = append(toks, token{tokSymbol, sym, i})
			i += len(sym)
		case r == '"':
			end, err := scanString(q, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{tokString, q[i+1 : end-1], i})
			i = end
		default:
			end, err := scanWord(q, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, token{tokWord, q[i:end], i})
			i = end
		}
	}
	return append(toks, token{tokEOF, "", len(q)}), nil
}

// scanString returns the offset just past the string that starts with the
// quote at q[start].
func scanString(q string, start int) (int, error) {
	for i := start + 1; i < len(q); i++ {
		switch q[i] {
		case '\\':
			i++ // the escaped byte; a multi-byte rune's tail is never '"' or '\'
		case '"':
			return i + 1, nil
		}
	}
	return 0, syntaxError(q, start, DiagQuotes, "unterminated quoted string")
}

// scanWord returns the offset just past the unquoted word at q[start]. A
// backslash escapes the next character here too, as YAZ allows, so that
// dino\* is a literal asterisk without quotes.
func scanWord(q string, start int) (int, error) {
	i := start
	for i < len(q) {
		r, n := utf8.DecodeRuneInString(q[i:])
		if r == '\\' {
			if i+1 >= len(q) {
				return 0, syntaxError(q, i, DiagQuerySyntax, "backslash at end of query")
			}
			_, m := utf8.DecodeRuneInString(q[i+1:])
			i += 1 + m
			continue
		}
		if isSpecial(r) {
			break
		}
		i += n
	}
	return i, nil
}

// syntaxError builds a SyntaxError. Diagnostics 13 and 14 take the
// character offset as their details, as the SRU diagnostics list says;
// the others take the reason.
func syntaxError(q string, pos, number int, reason string) *SyntaxError {
	if pos > len(q) {
		pos = len(q)
	}
	chars := utf8.RuneCountInString(q[:pos])
	var details string
	switch number {
	case DiagParentheses, DiagQuotes:
		details = strconv.Itoa(chars)
	default:
		details = reason + " at character " + strconv.Itoa(chars)
	}
	return &SyntaxError{Pos: pos, Reason: reason, Diagnostic: NewDiagnostic(number, details)}
}

// keywords cannot be unquoted relations and must be quoted when they are
// meant as terms, lest they be read as booleans.
var keywords = []string{"and", "or", "not", "prox", "sortby"}

func isKeyword(s string) bool {
	for _, k := range keywords {
		if strings.EqualFold(s, k) {
			return true
		}
	}
	return false
}

func isBoolean(t token) bool {
	return t.kind == tokWord && isKeyword(t.text) && !strings.EqualFold(t.text, "sortby")
}
