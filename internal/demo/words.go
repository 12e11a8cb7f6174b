package demo

import (
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"
)

// langData is the vocabulary of one catalogue language as the word files
// write it: word lists one entry a line with forms separated by "|", name
// lists separated by spaces.
//
// Title, subtitle and summary templates refer to the words picked for a
// record: {N0} is form 0 of the first noun, {M1} form 1 of the second,
// {A0} form 0 of the adjective, {a} the adjective in the first noun's
// gender, {P1} form 1 of the place, {D} the article of the first noun's
// gender, {o} the Russian preposition "о" or "об" for the second noun,
// {F} a first name ("Aino ja kissa", "Pippi och hunden").
type langData struct {
	code        string
	genders     string   // gender letters in the order of adjective forms and articles
	articles    []string // by gender
	nouns       string
	adjs        string
	places      string
	titles      []string
	subtitles   []string
	summaries   []string
	lasts       string
	firsts      string
	subjects    []string // nil: Finnish headings
	genres      []string // nil: Finnish genre terms
	childGenres []string
	publishers  []string
	isbn        []string // ISBN-13 prefixes: EAN prefix and registration group
}

// lang is a langData split up and ready for fast generation.
type lang struct {
	langData
	nouns, adjs, places [][]string
	nounGender          []int
	titles, subtitles   []template
	summaries           []template
	lasts               [][]string // masculine|feminine where they differ
	firsts              []string
	femFirst            []bool
	// nounRanks picks a noun by its place in the list, the first ones
	// more often: titles, like all text, use some words much more than
	// others, but no word should be in every other title.
	nounRanks weighted[int]
	// titleKinds picks a title template (titleWeight).
	titleKinds weighted[int]
}

// titleWeight is how often a title template is used: by the square of the
// words it varies in, so that titles are mostly of two or three words
// that recur rarely, and a quarter of that when it has a fixed word of
// four letters or more ("Viimeinen {N0}", "Sommaren med {M1}"), which
// would otherwise be in one title of twenty.
func titleWeight(t template) int {
	slots, fixed := 0, false
	for _, p := range t {
		switch {
		case p.kind == 0:
			for w := range strings.FieldsSeq(p.lit) {
				fixed = fixed || utf8.RuneCountInString(strings.Trim(w, ",.:'s")) >= 4
			}
		case strings.IndexByte("NMAaPF", p.kind) >= 0:
			slots++
		}
	}
	w := 4 * slots * slots
	if fixed {
		w /= 4
	}
	return max(w, 1)
}

// zipfRanks returns ranks 0 to n-1 weighted by 1/(rank+zipfShift): the
// first noun comes about six times as often as the last of 150, and none
// is in more than about 2% of titles (a plain 1/rank would put the first
// in one title of six).
func zipfRanks(n int) weighted[int] {
	const zipfShift = 30
	ranks, weights := make([]int, n), make([]int, n)
	for i := range n {
		ranks[i], weights[i] = i, 3000/(i+zipfShift)
	}
	return newWeighted(ranks, weights)
}

func words(s string) [][]string {
	var out [][]string
	for line := range strings.SplitSeq(strings.TrimSpace(s), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, strings.Split(line, "|"))
		}
	}
	return out
}

func compile(d langData, fallback *lang) *lang {
	l := &lang{langData: d}
	l.nouns, l.adjs, l.places = words(d.nouns), words(d.adjs), words(d.places)
	l.nounRanks = zipfRanks(len(l.nouns))
	for _, n := range l.nouns {
		g := 0
		if d.genders != "" {
			g = max(strings.Index(d.genders, n[len(n)-1]), 0)
		}
		l.nounGender = append(l.nounGender, g)
	}
	l.titles, l.subtitles, l.summaries = templates(d.titles), templates(d.subtitles), templates(d.summaries)
	var kinds, weights []int
	for i, t := range l.titles {
		kinds, weights = append(kinds, i), append(weights, titleWeight(t))
	}
	l.titleKinds = newWeighted(kinds, weights)
	for _, s := range strings.Fields(d.lasts) {
		l.lasts = append(l.lasts, strings.Split(s, "|"))
	}
	for _, s := range strings.Fields(d.firsts) {
		name, fem := strings.CutSuffix(s, "|f")
		l.firsts = append(l.firsts, name)
		l.femFirst = append(l.femFirst, fem)
	}
	if fallback != nil {
		if l.subjects == nil {
			l.subjects = fallback.subjects
		}
		if l.genres == nil {
			l.genres, l.childGenres = fallback.genres, fallback.childGenres
		}
	}
	return l
}

