package voikko

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// baseForm returns the base form of the word whose transducer output is
// out, in lower case, or "" when out has none. The word's letters are
// copied; each [Xp] or [Xj] block marks where the base form of the part
// that follows begins; the base form is the letters up to the last such
// mark followed by that block's content: "[Ln][Xp]sota[X]sod[Sg][Ny]an" is
// "sota". Letters in [Xr] and [Xs] blocks and in other tags are not part of
// the word.
func baseForm(out string) string {
	b := make([]byte, 0, 64)
	xpOut, xpBase := -1, 0 // where the latest [Xp]/[Xj] content starts in out, and in b
	inXp, inXr := false, false
	hyphensInXp := 0
	classSeen, isDe, ignoreNextDe := false, false, false
	for i := 0; i < len(out); {
		c := out[i]
		if c == '[' {
			tag := tagAt(out, i)
			if tag == "" {
				return ""
			}
			i += len(tag)
			switch {
			case tag == "[X]":
				inXp, inXr = false, false
			case tag == "[Xp]" || tag == "[Xj]":
				inXp, xpOut, xpBase, hyphensInXp = true, i, len(b), 0
			case tag == "[Xr]" || tag == "[Xs]":
				inXr = true
			case tag == "[Lu]" && !classSeen:
				classSeen = true
				if num, ok := numeralBase(out[i:]); ok {
					return string(lower(append(b, num...)))
				}
			case tag == "[De]":
				isDe = !ignoreNextDe
			case tag[1] == 'L':
				classSeen, isDe = true, false
				// Only an adjective ("Iso-Britannia") or a noun-adjective
				// is rewritten to its base form before a hyphen.
				ignoreNextDe = tag != "[Ll]" && tag != "[Lnl]"
			}
			continue
		}
		i++
		switch {
		case inXr:
		case inXp:
			if c == '-' {
				hyphensInXp++
			}
		default:
			if c == '-' {
				if hyphensInXp > 0 {
					hyphensInXp--
				} else {
					// "Isolla-Britannialla": the inflected first part of a
					// place name becomes its base form; "Pohjois-" never does.
					if isDe && xpOut >= 0 && !strings.HasSuffix(out[:i-1], "is") && strings.Contains(out[i:], "[Lep]") {
						b = appendXp(b[:xpBase], out[xpOut:])
					}
					xpOut = -1
				}
				isDe = false
			}
			b = append(b, c)
		}
	}
	if xpOut >= 0 {
		b = appendXp(b[:xpBase], out[xpOut:])
	}
	return string(lower(b))
}

// appendXp appends an [Xp] block's content (up to the next tag) without
// the '=' marks of morpheme boundaries.
func appendXp(b []byte, content string) []byte {
	if end := strings.IndexByte(content, '['); end >= 0 {
		content = content[:end]
	}
	for i := 0; i < len(content); i++ {
		if content[i] != '=' {
			b = append(b, content[i])
		}
	}
	return b
}

// numeralBase reads the base form of a numeral ("kahdeksantoista",
// "1900"): the digits it starts with and, of each part, its [Xp] content
// or, when it has none, its letters. It gives up (false) when the numeral
// is a prefix or is followed by a noun or adjective, and the ordinary
// rules apply.
func numeralBase(out string) (string, bool) {
	var b []byte
	inXp, inXr, xpPassed := false, false, false
	inDigits := len(out) > 0 && (out[0] >= '0' && out[0] <= '9' || out[0] == '-')
	for i := 0; i < len(out); {
		c := out[i]
		if c == '[' {
			if inDigits {
				inDigits, xpPassed = false, true
			}
			tag := tagAt(out, i)
			if tag == "" {
				return "", false
			}
			rest := len(out) - i
			switch {
			case (tag == "[Xp]" || tag == "[Xj]") && rest > 6:
				inXp = true
			case tag == "[Xr]" && rest > 6:
				inXr = true
			case tag == "[Bc]" && rest == 4:
				return "", false // a numeral prefix
			case tag == "[Bc]" && rest > 6:
				xpPassed = false
			case (tag == "[Ln]" || tag == "[Ll]" || tag == "[Lnl]") && rest > 6:
				return "", false
			case tag == "[X]":
				if inXp {
					inXp, xpPassed = false, true
				}
				inXr = false
			}
			i += len(tag)
			continue
		}
		i++
		switch {
		case inXr:
		case inXp || inDigits || !xpPassed || c == '-':
			b = append(b, c)
		}
	}
	return string(b), true
}

// parts returns the base forms of a compound's parts, split at its [Bc]
// boundaries, or nil for a simple word or a numeral.
func parts(out string) []string {
	if !strings.Contains(out, "[Bc]") || strings.HasPrefix(out, "[Lu]") && !strings.Contains(out, "[Ln]") {
		return nil
	}
	var ps []string
	for seg := range strings.SplitSeq(out, "[Bc]") {
		seg = strings.TrimSuffix(seg, "[Bh]")
		seg = strings.TrimSuffix(seg, "-")
		if p := strings.Trim(baseForm(seg), "-"); p != "" {
			ps = append(ps, p)
		}
	}
	if len(ps) < 2 {
		return nil
	}
	return ps
}

// lower returns b in lower case, changing b itself: base forms of names
// are capitalised in the transducer ("Helsinki").
func lower(b []byte) []byte {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if l := unicode.ToLower(r); l != r {
			if utf8.RuneLen(l) != size {
				return []byte(strings.Map(unicode.ToLower, string(b)))
			}
			utf8.EncodeRune(b[i:], l)
		}
		i += size
	}
	return b
}
