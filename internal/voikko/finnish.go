package voikko

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The transducer's output for a word interleaves the word's own letters
// with tags, for example
//
//	sodan           [Ln][Xp]sota[X]sod[Sg][Ny]an
//	kirjastokortin  [Ln][Xp]kirjasto[X]kirjasto[Sn][Ny][Bh][Bc][Ln][Xp]kortti[X]kort[Sg][Ny]in
//	kalastaja       [Lt][Xp]kalastaa[X]kalasta[Ln][Xj]ja[X][Sn][Ny]ja
//
// [L..] gives the word class, [S..] the case, [N..] the number, [C..] the
// comparison, [R..] a participle, [Bc] a compound boundary, [Bh] a place
// where a hyphen may be; [Xp]...[X] holds the base form of the word part
// that follows, [Xj]...[X] the ending a derivation adds to the base, and
// [Xr]/[Xs]...[X] other data. The functions here read what search needs
// (validity, base form, parts, class) in the way libvoikko's Finnish
// analyser does.

// vowels are the vowels libvoikko's hyphen rule for compounds knows.
const vowels = "aeiouyäö"

// appendAnalyses appends the analysis (or, for an organisation name, two)
// that one transducer output gives, unless it is not a valid reading or
// repeats one already in res.
func appendAnalyses(res []Analysis, out string) []Analysis {
	if !validCompound(out) {
		return res
	}
	an := Analysis{Base: baseForm(out), Parts: parts(out), Class: wordClass(out)}
	if an.Base == "" {
		return res
	}
	res = appendDistinct(res, an)
	if an.Class == "nimisana" && isOrgName(out) {
		an.Class = "nimi"
		res = appendDistinct(res, an)
	}
	return res
}

func appendDistinct(res []Analysis, an Analysis) []Analysis {
	for _, r := range res {
		if r.Base == an.Base && r.Class == an.Class && equalParts(r.Parts, an.Parts) {
			return res
		}
	}
	return append(res, an)
}

func equalParts(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// tagAt returns the tag starting at out[i] (which is '['), brackets
// included, or "" when it is not closed.
func tagAt(out string, i int) string {
	end := strings.IndexByte(out[i:], ']')
	if end < 0 {
		return ""
	}
	return out[i : i+end+1]
}

// skipX returns the index just past the [X] that closes the [X?] block
// starting at i.
func skipX(out string, i int) int {
	end := strings.Index(out[i+1:], "[X]")
	if end < 0 {
		return len(out)
	}
	return i + 1 + end + len("[X]")
}

// validCompound applies libvoikko's rules for hyphens between the parts of
// a compound: where parts meet at the same vowel ("kirja-arvostelu") or
// after a digit a hyphen is required, elsewhere it is not allowed, unless a
// tag allows it; a part marked [Icu] must be followed by a hyphen; and a
// proper noun may not end in a common noun without [Ica].
func validCompound(out string) bool {
	var last, beforeLast rune
	var boundary, hyphen, anyHyphen, anyHyphenJustSet, needHyphen, missingHyphen, proper, commonEnd bool
	for i := 0; i < len(out); {
		switch c := out[i]; {
		case c == '[':
			tag := tagAt(out, i)
			if tag == "" || len(tag) < 3 {
				return false
			}
			switch {
			case tag == "[Isf]":
				anyHyphen, anyHyphenJustSet = true, true
			case tag == "[Icu]":
				boundary, anyHyphen, needHyphen = false, true, true
			case tag == "[Ica]":
				missingHyphen, commonEnd = false, false
			case strings.HasPrefix(tag, "[Le"):
				proper, commonEnd = true, false
			case strings.HasPrefix(tag, "[Ln"):
				commonEnd = true
			case tag == "[Dg]":
				proper = false
			}
			switch {
			case tag[1] == 'X':
				if tag == "[X]" {
					i += len(tag)
				} else {
					i = skipX(out, i)
				}
			case tag == "[Bh]":
				i += len(tag)
				boundary, hyphen = true, false
				if missingHyphen {
					return false
				}
				if needHyphen {
					missingHyphen = true
				}
			default:
				i += len(tag)
			}
		case c == '-':
			proper, commonEnd = false, false
			i++
			if strings.HasPrefix(out[i:], "[Bh]") && i+4 < len(out) {
				boundary, hyphen = true, true
				i += len("[Bh]")
			}
		default:
			r, size := utf8.DecodeRuneInString(out[i:])
			i += size
			if boundary {
				if last == 0 || beforeLast == 'i' && last == 's' {
					anyHyphen = true
				}
				if needHyphen && hyphen {
					needHyphen = false
				}
				if !(anyHyphen && hyphen) {
					l := unicode.ToLower(last)
					required := l == unicode.ToLower(r) && strings.ContainsRune(vowels, l) || '0' <= l && l <= '9'
					if required != hyphen {
						return false
					}
				}
				boundary = false
				if anyHyphenJustSet {
					anyHyphenJustSet = false
				} else {
					anyHyphen = false
				}
			}
			beforeLast, last = last, r
		}
	}
	return !missingHyphen && !(proper && commonEnd)
}

// isOrgName reports whether a common noun reading also names an
// organisation: a compound whose last part carries [Ion]. libvoikko gives
// such words a second reading of class "nimi".
func isOrgName(out string) bool {
	if len(out) < 13 || out[0] == '-' || strings.HasPrefix(out, "[La]") {
		return false
	}
	on := strings.LastIndex(out, "[Ion]")
	if on < 8 || strings.Contains(out[on:], "[Bc]") {
		return false
	}
	return strings.Contains(out[4:on], "[Bc]")
}
