package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	snowball "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/finnish"
	"github.com/blevesearch/snowballstem/french"
	"github.com/blevesearch/snowballstem/german"
	"github.com/blevesearch/snowballstem/russian"
	"github.com/blevesearch/snowballstem/spanish"
	"github.com/blevesearch/snowballstem/swedish"
	"golang.org/x/text/unicode/norm"
)

// A stemmer reduces a word in one language to its stem. Stems go into the
// index tagged with the language ("fi:kis"), so that a stem never collides
// with a surface word or with another language's stem: the Finnish stem of
// "kissa" must not match the English word "kis".
type stemmer struct {
	tag  string // prefix of the indexed stem terms, e.g. "fi:"
	stem func(*snowball.Env) bool
}

// stemmers maps a record's MARC language code to its stemmer. Queries are
// stemmed with all of them, because a patron's interface language says
// little about the language of the book they look for.
var stemmers = map[string]stemmer{
	"fin": {"fi:", finnish.Stem},
	"swe": {"sv:", swedish.Stem},
	"eng": {"en:", english.Stem},
	"rus": {"ru:", russian.Stem},
	"ger": {"de:", german.Stem},
	"fre": {"fr:", french.Stem},
	"spa": {"es:", spanish.Stem},
}

// queryStemmers lists the stemmers in a fixed order, for queries.
var queryStemmers = []string{"fin", "swe", "eng", "rus", "ger", "fre", "spa"}

// uiLangs maps the interface languages of SearchQuery.Lang to MARC codes.
var uiLangs = map[string]string{"fi": "fin", "sv": "swe", "en": "eng", "ru": "rus", "de": "ger", "fr": "fre", "es": "spa"}

// recordLangs maps every interface language, stemmed or not, to the MARC
// code of records in it, for ranking the user's language first.
var recordLangs = map[string]string{"fi": "fin", "sv": "swe", "en": "eng", "ru": "rus", "et": "est", "so": "som", "ar": "ara",
	"de": "ger", "fr": "fre", "es": "spa"}

// stemTerm returns the tagged stem of a folded word in the language with
// MARC code lang, or "" when there is no stemmer for it or the word is too
// short or numeric to stem usefully.
func stemTerm(env *snowball.Env, lang, word string) string {
	s, ok := stemmers[lang]
	if !ok || utf8.RuneCountInString(word) < 3 || isDigits(word) {
		return ""
	}
	env.SetCurrent(word)
	s.stem(env)
	return s.tag + env.Current()
}

// fold lower-cases s and removes diacritics from Latin letters, except from
// å, ä and ö: in Finnish and Swedish they are letters of their own
// ("tuli" fire and "tüli" are the same word; "tuuli" and "tyyli" are not),
// so "pöytä" stays "pöytä". Cyrillic keeps its letters (й is not и); only ё
// folds to е, as Russian text usually writes it. A query typed without
// å, ä and ö still finds those words through asciiFold, which the index
// stores as a second form.
func fold(s string) string {
	upper := false
	for i := 0; i < len(s); i++ {
		b := s[i]
		if b >= utf8.RuneSelf {
			return foldRunes(s)
		}
		upper = upper || 'A' <= b && b <= 'Z'
	}
	if upper {
		return strings.ToLower(s) // ASCII, which it lower-cases byte by byte
	}
	return s
}

