package search

import (
	"strconv"
	"strings"
)

// Did you mean. When a query finds at most didYouMeanBelow records, each
// of its words that fewer than rareWord records match is replaced by the
// likeliest word of the index one edit away (a letter deleted, inserted,
// replaced, or two swapped). A word that some record has as typed (or,
// with Finnish morphology, in another form) is a real word of the
// catalogue and is never corrected: "kisa" (a contest)
// is not a typo of "Kaisa" because Kaisa is commoner. (A word matching
// only by a stem or a transliteration key, which are lossy, may be: the
// key of "маргарта" is that of "маргарита".) The candidates are
// made from the word and looked up in the term dictionary: about 60
// lookups a letter, a few microseconds, and no memory beyond the
// dictionary, where a SymSpell table of deletions would cost several
// times the dictionary. Two edits would cost thousands of lookups a word;
// one edit catches most typing errors ("dostojevsky", "poter").
//
// The likeliest candidate is the one with the most records times the
// likelihood of its edit (a noisy channel): a doubled or undoubled letter
// ("kisa" for "kissa"), two letters swapped and a Nordic letter typed
// without its dots are the typos people make most, so they count
// likelyEdit times as much as any other edit.
//
// With Finnish morphology, a candidate's records include those of its
// base forms, and a candidate made by a likely edit need not be in the
// index at all if the morphology knows it: "sodasa" is "sodassa", a form
// no title has, rather than "sodasta", one edit away too but a less
// likely one. Other edits are not looked up in the morphology: a word has
// about 60 candidates a letter, and an analysis costs microseconds.
const (
	didYouMeanBelow = 2
	rareWord        = 3
	likelyEdit      = 4
	minCorrectRunes = 4 // shorter words have too many neighbours to guess
)

var (
	latinLetters    = []rune("abcdefghijklmnopqrstuvwxyzåäö")
	cyrillicLetters = []rune("абвгдежзийклмнопрстуфхцчшщъыьэюя")
)

// didYouMean returns q with its rare words corrected, or "" when no word
// has a better-known neighbour.
func (ev *evaluator) didYouMean(q *query, _ string) string {
	changed := false
	out := query{Not: q.Not}
	k := 0 // index of a word in ev.dfs, which has the positive words in order
	for _, g := range q.Groups {
		var ng []clause
		for _, cl := range g {
			words := append([]string(nil), cl.Words...)
			for i, w := range words {
				if cl.Field == yearField {
					continue
				}
				found := ev.dfs[k]
				k++
				if cl.Field == fIdent || cl.Prefix && i == len(words)-1 || found >= rareWord {
					continue
				}
				if best := ev.correct(w); best != "" {
					words[i], changed = best, true
				}
			}
			cl.Words = words
			ng = append(ng, cl)
		}
		out.Groups = append(out.Groups, ng)
	}
	if !changed {
		return ""
	}
	return out.String()
}

// df returns the number of postings entries of term id over all fields:
// the documents with it, counting a document once per field.
func (c *core) df(id uint32) int {
	n := 0
	for f := range c.post {
		if s := c.post[f][id]; s != 0 {
			n += c.postings[s-1].size()
		}
	}
	return n
}

// lemmaDF returns the postings entries of a word's base forms but the
// word itself: its records that have another form of it.
func (c *core) lemmaDF(l *lemmas, w string) int {
	n := 0
	for i, b := range l.bases {
		for _, t := range [2]string{l.lemma[i], b} {
			if id, ok := c.termIDs[t]; ok && t != w {
				n += c.df(id)
			}
		}
	}
	return n
}

// correct returns the likeliest word one edit from w, or "" when w is a
// word of the index itself or has no neighbour in it.
func (ev *evaluator) correct(w string) string {
	c := ev.c
	rs := []rune(w)
	if len(rs) < minCorrectRunes || isDigits(w) {
		return ""
	}
	if _, ok := c.termIDs[w]; ok {
		return ""
	}
	if l := ev.morph.lookup(w); l.known && c.lemmaDF(l, w) > 0 {
		return "" // a form of a word the catalogue has, in another form
	}
	letters := latinLetters
	if isCyrillic(w) {
		letters = cyrillicLetters
	}
	best, bestScore := "", 0
	try := func(cand []rune, likely bool) {
		s := string(cand)
		score := 0
		id, ok := c.termIDs[s]
		if ok {
			score = c.df(id)
		}
		if ok || likely {
			score += c.lemmaDF(ev.morph.fresh(s), s)
		}
		if score == 0 {
			return
		}
		if likely {
			score *= likelyEdit
		}
		if score > bestScore || score == bestScore && s < best {
			best, bestScore = s, score
		}
	}
	buf := make([]rune, 0, len(rs)+1)
	for i := range rs {
		// Deleting a letter undoubles it when it repeats its neighbour.
		undouble := i > 0 && rs[i-1] == rs[i] || i+1 < len(rs) && rs[i+1] == rs[i]
		try(append(append(buf[:0], rs[:i]...), rs[i+1:]...), undouble) // deletion
		if i+1 < len(rs) {
			buf = append(buf[:0], rs...)
			buf[i], buf[i+1] = buf[i+1], buf[i] // transposition
			try(buf, true)
		}
		for _, l := range letters {
			if l != rs[i] {
				buf = append(buf[:0], rs...)
				buf[i] = l // substitution
				try(buf, undotted(rs[i], l))
			}
		}
	}
	for i := 0; i <= len(rs); i++ {
		for _, l := range letters {
			buf = append(append(append(buf[:0], rs[:i]...), l), rs[i:]...) // insertion
			try(buf, i > 0 && rs[i-1] == l || i < len(rs) && rs[i] == l)
		}
	}
	return best
}

// undotted reports whether typed is want without its dots or ring (a for
// ä or å, o for ö), as on a keyboard without them.
func undotted(typed, want rune) bool {
	return typed == 'a' && (want == 'ä' || want == 'å') || typed == 'o' && want == 'ö'
}

// String writes q back in the query language.
func (q query) String() string {
	var b strings.Builder
	write := func(cl clause, neg bool) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		if neg {
			b.WriteByte('-')
		}
		for name, f := range fieldNames {
			if f == cl.Field && name != "issn" {
				b.WriteString(name + ":")
			}
		}
		switch {
		case cl.Field == yearField && cl.From == cl.To:
			b.WriteString(strconv.Itoa(cl.From))
		case cl.Field == yearField:
			b.WriteString(strconv.Itoa(cl.From) + ".." + strconv.Itoa(cl.To))
		case cl.Phrase:
			b.WriteString(`"` + strings.Join(cl.Words, " ") + `"`)
		default:
			b.WriteString(strings.Join(cl.Words, " "))
		}
		if cl.Prefix {
			b.WriteByte('*')
		}
	}
	for _, g := range q.Groups {
		for i, cl := range g {
			if i > 0 {
				b.WriteString(" OR")
			}
			write(cl, false)
		}
	}
	for _, cl := range q.Not {
		write(cl, true)
	}
	return b.String()
}
