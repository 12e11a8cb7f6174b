package cover

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"
	"golang.org/x/text/width"
)

// An SVG text does not wrap itself, and the server knows no font's
// metrics: lines are measured with the widths below, in ems, a little
// wider than the common serif and sans fonts set them, so that a line
// measured to fit does fit. A title set a little narrower than measured
// only leaves more room at its sides.

// runeWidth is the width of r in ems, measured generously.
func runeWidth(r rune) float64 {
	switch {
	case r == ' ':
		return 0.3
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0 // combining marks and joiners sit on their neighbours
	case wide(r), r == '…':
		return 1
	case strings.ContainsRune("iIljtfr1.,:;'’!|()[]", r):
		return 0.38
	case strings.ContainsRune("mwMW@%", r):
		return 0.95
	case unicode.IsUpper(r):
		return 0.76
	}
	return 0.6
}

// wide reports whether r is set a full em wide, as Chinese, Japanese and
// Korean characters are; a line may break between any two of them.
func wide(r rune) bool {
	k := width.LookupRune(r).Kind()
	return k == width.EastAsianWide || k == width.EastAsianFullwidth
}

func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		w += runeWidth(r)
	}
	return w
}

// token is a piece of text no line breaks inside of, unless it is wider
// than a line: a word, a part of one up to a hyphen, or one wide
// character.
type token struct {
	text  string
	space bool // a space comes before it
}

func tokens(s string) []token {
	var out []token
	for _, word := range strings.Fields(s) {
		space := true
		start := 0
		for i, r := range word {
			end := i + utf8.RuneLen(r)
			switch {
			case wide(r):
				if i > start {
					out = append(out, token{word[start:i], space})
					space = false
				}
				out = append(out, token{word[i:end], space})
			case r == '-' && end < len(word):
				out = append(out, token{word[start:end], space}) // "Muumi-" "peikko"
			default:
				continue
			}
			space, start = false, end
		}
		if start < len(word) {
			out = append(out, token{word[start:], space})
		}
	}
	return out
}

// wrap breaks s into lines at most max ems wide: at spaces, after
// hyphens, between wide characters, and inside a word only when it is
// wider than a line, which broke reports. When that makes more than n
// lines, the n-th ends in an ellipsis and cut is true.
func wrap(s string, max float64, n int) (lines []string, cut, broke bool) {
	var cur strings.Builder
	curW := 0.0
	newLine := func() {
		if cur.Len() > 0 {
			lines = append(lines, cur.String())
			cur.Reset()
			curW = 0
		}
	}
	for _, t := range tokens(s) {
		tw := textWidth(t.text)
		sep := 0.0
		if t.space && cur.Len() > 0 {
			sep = runeWidth(' ')
		}
		if curW+sep+tw <= max {
			if sep > 0 {
				cur.WriteByte(' ')
			}
			cur.WriteString(t.text)
			curW += sep + tw
			continue
		}
		newLine()
		if tw <= max {
			cur.WriteString(t.text)
			curW = tw
			continue
		}
		for _, r := range t.text { // a word wider than a line
			rw := runeWidth(r)
			if curW+rw > max && rw > 0 && cur.Len() > 0 {
				newLine()
				broke = true
			}
			cur.WriteRune(r)
			curW += rw
		}
	}
	newLine()
	if len(lines) <= n {
		return lines, false, broke
	}
	lines = lines[:n]
	last := []rune(lines[n-1])
	for len(last) > 0 && textWidth(string(last))+runeWidth('…') > max {
		last = last[:len(last)-1]
	}
	lines[n-1] = strings.TrimRight(string(last), " ,.;:–-") + ellipsisText
	return lines, true, broke
}

// rtl reports whether s is written right to left: whether its first
// strongly directional character is Arabic, Hebrew or another such.
func rtl(s string) bool {
	for _, r := range s {
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.R, bidi.AL:
			return true
		case bidi.L:
			return false
		}
	}
	return false
}
