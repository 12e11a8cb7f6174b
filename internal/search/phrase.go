package search

import (
	"strings"
	"unsafe"

	"github.com/RoaringBitmap/roaring/v2"
)

// Phrases. The index keeps no word positions: they would cost memory on
// every record for a feature few queries use. Instead a phrase's words
// are found like any words, and each candidate is then checked against
// the text the index keeps anyway: the title and subtitle (the sort key),
// and the author, subject and genre names (facet values). The free text
// (summary, notes) is not kept, so there a phrase matches when all its
// words do. A check is a substring search in the title key, without
// allocating, and one per distinct name among the candidates; a phrase
// with more than maxPhraseCheck candidates (a phrase of very common
// words) is not checked at all.
const maxPhraseCheck = 50_000

// phraseFold maps the sort key's stand-ins for å, ä, ö, and those letters
// themselves, to a and o, so that a phrase typed without them matches.
var phraseFold = strings.NewReplacer("{", "a", "|", "a", "}", "o", "å", "a", "ä", "a", "ö", "o")

// hasWords reports whether the words of phrase occur in s together, as
// whole words (the last may be a prefix of one when prefix is set): s and
// phrase are words separated by single spaces.
func hasWords(s, phrase string, prefix bool) bool {
	for i := 0; i+len(phrase) <= len(s); {
		j := strings.Index(s[i:], phrase)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(phrase)
		if (j == 0 || s[j-1] == ' ') && (prefix || end == len(s) || s[end] == ' ') {
			return true
		}
		i = j + 1
	}
	return false
}

// keyMatcher returns a test of whether a sort key (sortKey) has words
// together. A phrase typed with å, ä, ö must have them, as a word must;
// one typed without matches with or without them. The test allocates
// nothing and is not safe for concurrent use.
func keyMatcher(words []string, prefix bool) func(key string) bool {
	joined := strings.Join(words, " ")
	if strings.ContainsAny(joined, "åäö") {
		phrase := sortReplacer.Replace(joined)
		return func(key string) bool { return hasWords(key, phrase, prefix) }
	}
	phrase := phraseFold.Replace(joined)
	var buf []byte
	return func(key string) bool {
		buf = append(buf[:0], key...)
		for i, b := range buf {
			switch b {
			case '{', '|':
				buf[i] = 'a'
			case '}':
				buf[i] = 'o'
			}
		}
		// buf is not changed while the string is in use.
		return hasWords(unsafe.String(unsafe.SliceData(buf), len(buf)), phrase, prefix)
	}
}

// verifyPhrase removes from docs the documents where the phrase cl is not
// found, keeping those in text (every word in the free text), and returns
// the documents that have it in the title.
func (ev *evaluator) verifyPhrase(docs *roaring.Bitmap, cl clause, text *roaring.Bitmap) *roaring.Bitmap {
	c := ev.c
	inTitle := roaring.New()
	if docs.GetCardinality() > maxPhraseCheck || cl.Field == fIdent {
		return inTitle
	}
	inKey := keyMatcher(cl.Words, cl.Prefix)
	names := make(map[uint32]bool) // facet value → has the phrase
	var drop []uint32
	docs.Iterate(func(n uint32) bool {
		if (cl.Field == anyField || cl.Field == fTitle) && inKey(c.titleKeys[n]) {
			inTitle.Add(n)
			return true
		}
		if (cl.Field == anyField || cl.Field == fText) && text != nil && text.Contains(n) {
			return true
		}
		if cl.Field == anyField || cl.Field == fAuthor || cl.Field == fSubject {
			for _, v := range c.multi.get(n) {
				x := int(v >> fieldShift)
				if cl.Field == fAuthor && x != xAuthor || cl.Field == fSubject && x == xAuthor {
					continue
				}
				has, ok := names[v]
				if !ok {
					has = inKey(sortKey(c.facets[x].strs[v&idMask]))
					names[v] = has
				}
				if has {
					return true
				}
			}
		}
		drop = append(drop, n)
		return true
	})
	for _, n := range drop {
		docs.Remove(n)
	}
	return inTitle
}
