package search

import (
	"strings"
	"unicode"
)

// Transliteration. Russian names and titles reach patrons in many Latin
// spellings: Достоевский is Dostojevski in Finnish (SFS 4900), Dostoevsky
// or Dostoyevsky in English, Dostoïevski in French, Dostojewski in German.
// Rather than generate every spelling, both sides are reduced to one
// lossy key that the spellings share: Cyrillic is romanised letter by
// letter, and the key then drops what the systems disagree on (h, j, y,
// i; zh/ž, sh/š, ch/tš/ts; doubled letters). "Dostojevski", "Dostoevsky",
// "Dostoïevski" and "Достоевский" all become "dostoevsk"; "Tolstoi",
// "Tolstoy" and "Толстой" become "tolsto".
//
// The index stores the key, tagged "tr:", for every Cyrillic word of a
// record and for every word of its authors (so that Cyrillic and other
// spellings of a name find Finnish translations filed under Dostojevski).
// A query word adds its key as one more variant. The key is lossy on
// purpose; a key match earns a stem's share of the score, below a match
// of the word as typed, and the tag keeps keys apart from words.

const translitTag = "tr:"

// cyrLatin romanises Russian letters (lower case, ё already folded to е).
var cyrLatin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p",
	'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch",
	'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "iu", 'я': "ia",
	'і': "i", 'ї': "i", 'є': "e", 'ґ': "g", 'ў': "u",
}

// keyReplacer reduces a romanised word to its key. Earlier pairs win at
// the same position, so longer spellings come first.
var keyReplacer = strings.NewReplacer(
	"shch", "s", "stsh", "s", "tsch", "c", "tch", "c", "sch", "s",
	"kh", "", "zh", "z", "sh", "s", "ch", "c", "ts", "c", "tz", "c", "ck", "k",
	"ph", "f", "ou", "u", "w", "v", "x", "ks", "q", "k",
	"h", "", "j", "", "y", "", "i", "",
)

// isCyrillic reports whether w has a Cyrillic letter.
func isCyrillic(w string) bool {
	for _, r := range w {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

// translitKey returns the tagged transliteration key of a folded word, or
// "" when the word is not one to transliterate (digits, other scripts) or
// its key is too short to mean anything.
func translitKey(w string) string {
	var b strings.Builder
	for _, r := range w {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case r == 'å' || r == 'ä':
			b.WriteByte('a')
		case r == 'ö':
			b.WriteByte('o')
		default:
			lat, ok := cyrLatin[r]
			if !ok {
				return ""
			}
			b.WriteString(lat)
		}
	}
	lat := b.String()
	key := keyReplacer.Replace(lat)
	if key == "" && len(lat) <= 2 {
		key = lat // "и" and "i", "y": a whole word the key would erase
	}
	// Doubled letters: Finnish doubles where Russian does not ("Tšaikovski").
	out := make([]byte, 0, len(key))
	for i := 0; i < len(key); i++ {
		if i == 0 || key[i] != key[i-1] {
			out = append(out, key[i])
		}
	}
	if len(out) == 0 {
		return ""
	}
	return translitTag + string(out)
}