// part is a piece of a template: literal text, or a reference to a word.
type part struct {
	lit  string
	kind byte // 0 for literal text, else the letter of the reference
	form int
}

type template []part

func templates(ss []string) []template {
	var out []template
	for _, s := range ss {
		out = append(out, parseTemplate(s))
	}
	return out
}

func parseTemplate(s string) template {
	var t template
	for s != "" {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			t = append(t, part{lit: s})
			break
		}
		if i > 0 {
			t = append(t, part{lit: s[:i]})
		}
		j := strings.IndexByte(s, '}')
		ref := s[i+1 : j]
		p := part{kind: ref[0]}
		if len(ref) > 1 {
			p.form = int(ref[1] - '0')
		}
		t = append(t, p)
		s = s[j+1:]
	}
	return t
}

// pick is the choice of words for one record, shared by its title,
// subtitle and summary so that they speak of the same things.
type pick struct {
	n, m, a, p, f int
}

func (l *lang) pick(r *rand.Rand) pick {
	k := pick{n: l.nounRanks.pick(r), m: l.nounRanks.pick(r), f: r.IntN(len(l.firsts))}
	if k.m == k.n {
		k.m = (k.n + 1 + r.IntN(len(l.nouns)-1)) % len(l.nouns) // two different nouns
	}
	if len(l.adjs) > 0 {
		k.a = r.IntN(len(l.adjs))
	}
	if len(l.places) > 0 {
		k.p = r.IntN(len(l.places))
	}
	return k
}

func form(forms []string, i int) string {
	return forms[min(i, len(forms)-1)]
}

// expand appends t with the words of k to buf[:0], its first letter in
// upper case if upper is set, and title-cased if titleCase is set and the
// language is English. Writing into a reused buffer
// keeps a title to one allocation: the generator makes hundreds of
// thousands a second.
func (l *lang) expand(buf []byte, t template, k pick, upper, titleCase bool) []byte {
	buf = buf[:0]
	for _, p := range t {
		var w string
		switch p.kind {
		case 0:
			w = p.lit
		case 'N':
			w = form(l.nouns[k.n], p.form)
		case 'M':
			w = form(l.nouns[k.m], p.form)
		case 'A':
			w = form(l.adjs[k.a], p.form)
		case 'a':
			w = form(l.adjs[k.a], l.nounGender[k.n])
		case 'P':
			w = form(l.places[k.p], p.form)
		case 'D':
			w = l.articles[l.nounGender[k.n]]
		case 'F':
			w = l.firsts[k.f]
		case 'o':
			// "об" before a vowel: "об озере", but "о море".
			r, _ := utf8.DecodeRuneInString(form(l.nouns[k.m], 3))
			w = "о"
			if strings.ContainsRune("аоуэиАОУЭИ", r) {
				w = "об"
			}
		}
		// English "A" becomes "An" before a vowel.
		if n := len(buf); p.kind != 0 && n >= 2 && buf[n-2] == 'A' && buf[n-1] == ' ' &&
			(n == 2 || buf[n-3] == ' ') && w != "" && strings.IndexByte("aeiouAEIOU", w[0]) >= 0 {
			buf = append(buf[:n-1], "n "...)
		}
		buf = append(buf, w...)
	}
	if upper || titleCase && l.code == "eng" {
		upperAt(buf, 0)
	}
	if titleCase && l.code == "eng" {
		// Capitalise every word but short function words.
		for i := 0; i < len(buf); {
			j := i
			for j < len(buf) && buf[j] != ' ' {
				j++
			}
			if i > 0 && !smallWords[string(buf[i:j])] {
				upperAt(buf, i)
			}
			i = j + 1
		}
	}
	return buf
}

// upperAt upper-cases the letter at b[i] in place if its upper case is as
// long in UTF-8, as it is for Latin and Cyrillic letters.
func upperAt(b []byte, i int) {
	if i >= len(b) {
		return
	}
	r, n := utf8.DecodeRune(b[i:])
	if u := unicode.ToUpper(r); u != r && utf8.RuneLen(u) == n {
		utf8.EncodeRune(b[i:], u)
	}
}

var smallWords = map[string]bool{"a": true, "an": true, "and": true, "at": true, "in": true, "of": true, "the": true}
