package search

import (
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
)

// Phrases. The index keeps no word positions: they would cost memory on
// every record for a feature few queries use. Instead a phrase's words
// are found like any words, and each candidate is then checked against
// the text the index keeps anyway: the title and subtitle (the sort key),
// and the author, subject and genre names (facet values). The free text
// (summary, notes) is not kept, so there a phrase matches when all its
// words do. Checking costs a string search per candidate, so a phrase
// with more than maxPhraseCheck candidates (a phrase of very common
// words) is not checked at all.
const maxPhraseCheck = 50_000

// phraseFold maps the sort key's stand-ins for å, ä, ö, and those letters
// themselves, to a and o, so that a phrase typed without them matches.
var phraseFold = strings.NewReplacer("{", "a", "|", "a", "}", "o", "å", "a", "ä", "a", "ö", "o")

// verifyPhrase removes from docs the documents where the phrase cl is not
// found, keeping those in text (every word in the free text), and returns
// the documents that have it in the title.
func (ev *evaluator) verifyPhrase(docs *roaring.Bitmap, cl clause, text *roaring.Bitmap) *roaring.Bitmap {
	c := ev.c
	inTitle := roaring.New()
	if docs.GetCardinality() > maxPhraseCheck || cl.Field == fIdent {
		return inTitle
	}
	phrase := " " + phraseFold.Replace(strings.Join(cl.Words, " ")) + " "
	has := func(s string) bool {
		return strings.Contains(" "+phraseFold.Replace(s)+" ", phrase)
	}
	var drop []uint32
	docs.Iterate(func(n uint32) bool {
		if (cl.Field == anyField || cl.Field == fTitle) && has(c.titleKeys[n]) {
			inTitle.Add(n)
			return true
		}
		if cl.Field == anyField || cl.Field == fAuthor || cl.Field == fSubject {
			for _, v := range c.multi.get(n) {
				x := int(v >> fieldShift)
				if cl.Field == fAuthor && x != xAuthor || cl.Field == fSubject && x == xAuthor {
					continue
				}
				if has(normTitle(c.facets[x].strs[v&idMask])) {
					return true
				}
			}
		}
		if (cl.Field == anyField || cl.Field == fText) && text != nil && text.Contains(n) {
			return true
		}
		drop = append(drop, n)
		return true
	})
	for _, n := range drop {
		docs.Remove(n)
	}
	return inTitle
}
