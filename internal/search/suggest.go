package search

import (
	"container/heap"
	"context"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/kirjasto/kirjasto/internal/library"
)

// Suggestions (autocomplete). A suggester is a sorted array of keys, each
// a folded title, author or subject from one of its word starts ("harry
// potter ja…", "potter ja…"; authors also as "tove jansson" for "Jansson,
// Tove"), so that a prefix is a binary search for a range of keys. The
// keys share the memory of the folded texts. Over the weights in key order
// a segment tree finds the heaviest entries of a range without looking at
// the rest of it: a prefix of one letter matches a million keys.
//
// The suggester is rebuilt from the index in the background when the
// index has changed and the suggester is older than suggestMaxAge; a
// suggestion a minute late is no harm, and rebuilding on every change
// would cost too much at 3 million records.

const (
	suggestMaxAge = time.Minute
	maxWordStarts = 4 // keys per text: from its start and its next words
	maxSuggest    = 50
)

// Kinds of suggestion.
const (
	kindTitle   = "title"
	kindAuthor  = "author"
	kindSubject = "subject"
)

type suggestEntry struct {
	key   string // a suffix of the folded text from a word start
	text  uint32 // index in suggester.texts
	start bool   // key is the whole folded text, from its first word
}

type suggestText struct {
	text   string
	kind   string
	count  int    // records
	weight uint64 // records plus their loans
}

type suggester struct {
	entries []suggestEntry // by key
	texts   []suggestText
	tree    []uint32 // segment tree over entries: index of the heaviest in each node
	built   time.Time
	core    *core  // it was built from
	gen     uint64 // of core when it was built
}

// suggestKey folds s as keys are folded: words, lower case, å ä ö as a o.
func suggestKey(s string) string { return phraseFold.Replace(normTitle(s)) }

// buildSuggester builds a suggester from texts, whose keys it derives.
func buildSuggester(texts []suggestText, gen uint64) *suggester {
	s := &suggester{texts: texts, built: time.Now(), gen: gen}
	for i, t := range texts {
		keys := []string{suggestKey(t.text)}
		if first, last, ok := strings.Cut(t.text, ", "); ok && t.kind == kindAuthor {
			keys = append(keys, suggestKey(last+" "+first))
		}
		for j, k := range keys {
			for starts := 0; k != "" && starts < maxWordStarts; starts++ {
				s.entries = append(s.entries, suggestEntry{key: k, text: uint32(i), start: j == 0 && starts == 0})
				_, rest, ok := strings.Cut(k, " ")
				if !ok {
					break
				}
				k = rest
			}
		}
	}
	slices.SortFunc(s.entries, func(a, b suggestEntry) int { return strings.Compare(a.key, b.key) })
	n := len(s.entries)
	s.tree = make([]uint32, 2*n)
	for i := range n {
		s.tree[n+i] = uint32(i)
	}
	for i := n - 1; i > 0; i-- {
		s.tree[i] = s.heavier(s.tree[2*i], s.tree[2*i+1])
	}
	return s
}

func (s *suggester) weight(e uint32) uint64 { return s.texts[s.entries[e].text].weight }

func (s *suggester) heavier(a, b uint32) uint32 {
	if s.weight(b) > s.weight(a) {
		return b
	}
	return a
}

// heaviest returns the heaviest entry in [lo, hi), which must not be empty.
func (s *suggester) heaviest(lo, hi int) uint32 {
	n := len(s.entries)
	best := uint32(lo)
	for l, r := lo+n, hi+n; l < r; l, r = l/2, r/2 {
		if l&1 == 1 {
			best = s.heavier(best, s.tree[l])
			l++
		}
		if r&1 == 1 {
			r--
			best = s.heavier(best, s.tree[r])
		}
	}
	return best
}

// span is a range of entries with its heaviest entry, for the heap.
type span struct {
	lo, hi int
	top    uint32
}

type spanHeap struct {
	s     *suggester
	spans []span
}

func (h *spanHeap) Len() int { return len(h.spans) }
func (h *spanHeap) Less(i, j int) bool {
	return h.s.weight(h.spans[i].top) > h.s.weight(h.spans[j].top)
}
func (h *spanHeap) Swap(i, j int) { h.spans[i], h.spans[j] = h.spans[j], h.spans[i] }
func (h *spanHeap) Push(x any)    { h.spans = append(h.spans, x.(span)) }
func (h *spanHeap) Pop() any {
	x := h.spans[len(h.spans)-1]
	h.spans = h.spans[:len(h.spans)-1]
	return x
}

