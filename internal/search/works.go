package search

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/RoaringBitmap/roaring/v2"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Works. The editions and formats of one work (a novel as a book, an
// e-book, an audiobook, a new edition, a translation) share a work key:
// the hash of the work's title, its main author and its kind of content.
// The title is the original title of a translation (Doc.Original), else
// the title; title and author are reduced to transliteration keys word by
// word, so that "Война и мир" by Толстой, Лев, its Finnish translation
// (original title Война и мир) by Tolstoi, Leo and an English one by
// Tolstoy, Leo are one work. The author is the surname and the initials
// of the other names: spellings of first names differ more (Leo, Лев).
// The kind of content keeps apart what only shares a title and an author:
// a text (book, e-book or audiobook), a film, music, a score, a game or a
// serial, a comic (by its genre), and each audience: an author's
// children's comic "Kissa", historical novel "Kissa" and film "Kissa"
// are three works. A record without an author is a work of its own,
// unless it has an original title, because titles alone ("Runoja",
// "Poems") say too little. The index keeps the key per document (8 bytes)
// and no table of works: grouping happens over the ranked hits, and
// listing a work's editions scans the column (a few milliseconds at 3
// million).

// contentKinds maps materials to the kinds of content a work has in them.
var contentKinds = map[string]string{
	"book": "text", "ebook": "text", "audiobook": "text", "eaudiobook": "text",
	"dvd": "film", "bluray": "film", "cd": "music", "vinyl": "music",
	"sheetmusic": "score", "boardgame": "game", "magazine": "serial", "emagazine": "serial", "instrument": "instrument",
}

// comicGenres are the genre terms (folded) that make a text a comic.
var comicGenres = map[string]bool{"sarjakuvat": true, "sarjakuvaromaanit": true, "serier": true,
	"tecknade serier": true, "comics": true, "graphic novels": true, "комиксы": true}

// workContent returns the kind of content of d, for its work key.
func workContent(d *Doc) string {
	kind := contentKinds[d.Material]
	if kind == "" && d.Material != "" {
		kind = "other"
	}
	for _, g := range d.Genres {
		if comicGenres[strings.ToLower(g)] {
			kind = "comic"
		}
	}
	return kind + "/" + d.Audience
}

// workKey returns the work key of d, whose title's normal form (normTitle)
// is title; 0 when it has none (no title, or no author and no original
// title). It is called after the fields are analysed, so that the words
// it looks up are in the analyser's cache under the keys the fields put
// there: as keys of its own they would keep its strings alive.
func (an *analyser) workKey(d *Doc, title string) uint64 {
	author := ""
	if len(d.Authors) > 0 {
		author = d.Authors[0]
	}
	if d.Original != "" {
		title = an.normTitle(d.Original)
	} else if author == "" {
		return 0
	}
	if title == "" {
		return 0
	}
	h := newFNV()
	sep := ""
	for w := range strings.FieldsSeq(title) {
		h.add(sep)
		h.add(an.workWord(d.Language, w))
		sep = " "
	}
	h.add("\x00")
	an.words = tokens(an.words[:0], author, true)
	for i, w := range an.words {
		k := an.workWord(d.Language, w)
		if i > 0 {
			h.add(" ")
			_, r := utf8.DecodeRuneInString(k)
			k = k[:r] // an initial
		}
		h.add(k)
	}
	h.add("\x00")
	h.add(workContent(d))
	return uint64(h) | 1
}

// workWord returns the form of a word in a work key: its transliteration
// key, or the word when it has none.
func (an *analyser) workWord(lang, w string) string {
	if k := an.forms(lang, w).translit; k != "" {
		return k[len(translitTag):]
	}
	return nordicFold(w)
}

// translationTerm is the term that marks the documents of work k that
// are translations (with an original title), in the identifier field,
// where no query word can reach it.
func translationTerm(k uint64) string { return "w:" + workID(k) }

// nordicFold is phraseFold.Replace for a string in normal form, which has
// none of the sort key's stand-ins, without copying one that has no å, ä
// or ö.
func nordicFold(s string) string {
	if a := asciiFold(s); a != "" {
		return a
	}
	return s
}

// workID is the form of a work key in the API.
func workID(k uint64) string { return fmt.Sprintf("%016x", k) }