// foldRunes is fold for a word with letters beyond ASCII.
func foldRunes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var buf [utf8.UTFMax * 4]byte
	for _, r := range s {
		r = unicode.ToLower(r)
		switch {
		case r < utf8.RuneSelf, r == 'å', r == 'ä', r == 'ö':
			b.WriteRune(r)
		case r == 'ё':
			b.WriteRune('е')
		case r == 'ß':
			b.WriteString("ss")
		case r < 0x250: // Latin-1 and Latin Extended: drop combining marks
			n := utf8.EncodeRune(buf[:], r)
			for _, d := range norm.NFD.String(string(buf[:n])) {
				if !unicode.Is(unicode.Mn, d) {
					b.WriteRune(d)
				}
			}
		case unicode.Is(unicode.Mn, r):
			// A combining mark after a Latin letter (decomposed input).
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// asciiFold folds the Nordic letters å, ä, ö of an already folded word to
// a and o, for patrons typing on keyboards without them. It returns "" when
// the word has none.
func asciiFold(w string) string {
	if !strings.ContainsAny(w, "åäö") {
		return ""
	}
	return asciiReplacer.Replace(w)
}

var asciiReplacer = strings.NewReplacer("å", "a", "ä", "a", "ö", "o")

// isWordRune reports whether r is part of a word: letters, digits and the
// combining marks that belong to letters.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// isDash reports whether r joins the parts of an ISBN, ISSN or number range.
func isDash(r rune) bool { return r == '-' || r == '‐' || r == '‑' || r == '–' }

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// identifier returns the compact form of an ISBN, ISSN or other dashed
// number ("978-951-1-12345-6" → "9789511123456", "0317-8471" → "03178471",
// "123-45x" → "12345x"), or "" when chunk is not one: digit groups joined
// by dashes with at least 8 digits, the last one possibly an X check digit.
func identifier(chunk string) string {
	var b strings.Builder
	digits := 0
	dashes := 0
	last := rune(0)
	for i, r := range chunk {
		switch {
		case r >= '0' && r <= '9':
			digits++
			b.WriteRune(r)
		case (r == 'x' || r == 'X') && i == len(chunk)-1 && digits > 0:
			digits++ // an ISSN's check digit: "0317-847X" has 8
			b.WriteByte('x')
		case isDash(r) && last >= '0' && last <= '9':
			dashes++
		default:
			return ""
		}
		last = r
	}
	if digits < 8 || dashes == 0 || isDash(last) {
		return ""
	}
	return b.String()
}

// tokens appends the folded words of s to dst. Words are runs of letters
// and digits; everything else separates them. A dashed identifier such as
// an ISBN also yields its compact form, so that it is found with and
// without dashes; when query is true it yields only that form, because the
// parts of an ISBN are not words a patron means.
func tokens(dst []string, s string, query bool) []string {
	for chunk := range strings.FieldsFuncSeq(s, unicode.IsSpace) {
		// In a query, "2010-2020" is a range of years, not an ISSN:
		// an 8-digit number must have an ISSN's check digit.
		if id := identifier(chunk); id != "" && (!query || len(id) != 8 || validISSN(id)) {
			dst = append(dst, id)
			if query {
				continue
			}
		}
		for w := range strings.FieldsFuncSeq(chunk, func(r rune) bool { return !isWordRune(r) }) {
			if w = fold(w); w != "" {
				dst = append(dst, w)
			}
		}
	}
	return dst
}

// normTitle returns the words of a title joined by single spaces: the form
// in which a query "matches the whole title".
func normTitle(s string) string {
	return strings.Join(tokens(nil, s, true), " ")
}

// sortKey returns the key a title sorts by: folded, with å, ä and ö after z
// as Finnish and Swedish alphabets have them (the bytes after 'z' in ASCII
// keep that order under plain byte comparison).
func sortKey(title string) string {
	return sortFold(normTitle(title))
}

// sortFold replaces å, ä and ö of s with their stand-ins in sort keys.
func sortFold(s string) string {
	if !strings.ContainsAny(s, "åäö") {
		return s // which Replace would copy
	}
	return sortReplacer.Replace(s)
}

var sortReplacer = strings.NewReplacer("å", "{", "ä", "|", "ö", "}")

// validISSN reports whether the compact 8-character id has a correct ISSN
// check digit.
func validISSN(id string) bool {
	sum := 0
	for i := range 7 {
		sum += int(id[i]-'0') * (8 - i)
	}
	want := byte('0' + (11-sum%11)%11)
	if (11-sum%11)%11 == 10 {
		want = 'x'
	}
	return id[7] == want
}