// first returns the first entry whose key is not before prefix.
func (s *suggester) first(prefix string) int {
	lo, _ := slices.BinarySearchFunc(s.entries, prefix, func(e suggestEntry, p string) int { return strings.Compare(e.key, p) })
	return lo
}

// suggest returns the n heaviest texts with a key starting with any of
// prefixes.
func (s *suggester) suggest(prefixes []string, n int) []library.Suggestion {
	h := &spanHeap{s: s}
	for _, prefix := range prefixes {
		lo := s.first(prefix)
		hi := lo + sort.Search(len(s.entries)-lo, func(i int) bool { return !strings.HasPrefix(s.entries[lo+i].key, prefix) })
		if lo < hi {
			h.spans = append(h.spans, span{lo, hi, s.heaviest(lo, hi)})
		}
	}
	heap.Init(h)
	var out []library.Suggestion
	seen := make(map[uint32]bool, n)
	for h.Len() > 0 && len(out) < n {
		sp := heap.Pop(h).(span)
		e := s.entries[sp.top]
		if !seen[e.text] {
			seen[e.text] = true
			t := s.texts[e.text]
			out = append(out, library.Suggestion{Text: t.text, Kind: t.kind, Count: t.count})
		}
		for _, r := range [2][2]int{{sp.lo, int(sp.top)}, {int(sp.top) + 1, sp.hi}} {
			if r[0] < r[1] {
				heap.Push(h, span{r[0], r[1], s.heaviest(r[0], r[1])})
			}
		}
	}
	return out
}

// Suggest returns up to n titles, authors and subjects that start (at a
// word) with prefix, the most borrowed first: autocomplete for the search
// box. Letters are folded as in searches, so "pöy" and "poy" both find
// "Pöytä"; lang is the interface language, reserved for ranking the
// languages of titles, and every language is suggested. When the last
// word is a Finnish word in another form than its base form, the
// completions of the base form come too: "sodan" suggests "Sota ja
// rauha" beside "Sodan jälkeen".
func (ix *Index) Suggest(ctx context.Context, prefix, lang string, n int) []library.Suggestion {
	words := tokens(nil, prefix, true)
	if len(words) == 0 || ctx.Err() != nil {
		return nil
	}
	space := ""
	if strings.HasSuffix(prefix, " ") {
		space = " " // "harry " must not suggest "Harrys"
	}
	keys := []string{phraseFold.Replace(strings.Join(words, " ")) + space}
	last := len(words) - 1
	for _, b := range ix.morph.lookup(words[last]).bases {
		if b != words[last] {
			words[last] = b
			keys = append(keys, phraseFold.Replace(strings.Join(words, " "))+space)
		}
	}
	n = min(max(n, 1), maxSuggest)
	return ix.suggester().suggest(keys, n)
}

// scan returns the first n texts of a kind whose whole folded text starts
// with prefix, in key order. Keys from later words are passed over: a
// scan lists an index's terms from a point, not the words inside them.
func (s *suggester) scan(kind, prefix string, n int) []library.Suggestion {
	var out []library.Suggestion
	for i := s.first(prefix); i < len(s.entries) && len(out) < n && strings.HasPrefix(s.entries[i].key, prefix); i++ {
		if e, t := s.entries[i], s.texts[s.entries[i].text]; e.start && t.kind == kind {
			out = append(out, library.Suggestion{Text: t.text, Kind: t.kind, Count: t.count})
		}
	}
	return out
}

// maxScan caps the terms of one Scan.
const maxScan = 1000

// Scan returns up to n titles, authors or subjects (kind "title",
// "author" or "subject") that start with prefix, in alphabetical order of
// their folded form, with their record counts: the terms of an index from
// a point, as SRU scan lists them. Letters are folded as in Suggest.
func (ix *Index) Scan(ctx context.Context, kind, prefix string, n int) []library.Suggestion {
	key := suggestKey(prefix)
	if key == "" || ctx.Err() != nil {
		return nil
	}
	return ix.suggester().scan(kind, key, min(max(n, 1), maxScan))
}