// Editions returns the record IDs of the editions of a work (a
// SearchHit.WorkID) in the index, in ID order; none for an unknown work.
func (ix *Index) Editions(ctx context.Context, workID string) []int64 {
	k, err := strconv.ParseUint(workID, 16, 64)
	if err != nil || k == 0 || ctx.Err() != nil {
		return nil
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var out []int64
	for n, w := range ix.x.works {
		if w == k {
			out = append(out, ix.x.ids[n])
		}
	}
	slices.Sort(out)
	return out
}

// topWorks is ranker.top for works: a page of hits, one per work, each
// with the work's editions among the hits and their formats.
func (r *ranker) topWorks(matches [][numFields]fieldMatch, s library.Sort, offset, limit int) []library.SearchHit {
	c := r.c
	want := offset + limit
	total := int(r.hits.GetCardinality())
	var best []scored
	var firsts []scored // the best edition of each work, in order
	for k := 4 * want; ; k *= 4 {
		best = r.best(matches, s, k)
		firsts = firsts[:0]
		seen := make(map[uint64]bool)
		for _, h := range best {
			w := c.works[h.doc]
			if w == 0 || !seen[w] {
				if w != 0 {
					seen[w] = true
				}
				firsts = append(firsts, h)
			}
		}
		if len(firsts) >= want || len(best) >= total {
			break
		}
	}
	if offset >= len(firsts) {
		return nil
	}
	page := firsts[offset:min(len(firsts), want)]
	editions := make(map[uint64][]uint32, len(page))
	for _, h := range page {
		if w := c.works[h.doc]; w != 0 {
			editions[w] = nil
		}
	}
	if len(editions) > 0 {
		r.hits.Iterate(func(n uint32) bool {
			if w := c.works[n]; w != 0 {
				if eds, ok := editions[w]; ok {
					editions[w] = append(eds, n)
				}
			}
			return true
		})
	}
	out := make([]library.SearchHit, len(page))
	for i, h := range page {
		hit := library.SearchHit{ID: c.ids[h.doc], Score: float64(h.score)}
		w := c.works[h.doc]
		eds := editions[w]
		if w == 0 {
			eds = []uint32{h.doc}
		}
		hit.WorkID = workID(w)
		if w == 0 {
			hit.WorkID = "r" + strconv.FormatInt(hit.ID, 10)
		}
		hit.Editions = []int64{hit.ID}
		mats := c.facets[xMaterial].strs
		for _, n := range eds {
			if n != h.doc {
				hit.Editions = append(hit.Editions, c.ids[n])
			}
			if m := c.single[xMaterial][n]; m != 0 && !slices.Contains(hit.Formats, mats[m-1]) {
				hit.Formats = append(hit.Formats, mats[m-1])
			}
		}
		slices.Sort(hit.Editions[1:])
		slices.Sort(hit.Formats)
		out[i] = hit
	}
	return out
}

// expandWorksBelow is the most hits a query may have for withTranslations
// to add the other editions of their works: a few hits are one work or a
// few, in a language the patron did not find the others in.
const expandWorksBelow = 20

// withTranslations adds to hits, a few, the editions of their works in
// other languages: "Sota ja rauha" finds the Finnish translation, whose
// original title makes it one work with Война и мир and War and Peace,
// and those come too. Only works with a translation (translationTerm) are
// looked for, so a query whose hits have none costs a dictionary lookup a
// hit; one that has reads the work column (a few milliseconds at 3
// million records) for the originals, which do not know their
// translations.
func (c *core) withTranslations(hits *roaring.Bitmap) *roaring.Bitmap {
	if hits.IsEmpty() || hits.GetCardinality() > expandWorksBelow {
		return hits
	}
	var keys []uint64
	var more []*roaring.Bitmap
	for it := hits.Iterator(); it.HasNext(); {
		k := c.works[it.Next()]
		if k == 0 || slices.Contains(keys, k) {
			continue
		}
		if id, ok := c.termIDs[translationTerm(k)]; ok {
			if bm := c.posting(fIdent, id); bm != nil {
				keys = append(keys, k)
				more = append(more, bm)
			}
		}
	}
	if len(keys) == 0 {
		return hits
	}
	out := hits.Clone()
	for _, bm := range more {
		out.Or(bm)
	}
	for n, k := range c.works {
		if k != 0 && slices.Contains(keys, k) {
			out.Add(uint32(n))
		}
	}
	return out
}
